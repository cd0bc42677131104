from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.recognizers.base import TextView
from redaction.recognizers.birth import AgeRecognizer, BirthDateRecognizer
from redaction.recognizers.patterns import (
    CaseReferenceRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IdDocumentRecognizer,
    MobileMoneyRecognizer,
    NinaRecognizer,
    PhoneRecognizer,
    RegexRecognizer,
)


def spans(recognizer: RegexRecognizer, text: str) -> list[str]:
    view = TextView(clean(text), "fr")
    return sorted({text[s.start:s.end] for s in recognizer.find(view)}, key=len, reverse=True)


@pytest.mark.parametrize("number", [
    "+223 76 12 34 56", "00223 76 12 34 56", "(+223) 76 12 34 56", "+22376123456", "0022376123456",
    "76 12 34 56", "76.12.34.56", "76-12-34-56", "76123456", "7612 3456", "7612-3456", "+223 7612 3456",
    "(00223) 66.77.88.99", "20 22 33 44", "+223 76-12-34-56", "00 223 76 12 34 56",
])
def test_when_a_malian_number_is_written_any_way_then_it_is_found_whole(number: str) -> None:
    assert spans(PhoneRecognizer(), f"Appelez-moi au {number}, merci.")[0] == number


@pytest.mark.parametrize("text", ["le 03/04/1994 à midi", "en 2012 et 2013", "il avait 1 500 000 FCFA"])
def test_when_digits_are_a_date_or_an_amount_then_no_phone_is_reported(text: str) -> None:
    assert spans(PhoneRecognizer(), text) == []


@pytest.mark.parametrize("nina", ["12345678901234A", "1 2345 6789 0123 4 B", "1234 5678 9012 34Z", "12345678901234 k"])
def test_when_a_nina_is_spaced_any_way_then_it_is_found(nina: str) -> None:
    assert spans(NinaRecognizer(), f"Mon NINA est {nina}.") == [nina]


@pytest.mark.parametrize(("text", "expected"), [
    ("passeport n° AA1234567 délivré", "AA1234567"),
    ("My passport number B 7654321 was burnt", "B 7654321"),
    ("carte d'électeur numéro 0456 7788 12", "0456 7788 12"),
    ("voter card: 998877665", "998877665"),
    ("carte d'identité n° 123456789", "123456789"),
])
def test_when_an_id_document_number_follows_its_context_then_only_the_number_is_found(
        text: str, expected: str) -> None:
    assert spans(IdDocumentRecognizer(), text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("écrivez à awa.diarra@gmail.com.", "awa.diarra@gmail.com"),
    ("mail: moussa_k-90@yahoo.fr", "moussa_k-90@yahoo.fr"),
    ("awa.diarra [at] gmail [dot] com", "awa.diarra [at] gmail [dot] com"),
    ("awa (arobase) orangemali.net", "awa (arobase) orangemali.net"),
])
def test_when_an_email_is_written_then_it_is_found(text: str, expected: str) -> None:
    assert spans(EmailRecognizer(), text)[0] == expected


@pytest.mark.parametrize(("recognizer", "text", "expected"), [
    (IbanRecognizer(), "IBAN ML13 D0123 01234 567890123456 78 SVP", "ML13 D0123 01234 567890123456 78"),
    (MobileMoneyRecognizer(), "envoyé par Orange Money au 65 43 21 09", "65 43 21 09"),
    (MobileMoneyRecognizer(), "compte Wave : +223 91 22 33 44", "+223 91 22 33 44"),
    (MobileMoneyRecognizer(), "transaction ID: CI230411.1542.A12345", "CI230411.1542.A12345"),
    (CaseReferenceRecognizer(), "dossier RG n° 2019/123 du tribunal", "RG n° 2019/123"),
    (CaseReferenceRecognizer(), "le PV N° 0123/CB a disparu", "PV N° 0123/CB"),
    (CaseReferenceRecognizer(), "plainte n° 45-2020", "45-2020"),
    (CaseReferenceRecognizer(), "police report no. 2021/77", "2021/77"),
])
def test_when_an_account_or_case_number_is_written_then_it_is_found(
        recognizer: RegexRecognizer, text: str, expected: str) -> None:
    assert spans(recognizer, text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("née le 3 avril 1994 à Ségou", "3 avril 1994"),
    ("né en 1990", "1990"),
    ("née à Ségou le 1er mai 1980", "1er mai 1980"),
    ("born on 3 April 1994", "3 April 1994"),
    ("born in March 1990", "March 1990"),
    ("date de naissance : 03/04/1994", "03/04/1994"),
    ("DOB: 1994-04-03", "1994-04-03"),
    ("NÉE LE 3 AVRIL 1994", "3 AVRIL 1994"),
])
def test_when_a_date_of_birth_has_its_context_then_the_date_is_found(text: str, expected: str) -> None:
    assert spans(BirthDateRecognizer(), text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("âgée de 14 ans", ["14 ans"]),
    ("elle avait quatorze ans.", ["quatorze ans"]),
    ("une fille de dix-sept ans", ["dix-sept ans"]),
    ("âgé de vingt et un ans", ["vingt et un ans"]),
    ("a 14-year-old girl", ["14-year-old"]),
    ("aged 9, she", ["9"]),
    ("AGÉE DE 15 ANS", ["15 ANS"]),
    ("il y a 14 ans", []),
    ("pendant 3 ans", []),
])
def test_when_an_exact_age_has_its_context_then_it_is_found(text: str, expected: list[str]) -> None:
    assert spans(AgeRecognizer(), text)[:1] == expected


@pytest.mark.parametrize(("text", "value"), [
    ("éleveur ; CNI n° 000 512 KTI 2011\nSUR LES FAITS", "000 512 KTI 2011"),
    ("passeport AB 412 907 DU 12/03/2019", "AB 412 907"),
])
def test_when_an_id_document_number_has_a_letter_group_then_it_stays_in_the_value_but_no_word_does(
        text: str, value: str) -> None:
    values = {text[s.start:s.end] for s in IdDocumentRecognizer().find(TextView(clean(text), "fr"))}
    assert value in values
    assert not any(v.startswith(value) and v != value for v in values)
