"""Dates of birth and ages in every form, durations left alone."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.recognizers.base import TextView
from redaction.recognizers.birth import AgeRecognizer, BirthDateRecognizer
from redaction.recognizers.spelled import SpelledNumberRecognizer


def found(recognizer: AgeRecognizer | BirthDateRecognizer | SpelledNumberRecognizer, text: str) -> set[str]:
    cleaned = clean(text)
    view = TextView(cleaned, "fr")
    return {text[slice(*cleaned.to_original(s.start, s.end))] for s in recognizer.find(view)}


@pytest.mark.parametrize(("text", "date"), [
    ("Je suis née le 5 mai 1990 à Konna.", "5 mai 1990"),
    ("née le 1er mars 2003 à Sévaré", "1er mars 2003"),
    ("Il est né vers 1968 à Koro.", "1968"),
    ("NÉ VERS 1983 À BOUREM", "1983"),
    ("I was born on 2 July 1985 in Mopti.", "2 July 1985"),
    ("Kalifa Ballo, b. 1979, a teacher", "1979"),
    ("born 3 July 1990, showed us", "3 July 1990"),
    ("date of birth 05.06.1958)", "05.06.1958"),
    ("Date de naissance ... 31 décembre 1972", "31 décembre 1972"),
    ("(DOB given as 03/11/2002, no document)", "03/11/2002"),
    ("née le vendredi 3 juin 1960, d'après", "3 juin 1960"),
])
def test_when_a_date_of_birth_is_written_in_any_form_then_it_is_found(text: str, date: str) -> None:
    assert date in found(BirthDateRecognizer(), text)


@pytest.mark.parametrize(("text", "date"), [
    ("je suis née le quatorze mars mille neuf cent quatre vingt treize à dogani", "quatorze mars mille neuf cent "
                                                                                "quatre vingt treize"),
    ("i was born on june sixth nineteen eighty four what happened", "june sixth nineteen eighty four"),
    ("il est né en mille neuf cent cinquante deux il a été", "mille neuf cent cinquante deux"),
])
def test_when_a_date_of_birth_is_spelled_out_then_it_is_found(text: str, date: str) -> None:
    assert any(date in value for value in found(SpelledNumberRecognizer(), text))


@pytest.mark.parametrize(("text", "age"), [
    ("ma fille a 14 ans et", "14 ans"), ("mon bébé de dix mois", "dix mois"), ("a 34-year-old widow", "34-year-old"),
    ("grandson Seydou, aged 12, was", "12"), ("SEVEN YEARS OLD.", "SEVEN YEARS OLD"), ("il a 43ans. aidez", "43ans"),
    ("male, 41 y, admitted", "41 y"), ("Client: Assitan, F, 19 y/o", "19 y/o"), ("il a 2 ans et demi", "2 ans et demi"),
    ("He was sixty-two. He is missing", "sixty-two"), ("The boy is now 15 and", "15"),
    ("Awa D., 30, from Ténenkou", "30"),
    ("a boy of 14, was", "14"), ("J'AI 52 ANS, JE", "52 ANS"), ("J'ai quarante-deux ans.", "quarante-deux ans"),
])
def test_when_an_age_is_a_number_and_a_unit_then_it_is_found(text: str, age: str) -> None:
    assert age in found(AgeRecognizer(), text)


def test_when_ages_are_listed_then_each_number_is_an_age() -> None:
    assert {"4", "6", "9"} <= found(AgeRecognizer(), "three orphans aged 4, 6 and 9. She")


@pytest.mark.parametrize("text", ["il y a 10 ans", "pendant deux mois", "three years ago",
                                  "condamné à 10 ans de prison",
                                  "3 ans plus tard", "I spent 5 years in Niger", "returned after five months.",
                                  "it was 3 o'clock"])
def test_when_a_number_and_unit_is_a_duration_then_it_is_no_age(text: str) -> None:
    assert found(AgeRecognizer(), text) == set()
