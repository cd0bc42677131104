"""Initials as names."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.lexicon import load_lexicon
from redaction.recognizers.base import TextView
from redaction.recognizers.initials import InitialsRecognizer


def found(text: str) -> set[str]:
    return {text[s.start:s.end] for s in InitialsRecognizer(load_lexicon()).find(TextView(clean(text), "fr"))}


@pytest.mark.parametrize(("text", "name"), [
    ("la jeune K. T., âgée de treize ans", "K. T."), ("Client A.K. came", "A.K."), ("M. A. Maïga a dit", "M. A. Maïga"),
    ("le Dr O. Guindo", "O. Guindo"), ("Ch. Sylla est venu", "Ch. Sylla"), ("Moussa K. était là", "Moussa K."),
    ("Awa D., 30, from", "Awa D."),
])
def test_when_a_name_is_written_with_initials_then_initials_and_name_are_one_span(text: str, name: str) -> None:
    assert name in found(text)


@pytest.mark.parametrize("text", ["N.B. rien à signaler", "P.S. merci", "Les U.S. ont dit"])
def test_when_an_abbreviation_looks_like_initials_then_it_is_left(text: str) -> None:
    assert found(text) == set()
