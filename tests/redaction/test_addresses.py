"""Addresses, named sites, camps and markets."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.recognizers.addresses import AddressRecognizer
from redaction.recognizers.base import TextView


def found(text: str) -> set[str]:
    return {text[s.start:s.end] for s in AddressRecognizer().find(TextView(clean(text), "fr"))}


@pytest.mark.parametrize(("text", "place"), [
    ("demeurant rue 142, porte 37, Badalabougou", "rue 142, porte 37"),
    ("au 27 rue Polonceau, 75018 Paris.", "27 rue Polonceau, 75018 Paris"),
    ("Flat 3, 41 Coldharbour Lane, London SW9 8LF\n", "Flat 3, 41 Coldharbour Lane, London SW9 8LF"),
    ("en Commune VI de Bamako", "Commune VI"),
    ("au site de déplacés de Faladié", "site de déplacés de Faladié"),
    ("the Mbera camp", "Mbera camp"),
    ("Sénou IDP site", "Sénou IDP site"),
    ("au grand marché de Koutiala", "grand marché de Koutiala"),
    ("route de Ségou, le camp de réfugiés de Mbera", "camp de réfugiés de Mbera"),
])
def test_when_an_address_or_named_facility_is_written_then_it_is_one_place(text: str, place: str) -> None:
    assert place in found(text)


@pytest.mark.parametrize("text", ["le marché de la ville", "au camp militaire", "la rue principale"])
def test_when_a_facility_has_no_name_then_nothing_is_found(text: str) -> None:
    assert found(text) == set()
