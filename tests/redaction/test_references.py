"""File, case, form and recording references of any institution."""

from __future__ import annotations

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
