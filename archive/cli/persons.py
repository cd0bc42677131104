"""`temoin persons match`: likely duplicate persons in a CSV, without archive, server or labelled data.

Splink, DuckDB and pandas are imported inside the command, so that ``import archive.cli`` stays light.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

import typer

from archive.cli.app import app
from archive.cli.common import (
    cli_lang,
    err,
    fail,
    say,
    shown,
    warn,
)
from archive.persons.records import DEFAULT_THRESHOLD

persons = typer.Typer(help="Personnes et doublons / persons and duplicates.", no_args_is_help=True)
app.add_typer(persons, name="persons")


def _say(message: str) -> None:
    err.print(f"[dim]{message}[/]", highlight=False)


@persons.command("match")
def match(input_path: Path = typer.Option(..., "--input", help="CSV: id,given_name,family_name,birth_date,"
                                          "birth_place,father_name,mother_name,sex,source."),
          as_json: bool = typer.Option(False, "--json", help="One JSON object per line on stdout, nothing else."),
          threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold", min=0.0, max=1.0,
                                          help="Propose pairs at or above this probability."),
          decisions_path: Path | None = typer.Option(None, "--decisions", help="CSV a,b,decision (same|different):"
                                                     " pairs never proposed again; confirmed pairs train the model."),
          ) -> None:
    """Pairs of records likely to be the same person, most likely first (trained on the input itself)."""
    from archive.persons.matchcsv import CsvRefused, read_csv, read_decisions
    from archive.persons.records import PairDecision
    started = time.perf_counter()
    try:
        parsed = read_csv(input_path)
        decided = read_decisions(decisions_path) if decisions_path else []
    except CsvRefused as exc:
        fail(exc.message(cli_lang()), exc.exit_code)
    except OSError as exc:
        fail(say("cli.persons_unreadable", path=shown(exc.filename or input_path), detail=exc.strerror or exc), 2)
    for note in parsed.notes:
        warn(note.message(cli_lang()))
    if len(parsed.records) < 2:
        _say(say("cli.persons_too_few", count=len(parsed.records)))
        return
    from archive.persons.matching import match_records  # heavy: Splink, DuckDB, pandas

    with contextlib.redirect_stdout(sys.stderr):  # nothing but results on stdout, whatever a library prints
        pairs = match_records(parsed.records, threshold=threshold, progress=_say,
                              decisions=[PairDecision(a, b, same) for a, b, same in decided])
    for pair in pairs:
        line = json.dumps(pair.as_dict(), ensure_ascii=False) if as_json else f"{pair.a}\t{pair.b}\t{pair.probability}"
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    _say(say("cli.persons_found", pairs=len(pairs), threshold=threshold, records=len(parsed.records),
             seconds=f"{time.perf_counter() - started:.1f}"))
