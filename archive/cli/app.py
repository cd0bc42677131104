"""The Typer application every command module registers on.

Help texts are plain text (``rich_markup_mode=None``, inherited by every subcommand): they show URL
patterns such as ``[USER:PASS@]HOST[/INDEX]`` that Rich would otherwise read as markup tags and crash on.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="temoin",
    help="Témoin — archive de témoignages / testimony archive.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
