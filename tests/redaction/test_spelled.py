"""Numbers spelled out in words: phones, dictated identifiers and e-mail addresses."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.recognizers.base import TextView
from redaction.recognizers.spelled import SpelledNumberRecognizer


def found(text: str) -> set[tuple[str, str]]:
    return {(text[s.start:s.end], s.label) for s in SpelledNumberRecognizer().find(TextView(clean(text), "fr"))}


@pytest.mark.parametrize(("text", "value", "label"), [
    ("mon numéro plus deux cent vingt trois soixante cinq trente dix huit quarante sept merci",
     "plus deux cent vingt trois soixante cinq trente dix huit quarante sept", "PHONE"),
    ("appelez le soixante seize cinquante quatre vingt et un zéro neuf", "soixante seize cinquante quatre vingt et un "
                                                                        "zéro neuf", "PHONE"),
    ("my nina is one eight six zero two one two zero four zero five seven one three k ok",
     "one eight six zero two one two zero four zero five seven one three k", "ID"),
    ("écris à sekou point niakate arobase gmail point com stp", "sekou point niakate arobase gmail point com", "EMAIL"),
])
def test_when_a_number_or_address_is_dictated_in_words_then_it_is_found(text: str, value: str, label: str) -> None:
    assert (value, label) in found(text)


@pytest.mark.parametrize("text", ["il y avait deux ou trois hommes et cinq femmes", "we met at noon at the market",
                                  "le quatorze septembre deux mille un ils sont venus"])
def test_when_number_words_are_ordinary_counts_or_dates_then_nothing_is_found(text: str) -> None:
    assert found(text) == set()


@pytest.mark.parametrize(("text", "value", "label"), [
    ("le papier du HCR, le numéro c'est M-R-T, tiret, K-D-L, tiret, dix-neuf, tiret, zéro zéro trois cent sept.",
     "M-R-T, tiret, K-D-L, tiret, dix-neuf, tiret, zéro zéro trois cent sept", "ID"),
    ("the card says n e r slash twenty-one slash oh four one two, that's it",
     "n e r slash twenty-one slash oh four one two", "ID"),
    ("call my sister, seven-six, forty, twelve, oh-eight... sorry, oh-nine. Thanks",
     "seven-six, forty, twelve, oh-eight... sorry, oh-nine", "PHONE"),
    ("plus two two seven, nine six, four zero, one two... and the last is eight, eight. ok",
     "plus two two seven, nine six, four zero, one two... and the last is eight, eight", "PHONE"),
    ("rappelez-moi au soixante-six, quarante… non attendez… 66 41 20 09.", "soixante-six, quarante", "PHONE"),
])
def test_when_a_number_is_dictated_with_separators_or_self_corrections_then_it_is_one_span(
        text: str, value: str, label: str) -> None:
    assert (value, label) in found(text)


@pytest.mark.parametrize("text", ["un trait d'union entre les deux, un tiret, voilà",
                                  "la route tiret la piste tiret le fleuve",
                                  "il y avait trois, quatre... non, cinq camions"])
def test_when_separators_or_hesitations_are_said_without_a_number_then_nothing_is_found(text: str) -> None:
    assert found(text) == set()


def test_when_ocr_reads_a_digit_inside_a_number_word_then_the_spelled_date_is_still_found() -> None:
    text = "atteste que Koné Awa est née le d0uze mars deux mil six à Kati"
    assert any("d0uze mars deux mil six" in value for value, label in found(text) if label == "BIRTH_DATE")
