"""Command-line interface: ``temoin``. Each module registers its commands on ``archive.cli.app.app``."""

from __future__ import annotations

# Command modules (importing them registers their commands):
# -- command modules below --
from archive.cli import acts as _acts  # noqa: F401
from archive.cli import cases as _cases  # noqa: F401
from archive.cli import claims as _claims  # noqa: F401
from archive.cli import disclosures as _disclosures  # noqa: F401
from archive.cli import doctor as _doctor  # noqa: F401
from archive.cli import export as _export  # noqa: F401
from archive.cli import ingest as _ingest  # noqa: F401
from archive.cli import integrity as _integrity  # noqa: F401
from archive.cli import items as _items  # noqa: F401
from archive.cli import migrate as _migrate  # noqa: F401
from archive.cli import persons as _persons  # noqa: F401
from archive.cli import redact as _redact  # noqa: F401
from archive.cli import search as _search  # noqa: F401
from archive.cli import serve as _serve  # noqa: F401
from archive.cli import transfer as _transfer  # noqa: F401
from archive.cli import users as _users  # noqa: F401
from archive.cli.app import app


def main() -> None:
    app()
