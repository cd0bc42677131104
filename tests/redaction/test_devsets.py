"""Recall on a fixed sample of the development sets, with margins (the full figures are `make bench`'s).

Twelve documents of each development set (``bench/data/redaction/dev-*``: hand-written, noisy transcripts,
OCR'd forms, the helper's own, and ``dev-fresh``), both profiles; the held-out sets (``dev-oral``, ``dev-docs``)
are never used here. Floors sit a few points below what the engine reaches on this sample so that a model or
list update does not fail them by noise, while a broken recognizer does.
"""

from __future__ import annotations

import pytest

from bench.redaction_recall import Score, load_set, run_engine, score
from redaction.engine import RedactionEngine

SETS = ("written", "noisy", "forms", "own", "fresh")
SAMPLE = 12
FLOORS = {"PERSON": 0.93, "LOCATION": 0.9, "PHONE": 0.9, "ID_NUMBER": 0.95, "EMAIL": 0.9, "DATE_OF_BIRTH": 0.95,
          "AGE": 0.93, "overall (no AGE)": 0.93, "keep-list": 0.85}


@pytest.fixture(scope="module", params=["strict", "reparations"])
def sample_score(request: pytest.FixtureRequest, engine: RedactionEngine) -> Score:
    result = Score()
    for name in SETS:
        docs = load_set(name)[:SAMPLE]
        score(docs, run_engine(engine, docs, request.param), result)
    return result


@pytest.mark.slow
@pytest.mark.parametrize("label", sorted(FLOORS))
def test_when_the_dev_sample_is_redacted_then_recall_per_label_stays_above_its_floor(
        sample_score: Score, label: str) -> None:
    recall = sample_score.recall(label)
    assert recall is not None and recall >= FLOORS[label], (
        f"{label} recall {recall:.3f} < {FLOORS[label]}; missed: {sample_score.missed[:15]}")


@pytest.mark.slow
def test_when_the_dev_sample_is_redacted_then_few_form_words_are_blanked(sample_score: Score) -> None:
    assert sample_score.probe_total >= 50
    assert sample_score.probe_blanked / sample_score.probe_total <= 0.2
