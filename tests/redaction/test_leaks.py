"""What the engine wrote is never taken for a leak; what it missed is."""

from __future__ import annotations

import pytest

from redaction.engine import RedactionEngine
from redaction.findings import Finding
from redaction.leaks import real_leaks
from redaction.profiles import available_profiles
from redaction.written import engine_shapes

TEXTS = [
    "Je suis Fatoumata Coulibaly, née le 3 avril 1994 à Sévaré.",
    "Nom : TRAORE\nPrénom(s) : Mariam\nÂge : 23 ans   Née le : 04/03/2000\nTél. : 76 45 12 33\nVillage : Dioura",
    "My name is Awa Diarra, a 34-year-old widow from Diallassagou. Call me on +226 70 12 34 56.",
]


@pytest.mark.parametrize("profile", ["strict", "reparations", "prosecution"])
@pytest.mark.parametrize("text", TEXTS)
def test_when_a_text_is_redacted_then_written_spans_point_at_what_was_written(
        engine: RedactionEngine, text: str, profile: str) -> None:
    result = engine.redact(text, profile=profile)
    assert result.written
    for span in result.written:
        assert result.redacted_text[span.start:span.end] == span.text
    assert [w.text for w in result.written] == [e.replacement for e in result.entities if e.action != "keep"]


@pytest.mark.parametrize("profile", sorted(set(available_profiles()) & {"strict", "reparations", "prosecution"}))
@pytest.mark.parametrize("text", TEXTS)
def test_when_an_output_is_read_again_then_the_engine_writing_is_never_a_leak(
        engine: RedactionEngine, text: str, profile: str) -> None:
    result = engine.redact(text, profile=profile)
    assert engine.check_output(result.redacted_text, result.written, lang=result.lang, profile=profile) == []
    assert engine.check_output(result.redacted_text, [], lang=result.lang, profile=profile) == []


@pytest.mark.parametrize("generalised", ["[avril 1994]", "[25-34 ans en 2026]", "[10-14 ans]", "[Personne A]",
                                         "[cercle de Bandiagara, région de Mopti]", "[18-24 years in 2026]",
                                         "[Téléphone]", "[Lieu 3]", "[caviardé]"])
@pytest.mark.parametrize("profile", ["strict", "reparations", "prosecution"])
def test_when_a_text_holds_engine_output_then_no_recognizer_flags_it(
        engine: RedactionEngine, generalised: str, profile: str) -> None:
    text = f"Elle est née le {generalised}.\nÂge : {generalised}\nNom : {generalised}"
    result = engine.redact(text, lang="fr", profile=profile)
    assert all(generalised in result.redacted_text.split("\n")[i] for i in range(3))
    assert engine_shapes(generalised) == [(0, len(generalised))]


def test_when_a_finding_spills_over_a_pseudonym_then_only_an_identifier_outside_it_is_a_leak() -> None:
    text = "[Personne B]. Appelez Sanogho demain."
    glued = Finding(1, 21, "PERSON", text[1:21], "ner.spacy_fr.v1", 0.8)
    name = Finding(1, 29, "PERSON", text[1:29], "ner.spacy_fr.v1", 0.8)
    phone_text = "[Téléphone] 76 12 34 56"
    phone = Finding(0, len(phone_text), "PHONE", phone_text, "ner.spacy_fr.v1", 0.8)
    assert real_leaks(text, [(0, 12)], [glued]) == []
    assert real_leaks(text, [(0, 12)], [name]) == [name]
    assert real_leaks(phone_text, [(0, 11)], [phone]) == [phone]
    assert real_leaks("Appelez Sanogho.", [], [Finding(8, 15, "PERSON", "Sanogho", "x", 1.0)])


@pytest.mark.parametrize(("text", "tail", "identifying"), [
    ("Date de naissance : [Date de naissance] JJ MM AAAA", "JJ MM AAAA", False),  # printed under letter boxes
    ("Signature : [Personne A]. Fait à Mopti", "Fait à Mopti", False),
    ("Témoin : [Personne A]. Vu par Seydou Konaté", "Vu par Seydou Konaté", True),  # a name called MISC
    ("Référence : [Identifiant] dossier 2019 44", "dossier 2019 44", True),
])
def test_when_a_model_calls_words_outside_the_engine_writing_a_mention_then_only_identifying_ones_leak(
    text: str, tail: str, identifying: bool
) -> None:
    start = text.index(tail)
    finding = Finding(start, start + len(tail), "MISC", tail, "ner.spacy_fr.v1", 0.7)
    assert bool(real_leaks(text, [], [finding], lang="fr")) is identifying
