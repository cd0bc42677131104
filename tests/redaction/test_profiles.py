from __future__ import annotations

from pathlib import Path

import pytest

from redaction.operators.generalise import age_band, month_of, place_area
from redaction.profiles import available_profiles, load_profile


def test_when_profiles_are_listed_then_the_three_built_ins_exist() -> None:
    assert {"strict", "reparations", "prosecution"} <= set(available_profiles())
    assert load_profile("strict").action_for("PERSON") == "pseudonymise"
    assert load_profile("reparations").action_for("AGE") == "generalise"
    assert load_profile("prosecution").action_for("LOC") == "keep"
    assert load_profile("strict").action_for("SOMETHING_NEW") == "remove"


@pytest.mark.parametrize(("body", "message"), [
    ('[labels]\nPERSON = "hide"\n', "unknown action"),
    ('[labels]\nPHONE = "generalise"\n', "cannot be generalised"),
    ('[labels]\nNAME = "remove"\n', "unknown label"),
    ('default = "generalise"\n', "default action"),
    ("labels = [", "cannot be read"),
])
def test_when_a_profile_file_is_wrong_then_the_error_says_what(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / f"bad{abs(hash(body))}.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_profile(str(path))


def test_when_a_profile_is_unknown_then_the_available_ones_are_listed() -> None:
    with pytest.raises(ValueError, match=r"available: .*strict"):
        load_profile("lenient")


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("14 ans", "fr", "[10-14 ans]"), ("16", "en", "[15-17 years]"), ("quatorze ans", "fr", "[10-14 ans]"),
    ("dix-sept ans", "fr", "[15-17 ans]"), ("3", "fr", "[0-4 ans]"), ("70 ans", "fr", "[60+ ans]"),
])
def test_when_an_age_is_generalised_then_it_becomes_a_band(text: str, lang: str, expected: str) -> None:
    assert age_band(text, lang) == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("3 avril 1994", "fr", "avril 1994"), ("03/04/1994", "fr", "avril 1994"), ("1994-04-03", "en", "April 1994"),
    ("3 April 1994", "en", "April 1994"), ("1990", "fr", "1990"), ("le truc", "fr", None),
])
def test_when_a_date_is_generalised_then_it_becomes_a_month(text: str, lang: str, expected: str | None) -> None:
    assert month_of(text, lang) == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Bandiagara", "fr", "[cercle de Bandiagara, région de Mopti]"),
    ("Faladié", "fr", "[Commune VI, district de Bamako]"),
    ("Nowhere-Land", "fr", None),
])
def test_when_a_locality_is_generalised_then_it_becomes_its_cercle_and_region(
        text: str, lang: str, expected: str | None) -> None:
    assert place_area(text, lang) == expected
