"""The unknown proper word rule (``redaction.recognizers.unknown``): a capitalised word mid-sentence in cased text
that no word list knows is hidden in `strict`; sentence starts, acronyms, ordinary and kept words, and the words of
ALL-CAPS and lower-case lines are not. Invented texts only."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.lexicon import load_lexicon
from redaction.recognizers.base import TextView
from redaction.recognizers.unknown import UnknownProperWordRecognizer


def found(text: str) -> list[str]:
    view = TextView(clean(text), "fr")
    return [text[s.start:s.end] for s in UnknownProperWordRecognizer(load_lexicon()).find(view)]


@pytest.mark.parametrize(("text", "word"), [
    ("Le lendemain, le vieux Zounkoura est revenu avec les autres.", "Zounkoura"),
    ("They stopped us near Kéréwégou and took the motorbike.", "Kéréwégou"),
    ("Elle travaillait chez Mme Ploumagoar depuis deux ans.", "Ploumagoar"),
])
def test_when_an_unknown_word_is_capitalised_mid_sentence_then_it_is_reported(text: str, word: str) -> None:
    assert word in found(text)


@pytest.mark.parametrize("text", [
    "Zounkoura est revenu le lendemain avec les autres.",  # a sentence's first word
    "Le dossier est parti à la CNRMA puis au Tribunal de Grande Instance.",  # acronym, ordinary words
    "Nous sommes allés à Bamako, puis au Niger, en Janvier, avec la Croix-Rouge.",  # kept words
    "LE VIEUX ZOUNKOURA EST REVENU AVEC LES AUTRES HOMMES DU VILLAGE CE JOUR-LA",  # ALL-CAPS line
    "le vieux zounkoura est revenu avec les autres hommes du village ce jour-la",  # lower-case line
    "Écrire à l'adresse secretariat.Zounkoura@example.org ou au dossier Rapport_Final.",  # address, file
    "Nom : Prénom : Signature : Observations : Déclaration du Témoin",  # form words
])
def test_when_a_word_is_a_sentence_start_an_acronym_known_or_uncased_then_it_is_not(text: str) -> None:
    assert found(text) == []


def test_when_a_kept_word_takes_a_possessive_then_it_is_still_kept() -> None:
    assert found("He now lives in Mopti's old town with his sister, near Niger's border.") == []
