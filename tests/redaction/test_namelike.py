"""Which strings may enter a case's pseudonym vault and be propagated (issue 20)."""

from __future__ import annotations

import pytest

from redaction.lexicon import load_lexicon
from redaction.namelike import is_common_word, may_propagate, rejection
from redaction.propagate import CaseNames
from redaction.propagate import may_propagate as propagate_gate


@pytest.mark.parametrize("name", ["Awa", "Fanta", "Moussa", "Coulibaly", "Fatoumata Coulibaly", "Oumar Tall",
                                  "awa traore", "Sanogho", "Kadidiatou", "Bréma", "Tènè", "Oumar Ag Mohamed"])
def test_when_a_string_is_a_name_then_it_may_propagate(name: str) -> None:
    assert may_propagate(name, "fr") and propagate_gate(name, "en")


@pytest.mark.parametrize("name", ["cercle", "Âge", "Signature", "Nom", "Village", "Région", "Déclaration de témoin",
                                  "Fatoumata Coulibaly\n\nÂge", "Mopti", "Ansar Dine", "Grand Marché", "Tall", "Pierre",
                                  "K. T.", "[Personne A]", "Prénom(s)", "Adresse", "Téléphone"])
def test_when_a_string_is_a_word_a_label_or_a_kept_term_then_it_never_propagates(name: str) -> None:
    assert not may_propagate(name, "fr")
    assert rejection(name)


@pytest.mark.parametrize(("word", "common"), [("Sanogho", False), ("villages", True), ("tuée", True),
                                              ("signature", True), ("Awa", False), ("Coulibaly", False),
                                              ("houses", True)])
def test_when_a_word_is_checked_then_inflected_forms_count_as_words(word: str, common: bool) -> None:
    assert is_common_word(word) is common


def test_when_a_case_holds_a_common_word_as_a_name_then_it_is_not_propagated() -> None:
    names = CaseNames(["Âge", "cercle", "Fatoumata Coulibaly", "Oumar Tall"], load_lexicon())
    assert names.names == ["Fatoumata Coulibaly", "Oumar Tall"]
    keys = {tuple(w) for w in (("fatoumata",), ("coulibaly",), ("oumar",))}
    assert all(key in names.index for key in keys)
    assert ("tall",) not in names.index and ("cercle",) not in names.index
