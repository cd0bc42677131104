"""``temoin redact``: redact a text (``--json FILE``) or a JSON-lines stream (``--jsonl``). No server needed.

Thin wrapper over ``redaction.batch``; stdout carries only JSON, errors go to stderr with exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from archive.cli.app import app
from archive.cli.common import say


def _fail(message: str) -> None:
    typer.echo(say("cli.redact_failed", detail=message), err=True)
    raise typer.Exit(code=2)


def _read(source: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        _fail(say("cli.redact_unreadable", source=repr(source), detail=exc.strerror or exc))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(say("cli.redact_not_utf8", source=repr(source), byte=exc.start))
    raise AssertionError("unreachable")


@app.command("redact")
def redact(
    json_file: str | None = typer.Option(None, "--json", metavar="FILE",
                                         help="Text file to redact ('-' for stdin); prints one JSON object."),
    jsonl: bool = typer.Option(False, "--jsonl", help='Read {"id","text","lang"?} JSON lines on stdin.'),
    lang: str = typer.Option("auto", "--lang", help="fr, en or auto (detect; other languages are flagged)."),
    profile: str = typer.Option("strict", "--profile", help="strict, reparations, prosecution or a .toml file."),
) -> None:
    """Propose redactions for a testimony: names, places, phone numbers, IDs... (offsets into the input)."""
    # Imported here: spaCy and the word lists take seconds to load, and every other command can do without.
    from redaction.batch import InputError, redact_document, redact_jsonl
    from redaction.profiles import load_profile

    if lang not in ("auto", "fr", "en"):
        _fail(say("cli.redact_lang", value=repr(lang)))
    if (json_file is None) == (not jsonl):
        _fail(say("cli.redact_one_input"))
    try:
        load_profile(profile)
    except ValueError as exc:
        _fail(str(exc))
    if jsonl:
        try:
            redact_jsonl(sys.stdin, sys.stdout, lang=lang, profile=profile)
        except InputError as exc:
            _fail(str(exc))
        return
    text = _read(str(json_file))
    sys.stdout.write(json.dumps(redact_document(text, lang=lang, profile=profile), ensure_ascii=False) + "\n")
