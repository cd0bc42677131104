"""`temoin doctor`: check settings, database, object store, search, models and keys; exit 1 on any problem."""

from __future__ import annotations

import typer

from archive.cli.app import app
from archive.cli.common import JSON_OPTION, cli_lang, emit_json, fail, out, say

# The names of the checks, written out so that `temoin --help` need not load the checks themselves
# (database, storage, models); a test keeps this list equal to ``archive.doctor.CHECK_NAMES``.
CHECK_NAMES = ("settings", "database", "storage", "search", "model.spacy_fr", "model.spacy_en", "model.whisper",
               "tool.tesseract", "tool.ffmpeg", "keys", "incoming")

CHECK_OPTION = typer.Option(
    None, "--check", help=f"Run only this check (repeatable): {', '.join(CHECK_NAMES)}."
)


@app.command("doctor")
def doctor(as_json: bool = JSON_OPTION, check: list[str] | None = CHECK_OPTION) -> None:
    """Diagnostic de l'installation / is this installation ready? Says what is wrong and how to fix it."""
    from rich.markup import escape
    from rich.table import Table

    from archive.doctor import diagnose
    try:
        report = diagnose(only=check or (), lang=cli_lang())
    except ValueError as exc:
        fail(str(exc), 2)
    if as_json:
        emit_json(report.as_json())
    else:
        table = Table(title="temoin doctor", show_lines=True)
        table.add_column(say("cli.doctor_check"))
        table.add_column("")
        table.add_column(say("cli.doctor_found"))
        table.add_column(say("cli.doctor_fix"))
        for result in report.checks:
            mark = "[green]ok[/]" if result.ok else f"[bold red]{say('cli.doctor_fail')}[/]"
            table.add_row(result.name, mark, escape(result.detail), escape(result.fix),
                          style=None if result.ok else "red")
        out.print(table)
        out.print(say("cli.doctor_ready" if report.ok else "cli.doctor_not_ready"), highlight=False)
    if not report.ok:
        raise typer.Exit(1)
