"""Table columns of forms: cells take the meaning of their column."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.recognizers.base import TextView
from redaction.recognizers.tables import TableRecognizer


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in TableRecognizer().find(TextView(clean(text), "fr"))]


@pytest.mark.parametrize(("text", "expected"), [
    ("N° | Nom Prénom | Lien | Âge | Sexe\n1 | Coumba Sakho | épouse | 56 | F\n2 | SAKHO Bakary | frère | 41 | M",
     [("Coumba Sakho", "PERSON"), ("56", "AGE"), ("SAKHO Bakary", "PERSON"), ("41", "AGE")]),
    ("N°  Nom Prénom       Lien  Âge      Sexe\n1      WALET Raïssa      épouse       67   F",
     [("WALET Raïssa", "PERSON"), ("67", "AGE")]),
    ("Dependants:\n |Moctar Kanouté |2018-06-20 |5\n |Hassane Dia |2009-04-11 |14",
     [("2018-06-20", "BIRTH_DATE"), ("5", "AGE"), ("2009-04-11", "BIRTH_DATE"), ("14", "AGE")]),
])
def test_when_a_table_has_identifying_columns_then_their_cells_are_found(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "N° | Nom | Âge\n1 | Awa | 23\nMotif du déplacement:   attaque en 2013",
    "Violations   Nombre   Région\nMeurtre   3   Mopti",
])
def test_when_a_row_is_a_field_or_the_columns_identify_nothing_then_it_is_left(text: str) -> None:
    assert all(value not in ("attaque en 2013", "3", "Mopti") for value, _ in found(text))
