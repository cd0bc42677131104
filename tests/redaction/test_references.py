"""File, case, form and recording references of any institution."""

from __future__ import annotations

import re

import pytest

from redaction.cleaning import clean
from redaction.engine import RedactionEngine
from redaction.recognizers.base import TextView
from redaction.recognizers.references import ReferenceRecognizer, is_reference


def found(text: str) -> set[str]:
    return {text[s.start:s.end] for s in ReferenceRecognizer().find(TextView(clean(text), "fr"))}


@pytest.mark.parametrize(("text", "reference"), [
    ("le dossier ABC-2019-00412 a été transmis", "ABC-2019-00412"),
    ("Follow-up file X-12-034.", "X-12-034"),
    ("Ref REF/XYZ/2020/0007.", "REF/XYZ/2020/0007"),
    ("PV D'AUDITION N° 0087/CSP-GAO/2014.", "0087/CSP-GAO/2014"),
    ("numéro RP 2019/1184 au parquet", "RP 2019/1184"),
    ("Recording ref: AUD_2022_0318.", "AUD_2022_0318"),
    ("n° CSRéf-KRO/0121/21 du registre", "CSRéf-KRO/0121/21"),
    ("the UNHCR registration MRT-12-0045781 is", "MRT-12-0045781"),
    ("dossiers PH-BKS-19-061 à 074 transmis", "PH-BKS-19-061 à 074"),
    ("ref 19/2020 PJS du pôle", "19/2020 PJS"),
    ("passport b1734402 lost", "b1734402"),
    ("le numéro aj sgo 21 099 voilà c'est tout ce que je sais", "aj sgo 21 099"),
])
def test_when_a_reference_has_any_shape_then_it_is_found_whole(text: str, reference: str) -> None:
    assert reference in found(text)


@pytest.mark.parametrize("value", ["12/03/2019", "2019-03-12", "03/2020", "2012-2013", "1.500.000", "AK-47", "Mi-24",
                                   "12-mars-2020", "3.8.0"])
def test_when_a_code_is_a_date_range_amount_or_model_name_then_it_is_no_reference(value: str) -> None:
    assert not is_reference(value)


@pytest.mark.parametrize(("text", "reference", "acronym"), [
    ("Le HCR a enregistré ma fille sous le numéro MLI-HCR-2020-00123. Le HCR nous aide.", "MLI-HCR-2020-00123", "HCR"),
    ("Dossier CVJR/DR/2023/05512 déposé à la CVJR de Mopti.", "CVJR/DR/2023/05512", "CVJR"),
])
def test_when_a_reference_contains_an_institution_acronym_then_the_reference_goes_and_the_acronym_stays(
        engine: RedactionEngine, text: str, reference: str, acronym: str) -> None:
    result = engine.redact(text, lang="fr", profile="strict")
    assert reference not in result.redacted_text
    assert acronym in result.redacted_text.replace(reference, "")
    assert any(e.action == "keep" and e.text == acronym for e in result.entities)


@pytest.mark.parametrize(("text", "reference"), [
    ("copie de la fiche (réf. HCR RST 21/0456) à joindre", "HCR RST 21/0456"),
    ("enregistrés sous le n° PRT/GAO/21/0311 et 0312.", "PRT/GAO/21/0311 et 0312"),
    ("FILES: KD-TMB-22-0107 TO 0109.", "KD-TMB-22-0107 TO 0109"),
    ("files kd-tmb-22-0107 to 0109 were sent", "kd-tmb-22-0107 to 0109"),
])
def test_when_a_reference_has_codes_before_it_or_a_range_after_it_then_the_whole_is_one_span(
        text: str, reference: str) -> None:
    assert reference in found(text)


@pytest.mark.parametrize(("text", "reference"), [
    ("le dossier 2019/0041 et 12 autres", "2019/0041"),
    ("PLAINTE DE LA FILLE DEPOSEE RP 2019/1184 DU 3 MAI", "RP 2019/1184"),
])
def test_when_words_follow_or_precede_a_reference_then_they_stay_outside_it(text: str, reference: str) -> None:
    assert reference in found(text)
    assert not any(reference in value and value != reference for value in found(text))


@pytest.mark.parametrize(("text", "reference", "acronym"), [
    ("Le CICR a ouvert la fiche CICR RFL 20/0412. Le CICR nous a rendu visite.", "CICR RFL 20/0412", "CICR"),
    ("LE HCR A ENREGISTRE MA FILLE SOUS LE NUMERO MLI-HCR-2021-00412. LE HCR NOUS AIDE.", "MLI-HCR-2021-00412",
     "HCR"),
    ("le hcr m'a donné la carte mli-hcr-2021-00412 et le hcr nous aide", "mli-hcr-2021-00412", "hcr"),
])
def test_when_a_reference_holds_an_acronym_in_any_casing_then_it_goes_whole_and_the_acronym_alone_stays(
        engine: RedactionEngine, text: str, reference: str, acronym: str) -> None:
    result = engine.redact(text, lang="fr", profile="strict")
    assert reference not in result.redacted_text
    assert not any(part in result.redacted_text for part in re.findall(r"\d{3,}", reference))
    assert acronym in result.redacted_text
