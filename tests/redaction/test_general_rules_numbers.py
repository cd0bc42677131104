"""General recall rules of issue 13 for number-like identifiers (phones, references, dates of birth, ages),
through the whole engine and both profiles, on invented texts: in Title case, lower case only and ALL CAPS, with
OCR noise in labels and numbers; event years, counts of people, times and amounts survive."""

from __future__ import annotations

import re

import pytest

from redaction.engine import RedactionEngine
from tests.redaction.test_general_rules import covered, untouched

ORAL = ("Témoin : Mon frère Lassine avait vingt-quatre ans, vingt-cinq peut-être. En mars 2013 les hommes sont venus, "
        "ils étaient 40. Il est né le premier mai mil neuf cent quatre-vingt-neuf. Vous pouvez appeler ma sœur au "
        "sept six, quarante-deux, dix-huit... pardon, dix-neuf, zéro trois. Le HCR m'a donné un papier, le numéro "
        "c'est K-N-A, tiret, B-M-K, tiret, vingt et un, tiret, zéro zéro six cent neuf.")
NOTES = ("- mari (Issa, ~48a) tué à 7 h 30\n- fille Oumou, 15 a., enlevée\n- mère, née 1 9 6 2, réfugiée\n"
         "- réf. dossier CICR RFL 21/0734 et 0735 ; le CICR passe lundi\n- tel voisine 2 2 3 . 7 9 . 1 4 . 0 6 . 5 3\n"
         "- cousin à Niamey +227 90\n41 27 63\n- indemnité 250 000 FCFA")
FORM = "N0m : Koné\nNé(e) le : O4/O9/2OO1\nTel . 6O 22 71 39\nÂge .19 an(s)\nPasseport : B 4O\n917 52\nRégion : Ségou"
SECRETS = {
    "oral": ["vingt-quatre ans, vingt-cinq", "premier mai mil neuf cent quatre-vingt-neuf",
             "sept six, quarante-deux, dix-huit... pardon, dix-neuf, zéro trois",
             "K-N-A, tiret, B-M-K, tiret, vingt et un, tiret, zéro zéro six cent neuf"],
    "notes": ["48a", "15 a.", "1 9 6 2", "CICR RFL 21/0734 et 0735", "2 2 3 . 7 9 . 1 4 . 0 6 . 5 3",
              "+227 90\n41 27 63"],
    "form": ["O4/O9/2OO1", "6O 22 71 39", "19", "B 4O\n917 52"],
}
KEPT = {"oral": ["mars 2013", "40", "HCR"], "notes": ["7 h 30", "250 000 FCFA", "le CICR passe"],
        "form": ["Ségou", "N0m", "Tel ."]}
TEXTS = {"oral": ORAL, "notes": NOTES, "form": FORM}


def casings(text: str) -> list[tuple[str, str]]:
    return [("as written", text), ("lower case", text.lower()), ("ALL CAPS", text.upper())]


def cased(value: str, casing: str) -> str:
    return {"as written": value, "lower case": value.lower(), "ALL CAPS": value.upper()}[casing]


@pytest.mark.parametrize("casing", ["as written", "lower case", "ALL CAPS"])
@pytest.mark.parametrize("kind", ["oral", "notes", "form"])
@pytest.mark.parametrize("profile", ["strict", "reparations"])
def test_when_number_like_identifiers_are_written_in_any_casing_then_every_character_is_hidden(
        engine: RedactionEngine, kind: str, casing: str, profile: str) -> None:
    text = cased(TEXTS[kind], casing)
    result = engine.redact(text, lang="fr", profile=profile)
    for secret in SECRETS[kind]:
        assert covered(result, text, cased(secret, casing)), (casing, secret)
    for secret in SECRETS[kind]:  # a generalised date of birth keeps no year
        for year in re.findall(r"(?:19|20)\d\d", secret):
            assert year not in result.redacted_text


@pytest.mark.parametrize("kind", ["oral", "notes", "form"])
def test_when_numbers_are_event_years_counts_times_or_amounts_then_they_survive(
        engine: RedactionEngine, kind: str) -> None:
    text = TEXTS[kind]
    result = engine.redact(text, lang="fr", profile="strict")
    for value in KEPT[kind]:
        assert untouched(result, text, value), value
