# mypy: disallow-untyped-calls=False
# (pymupdf ships py.typed but leaves most methods unannotated; its calls return Any here.)
"""The characters of a PDF page with their boxes, as one text whose offsets locate each character."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

Bbox = tuple[float, float, float, float]

# pymupdf's flags for get_text("text"); offsets in PageSpan index exactly that text.
TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT
# For finding needles, also read characters placed outside the visible page: they are still in the file.
UNCLIPPED_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_MEDIABOX_CLIP


@dataclass(frozen=True)
class PageChars:
    """A page's text, one box per character (``None`` for the line breaks added between lines)."""

    text: str
    boxes: tuple[Bbox | None, ...]
    lines: tuple[int, ...]

    def rects(self, start: int, end: int, *, inset: float = 0.0) -> list[pymupdf.Rect]:
        """One rectangle per line covering characters ``start:end``, shrunk by ``inset`` x height."""
        rects: list[pymupdf.Rect] = []
        current: pymupdf.Rect | None = None
        line = -1
        for index in range(start, end):
            box = self.boxes[index]
            if box is None:
                continue
            if current is None or self.lines[index] != line:
                if current is not None:
                    rects.append(_shrink(current, inset))
                current, line = pymupdf.Rect(box), self.lines[index]
            else:
                current |= box
        if current is not None:
            rects.append(_shrink(current, inset))
        return rects


def page_chars(page: pymupdf.Page, *, clipped: bool = False) -> PageChars:
    """Characters of ``page``; ``clipped=True`` gives exactly ``page.get_text("text")``."""
    text: list[str] = []
    boxes: list[Bbox | None] = []
    lines: list[int] = []
    if clipped:
        raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    else:
        raw = page.get_text("rawdict", flags=UNCLIPPED_FLAGS, clip=pymupdf.INFINITE_RECT())
    for number, line in enumerate(_lines(raw)):
        for span in line["spans"]:
            for char in span["chars"]:
                text.append(char["c"])
                boxes.append(tuple(char["bbox"]))
                lines.append(number)
        text.append("\n")
        boxes.append(None)
        lines.append(number)
    return PageChars("".join(text), tuple(boxes), tuple(lines))


def page_texts(src: Path) -> list[str]:
    """The text of each page, as :class:`redaction.pdf.PageSpan` offsets index it."""
    with pymupdf.open(src) as doc:
        return [page_chars(page, clipped=True).text for page in doc]


def _lines(raw: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for block in raw["blocks"]:
        if block.get("type") == 0:
            yield from block["lines"]


def _shrink(rect: pymupdf.Rect, inset: float) -> pymupdf.Rect:
    dy = rect.height * inset
    return pymupdf.Rect(rect.x0 + 0.05, rect.y0 + dy, rect.x1 - 0.05, rect.y1 - dy)
