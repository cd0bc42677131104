"""Where the archive keeps its database, as the settings say: the environment prefix, the default data directory
and the embedded default's URL — one definition, used by ``archive.settings.Settings`` and read here without the
settings library by the command line's read-only path (issue 18: pydantic-settings costs more to import than
such a command may take).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_PREFIX = "TEMOIN_"
DEFAULT_DATA_DIR = Path("./temoin-data")


def sqlite_url(data_dir: Path) -> str:
    """The embedded default: SQLite (WAL) in the data directory."""
    return f"sqlite:///{(data_dir / 'temoin.db').resolve()}"


def _setting(environ: Mapping[str, str], name: str) -> str | None:
    """A setting's variable, its name matched without regard to case (as the settings library does)."""
    wanted = (ENV_PREFIX + name).lower()
    for key, value in environ.items():
        if key.lower() == wanted:
            return value
    return None


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """``Settings().resolved_database_url``, from the environment alone."""
    environ = os.environ if environ is None else environ
    url = _setting(environ, "database_url")
    if url:
        return url
    data_dir = _setting(environ, "data_dir")
    return sqlite_url(DEFAULT_DATA_DIR if data_dir is None else Path(data_dir))
