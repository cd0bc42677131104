"""Find and remove what is printed on a form to be written on: table lines, underlines, box borders, dotted
leaders — and keep the letters.

Tesseract reads a ruled cell badly (the lines become ``|``, ``_`` or merge with the letters) and often skips
a whole table as a picture. ``flat_field`` evens the lighting (divides by a coarse estimate of the paper);
``analyse`` works on such a page, straightened:

1. threshold the ink (Otsu) and, more loosely, faint ink (blurred thin lines);
2. thin straight strokes: horizontal runs of ink at least ``SEGMENT_MM`` long whose vertical thickness is at
   most ``THICK_MM`` (and the same on columns);
3. cells: the white areas closed on all four sides by such strokes (table cells, letter boxes, frames);
4. rulings to remove: strokes at least ``LONG_MM`` long, plus the strokes that border a cell;
5. dotted leaders: five or more small dots in a row at a regular step;
6. letters crossing a removed line keep their pixels (ink directly above and below the line).
Sizes are in millimetres and converted with the page's pixels per millimetre.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from ingest import openings, runs
from ingest.runs import Mask

Gray = npt.NDArray[np.uint8]
Box = tuple[int, int, int, int]

SEGMENT_MM = 2.2
THICK_MM = 0.6
LONG_MM = 10.0
LONG_VERTICAL_MM = 8.0
CELL_MIN_MM = 2.5
DOT_MAX_MM = 0.8
DOT_STEP_MAX_MM = 2.6
DOTS_IN_LEADER = 5
PAPER = 0.88
"""Share of the estimated paper brightness that becomes pure white (cleans the paper's grain)."""


@dataclass(frozen=True)
class Layout:
    """What ``analyse`` found on a page (coordinates in pixels of the page it was given)."""

    cleaned: Gray
    """The page flat-fielded to white paper with the rulings removed: what tesseract reads."""
    ink: Mask
    """Ink that is not a ruling (letters, signatures, stamps)."""
    cells: tuple[Box, ...]
    """Closed boxes (table cells, letter boxes, frames), inner area without the border."""
    removed: int
    """Pixels of rulings removed."""


def analyse(page: Gray, px_per_mm: float) -> Layout:
    """Find the rulings of a flat-fielded (``flat_field``), straightened page and remove them."""
    strict = page < min(otsu(page), 190)
    loose = page < 215
    thick = max(2, round(THICK_MM * px_per_mm))
    gap = max(1, round(0.12 * px_per_mm))
    horizontal = _strokes(loose, round(SEGMENT_MM * px_per_mm), thick, gap, axis=1)
    vertical = _strokes(loose, round(SEGMENT_MM * px_per_mm), thick, gap, axis=0)
    del loose
    cells = _cells(horizontal | vertical, px_per_mm, gap)
    border = _frames(cells, page.shape, thick + gap + 2)
    lines_h = openings.at_least(horizontal, round(LONG_MM * px_per_mm), axis=1) | (horizontal & border)
    lines_v = openings.at_least(vertical, round(LONG_VERTICAL_MM * px_per_mm), axis=0) | (vertical & border)
    del horizontal, vertical, border
    unruled = strict & ~lines_h & ~lines_v
    lines_h &= ~_crossing(lines_h, unruled, thick + 1)
    lines_v &= ~_crossing(lines_v.T, unruled.T, thick + 1).T
    del unruled
    removed = lines_h | lines_v | _leaders(strict, px_per_mm)
    del lines_h, lines_v
    letters = strict & ~removed
    del strict
    wipe = runs.dilate(removed, 1, 1) & ~letters
    cleaned = page.copy()
    cleaned[wipe] = 255
    return Layout(cleaned, letters, tuple(cells), int(removed.sum()))


def has_rulings(page: Gray, px_per_mm: float, ink: Mask | None = None) -> bool:
    """Whether a flat-fielded, straightened page has anything ``analyse`` would remove (cheaper: it stops at
    the first kind found — long lines, then cells, then dotted leaders; the strokes come from shifted-copy
    openings, ``ingest.openings``). ``ink``: the page's ink (``page < min(otsu(page), 190)``) when the caller
    has it already."""
    loose = page < 215
    thick = max(2, round(THICK_MM * px_per_mm))
    gap = max(1, round(0.12 * px_per_mm))
    segment = round(SEGMENT_MM * px_per_mm)
    long_h, long_v = round(LONG_MM * px_per_mm), round(LONG_VERTICAL_MM * px_per_mm)
    horizontal = _strokes(loose, segment, thick, gap, axis=1)
    if openings.any_at_least(horizontal, long_h, axis=1):
        return True
    vertical = _strokes(loose, segment, thick, gap, axis=0)
    if openings.any_at_least(vertical, long_v, axis=0):
        return True
    if _cells(horizontal | vertical, px_per_mm, gap):
        return True
    return bool(_leaders(page < min(otsu(page), 190) if ink is None else ink, px_per_mm).any())


def flat_field(gray: Gray, px_per_mm: float) -> Gray:
    """Divide by the paper's brightness so that paper becomes white: the brightness is the 90th percentile of
    ~2.5 mm blocks, the brightest of each block's neighbours (a block covered by ink takes theirs), smoothed."""
    block = max(4, round(2.5 * px_per_mm))
    height, width = gray.shape
    rows, cols = -(-height // block), -(-width // block)
    padded = np.full((rows * block, cols * block), 255, dtype=np.uint8)
    padded[:height, :width] = gray
    padded[height:, :width] = gray[-1:, :]
    padded[:, width:] = padded[:, width - 1:width]
    paper = np.empty((rows, cols), dtype=np.float32)
    for row in range(rows):  # one row of blocks at a time: a sort of the whole page would copy it
        tiles = padded[row * block:(row + 1) * block].reshape(block, cols, block).transpose(1, 0, 2)
        paper[row] = np.sort(tiles.reshape(cols, -1), axis=1)[:, int(block * block * 0.9)]
    edged = np.pad(paper, 1, mode="edge")
    grown = np.max([edged[dy:dy + rows, dx:dx + cols] for dy in range(3) for dx in range(3)], axis=0)
    edged = np.pad(grown, 1, mode="edge")
    smooth = np.mean([edged[dy:dy + rows, dx:dx + cols] for dy in range(3) for dx in range(3)], axis=0)
    coarse = Image.fromarray(np.clip(smooth, 64.0, 255.0).astype(np.uint8))
    background = coarse.resize((cols * block, rows * block), Image.Resampling.BILINEAR)
    paper = np.asarray(background)[:height, :width]
    flat = np.empty((height, width), dtype=np.uint8)
    for top in range(0, height, 256):  # in bands: float32 for the whole page would be 4 bytes a pixel
        band = gray[top:top + 256].astype(np.float32) / paper[top:top + 256] * (255.0 / PAPER)
        flat[top:top + 256] = np.clip(band, 0, 255)
    return flat


def otsu(page: Gray) -> float:
    """Otsu's threshold of the gray levels; 128 for a page of one flat colour (nothing to separate)."""
    if int(page.max()) - int(page.min()) < 32:
        return 128.0
    histogram = np.bincount(page.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    if total == 0:
        return 128.0
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1e-9) * total
    return float(np.argmax(between))


def _strokes(ink: Mask, minimum: int, thick: int, gap: int, axis: int) -> Mask:
    """Runs along ``axis`` (1: horizontal, 0: vertical) of at least ``minimum`` pixels (gaps up to ``gap``
    bridged) at most ``thick`` pixels across."""
    long = openings.at_least(ink, minimum, axis, gap)
    thin = openings.at_most(long, thick, 1 - axis)
    return openings.at_least(thin, minimum, axis)


def _cells(walls: Mask, px_per_mm: float, gap: int) -> list[Box]:
    """White areas enclosed by strokes, nearly rectangular, between ``CELL_MIN_MM`` and half the page."""
    height, width = walls.shape
    closed = runs.dilate(walls, gap, gap)
    found = runs.components(~closed)
    w, h = found.x1 - found.x0, found.y1 - found.y0
    inner = (found.x0 > 0) & (found.y0 > 0) & (found.x1 < width) & (found.y1 < height)
    sized = (w >= CELL_MIN_MM * px_per_mm) & (h >= CELL_MIN_MM * px_per_mm) & (w * h < width * height / 2)
    # nearly rectangular: the region plus the strokes inside its box (letters in the cell) fill the box
    square = np.zeros(len(found), dtype=bool)
    for index in np.flatnonzero(inner & sized):
        y0, y1, x0, x1 = found.y0[index], found.y1[index], found.x0[index], found.x1[index]
        square[index] = found.area[index] + int(closed[y0:y1, x0:x1].sum()) >= 0.85 * w[index] * h[index]
    keep = inner & sized & square
    boxes = [(int(found.x0[i]), int(found.y0[i]), int(found.x1[i]), int(found.y1[i])) for i in np.flatnonzero(keep)]
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def _frames(cells: list[Box], shape: tuple[int, int], reach: int) -> Mask:
    """Bands ``reach`` pixels wide just outside each cell's four sides: where its borders are."""
    zone = np.zeros(shape, dtype=bool)
    for x0, y0, x1, y1 in cells:
        top, left = max(0, y0 - reach), max(0, x0 - reach)
        zone[top:y0, left:x1 + reach] = True
        zone[y1:y1 + reach, left:x1 + reach] = True
        zone[top:y1 + reach, left:x0] = True
        zone[top:y1 + reach, x1:x1 + reach] = True
    return zone


def _crossing(lines: Mask, letters: Mask, reach: int) -> Mask:
    """Line pixels with letter ink within ``reach`` pixels both above and below: a stroke crossing the line."""
    above = np.zeros_like(lines)
    below = np.zeros_like(lines)
    for step in range(1, reach + 1):
        above[step:] |= letters[:-step]
        below[:-step] |= letters[step:]
    return lines & above & below


def _leaders(ink: Mask, px_per_mm: float) -> Mask:
    """Dots of dotted leaders: five or more small blobs on one line, each within a few mm of the next; and
    the dots between two leaders of one line, under a value written over them (see ``_under_values``)."""
    found = runs.components(ink)
    w, h = found.x1 - found.x0, found.y1 - found.y0
    dot = DOT_MAX_MM * px_per_mm
    index = np.flatnonzero((w <= dot) & (h <= dot) & (found.area >= 2))
    if index.size < DOTS_IN_LEADER:
        return np.zeros_like(ink)
    cy = (found.y0[index] + found.y1[index]) / 2
    cx = (found.x0[index] + found.x1[index]) / 2
    step = DOT_STEP_MAX_MM * px_per_mm
    chains: list[list[int]] = []
    for position in np.argsort(cx, kind="stable"):
        for chain in reversed(chains):
            last = chain[-1]
            if abs(cy[position] - cy[last]) <= dot / 2 and 0 < cx[position] - cx[last] <= step:
                chain.append(int(position))
                break
        else:
            chains.append([int(position)])
    leaders = [index[chain] for chain in chains if len(chain) >= DOTS_IN_LEADER]
    chosen = np.zeros(len(found), dtype=bool)
    for leader in leaders:
        chosen[leader] = True
    return found.mask_of(chosen, ink.shape)
