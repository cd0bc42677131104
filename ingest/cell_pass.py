"""The second OCR pass of a form: every cell with ink, and every row of one-letter boxes, read on its own.

Cells are cut out of the cleaned page (rulings already removed) and stacked into one tall strip, so that
tesseract starts once per page rather than once per cell; each word read on the strip is carried back to
the page by the cell it fell in. A row of letter boxes (three or more small boxes side by side) is
recomposed first: the letters are set side by side at a normal spacing, an empty box becoming a space,
so "D I A L L O" in twelve boxes is read as the word "DIALLO".
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, replace

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
    fields = [Field(_with_missing(row)) for row in rows if any(_has_ink(ink, box) for box in row)]
    alone = [cell for cell in cells if cell not in in_rows and _has_ink(ink, cell)
             and min(cell[2] - cell[0], cell[3] - cell[1]) >= CELL_MIN_SIDE_MM * px_per_mm]
    fields += [Field((cell,)) for cell in alone]
    return sorted(fields, key=lambda f: (f.box[1], f.box[0]))


@dataclass(frozen=True)
class _Crop:
    """What goes on the strip for one field, and how to carry its words back onto the page."""

    field: int
    image: Image.Image
    x: float
    y: float
    x_scale: float
    spaces: tuple[tuple[int, int], ...] | None = None
    """For a row of letter boxes: the gaps (in crop pixels) that are real spaces; other gaps are not."""


def read_fields(fields: list[Field], page: Gray, ink: Mask, *, languages: str, timeout: float,
                psm: int = 6) -> dict[int, list[ocr.OcrWord]]:
    """OCR every field in one tesseract run; returns, per field index, its words in page coordinates."""
    crops = [crop for index, field in enumerate(fields)
             if (crop := (_recompose(index, field, page, ink) if field.letter_boxes else _cut(index, field.box, page,
                                                                                              ink))) is not None]
    if not crops:
        return {}
    gap = max(12, int(np.median([crop.image.height for crop in crops]) * 0.8))
    strip = Image.new("L", (max(c.image.width for c in crops) + 2 * gap,
                            sum(c.image.height for c in crops) + gap * (len(crops) + 1)), 255)
    tops, top = [], gap
    for crop in crops:
        strip.paste(crop.image, (gap, top))
        tops.append(top)
        top += crop.image.height + gap
    buffer = io.BytesIO()
    strip.save(buffer, format="TIFF")  # uncompressed: the quickest to write that tesseract reads as fast
    words = ocr.read_words(buffer.getvalue(), languages=languages, timeout=timeout, psm=psm)
    found: dict[int, list[ocr.OcrWord]] = {}
    for crop, start in zip(crops, tops, strict=True):
        mine = [ocr.OcrWord(w.text, (w.box[0] - gap, w.box[1] - start, w.box[2] - gap, w.box[3] - start),
                            w.confidence, crop.field, w.paragraph, w.line)
                for w in words if start <= (w.box[1] + w.box[3]) / 2 < start + crop.image.height]
        if crop.spaces is not None:
            mine = _respace(mine, crop.spaces)
        if mine:
            found[crop.field] = [replace(w, box=(round(crop.x + w.box[0] * crop.x_scale), round(crop.y + w.box[1]),
                                                 round(crop.x + w.box[2] * crop.x_scale), round(crop.y + w.box[3])))
                                 for w in mine]
    return found


def _respace(words: list[ocr.OcrWord], spaces: tuple[tuple[int, int], ...]) -> list[ocr.OcrWord]:
    """Words of a recomposed letter row, split only where the boxes had a space (tesseract splits letters
    that are spaced out; the boxes say where the real spaces are)."""
    merged: list[ocr.OcrWord] = []
    for word in sorted(words, key=lambda w: w.box[0]):
        if merged:
            last = merged[-1]
            between = (last.box[2], word.box[0])
            if not any(s0 < between[1] and between[0] < s1 for s0, s1 in spaces):
                merged[-1] = replace(last, text=last.text + word.text, confidence=min(last.confidence, word.confidence),
                                     box=(last.box[0], min(last.box[1], word.box[1]), max(last.box[2], word.box[2]),
                                          max(last.box[3], word.box[3])))
                continue
        merged.append(word)
    return merged


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
            if same_line and 0 <= box[0] - last[2] <= 2.6 * height:  # a box whose border broke may be missing
                row.append(box)
                break
        else:
            rows.append([box])
    return [row for row in rows if len(row) >= 3]


def _pitch(row: list[Box] | tuple[Box, ...]) -> float:
    """The usual distance between the centres of neighbouring boxes of a row."""
    centres = [(b[0] + b[2]) / 2 for b in row]
    steps = [b - a for a, b in itertools.pairwise(centres)]
    return float(np.median(steps)) if steps else float(row[0][2] - row[0][0])


def _with_missing(row: list[Box]) -> tuple[Box, ...]:
    """The row with the boxes whose borders were not found put back, one per missing step of the pitch."""
    pitch = _pitch(row)
    width = int(np.median([b[2] - b[0] for b in row]))
    filled = [row[0]]
    for box in row[1:]:
        last = filled[-1]
        missing = int((((box[0] + box[2]) - (last[0] + last[2])) / 2) / pitch + 0.25) - 1
        for step in range(1, missing + 1):
            centre = (last[0] + last[2]) / 2 + step * pitch
            filled.append((round(centre - width / 2), last[1], round(centre + width / 2), last[3]))
        filled.append(box)
    return tuple(filled)


def _has_ink(ink: Mask, box: Box) -> bool:
    return int(ink[box[1]:box[3], box[0]:box[2]].sum()) >= _MIN_INK_PIXELS


def _cut(index: int, box: Box, page: Gray, ink: Mask) -> _Crop | None:
    """The cell's content trimmed to its ink, with a margin; and where it sits on the page."""
    ys, xs = np.nonzero(ink[box[1]:box[3], box[0]:box[2]])
    if ys.size < _MIN_INK_PIXELS:
        return None
    margin = max(4, (int(ys.max()) - int(ys.min())) // 3)
    x0, y0 = max(box[0], box[0] + int(xs.min()) - margin), max(box[1], box[1] + int(ys.min()) - margin)
    x1, y1 = min(box[2], box[0] + int(xs.max()) + 1 + margin), min(box[3], box[1] + int(ys.max()) + 1 + margin)
    return _Crop(index, Image.fromarray(page[y0:y1, x0:x1]), float(x0), float(y0), 1.0)


def _recompose(index: int, field: Field, page: Gray, ink: Mask) -> _Crop | None:
    """Letters of a row of boxes set side by side (an empty box or a wider gap between boxes is a space)."""
    height = int(np.median([b[3] - b[1] for b in field.boxes]))
    inset = max(1, round(height * INSET))
    top, bottom = min(b[1] for b in field.boxes) + inset, max(b[3] for b in field.boxes) - inset
    pieces: list[Image.Image | None] = []
    pitch = _pitch(field.boxes)
    for number, box in enumerate(field.boxes):
        before = field.boxes[number - 1]
        if number and (box[0] + box[2] - before[0] - before[2]) / 2 > 1.3 * pitch:
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
    left, spaces = letter_gap, list[tuple[int, int]]()
    for piece in pieces:
        if piece is None:
            if spaces and spaces[-1][1] == left:
                spaces[-1] = (spaces[-1][0], left + space)  # several empty boxes: one space
            else:
                spaces.append((left, left + space))
            left += space
            continue
        line.paste(piece, (left, 0))
        left += piece.width + letter_gap
    box = field.box
    return _Crop(index, line, float(box[0]), float(top), (box[2] - box[0]) / max(1, width), tuple(spaces))
