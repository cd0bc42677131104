"""Document and JSON-lines redaction exactly as ``temoin redact`` prints it (the command-line contract).

``--json``:  {"lang", "profile", "redacted_text", "entities": [{"start", "end", "label", "text",
"replacement", "recognizer", "score"}], ...extra keys}
``--jsonl``: one input line {"id", "text", "lang"?} -> one output line {"id", "lang", "redacted_text",
"entities", ...}, in order. Models load once for the whole stream.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from redaction.engine import RedactionEngine
from redaction.profiles import load_profile
from redaction.pseudonyms import Pseudonymiser

#: Input lines analysed together (one batched spaCy pass each).
BATCH_LINES = 64


class InputError(ValueError):
    """Bad input the caller must fix (the message says where and what)."""


def redact_document(text: str, *, lang: str = "auto", profile: str = "strict",
                    engine: RedactionEngine | None = None, pseudonymiser: Pseudonymiser | None = None,
                    case_names: Iterable[str] = ()) -> dict[str, object]:
    engine = engine if engine is not None else RedactionEngine()
    result = engine.redact(text, lang=lang, profile=profile, pseudonymiser=pseudonymiser, case_names=case_names)
    return result.as_json()


def _parse(line: str, number: int, default_lang: str) -> tuple[str, str, str | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno}); expected "
                         '{"id": str, "text": str, "lang": str?}') from exc
    if not isinstance(item, dict):
        raise InputError(f"line {number}: expected a JSON object, got {type(item).__name__}")
    text, ident, lang = item.get("text"), item.get("id"), item.get("lang")
    if not isinstance(text, str):
        raise InputError(f'line {number}: "text" must be a string')
    if ident is None or not isinstance(ident, (str, int)):
        raise InputError(f'line {number}: "id" must be a string')
    if lang is not None and lang not in ("auto", "fr", "en"):
        raise InputError(f'line {number}: "lang" must be "fr", "en" or "auto", not {lang!r}')
    return str(ident), text, lang if lang is not None else (None if default_lang == "auto" else default_lang)


def _batches(lines: Iterable[str], lang: str) -> Iterator[list[tuple[str, str, str | None]]]:
    batch: list[tuple[str, str, str | None]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            batch.append(_parse(line, number, lang))
        except InputError:
            if batch:
                yield batch  # every line before the bad one is still written
            raise
        if len(batch) >= BATCH_LINES:
            yield batch
            batch = []
    if batch:
        yield batch


def redact_jsonl(lines_in: Iterable[str], lines_out: IO[str], *, lang: str = "auto", profile: str = "strict",
                 engine: RedactionEngine | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Redact a JSON-lines stream; returns the number of lines written. Each output line is flushed.

    A bad line raises ``InputError`` after every earlier line has been written.
    """
    load_profile(profile)
    engine = engine if engine is not None else RedactionEngine()
    written = 0
    for batch in _batches(lines_in, lang):
        results = engine.redact_many([t for _, t, _ in batch], lang=lang, profile=profile,
                                     langs=[item_lang for _, _, item_lang in batch])
        for (ident, _, _), result in zip(batch, results, strict=True):
            payload = {"id": ident, **result.as_json()}
            lines_out.write(json.dumps(payload, ensure_ascii=False) + "\n")
            written += 1
        lines_out.flush()
        if progress is not None:
            progress(written)
    return written
