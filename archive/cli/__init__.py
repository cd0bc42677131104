"""Command-line interface: ``temoin``. Each module registers its commands on ``archive.cli.app.app``."""

from __future__ import annotations

from archive.cli.app import app

# Command modules (importing them registers their commands):
# -- command modules below --


def main() -> None:
    app()
