"""The form-field recognizer: labelled values of statements, intake forms and PV layouts."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.lexicon import load_lexicon
from redaction.recognizers.base import TextView
from redaction.recognizers.forms import FormFieldRecognizer


def fields(text: str) -> list[tuple[str, str]]:
    cleaned = clean(text)
    view = TextView(cleaned, "fr")
    out = []
    for span in FormFieldRecognizer(load_lexicon()).find(view):
        start, end = cleaned.to_original(span.start, span.end)
        out.append((text[start:end], span.label))
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("Nom : TRAORE", [("TRAORE", "PERSON")]),
    ("Prénom(s) : Mariam Awa", [("Mariam Awa", "PERSON")]),
    ("Âge : 21", [("21", "AGE")]),
    ("Âge : 23 ans   Née le : 04/03/2000", [("23 ans", "AGE"), ("04/03/2000", "BIRTH_DATE")]),
    ("Né(e) le 23/09/1997", [("23/09/1997", "BIRTH_DATE")]),
    ("Tél. : 76 45 12 33", [("76 45 12 33", "PHONE")]),
    ("Adresse : Banconi Plateau, Bamako", [("Banconi Plateau", "LOC")]),
    ("Village : Ogossagou", [("Ogossagou", "LOC")]),
    ("Cercle : Bankass", [("Bankass", "LOC")]),
    ("Nom du père : Siaka Coulibaly", [("Siaka Coulibaly", "PERSON")]),
    ("Nom du village : Dioura", [("Dioura", "LOC")]),
    ("Lieu de naissance : Konna", [("Konna", "LOC")]),
    ("N° NINA : 19680108201155L", [("19680108201155L", "ID")]),
    ("N° dossier : ABC-2019-00412", [("ABC-2019-00412", "ID")]),
    ("Numéro de téléphone du tuteur : 66 00 21 43", [("66 00 21 43", "PHONE")]),
    ("Email: m.sidibe85@yahoo.fr", [("m.sidibe85@yahoo.fr", "EMAIL")]),
    ("Date of birth: 17/11/1985", [("17/11/1985", "BIRTH_DATE")]),
    ("Surname: TOGO     First name(s): Yapérou Ambroise", [("TOGO", "PERSON"), ("Yapérou Ambroise", "PERSON")]),
    ("Nom ............ KASSOGUÉ", [("KASSOGUÉ", "PERSON")]),
    ("Nom : TRAORE Prénom : Mariam Âge : 21", [("TRAORE", "PERSON"), ("Mariam", "PERSON"), ("21", "AGE")]),
    ("Initiale du nom: G.", [("G.", "PERSON")]),
])
def test_when_a_field_is_labelled_then_its_value_is_redacted_with_the_label_meaning(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert fields(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("N0m : Keita", [("Keita", "PERSON")]),
    ("Tel . 66 12 34 56", [("66 12 34 56", "PHONE")]),
    ("Prénorn : Djélika", [("Djélika", "PERSON")]),
    ("Adrcsse : Abaradjou", [("Abaradjou", "LOC")]),
    ("Né(e) 1e:   13/04/1965", [("13/04/1965", "BIRTH_DATE")]),
    ("Date of blrth; 02/08/1959", [("02/08/1959", "BIRTH_DATE")]),
    ("Lieu de résidence ,   site de la Digue", [("site de la Digue", "LOC")]),
])
def test_when_a_label_has_ocr_noise_then_the_value_is_still_redacted(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert fields(text) == expected


@pytest.mark.parametrize("text", [
    "Adresse :\nSignature",
    "Tél. :\nNom :",
    "Âge :\n\nDéclaration de témoin",
])
def test_when_a_value_is_empty_then_the_next_line_is_not_swallowed(text: str) -> None:
    assert fields(text) == []


@pytest.mark.parametrize("text", [
    "Région : Mopti", "Pays : Mali", "Sexe : F", "Profession : cultivatrice", "Signature : ____",
    "Date des faits : 23 mars 2019", "Témoin : Oui, je l'ai vu.", "Je suis allée au village : tout était brûlé.",
    "Enquêteur : vous pouvez épeler votre nom ?", "Observations : néant",
])
def test_when_a_field_holds_no_identifier_then_nothing_is_redacted(text: str) -> None:
    assert fields(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("NOM : COULIBALY\nPRÉNOM : ASSITAN", [("COULIBALY", "PERSON"), ("ASSITAN", "PERSON")]),
    ("nom : coulibaly\nâge : 23 ans", [("coulibaly", "PERSON"), ("23 ans", "AGE")]),
])
def test_when_a_form_is_all_caps_or_lower_case_then_fields_are_read_alike(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert fields(text) == expected
