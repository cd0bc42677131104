"""Run-length tools on boolean images (numpy only): runs along rows, run-length filters, connected components.

Scanned forms are mostly white; describing a mask by its runs of ``True`` per row keeps the work proportional
to the ink, and every step here is vectorised except a union-find over row overlaps that converges in a few
passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
_BAND = 256
"""Rows handled at a time where a step needs a wider type than bool (bounded memory on large pages)."""


@dataclass(frozen=True)
class Runs:
    """Runs of ``True`` along the rows of a mask: row index, first column, one past the last column."""

    row: Ints
    start: Ints
    end: Ints

    @property
    def length(self) -> Ints:
        return self.end - self.start


def row_runs(mask: Mask) -> Runs:
    """Every horizontal run of ``True``, ordered by row then column."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)  # a False column each side: runs never span rows
    padded[:, 1:-1] = mask
    steps = np.diff(padded.ravel())
    where = np.flatnonzero(steps) + 1  # the first pixel after each change
    rising = steps[where - 1] > 0
    starts, ends = where[rising], where[~rising]
    stride = width + 2
    return Runs((starts // stride).astype(np.int64), (starts % stride - 1).astype(np.int64),
                (ends % stride - 1).astype(np.int64))


def paint(runs: Runs, shape: tuple[int, int]) -> Mask:
    """The mask made of ``runs`` (drawn in bands of rows, so memory stays near one byte per pixel)."""
    height, width = shape
    out = np.zeros(shape, dtype=bool)
    for top in range(0, height, _BAND):
        chosen = (runs.row >= top) & (runs.row < top + _BAND)
        if not chosen.any():
            continue
        rows = min(_BAND, height - top)
        marks = np.zeros((rows, width + 1), dtype=np.int8)
        np.add.at(marks, (runs.row[chosen] - top, runs.start[chosen]), 1)
        np.add.at(marks, (runs.row[chosen] - top, runs.end[chosen]), -1)
        out[top:top + rows] = np.cumsum(marks, axis=1, dtype=np.int8)[:, :width] > 0
    return out


def long_runs(mask: Mask, minimum: int, gap: int = 0) -> Mask:
    """Only the horizontal runs of at least ``minimum`` pixels, counting runs joined across gaps of at most
    ``gap`` pixels as one (the gaps are filled)."""
    runs = row_runs(mask)
    if gap > 0 and runs.row.size:
        joined = (runs.row[1:] == runs.row[:-1]) & (runs.start[1:] - runs.end[:-1] <= gap)
        first = np.flatnonzero(np.concatenate(([True], ~joined)))
        runs = Runs(runs.row[first], runs.start[first], np.maximum.reduceat(runs.end, first))
    keep = runs.length >= minimum
    return paint(Runs(runs.row[keep], runs.start[keep], runs.end[keep]), mask.shape)


def short_runs(mask: Mask, maximum: int) -> Mask:
    """Only the horizontal runs of at most ``maximum`` pixels."""
    runs = row_runs(mask)
    keep = runs.length <= maximum
    return paint(Runs(runs.row[keep], runs.start[keep], runs.end[keep]), mask.shape)


def dilate(mask: Mask, radius_y: int, radius_x: int) -> Mask:
    """Grow ``True`` by a rectangle of (2·radius_y+1) × (2·radius_x+1) pixels (separable, with cumulative sums)."""
    out = mask
    if radius_x > 0:
        out = _grow_rows(out, radius_x)
    if radius_y > 0:
        out = _grow_rows(out.T, radius_y).T
    return out


def _grow_rows(mask: Mask, radius: int) -> Mask:
    height, width = mask.shape
    if radius <= 4:  # a few shifted copies are cheaper than sums
        out = mask.copy()
        for step in range(1, min(radius, width - 1) + 1):
            out[:, step:] |= mask[:, :-step]
            out[:, :-step] |= mask[:, step:]
        return out
    lo = np.clip(np.arange(width) - radius, 0, width)
    hi = np.clip(np.arange(width) + radius + 1, 0, width)
    out = np.empty(mask.shape, dtype=bool)
    for top in range(0, height, _BAND):
        band = mask[top:top + _BAND]
        sums = np.zeros((band.shape[0], width + 1), dtype=np.int32)
        np.cumsum(band, axis=1, out=sums[:, 1:])
        out[top:top + _BAND] = (sums[:, hi] - sums[:, lo]) > 0
    return out


@dataclass(frozen=True)
class Components:
    """Connected components (8-connected) of a mask: per run its component, per component its box and area."""

    runs: Runs
    label: Ints
    """Component index of each run."""
    x0: Ints
    y0: Ints
    x1: Ints
    """One past the last column."""
    y1: Ints
    """One past the last row."""
    area: Ints

    def __len__(self) -> int:
        return int(self.area.size)

    def mask_of(self, keep: npt.NDArray[np.bool_], shape: tuple[int, int]) -> Mask:
        """The pixels of the components where ``keep`` is True."""
        chosen = keep[self.label]
        return paint(Runs(self.runs.row[chosen], self.runs.start[chosen], self.runs.end[chosen]), shape)


def components(mask: Mask) -> Components:
    """Label the 8-connected components of ``mask`` from its row runs."""
    runs = row_runs(mask)
    count = runs.row.size
    parent = np.arange(count, dtype=np.int64)
    a, b = _touching_pairs(runs, mask.shape[0])
    while a.size:
        root_a, root_b = parent[a], parent[b]
        low = np.minimum(root_a, root_b)
        changed = root_a != root_b
        if not changed.any():
            break
        np.minimum.at(parent, root_a, low)
        np.minimum.at(parent, root_b, low)
        while True:  # pointer jumping until every run points at its root
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    roots, label = np.unique(parent, return_inverse=True)
    size = roots.size
    x0 = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    y0 = x0.copy()
    x1 = np.zeros(size, dtype=np.int64)
    y1 = x1.copy()
    area = np.zeros(size, dtype=np.int64)
    np.minimum.at(x0, label, runs.start)
    np.minimum.at(y0, label, runs.row)
    np.maximum.at(x1, label, runs.end)
    np.maximum.at(y1, label, runs.row + 1)
    np.add.at(area, label, runs.length)
    return Components(runs, label.astype(np.int64), x0, y0, x1, y1, area)


def _touching_pairs(runs: Runs, height: int) -> tuple[Ints, Ints]:
    """Pairs (i, j) of runs on consecutive rows that touch, diagonals included."""
    if runs.row.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = np.searchsorted(runs.row, np.arange(height + 1))
    # for run j on row r, the runs of row r-1 that touch it: their end >= start_j and start <= end_j
    previous_first = first[np.maximum(runs.row - 1, 0)]
    previous_last = first[runs.row]  # exclusive
    has_previous = runs.row > 0
    key = runs.row * (1 << 32)
    lo = np.searchsorted(key + runs.end, key - (1 << 32) + runs.start, side="left")
    hi = np.searchsorted(key + runs.start, key - (1 << 32) + runs.end, side="right")
    lo = np.clip(lo, previous_first, previous_last)
    hi = np.clip(hi, previous_first, previous_last)
    counts = np.where(has_previous, np.maximum(hi - lo, 0), 0)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    j = np.repeat(np.arange(runs.row.size, dtype=np.int64), counts)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    i = np.repeat(lo, counts) + offsets
    return i, j
