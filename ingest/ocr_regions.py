"""Where a person should look on an OCR'd page: words read with low confidence, and ink no word covers.

Redaction can only hide what OCR read. A value written by hand, a stamp over a name, a cell tesseract
skipped: all are ink without a word on it. Specks are dropped, the page is cut into ~1 mm tiles; tiles with
ink that no word box (grown by ~1 mm) covers are joined with their neighbours, and every patch bigger than a
few square millimetres becomes an ``unread`` region. Words below ``LOW_CONFIDENCE`` on one line, next to
each other, become one ``low_confidence`` region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ingest import runs
from ingest.reading_order import Placed, rows_of
from ingest.runs import Mask

Box = tuple[int, int, int, int]

LOW_CONFIDENCE = 0.6
UNREAD_MIN_MM2 = 8.0
SPECK_MM = 0.5
"""Blobs of ink smaller than this square (dust, scanner specks, full stops) never make a region."""
_TILE_MM = 1.0
_TILE_INK = 0.04
"""Share of a tile's pixels that must be ink for it to count (specks and dust do not)."""


@dataclass(frozen=True)
class Region:
    box: Box
    kind: str
    confidence: float


def low_confidence(words: list[Placed]) -> list[Region]:
    """Neighbouring low-confidence words of one line, as one region each (confidence: the lowest)."""
    found: list[Region] = []

    def flush(group: list[Placed]) -> None:
        if group:
            found.append(Region(_union([w.box for w in group]), "low_confidence",
                                round(min(w.confidence for w in group), 3)))

    for row in rows_of(words):
        group: list[Placed] = []
        for word in row:
            weak = word.confidence < LOW_CONFIDENCE and any(char.isalnum() for char in word.text)
            near = bool(group) and word.box[0] - group[-1].box[2] <= 3 * (word.box[3] - word.box[1])
            if weak and near:
                group.append(word)
                continue
            flush(group)
            group = [word] if weak else []
        flush(group)
    return found


@dataclass(frozen=True)
class InkTiles:
    """A page's ink without specks, as ~1 mm tiles: what ``unread`` compares with the words (made while the
    OCR runs, see ``ink_tiles``)."""

    inked: npt.NDArray[np.bool_]
    tile: int
    width: int
    height: int


def ink_tiles(ink: Mask, px_per_mm: float) -> InkTiles:
    """The tiles of ``ink`` that hold ink, specks and dust left out (nothing here depends on the words)."""
    blobs = runs.components(ink)
    ink = blobs.mask_of(blobs.area >= (SPECK_MM * px_per_mm) ** 2, ink.shape)  # dust and scanner specks go
    tile = max(2, round(_TILE_MM * px_per_mm))
    height, width = ink.shape
    rows, cols = -(-height // tile), -(-width // tile)
    padded = np.zeros((rows * tile, cols * tile), dtype=bool)
    padded[:height, :width] = ink
    inked = padded.reshape(rows, tile, cols, tile).sum(axis=(1, 3), dtype=np.int32) >= _TILE_INK * tile * tile
    return InkTiles(inked, tile, width, height)


def unread(ink: Mask | InkTiles, words: list[Placed], px_per_mm: float) -> list[Region]:
    """Patches of ink (bigger than ``UNREAD_MIN_MM2``) that no word box covers."""
    tiles = ink if isinstance(ink, InkTiles) else ink_tiles(ink, px_per_mm)
    inked, tile, width, height = tiles.inked, tiles.tile, tiles.width, tiles.height
    rows, cols = inked.shape
    covered = np.zeros((rows, cols), dtype=bool)
    for word in words:
        x0, y0, x1, y1 = word.box
        covered[max(0, y0 // tile - 1):y1 // tile + 2, max(0, x0 // tile - 1):x1 // tile + 2] = True
    loose = inked & ~covered
    if not loose.any():
        return []
    patches = runs.components(runs.dilate(loose, 1, 1))
    minimum_tiles = UNREAD_MIN_MM2 / (_TILE_MM * _TILE_MM)
    found = []
    for index in range(len(patches)):
        y0, y1, x0, x1 = (int(patches.y0[index]), int(patches.y1[index]), int(patches.x0[index]),
                          int(patches.x1[index]))
        if int(loose[y0:y1, x0:x1].sum()) < minimum_tiles:
            continue
        box = (x0 * tile, y0 * tile, min(width, x1 * tile), min(height, y1 * tile))
        found.append(Region(box, "unread", 0.0))
    return found


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
