"""Run-length filters along one axis as binary openings made of shifted copies (numpy only).

``at_least(mask, n, axis, gap)`` is ``runs.long_runs`` (runs of at least ``n`` pixels, gaps of at most ``gap``
bridged) and ``at_most`` is ``runs.short_runs``, for either axis and without transposing: a run of at least
``n`` is what an erosion by ``n`` pixels leaves a seed of, and the dilation back by ``n`` restores it. With
doubling shifts each costs a few passes over the mask (O(log n)), against a list of every run and a repaint:
about five times faster on a page, which is what the glance for rulings of every OCR'd page spends.
"""

from __future__ import annotations

import numpy as np

from ingest.runs import Mask


def at_least(mask: Mask, minimum: int, axis: int = 1, gap: int = 0) -> Mask:
    """The pixels of runs along ``axis`` of at least ``minimum`` pixels, runs less than ``gap`` + 1 pixels
    apart counting as one run with the gap filled (``runs.long_runs`` along ``axis``)."""
    bridged = bridge(mask, gap, axis) if gap > 0 else mask
    if minimum <= 1:
        return bridged.copy()
    return _grow(_erode(bridged, minimum, axis), minimum, axis)


def any_at_least(mask: Mask, minimum: int, axis: int = 1) -> bool:
    """Whether ``mask`` has a run along ``axis`` of at least ``minimum`` pixels (stops at the erosion)."""
    return bool(_erode(mask, max(1, minimum), axis).any())


def at_most(mask: Mask, maximum: int, axis: int = 1) -> Mask:
    """The pixels of runs along ``axis`` of at most ``maximum`` pixels (``runs.short_runs`` along ``axis``)."""
    return mask & ~at_least(mask, maximum + 1, axis)


def bridge(mask: Mask, gap: int, axis: int = 1) -> Mask:
    """``mask`` with every gap of at most ``gap`` pixels between two runs along ``axis`` filled."""
    out = mask.copy()
    for left in range(1, gap + 1):  # ink ``left`` pixels before and at most gap + 1 - left pixels after
        before = _shifted(mask, left, axis)
        after = np.zeros_like(mask)
        for right in range(1, gap + 2 - left):
            after |= _shifted(mask, -right, axis)
        out |= before & after
    return out


def _erode(mask: Mask, length: int, axis: int) -> Mask:
    """True where the ``length`` pixels starting here along ``axis`` are all True (False past the edge)."""
    out, covered, size = mask.copy(), 1, mask.shape[axis]
    while covered < length:
        step = min(covered, length - covered)
        if step >= size:
            return np.zeros_like(mask)
        out[_span(axis, 0, size - step)] &= out[_span(axis, step, size)]
        out[_span(axis, size - step, size)] = False
        covered += step
    return out


def _grow(seeds: Mask, length: int, axis: int) -> Mask:
    """True where one of the ``length`` pixels ending here along ``axis`` is a seed."""
    out, covered, size = seeds.copy(), 1, seeds.shape[axis]
    while covered < length and covered < size:
        step = min(covered, length - covered)
        out[_span(axis, step, size)] |= out[_span(axis, 0, size - step)]
        covered += step
    return out


def _shifted(mask: Mask, offset: int, axis: int) -> Mask:
    """``mask`` moved ``offset`` pixels along ``axis`` (positive: towards higher indices), False brought in."""
    out = np.zeros_like(mask)
    size = mask.shape[axis]
    if abs(offset) >= size:
        return out
    if offset >= 0:
        out[_span(axis, offset, size)] = mask[_span(axis, 0, size - offset)]
    else:
        out[_span(axis, 0, size + offset)] = mask[_span(axis, -offset, size)]
    return out


def _span(axis: int, start: int, stop: int) -> tuple[slice, ...]:
    """The index of positions ``start:stop`` along ``axis`` of a 2-D mask."""
    return (slice(start, stop), slice(None)) if axis == 0 else (slice(None), slice(start, stop))
