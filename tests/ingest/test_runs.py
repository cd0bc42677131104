"""Run-length tools: components agree with a plain flood fill, runs and gaps are what they say."""

from __future__ import annotations

import numpy as np
import pytest

from ingest import runs


def _flood_areas(mask: np.ndarray) -> list[int]:
    """Areas of the 8-connected components, by a plain flood fill (the reference)."""
    height, width = mask.shape
    seen = np.zeros_like(mask)
    areas = []
    for y in range(height):
        for x in range(width):
            if mask[y, x] and not seen[y, x]:
                stack, area = [(y, x)], 0
                seen[y, x] = True
                while stack:
                    cy, cx = stack.pop()
                    area += 1
                    for ny in range(max(0, cy - 1), min(height, cy + 2)):
                        for nx in range(max(0, cx - 1), min(width, cx + 2)):
                            if mask[ny, nx] and not seen[ny, nx]:
                                seen[ny, nx] = True
                                stack.append((ny, nx))
                areas.append(area)
    return sorted(areas)


@pytest.mark.parametrize("seed", range(6))
def test_when_random_mask_then_components_match_a_flood_fill(seed: int) -> None:
    rng = np.random.default_rng(seed)
    mask = rng.random((int(rng.integers(1, 50)), int(rng.integers(1, 50)))) < rng.uniform(0.1, 0.6)
    found = runs.components(mask)
    assert sorted(found.area.tolist()) == _flood_areas(mask)
    assert np.array_equal(found.mask_of(np.ones(len(found), dtype=bool), mask.shape), mask)


def test_when_mask_is_empty_then_no_components() -> None:
    assert len(runs.components(np.zeros((5, 7), dtype=bool))) == 0


def test_when_u_shape_then_one_component_with_its_box() -> None:
    mask = np.zeros((10, 12), dtype=bool)
    mask[2:9, 2] = mask[2:9, 9] = mask[8, 2:10] = True
    found = runs.components(mask)
    assert len(found) == 1
    assert (found.x0[0], found.y0[0], found.x1[0], found.y1[0]) == (2, 2, 10, 9)


def test_when_long_and_short_runs_then_split_by_length() -> None:
    mask = np.array([[c == "1" for c in "1110111110110"]])
    assert "".join("1" if v else "0" for v in runs.long_runs(mask, 3)[0]) == "1110111110000"
    assert "".join("1" if v else "0" for v in runs.short_runs(mask, 2)[0]) == "0000000000110"


def test_when_dilated_then_grows_by_the_radius_on_each_axis() -> None:
    mask = np.zeros((300, 300), dtype=bool)  # taller than one band of rows
    mask[150, 150] = True
    grown = runs.dilate(mask, 2, 3)
    ys, xs = np.nonzero(grown)
    assert (ys.min(), ys.max(), xs.min(), xs.max()) == (148, 152, 147, 153)
    assert grown.sum() == 5 * 7


@pytest.mark.parametrize(("row", "gap", "kept"), [
    ("1101100111", 1, "1111100000"), ("1101100111", 2, "1111111111"), ("1100011", 1, "0000000"),
])
def test_when_long_runs_bridge_gaps_then_joined_runs_count_as_one(row: str, gap: int, kept: str) -> None:
    mask = np.array([[c == "1" for c in row], [c == "1" for c in row]])
    assert "".join("1" if v else "0" for v in runs.long_runs(mask, 4, gap)[1]) == kept


@pytest.mark.parametrize("radius", [1, 3, 6])
def test_when_dilated_then_same_as_stamping_a_square_on_each_pixel(radius: int) -> None:
    mask = np.random.default_rng(radius).random((300, 257)) < 0.01
    expected = np.zeros_like(mask)
    for y, x in zip(*np.nonzero(mask), strict=True):
        expected[max(0, y - radius):y + radius + 1, max(0, x - radius):x + radius + 1] = True
    assert np.array_equal(runs.dilate(mask, radius, radius), expected)
