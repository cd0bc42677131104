"""Shifted-copy run filters give exactly the masks of the run-list filters in ``ingest.runs``, on both axes."""

from __future__ import annotations

import numpy as np
import pytest

from ingest import openings, runs


@pytest.mark.parametrize("seed", range(6))
def test_when_random_masks_filtered_then_same_as_run_lists(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(40):
        mask = rng.random((int(rng.integers(1, 30)), int(rng.integers(1, 50)))) < rng.uniform(0.2, 0.9)
        length, gap = int(rng.integers(1, 14)), int(rng.integers(0, 4))
        assert np.array_equal(openings.at_least(mask, length, 1, gap), runs.long_runs(mask, length, gap))
        assert np.array_equal(openings.at_least(mask, length, 0, gap), runs.long_runs(mask.T, length, gap).T)
        assert np.array_equal(openings.at_most(mask, length, 1), runs.short_runs(mask, length))
        assert np.array_equal(openings.at_most(mask, length, 0), runs.short_runs(mask.T, length).T)
        assert openings.any_at_least(mask, length, 0) == bool(runs.long_runs(mask.T, length).any())


@pytest.mark.parametrize(("row", "gap", "kept"), [
    ("1101100000", 1, "1111100000"),
    ("1100110000", 1, "0000000000"),
    ("1100110000", 2, "1111110000"),
    ("0111100111", 0, "0111100000"),
])
def test_when_gaps_bridged_then_runs_joined_and_filled(row: str, gap: int, kept: str) -> None:
    mask = np.array([[c == "1" for c in row]])
    assert "".join("1" if v else "0" for v in openings.at_least(mask, 4, 1, gap)[0]) == kept
