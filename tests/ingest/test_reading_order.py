"""Reading order: rows from word boxes, and ruled cells joined as "Label : value" or with " | "."""

from __future__ import annotations

import pytest

from ingest.reading_order import Placed, assemble, is_label


def _word(text: str, x: int, y: int, cell: int | None = None, height: int = 20) -> Placed:
    return Placed(text, (x, y, x + 12 * len(text), y + height), 0.9, cell)


def test_when_value_sits_higher_than_its_label_then_same_line() -> None:
    words = [_word("Nom", 10, 100), _word(":", 60, 104, height=12), _word("DIALLO", 200, 92, height=24),
             _word("Prénom(s)", 500, 101), _word("Awa", 650, 95), _word("Né(e)", 10, 140), _word("le", 80, 140),
             _word("03/04/1990", 200, 136)]
    assert assemble(words) == "Nom : DIALLO Prénom(s) Awa\nNé(e) le 03/04/1990\n"


def test_when_words_come_in_any_order_then_rows_top_to_bottom_left_to_right() -> None:
    words = [_word("deux", 100, 200), _word("un", 10, 200), _word("titre", 50, 20), _word("trois", 200, 203)]
    assert assemble(words) == "titre\nun deux trois\n"


@pytest.mark.parametrize(("cells", "line"), [
    ([("Nom", 0), ("DIALLO", 1)], "Nom : DIALLO"),
    ([("Nom :", 0), ("DIALLO", 1)], "Nom : DIALLO"),
    ([("Date de naissance", 0), ("12/05/1987", 1), ("Âge", 2), ("37", 3)], "Date de naissance : 12/05/1987 | Âge : 37"),
    ([("Nom et prénom", 0), ("Lien", 1), ("Âge", 2)], "Nom et prénom | Lien | Âge"),
    ([("Tenin Touré", 0), ("fille", 1), ("23", 2)], "Tenin Touré | fille | 23"),
])
def test_when_table_row_then_cells_joined_by_their_roles(cells: list[tuple[str, int]], line: str) -> None:
    words, x = [], 10
    for text, cell in cells:
        for part in text.split():
            words.append(_word(part, x, 50, cell))
            x += 12 * len(part) + 10
        x += 60
    assert assemble(words) == line + "\n"


@pytest.mark.parametrize(("text", "label"), [
    ("Nom", True), ("Date de naissance :", True), ("N° dossier", True), ("Tél. du contact", True),
    ("Next of kin", True), ("DIALLO", False), ("12/05/1987", False), ("Tenin Touré", False),
    ("Les hommes armés sont arrivés au village de nuit", False),
])
def test_when_cell_text_then_label_or_not(text: str, label: bool) -> None:
    assert is_label(text) is label


def test_when_no_words_then_empty_text() -> None:
    assert assemble([]) == ""


@pytest.mark.parametrize(("cells", "line"), [
    ([("Aminata Diallo", 0), ("père", 1), ("76", 2)], "Aminata Diallo | père | 76"),  # a label word as a value
    ([("Nom", 0), ("KEITA", 1), ("Père", 2), ("Amadou", 3)], "Nom : KEITA | Père : Amadou"),
])
def test_when_a_label_word_is_not_where_a_pair_starts_then_it_is_a_value(cells: list[tuple[str, int]],
                                                                          line: str) -> None:
    words, x = [], 10
    for text, cell in cells:
        for part in text.split():
            words.append(_word(part, x, 50, cell))
            x += 12 * len(part) + 10
        x += 60
    assert assemble(words) == line + "\n"


@pytest.mark.parametrize(("label", "value", "line"), [
    ("NOM", "KEITA", "NOM : KEITA"),
    ("DATE DE NAISSANCE", "07 09 1974", "DATE DE NAISSANCE : 07 09 1974"),
    ("Lieu des faits :", "Siby", "Lieu des faits : Siby"),
    ("Observations", "RAS", "Observations RAS"),
])
def test_when_a_printed_label_is_followed_by_letter_boxes_then_it_reads_label_colon_value(
    label: str, value: str, line: str
) -> None:
    """The label is printed on the page (no cell), the value read in a row of letter boxes (a cell)."""
    words, x = [], 10
    for part in label.split():
        words.append(_word(part, x, 50))
        x += 12 * len(part) + 10
    for part in value.split():
        words.append(_word(part, x + 80, 50, cell=4))
        x += 12 * len(part) + 10
    assert assemble(words) == line + "\n"
