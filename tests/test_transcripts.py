"""The transcript measures the machine-learning tests rely on (tests/transcripts.py)."""

from __future__ import annotations

import pytest

from tests.transcripts import content_recall, content_words, word_error_rate, words


@pytest.mark.parametrize(("reference", "hypothesis", "expected"), [
    ("the soldiers came at night", "The soldiers came at night.", 0.0),
    ("the soldiers came at night", "the soldier came at night", 0.2),  # one substitution in five words
    ("the soldiers came at night", "the soldiers came", 0.4),  # two deletions
    ("the soldiers came", "the soldiers came at night", 2 / 3),  # two insertions
    ("les soldats", "il m'offre et il m'offre", 2.5),  # a hallucination loop costs more than the reference
    ("", "", 0.0),
])
def test_when_transcripts_differ_then_the_word_error_rate_counts_each_edit(reference: str, hypothesis: str,
                                                                          expected: float) -> None:
    assert word_error_rate(reference, hypothesis) == pytest.approx(expected)


def test_when_a_text_has_punctuation_and_quotes_then_words_keep_only_letters_and_apostrophes() -> None:
    assert words("Le matin, les soldats sont venus de l’âge.") == ["le", "matin", "les", "soldats", "sont",
                                                                "venus", "de", "l'âge"]


@pytest.mark.parametrize(("hypothesis", "expected"), [
    ("Le matin, les soldats sont venus au village. Ils ont pris mon frère et ils ont brûlé notre maison.", 1.0),
    ("Le matin, les soldats sont venus de l'âge. Ils m'ont pris mon frère et ils m'ont brûlé notre mémo.", 6 / 8),
    ("le matin les soldats sont venus il m'offre et il m'offre", 3 / 8),
    ("LE MATIN LES SOLDATS SONT VENUS AU VILLAGE ILS ONT PRIS MON FRERE ET BRULE NOTRE MAISON", 1.0),
    ("The soldiers came at night", 0.0),
])
def test_when_content_words_are_heard_then_their_share_is_counted_accents_folded(hypothesis: str,
                                                                                 expected: float) -> None:
    script = "Le matin, les soldats sont venus au village. Ils ont pris mon frère et ils ont brûlé notre maison."
    assert content_words(script) == {"matin", "soldats", "venus", "village", "frere", "brule", "notre", "maison"}
    assert content_recall(script, hypothesis) == pytest.approx(expected)
