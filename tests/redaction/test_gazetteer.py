from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.lexicon import load_lexicon
from redaction.places import load_places
from redaction.recognizers.base import TextView
from redaction.recognizers.gazetteer import LocalityRecognizer, PersonCueRecognizer, PersonNameRecognizer
from redaction.recognizers.kinship import KinshipRecognizer


def found(recognizer: object, text: str) -> list[str]:
    view = TextView(clean(text), "fr")
    return [text[s.start:s.end] for s in recognizer.find(view)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "expected"), [
    ("Hier, Aminata Sogoba est partie.", ["Aminata Sogoba"]),
    ("Le chef a parlé à Iyad Ag Ghaly.", ["Iyad Ag Ghaly"]),
    ("Elle s'appelle Mariam Walet Mohamed.", ["Mariam Walet Mohamed"]),
    ("Sidi Ould Mataly était là.", ["Sidi Ould Mataly"]),
    ("Fatoumata est partie.", ["Fatoumata"]),
    ("ELLE S'APPELLE KADIDIATOU KASSOGUÉ", ["KADIDIATOU KASSOGUÉ"]),
    ("un bébé qui est tall", []),
    ("Le Togo est loin.", []),
    ("nous avons mangé du baba", []),
])
def test_when_a_listed_name_has_context_then_it_is_found_and_ordinary_words_are_not(
        text: str, expected: list[str]) -> None:
    hits = found(PersonNameRecognizer(load_lexicon()), text)
    assert ([max(hits, key=len)] if hits else []) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("M. Kouyaté est arrivé.", ["Kouyaté"]),
    ("J'ai vu Mme Bah au marché.", ["Bah"]),
    ("a man named Sogoba came", ["Sogoba"]),
    ("Ma sœur Nampé Dagnon a fui.", ["Nampé Dagnon"]),
])
def test_when_a_person_cue_precedes_a_capitalised_word_then_it_is_a_name(text: str, expected: list[str]) -> None:
    assert found(PersonCueRecognizer(load_lexicon()), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ils sont venus au village de Ogossagou.", ["Ogossagou"]),
    ("Nous avons fui à N'Golobougou.", ["N'Golobougou"]),
    ("Nous avons fui à Ngolobougou.", ["Ngolobougou"]),
    ("Elle habite le quartier Badalabougou.", ["Badalabougou"]),
    ("Au camp de Mbera nous avons attendu.", ["Mbera"]),
    ("Ils ont brûlé le village de Zankoré.", ["Zankoré"]),
    ("Ils sont partis vers Mopti.", []),
    ("de la Madina", []),
])
def test_when_a_locality_has_context_then_it_is_found_and_major_towns_are_left(
        text: str, expected: list[str]) -> None:
    assert found(LocalityRecognizer(load_lexicon(), load_places()), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("J'ai vu la fille de Moussa hier.", "la fille de Moussa"),
    ("la femme du chef de village est morte", "la femme du chef de village"),
    ("le fils de l'imam a fui", "le fils de l'imam"),
    ("la femme du fils de l'imam", "la femme du fils de l'imam"),
    ("his brother's wife was taken", "his brother's wife"),
    ("the daughter of the village chief", "the daughter of the village chief"),
    ("Moussa's daughter cried", "Moussa's daughter"),
    ("the imam's son", "the imam's son"),
])
def test_when_a_kinship_phrase_points_to_one_person_then_it_is_one_span(text: str, expected: str) -> None:
    assert found(KinshipRecognizer(), text) == [expected]
