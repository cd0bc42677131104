from __future__ import annotations

import re
import unicodedata

import pytest

from redaction.engine import RedactionEngine
from redaction.findings import NEEDS_HUMAN_REVIEW, Finding
from redaction.pseudonyms import Pseudonymiser

SEEDED = {
    "Aminata Traoré": "PERSON", "+223 76 12 34 56": "PHONE", "1 2345 6789 0123 4 B": "ID",
    "aminata.traore@gmail.com": "EMAIL", "3 avril 1994": "BIRTH_DATE", "Ogossagou": "LOC",
    "la fille de Moussa Keïta": "KINSHIP", "Kouyaté": "PERSON", "RG n° 2019/123": "CASE_REF",
}
TESTIMONY = (
    "Je m'appelle Aminata Traoré, née le 3 avril 1994 à Ségou. Mon numéro est le +223 76 12 34 56 et mon NINA "
    "1 2345 6789 0123 4 B. Le 12 mars 2019, des hommes armés du JNIM sont venus au village de Ogossagou. "
    "J'ai vu la fille de Moussa Keïta, âgée de 14 ans, partir avec eux. M. Kouyaté a fui vers Mopti. AMINATA a "
    "porté plainte, dossier RG n° 2019/123. Écrivez à aminata.traore@gmail.com. TRAORÉ AMINATA, CVJR, Bamako."
)


def fold(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", value.casefold()) if not unicodedata.combining(c))


@pytest.mark.parametrize("profile", ["strict", "reparations", "prosecution"])
def test_when_a_testimony_is_redacted_then_no_seeded_identifier_survives_in_any_casing(
        engine: RedactionEngine, profile: str) -> None:
    result = engine.redact(TESTIMONY, profile=profile)
    out = fold(result.redacted_text)
    for seeded in ["Aminata", "Traoré", "76 12 34 56", "2345 6789", "aminata.traore", "Kouyaté", "Keïta",
                   "3 avril", "2019/123"]:
        assert not re.search(rf"(?<!\w){re.escape(fold(seeded))}(?!\w)", out), (profile, seeded)


def test_when_a_testimony_is_analysed_then_each_seeded_span_is_covered_and_keep_list_spans_are_kept(
        engine: RedactionEngine) -> None:
    findings = engine.analyze(TESTIMONY, lang="fr")
    for seeded in SEEDED:
        start = TESTIMONY.index(seeded)
        assert any(f.start <= start and start + len(seeded) <= f.end and not f.keep for f in findings), seeded
    kept = {f.text for f in findings if f.keep}
    assert {"Ségou", "JNIM", "Mopti", "CVJR", "Bamako", "2019"} <= kept
    for finding in findings:
        assert TESTIMONY[finding.start:finding.end] == finding.text


def test_when_findings_overlap_then_the_widest_cover_wins(engine: RedactionEngine) -> None:
    text = "Mon NINA est 1234 5678 9012 34 A merci."
    ids = [f for f in engine.analyze(text) if not f.keep and f.label != "MISC"]
    assert [(f.text, f.label) for f in ids] == [("1234 5678 9012 34 A", "ID")]


def test_when_a_name_is_known_in_the_case_then_every_part_is_covered_in_another_document(
        engine: RedactionEngine) -> None:
    first = engine.redact("Le témoin Kadidia Sogoba a parlé de son enfant.")
    assert "Kadidia Sogoba" in first.names
    later = "nous avons vu kadidia au marché. SOGOBA est partie. Sogóba reviendra."
    findings = engine.analyze(later, case_names=first.names)
    covered = {f.text for f in findings if f.label == "PERSON"}
    assert {"kadidia", "SOGOBA", "Sogóba"} <= covered


def test_when_the_same_person_appears_in_two_documents_then_the_pseudonym_is_the_same(
        engine: RedactionEngine) -> None:
    naming = Pseudonymiser(b"k" * 32)
    one = engine.redact("Témoignage de Fatoumata Diallo, arrêtée à Ségou.", pseudonymiser=naming)
    two = engine.redact("Plus tard, FATOUMATA a revu Diallo Fatoumata et Moussa Keïta.", pseudonymiser=naming,
                        case_names=one.names)
    label = next(e.replacement for e in one.entities if "Fatoumata Diallo" in e.text)
    assert label == "[Personne A]"
    assert {e.replacement for e in two.entities if "atoumata" in e.text.lower()} == {label}
    assert next(e.replacement for e in two.entities if e.text == "Moussa Keïta") == "[Personne B]"


@pytest.mark.parametrize(("profile", "expected"), [
    ("strict", "âgée de [Âge]"),
    ("reparations", "âgée de [10-14 ans]"),
    ("prosecution", "âgée de 14 ans"),
])
def test_when_profiles_differ_then_the_age_is_removed_banded_or_kept(
        engine: RedactionEngine, profile: str, expected: str) -> None:
    assert expected in engine.redact("Ma fille, âgée de 14 ans, a été prise.", profile=profile).redacted_text


def test_when_the_reparations_profile_generalises_then_places_become_areas_and_births_age_bands(
        engine: RedactionEngine) -> None:
    text = "Née le 03/04/1994, elle vivait au village de Ogossagou."
    result = engine.redact(text, profile="reparations")
    assert "1994" not in result.redacted_text and " ans en 20" in result.redacted_text
    assert "[cercle de Bankass, région de Mopti]" in result.redacted_text or "région de Mopti" in result.redacted_text


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_when_the_text_is_empty_then_nothing_is_found(engine: RedactionEngine, text: str) -> None:
    result = engine.redact(text)
    assert (result.redacted_text, result.entities, result.flags) == (text, (), ())


@pytest.mark.parametrize(("text", "lang"), [
    ("N tɔgɔ ye Awa Traoré ye. N bɛ Sévaré. Sɔrɔdasiw nana an ka dugu la, u ye Moussa Sangaré minɛ.", "bm"),
    ("شهد محمد ولد سيدي على ما حدث في تمبكتو", "ar"),
])
def test_when_the_language_is_not_supported_then_it_is_flagged_and_still_redacted(
        engine: RedactionEngine, text: str, lang: str) -> None:
    result = engine.redact(text)
    assert result.lang == lang
    assert NEEDS_HUMAN_REVIEW in result.flags and any(f.startswith("reason:") for f in result.flags)
    assert result.entities and "Traoré" not in result.redacted_text and "سيدي" not in result.redacted_text


def test_when_french_and_english_are_mixed_then_both_are_redacted(engine: RedactionEngine) -> None:
    text = ("Je m'appelle Hawa Coulibaly. My brother Seydou Diarra was arrested by soldiers. "
            "Il m'a appelée au 66 77 88 99. Call him on +223 70 11 22 33.")
    out = engine.redact(text).redacted_text
    for seeded in ["Hawa", "Coulibaly", "Seydou", "Diarra", "66 77 88 99", "70 11 22 33"]:
        assert seeded not in out


def test_when_control_and_invisible_characters_hide_a_name_then_offsets_still_index_the_input(
        engine: RedactionEngine) -> None:
    text = "Le témoin Mou\u200bssa Tra\u00adoré\x00 a appelé le 76\u200e 12 34 56.\r\nFin\x07."
    findings = engine.analyze(text)
    for finding in findings:
        assert text[finding.start:finding.end] == finding.text
    out = engine.redact(text).redacted_text
    assert "Mou" not in out and "Tra" not in out and "34 56" not in out


def test_when_an_arabic_name_sits_in_a_french_text_then_it_is_redacted_and_flagged(
        engine: RedactionEngine) -> None:
    text = "La victime, Mariam Walet Mohamed (مريم ولت محمد), vivait à Tombouctou."
    result = engine.redact(text)
    assert "مريم" not in result.redacted_text and "Mariam" not in result.redacted_text
    assert NEEDS_HUMAN_REVIEW in result.flags and "Tombouctou" in result.redacted_text


@pytest.mark.slow
def test_when_five_megabytes_sit_on_one_line_then_all_of_it_is_analysed(engine: RedactionEngine) -> None:
    # Long tokens keep spaCy's share of the work small: the point is length and offsets, not NER speed.
    filler = ("x" * 60 + " ") * 2000
    block = filler + "Appelez Awa Diarra au 76 12 34 56. "
    text = block * (5_000_000 // len(block) + 1)
    assert "\n" not in text and len(text) > 5_000_000
    findings = engine.analyze(text, lang="fr")
    phones = [f for f in findings if f.label == "PHONE"]
    assert len(phones) == text.count("76 12 34 56")
    assert "76 12 34 56" not in engine.apply(text, findings).redacted_text


def test_when_reviewed_spans_are_applied_then_an_added_span_is_redacted(engine: RedactionEngine) -> None:
    text = "Le berger Zoumana a vu la scène."
    added = Finding(10, 17, "PERSON", "Zoumana", "review.officer", 1.0)
    result = engine.apply(text, [added], profile="strict")
    assert result.redacted_text == "Le berger [Personne A] a vu la scène."


def test_when_the_language_is_unknown_then_a_clear_error_is_raised(engine: RedactionEngine) -> None:
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        engine.redact("Guten Tag", lang="de")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("AU CAMP DE SODOBA, NAMORY CISSÉ NOUS A DONNÉ À MANGER.", "NAMORY CISSÉ"),
        ("THE NEXT DAY HE WENT TO HIDE WITH YALÈMA TANGARA IN KENEROBA.", "YALÈMA TANGARA"),
        ("Nous avons caché Yalèma Tangara chez nous.", "Yalèma Tangara"),
    ],
)
def test_when_a_given_name_is_not_in_the_lists_then_it_is_covered_with_the_family_name_after_it(
        engine: RedactionEngine, text: str, name: str) -> None:
    start = text.index(name)
    findings = [f for f in engine.analyze(text) if not f.keep]
    assert any(f.start <= start and start + len(name) <= f.end and f.label == "PERSON" for f in findings), findings


@pytest.mark.parametrize(
    "text", ["Je suis allée chez Traoré.", "Le chef a vu Traoré.", "Les soldats de la FAMa Traoré sont venus."]
)
def test_when_the_word_before_a_name_is_a_stop_word_or_kept_then_it_is_not_swallowed(
        engine: RedactionEngine, text: str) -> None:
    kept_or_plain = {"chez", "a", "vu", "FAMa"}
    for finding in engine.analyze(text):
        if finding.label == "PERSON":
            assert not any(w in kept_or_plain for w in finding.text.split()), finding


BAD_INPUTS = [
    ("je m'appelle kadiatou sanogho, je suis née le 3 avril 1994 a dioura. mon mari moussa traore a été tué. "
     "appelez-moi au 76 08 41 22.", ["kadiatou", "sanogho", "1994", "dioura", "moussa", "traore", "76 08 41 22"]),
    ("JE M'APPELLE KADIATOU SANOGHO, JE SUIS NÉE LE 3 AVRIL 1994 À DIOURA. MON MARI MOUSSA TRAORÉ A ÉTÉ TUÉ À "
     "MOPTI. APPELEZ-MOI AU 76 08 41 22.", ["KADIATOU", "SANOGHO", "1994", "DIOURA", "MOUSSA", "TRAORÉ", "41 22"]),
    ("N0m : Keita\nPrenom : Awa\nTel . 66 12 34 56\nAge : 21\nAdresse :\nSignature", ["Keita", "Awa", "66 12", "21"]),
    ("my cousin in ouaga, call him on +226 70 12 34\n56 or at home", ["70 12", "\n56"]),
]


@pytest.mark.parametrize(("text", "hidden"), BAD_INPUTS)
@pytest.mark.parametrize("profile", ["strict", "reparations"])
def test_when_a_text_is_lower_case_all_caps_or_ocr_noisy_then_its_identifiers_are_gone(
        engine: RedactionEngine, text: str, hidden: list[str], profile: str) -> None:
    out = engine.redact(text, profile=profile).redacted_text
    assert [h for h in hidden if h in out] == []


def test_when_a_form_is_redacted_then_its_labels_and_ordinary_words_stay(engine: RedactionEngine) -> None:
    text = ("Déclaration de témoin\nCercle de Bandiagara, région de Mopti\nNom : TRAORE\nÂge : 23 ans\n"
            "Village : Dioura\nSignature :")
    out = engine.redact(text, profile="strict").redacted_text
    for word in ("Déclaration de témoin", "Cercle de", "région de Mopti", "Nom :", "Âge :", "Village :", "Signature"):
        assert word in out
    assert "Bandiagara" not in out and "TRAORE" not in out and "Dioura" not in out


def test_when_an_analysis_names_persons_then_label_words_are_never_among_them(engine: RedactionEngine) -> None:
    analysis = engine.analyze_many(["Fatoumata Coulibaly\n\nÂge : 23 ans\nSignature\nCercle de Koro"])[0]
    assert all(name not in ("Âge", "Signature", "Cercle") and "Âge" not in name for name in analysis.names)
