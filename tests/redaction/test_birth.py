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


@pytest.mark.parametrize(("text", "date"), [
    ("elle est nee le 07 09 01 a kona", "07 09 01"),
    ("Né le 3 11 1987 à Ansongo", "3 11 1987"),
    ("NÉE LE O7/O3/2OO2 À DIRÉ", "O7/O3/2OO2"),
    ("née vers l971 à Tonka", "l971"),
    ("Fanta Dao (sœur, née 1 9 8 4 d'après le registre)", "1 9 8 4"),
    ("NÉE 1979 À NIAFUNKÉ", "1979"),
    ("Yacouba K., b. ~1990, herder", "1990"),
    ("Date de naissance : vers 1 9 7 2", "1 9 7 2"),
])
def test_when_a_date_of_birth_is_spaced_or_read_through_ocr_noise_then_it_is_found(text: str, date: str) -> None:
    assert date in found(BirthDateRecognizer(), text)


@pytest.mark.parametrize("text", ["Les rebelles sont arrivés le 12 04 à 17 h", "en 2012 ils étaient 1 9 5 hommes"])
def test_when_spaced_digits_follow_no_birth_cue_then_no_date_of_birth_is_found(text: str) -> None:
    assert found(BirthDateRecognizer(), text) == set()


@pytest.mark.parametrize(("text", "date"), [
    ("Je soussignée Awa Traoré, née le premier mars mil neuf cent soixante-douze à Kona",
     "premier mars mil neuf cent soixante-douze"),
    ("Il est né le neuf juin deux mil trois à Ténenkou", "neuf juin deux mil trois"),
    ("my daughter was born on the third of May two thousand and nine, at home", "third of May two thousand and nine"),
    ("I was born in seventy-eight, in Douentza", "seventy-eight"),
    ("je suis né en soixante-dix-neuf à Kidal", "soixante-dix-neuf"),
])
def test_when_a_date_of_birth_is_said_in_words_then_it_is_found(text: str, date: str) -> None:
    assert any(date in value for value in found(SpelledNumberRecognizer(), text))


@pytest.mark.parametrize(("text", "age"), [
    ("- frère (Modibo, ~52a) disparu", "52a"), ("- fille cadette Nana, 9 a., blessée", "9 a."),
    ("(cousins, 24a et 31a), partis", "24a"), ("(cousins, 24a et 31a), partis", "31a"),
    ("il avait trente-cinq (35) ans", "trente-cinq (35) ans"),
    ("she was married at 13 (forced)", "13"), ("mariée à quatorze ans.", "quatorze ans"),
    ("My mother was seventy-two.", "seventy-two"), ("The uncle, Moussa, is 58 and cares for", "58"),
    ("his grandsons aged 7 and 11.\n2.", "11"),
])
def test_when_an_age_is_abbreviated_restated_or_at_a_marriage_then_it_is_found(text: str, age: str) -> None:
    assert age in found(AgeRecognizer(), text)


@pytest.mark.parametrize(("text", "age"), [
    ("elle avait... elle avait dix-neuf ans, vingt peut-être.", "dix-neuf ans, vingt"),
    ("the girl who was 15 or 16, ran", "15 or 16"),
    ("Ma mère avait soixante, soixante-cinq ans.", "soixante, soixante-cinq ans"),
    ("His son is, uh, twelve, twelve years old.", "twelve, twelve years old"),
    ("IL AVAIT VINGT-DEUX ANS, VINGT-TROIS.", "VINGT-DEUX ANS, VINGT-TROIS"),
])
def test_when_an_age_is_self_corrected_or_a_range_then_both_numbers_and_what_parts_them_are_covered(
        text: str, age: str) -> None:
    cleaned = clean(text)
    covered = bytearray(len(text))
    for span in AgeRecognizer().find(TextView(cleaned, "fr")):
        start, end = cleaned.to_original(span.start, span.end)
        covered[start:end] = b"\x01" * (end - start)
    begin = text.index(age)
    assert all(covered[begin:begin + len(age)])


@pytest.mark.parametrize(("text", "kept"), [
    ("à 14 ans, 15 personnes sont parties", "15"), ("rue 12a, porte 45", "12a"), ("lot 7a et 7b", "7a"),
    ("the wedding was at 10:30", "10"), ("aged 12 and 15 others", "and"), ("appartement 12A, 2e étage", "12A"),
])
def test_when_a_number_near_an_age_is_a_count_or_an_address_then_it_stays(text: str, kept: str) -> None:
    assert not any(kept in value for value in found(AgeRecognizer(), text))


@pytest.mark.parametrize(("text", "date"), [
    ("I was born in 1991, in the cold season. My voter card says 02/02/1991.", "02/02/1991"),
    ("Born in seventy-four. Le 9 juin 1974 exactement.", "9 juin 1974"),
    ("elle est née vers 1968 ; sur sa carte c'est marqué 01/01/1968.", "01/01/1968"),
])
def test_when_a_paper_gives_the_full_date_of_a_birth_year_just_said_then_it_is_a_date_of_birth(
        text: str, date: str) -> None:
    assert date in found(BirthDateRecognizer(), text)


def test_when_an_event_date_shares_the_birth_year_without_a_paper_then_it_is_no_date_of_birth() -> None:
    assert "4 mars 2013" not in found(BirthDateRecognizer(), "Mon fils est né en 2013. Le 4 mars 2013, ils sont venus.")


@pytest.mark.parametrize(("text", "found_age"), [
    ("a little girl, about 7 years.", True), ("sa tante Kadia, environ 50 ans)", True),
    ("we stayed there, about 3 years. Then", False),
])
def test_when_an_approximate_age_is_in_apposition_to_a_person_then_it_is_an_age(text: str, found_age: bool) -> None:
    assert bool(found(AgeRecognizer(), text)) is found_age
