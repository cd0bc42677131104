"""The second OCR pass of a form: every cell with ink, and every row of one-letter boxes, read on its own.

Cells are cut out of the cleaned page (rulings already removed) and stacked into one tall strip, so that
tesseract starts once per page rather than once per cell; each word read on the strip is carried back to
the page by the cell it fell in. A row of letter boxes (three or more small boxes side by side) is
recomposed first: the letters are set side by side at a normal spacing, an empty box becoming a space,
so "D I A L L O" in twelve boxes is read as the word "DIALLO".
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ingest import ocr
from ingest.rulings import Box, Gray
from ingest.runs import Mask

LETTER_BOX_MAX_MM = 12.0
CELL_MIN_SIDE_MM = 6.0
"""Cells smaller than this on a side and not in a row of letter boxes (tick boxes) are not re-read."""
INSET = 0.1
"""Share of a letter box's height cut from each side before its letter is taken (what is left of borders)."""
LETTER_GAP = 0.12
"""Space between recomposed letters, as a share of the box height."""
_MIN_INK_PIXELS = 12


@dataclass(frozen=True)
class Field:
    """A part of the page to read alone: a table cell (one box) or a row of letter boxes (its boxes)."""

    boxes: tuple[Box, ...]

    @property
    def box(self) -> Box:
        return (min(b[0] for b in self.boxes), min(b[1] for b in self.boxes), max(b[2] for b in self.boxes),
                max(b[3] for b in self.boxes))

    @property
    def letter_boxes(self) -> bool:
        return len(self.boxes) > 1


def fields_of(cells: tuple[Box, ...], ink: Mask, px_per_mm: float) -> list[Field]:
    """Cells with ink, and rows of letter boxes, in page order (small lone boxes such as ticks are left out)."""
    small = [c for c in cells if _is_letter_box(c, px_per_mm)]
    rows = _rows_of_boxes(small)
    in_rows = {box for row in rows for box in row}
    fields = [Field(tuple(row)) for row in rows if any(_has_ink(ink, box) for box in row)]
    alone = [cell for cell in cells if cell not in in_rows and _has_ink(ink, cell)
             and min(cell[2] - cell[0], cell[3] - cell[1]) >= CELL_MIN_SIDE_MM * px_per_mm]
    fields += [Field((cell,)) for cell in alone]
    return sorted(fields, key=lambda f: (f.box[1], f.box[0]))


def read_fields(fields: list[Field], page: Gray, ink: Mask, *, languages: str, timeout: float, psm: int = 6,
                upscale: float = 1.0) -> dict[int, list[ocr.OcrWord]]:
    """OCR every field in one tesseract run; returns, per field index, its words in page coordinates."""
    crops: list[tuple[int, Image.Image, float, float, float]] = []  # field, image, page x, page y, x scale
    for index, field in enumerate(fields):
        made = _recompose(field, page, ink) if field.letter_boxes else _cut(field.box, page, ink)
        if made is not None:
            image, x, y, x_scale = made
            if upscale != 1.0:
                image = image.resize((max(1, round(image.width * upscale)), max(1, round(image.height * upscale))),
                                     Image.Resampling.LANCZOS)
            crops.append((index, image, x, y, x_scale / upscale))
    if not crops:
        return {}
    gap = max(12, int(np.median([crop[1].height for crop in crops]) * 0.8))
    width = max(crop[1].width for crop in crops) + 2 * gap
    height = sum(crop[1].height for crop in crops) + gap * (len(crops) + 1)
    strip = Image.new("L", (width, height), 255)
    slots: list[tuple[int, int, int, float, float, float, float]] = []
    top = gap
    for index, image, x, y, x_scale in crops:
        strip.paste(image, (gap, top))
        y_scale = 1.0 / upscale
        slots.append((index, top, top + image.height, x, y, x_scale, y_scale))
        top += image.height + gap
    buffer = io.BytesIO()
    strip.save(buffer, format="PPM")
    words = ocr.read_words(buffer.getvalue(), languages=languages, timeout=timeout, psm=psm)
    found: dict[int, list[ocr.OcrWord]] = {}
    for word in words:
        middle = (word.box[1] + word.box[3]) / 2
        for index, start, end, x, y, x_scale, y_scale in slots:
            if start <= middle < end:
                box = (round(x + (word.box[0] - gap) * x_scale), round(y + (word.box[1] - start) * y_scale),
                       round(x + (word.box[2] - gap) * x_scale), round(y + (word.box[3] - start) * y_scale))
                found.setdefault(index, []).append(ocr.OcrWord(word.text, box, word.confidence, index,
                                                               word.paragraph, word.line))
                break
    return found


def _is_letter_box(cell: Box, px_per_mm: float) -> bool:
    width, height = cell[2] - cell[0], cell[3] - cell[1]
    return height <= LETTER_BOX_MAX_MM * px_per_mm and 0.5 <= width / max(height, 1) <= 1.6


def _rows_of_boxes(small: list[Box]) -> list[list[Box]]:
    """Runs of three or more boxes of the same height, side by side on one line (taken left to right)."""
    rows: list[list[Box]] = []
    for box in sorted(small, key=lambda b: (b[0], b[1])):
        height = box[3] - box[1]
        for row in rows:
            last = row[-1]
            same_line = abs(box[1] - last[1]) <= 0.3 * height and abs(height - (last[3] - last[1])) <= 0.3 * height
            if same_line and 0 <= box[0] - last[2] <= 1.2 * height:
                row.append(box)
                break
        else:
            rows.append([box])
    return [row for row in rows if len(row) >= 3]


def _has_ink(ink: Mask, box: Box) -> bool:
    return int(ink[box[1]:box[3], box[0]:box[2]].sum()) >= _MIN_INK_PIXELS


def _cut(box: Box, page: Gray, ink: Mask) -> tuple[Image.Image, float, float, float] | None:
    """The cell's content trimmed to its ink, with a margin; and where it sits on the page."""
    ys, xs = np.nonzero(ink[box[1]:box[3], box[0]:box[2]])
    if ys.size < _MIN_INK_PIXELS:
        return None
    margin = max(4, (int(ys.max()) - int(ys.min())) // 3)
    x0, y0 = max(box[0], box[0] + int(xs.min()) - margin), max(box[1], box[1] + int(ys.min()) - margin)
    x1, y1 = min(box[2], box[0] + int(xs.max()) + 1 + margin), min(box[3], box[1] + int(ys.max()) + 1 + margin)
    return Image.fromarray(page[y0:y1, x0:x1]), float(x0), float(y0), 1.0


def _recompose(field: Field, page: Gray, ink: Mask) -> tuple[Image.Image, float, float, float] | None:
    """Letters of a row of boxes set side by side (an empty box or a wider gap between boxes is a space)."""
    height = int(np.median([b[3] - b[1] for b in field.boxes]))
    inset = max(1, round(height * INSET))
    top, bottom = min(b[1] for b in field.boxes) + inset, max(b[3] for b in field.boxes) - inset
    pieces: list[Image.Image | None] = []
    for index, box in enumerate(field.boxes):
        if index and box[0] - field.boxes[index - 1][2] > 0.3 * height:
            pieces.append(None)  # a group gap (day | month | year, pairs of digits)
        left, right = box[0] + inset, box[2] - inset
        inside = ink[top:bottom, left:right]
        columns = np.flatnonzero(inside.any(axis=0))
        if columns.size == 0 or int(inside.sum()) < _MIN_INK_PIXELS // 2:
            pieces.append(None)
            continue
        pieces.append(Image.fromarray(page[top:bottom, left + int(columns[0]):left + int(columns[-1]) + 1]))
    while pieces and pieces[-1] is None:
        pieces.pop()
    while pieces and pieces[0] is None:
        pieces.pop(0)
    if not pieces:
        return None
    letter_gap, space = max(2, round(height * LETTER_GAP)), max(6, height // 2)
    width = sum(piece.width + letter_gap if piece is not None else space for piece in pieces) + 2 * letter_gap
    line = Image.new("L", (width, bottom - top), 255)
    left = letter_gap
    for piece in pieces:
        if piece is None:
            left += space
            continue
        line.paste(piece, (left, 0))
        left += piece.width + letter_gap
    box = field.box
    return line, float(box[0]), float(top), (box[2] - box[0]) / max(1, width)
