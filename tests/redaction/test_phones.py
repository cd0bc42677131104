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
