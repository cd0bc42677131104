"""Straighten a scanned page: find the small rotation that makes its text lines and rulings horizontal.

The angle is the one whose projection of the ink onto the vertical axis is sharpest (text lines and
ruled lines pile into few rows), searched coarse then fine within ±``MAX_DEGREES``. Boxes found on the
straightened page are carried back onto the original with ``box_on_original``.
"""

from __future__ import annotations

import math

import numpy as np

from ingest.runs import Mask

MAX_DEGREES = 5.0
MIN_DEGREES = 0.1
_MAX_POINTS = 400_000

Box = tuple[int, int, int, int]


def skew_angle(ink: Mask) -> float:
    """Degrees the page content is turned counter-clockwise (Pillow's ``rotate`` convention); 0.0 if unsure."""
    ys, xs = np.nonzero(ink)
    if ys.size < 200:
        return 0.0
    if ys.size > _MAX_POINTS:
        pick = np.random.default_rng(0).choice(ys.size, _MAX_POINTS, replace=False)
        ys, xs = ys[pick], xs[pick]
    yf, xf = ys.astype(np.float64), xs.astype(np.float64)

    def sharpness(degrees: float) -> float:
        rows = np.round(yf + xf * math.tan(math.radians(degrees))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    coarse = np.arange(-MAX_DEGREES, MAX_DEGREES + 1e-9, 0.25)
    best = float(coarse[int(np.argmax([sharpness(a) for a in coarse]))])
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.025)
    scores = [sharpness(a) for a in fine]
    angle = float(fine[int(np.argmax(scores))])
    if max(scores) <= sharpness(0.0) * 1.02 or abs(angle) < MIN_DEGREES:
        return 0.0  # no clear gain: leave the page as it is
    return angle


def box_on_original(box: Box, angle: float, width: int, height: int) -> Box:
    """The box of a page straightened by ``rotate(-angle)`` (same size, about the centre), on the original page."""
    if not angle:
        return box
    theta = math.radians(angle)
    cx, cy = width / 2, height / 2
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * math.cos(theta) + dy * math.sin(theta))
        ys.append(cy - dx * math.sin(theta) + dy * math.cos(theta))
    return (max(0, math.floor(min(xs))), max(0, math.floor(min(ys))), min(width, math.ceil(max(xs))),
            min(height, math.ceil(max(ys))))
