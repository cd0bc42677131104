"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="temoin",
    help="Témoin — archive de témoignages / testimony archive.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
