"""Phone numbers in every written form."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.recognizers.base import TextView
from redaction.recognizers.phones import PhoneRecognizer


def found(text: str) -> set[str]:
    cleaned = clean(text)
    view = TextView(cleaned, "fr")
    return {text[slice(*cleaned.to_original(s.start, s.end))] for s in PhoneRecognizer().find(view)}


@pytest.mark.parametrize("number", [
    "+226 70 12 34 56", "+227 96 12 40 88", "+225 07 07 45 12 90", "+33 6 12 34 56 78", "+1 (614) 555 0193",
    "00 223 78 09 11 55", "+22365210088", "0022379102233", "(+223) 90 55 14 72", "+223 7641 2290",
    "06 12 34 56 78", "(614) 555-0193", "20 22 45 61", "76.23.19.04", "76-90-33-12",
])
def test_when_a_number_is_written_in_any_national_or_foreign_form_then_it_is_found_whole(number: str) -> None:
    assert number in found(f"Appelez le {number} après 18 h.")


@pytest.mark.parametrize(("text", "number"), [
    ("son numéro au Burkina : +226 66 45\n12 09 (whatsapp)", "+226 66 45\n12 09"),
    ("call me on +226 70 12 34\n56 please", "+226 70 12 34\n56"),
    ("Tél : 76 12\n34 56", "76 12\n34 56"),
])
def test_when_a_number_is_split_across_a_line_break_then_both_parts_are_one_span(text: str, number: str) -> None:
    assert number in found(text)


@pytest.mark.parametrize("text", ["le 03/04/1994 à midi", "en 2012 et 2013", "il avait 1 500 000 FCFA", "à 14 h 30"])
def test_when_digits_are_a_date_an_amount_or_a_time_then_no_phone_is_found(text: str) -> None:
    assert found(text) == set()


@pytest.mark.parametrize(("text", "number"), [
    ("Joindre sa tante : 2 2 3 . 9 1 . 4 6 . 0 7 . 3 8 — à confirmer", "2 2 3 . 9 1 . 4 6 . 0 7 . 3 8"),
    ("tél. : 2 2 3 6 5 0 9 1 7 4 3.", "2 2 3 6 5 0 9 1 7 4 3"),
    ("FANTA : 6 9, 4 1, 2 8, 0 3.", "6 9, 4 1, 2 8, 0 3"),
    ("APPELEZ LE 9 1 4 6 0 7 3 8 SVP", "9 1 4 6 0 7 3 8"),
])
def test_when_a_number_is_dictated_digit_by_digit_then_it_is_found_whole(text: str, number: str) -> None:
    assert number in found(text)


@pytest.mark.parametrize("text", ["les enfants avaient 1, 3, 5, 7, 9, 11 et 13 ans", "en 2012, 2013 et 2014",
                                  "Il y avait 10 hommes, 4 femmes et 7 enfants"])
def test_when_single_digits_are_a_list_then_no_phone_is_found(text: str) -> None:
    assert found(text) == set()


@pytest.mark.parametrize(("text", "number"), [
    ("appelle moi sur l'autre numéro 91 27 4\n6 08 stp", "91 27 4\n6 08"),
    ("my cousin in Abidjan: +225 07 58 41\n22 90 (evenings)", "+225 07 58 41\n22 90"),
    ("son frère au Niger +227 96\n40 12 88", "+227 96\n40 12 88"),
])
def test_when_a_line_break_cuts_a_number_even_inside_a_pair_then_it_is_one_span(text: str, number: str) -> None:
    assert number in found(text)


@pytest.mark.parametrize(("text", "number"), [
    ("numéro de l'oncle +223-6O-41-92-17", "+223-6O-41-92-17"),
    ("Tel . 7l 30 44 86", "7l 30 44 86"),
    ("TEL : 0O223 66 80 13 59", "0O223 66 80 13 59"),
])
def test_when_a_letter_is_typed_for_a_digit_then_the_number_is_still_found(text: str, number: str) -> None:
    assert number in found(text)


def test_when_two_numbers_are_parted_by_a_spaced_slash_then_each_is_found() -> None:
    assert {"44 90 12 73", "65 18 30 02"} <= found("Cabinet : 44 90 12 73 / 65 18 30 02\n")


@pytest.mark.parametrize("number", ["07911 123 456", "020 7946 0018", "06 1234 5678"])
def test_when_a_national_number_has_a_trunk_zero_in_three_groups_then_it_is_found(number: str) -> None:
    assert number in found(f"Her UK number is {number}.")
