"""Tables of forms (household members, dependants, victims): a header row of labels ("Nom Prénom | Lien |
Âge"), then rows whose cells take the meaning of their column; rows without a header ("|Moctar Kanouté
|2018-06-20 |5") are read by what their cells look like (a name, then a date of birth, then an age)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from redaction.recognizers.base import Span, TextView
from redaction.recognizers.forms import classify, label_keys

_SPLIT = re.compile(r"[ \t]*\|[ \t]*|[ \t]{2,}|\t")
_DATE = re.compile(r"^(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d\d)$")
_NUMBER = re.compile(r"^\d{1,3}$")
_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’\-]*(?: [A-Za-zÀ-ÿ][\w'’\-]*){0,4}$")
_ROW_INDEX = frozenset({("n",), ("no",), ("numero",), ("num",)})
Cell = tuple[int, int]


def cells(text: str, start: int, end: int) -> list[Cell]:
    out: list[Cell] = []
    cursor = start
    for gap in [*_SPLIT.finditer(text, start, end), None]:
        stop = gap.start() if gap is not None else end
        if stop > cursor and text[cursor:stop].strip():
            lead = len(text[cursor:stop]) - len(text[cursor:stop].lstrip())
            out.append((cursor + lead, cursor + len(text[cursor:stop].rstrip())))
        if gap is None:
            break
        cursor = gap.end()
    return out


def _header(text: str, row: list[Cell]) -> list[str | None] | None:
    columns: list[str | None] = []
    labelled = 0
    for start, end in row:
        keys = label_keys(text[start:end])
        label = classify(keys) if keys is not None and tuple(keys) not in _ROW_INDEX else None
        labelled += keys is not None
        columns.append(label)
    identifying = sum(1 for c in columns if c is not None)
    return columns if identifying >= 1 and labelled >= max(2, len(row) - 2) else None


class TableRecognizer:
    NAME: ClassVar[str] = "pattern.table_column.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON", "AGE", "BIRTH_DATE", "LOC", "PHONE", "ID")
    CONTEXT: ClassVar[tuple[str, ...]] = ("Nom Prénom", "Âge", "Date de naissance")
    SCORE: ClassVar[float] = 0.8
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        header: list[str | None] | None = None
        starts: list[int] = []
        for line_start, line_end in lines:
            row = cells(text, line_start, line_end)
            if len(row) < 2:
                header = None
                continue
            found = _header(text, row)
            if found is not None:
                header, starts = found, [s - line_start for s, _ in row]
                continue
            if header is not None and (len(row) < max(2, len(header) - 2)
                                       or any(text[e - 1] in ":;" for _, e in row)):
                header = None  # a labelled field or a short line ends the table
            if header is not None:
                yield from self._row(text, row, header, starts, line_start)
            else:
                yield from self._untyped_row(text, row)

    def _row(self, text: str, row: list[Cell], header: list[str | None], starts: list[int],
             line_start: int) -> Iterator[Span]:
        for index, (start, end) in enumerate(row):
            if len(row) == len(header):
                column = index
            else:
                column = min(range(len(starts)), key=lambda c: abs(starts[c] - (start - line_start)))
            label = header[column]
            if label is not None and any(c.isalnum() for c in text[start:end]):
                yield Span(start, end, label, self.SCORE)

    def _untyped_row(self, text: str, row: list[Cell]) -> Iterator[Span]:
        values = [text[s:e] for s, e in row]
        if len(row) < 3 or not _NAME.match(values[0]) or not any(_DATE.match(v) for v in values[1:]):
            return
        seen_date = False
        for (start, end), value in zip(row[1:], values[1:], strict=True):
            if _DATE.match(value) and not seen_date:
                seen_date = True
                yield Span(start, end, "BIRTH_DATE", 0.7)
            elif seen_date and _NUMBER.match(value) and int(value) <= 120:
                yield Span(start, end, "AGE", 0.7)
