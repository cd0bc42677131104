"""The CSV of ``temoin persons match``: read whatever encoding a spreadsheet wrote, check it, make records.

Refused (``CsvRefused``, exit code 2 at the command line): missing columns, empty or duplicate ids. Read
with a note on stderr: UTF-8 with a byte-order mark, UTF-16, Windows-1252/Latin-1, semicolons (French
spreadsheets), extra columns, unreadable birth dates (the date is ignored, the rest of the row is used).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from archive.errors import Invalid
from archive.i18n import Lang, translate
from archive.persons.dates import BadBirthDate, parse_birth_date
from archive.persons.records import FIELDS, PersonRecord

#: How many offending rows a message names before it says "and N more".
SHOWN = 10


class CsvRefused(Invalid, ValueError):
    """The file cannot be matched as it is; the message (``err.csv_*``) says what to fix."""


@dataclass(frozen=True)
class CsvNote:
    """Something the reader should know about the file (read anyway): a catalogue key (``cli.csv_*``) and its
    values, put into words in the reader's language."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def message(self, lang: Lang) -> str:
        return translate(lang, self.key, **self.values)


@dataclass
class CsvInput:
    records: list[PersonRecord]
    notes: list[CsvNote] = field(default_factory=list)


def _listing(items: list[str]) -> str:
    more = f", … (+{len(items) - SHOWN})" if len(items) > SHOWN else ""  # the same in every language
    return ", ".join(items[:SHOWN]) + more


def decode(raw: bytes) -> tuple[str, str | None]:
    """The text and, when it was not plain UTF-8, the catalogue key of a note naming the encoding found."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "cli.csv_utf8_bom"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "cli.csv_utf16"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cli.csv_cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "cli.csv_latin1"


def parse_csv(text: str, *, source: str = "input") -> CsvInput:
    notes: list[CsvNote] = []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    if delimiter == ";":
        notes.append(CsvNote("cli.csv_semicolons", {"source": source}))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise CsvRefused("csv_empty", source=source, header=",".join(FIELDS))
    names = [h.strip().lower() for h in header]
    missing = [f for f in FIELDS if f not in names]
    if missing:
        raise CsvRefused("csv_columns", source=source, missing=", ".join(missing), header=",".join(FIELDS),
                         found=",".join(h.strip() for h in header) or "-")
    extra = [h for h in names if h and h not in FIELDS]
    if extra:
        notes.append(CsvNote("cli.csv_extra_columns", {"source": source, "columns": ", ".join(extra)}))
    index = {name: names.index(name) for name in FIELDS}
    records: list[PersonRecord] = []
    no_id: list[str] = []
    bad_dates: list[str] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num

        def cell(name: str, row: list[str] = row) -> str:
            position = index[name]
            return row[position].strip() if position < len(row) else ""

        if not cell("id"):
            no_id.append(str(line))
            continue
        try:
            born = parse_birth_date(cell("birth_date"))
        except BadBirthDate:
            bad_dates.append(f"{line} ({cell('birth_date')})")
            born = None
        records.append(PersonRecord(cell("id"), cell("given_name"), cell("family_name"), born, cell("birth_place"),
                                    cell("father_name"), cell("mother_name"), cell("sex"), cell("source")))
    if no_id:
        raise CsvRefused("csv_no_id", source=source, lines=_listing(no_id))
    seen: dict[str, int] = {}
    for record in records:
        seen[record.id] = seen.get(record.id, 0) + 1
    duplicates = [f"{i!r} (×{n})" for i, n in seen.items() if n > 1]
    if duplicates:
        raise CsvRefused("csv_duplicate_ids", source=source, ids=_listing(duplicates))
    if bad_dates:
        notes.append(CsvNote("cli.csv_bad_dates", {"source": source, "count": len(bad_dates),
                                                   "lines": _listing(bad_dates)}))
    return CsvInput(records, notes)


def read_csv(path: Path) -> CsvInput:
    """Read and check one CSV file; ``OSError`` when it cannot be opened."""
    text, encoding = decode(path.read_bytes())
    parsed = parse_csv(text, source=str(path))
    if encoding:
        parsed.notes.insert(0, CsvNote(encoding, {"source": str(path)}))
    return parsed


def read_decisions(path: Path) -> list[tuple[str, str, bool]]:
    """Reviewers' decisions: header ``a,b,decision`` with ``same`` or ``different`` (also ``meme``/``differente``)."""
    text, _ = decode(path.read_bytes())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or [h.strip().lower() for h in rows[0]][:3] != ["a", "b", "decision"]:
        raise CsvRefused("csv_decisions_header", source=path)
    same = {"same": True, "meme": True, "même": True, "different": False, "differente": False, "différente": False}
    decisions, bad = [], []
    for number, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        verdict = row[2].strip().lower() if len(row) > 2 else ""
        if len(row) < 3 or not row[0].strip() or not row[1].strip() or verdict not in same:
            bad.append(str(number))
            continue
        decisions.append((row[0].strip(), row[1].strip(), same[verdict]))
    if bad:
        raise CsvRefused("csv_decisions_lines", source=path, lines=_listing(bad))
    return decisions
