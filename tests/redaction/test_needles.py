"""Needle matching shared by the PDF and image redactors (redaction/needles.py)."""

from __future__ import annotations

import pytest

from redaction.needles import compile_needles, edit_distance, find_in_text, fold_key, match_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aminata Keïta", "aminatakeita"),
        ("N'Golobougou", "ngolobougou"),
        ("+223 76.12-34 56", "22376123456"),
        ("SŒUR", "soeur"),
        ("ﬁlle", "fille"),
        ("عَائِشَة", "عايشة"),
    ],
)
def test_when_folding_then_case_accents_and_punctuation_disappear(text: str, expected: str) -> None:
    assert fold_key(text) == expected


@pytest.mark.parametrize(
    ("needle", "text", "found"),
    [
        ("Moussa Coulibaly", "témoin MOUSSA COULIBALY, cultivateur", ["MOUSSA COULIBALY"]),
        ("Moussa Coulibaly", "vu Moussa\nCoulibaly hier", ["Moussa\nCoulibaly"]),
        ("Aminata Keïta", "Aminata Kei-\nta a parlé", ["Aminata Kei-\nta"]),
        ("Fatoumata Traore", "Fatoumata Traoré", ["Fatoumata Traoré"]),
        ("Ngolobougou", "village de N'Golobougou.", ["N'Golobougou"]),
        ("76 12 34 56", "appeler le 76.12.34.56 ou", ["76.12.34.56"]),
        ("76 12 34 56", "tél 0022376123456", ["76123456"]),
        ("Fatoumata", "FatoumataTraoré", ["Fatoumata"]),
        ("Ali", "Alimentation générale", []),
        ("Ali", "Ali, Alimatou", ["Ali"]),
        ("14", "en 2014", []),
        ("Seydou", "", []),
    ],
)
def test_when_searching_text_then_only_whole_word_occurrences_match(needle: str, text: str,
                                                                     found: list[str]) -> None:
    needles, _ = compile_needles([needle])
    assert [text[m.start:m.end] for m in find_in_text(text, needles)] == found


def test_when_a_needle_has_no_letter_then_it_is_reported_apart() -> None:
    needles, empty = compile_needles(["Awa", "—", "AWA"])
    assert [n.key for n in needles] == ["awa"]
    assert empty == ("—",)


@pytest.mark.parametrize(
    ("words", "needle", "expected"),
    [
        (["Rapport", "sur", "Aminata", "Keita"], "Aminata Keïta", [(2, 3)]),
        (["Rapport", "sur", "Aminata", "Keïta,"], "Aminata Keita", [(2, 3)]),
        (["vu", "Couiibaly", "hier"], "Coulibaly", [(1, 1)]),
        (["née", "à", "Ngolobougou"], "Ngolobougou", [(2, 2)]),
        (["M.Coulibaly's", "car"], "Coulibaly", [(0, 0)]),
        (["Cou-", "libaly", "est"], "Coulibaly", [(0, 1)]),
        (["tel", "76", "12", "34", "56"], "76 12 34 56", [(1, 4)]),
        (["Sidi", "Side", "Sida"], "Sidi", [(0, 0)]),
        (["Awa", "Awe"], "Awa", [(0, 0)]),
    ],
)
def test_when_matching_ocr_words_then_near_misses_are_covered(words: list[str], needle: str,
                                                               expected: list[tuple[int, int]]) -> None:
    needles, _ = compile_needles([needle])
    assert [(m.first, m.last) for m in match_words(words, needles)] == expected


def test_when_matching_without_fuzz_then_near_misses_are_not_covered() -> None:
    needles, _ = compile_needles(["Coulibaly"])
    assert match_words(["vu", "Couiibaly"], needles, fuzzy=False) == []


@pytest.mark.parametrize(("a", "b", "limit", "expected"),
                         [("coulibaly", "couiibaly", 2, 1), ("abc", "abc", 0, 0), ("abc", "xyz", 1, 2),
                          ("kitten", "sitting", 3, 3)])
def test_when_measuring_edit_distance_then_it_stops_at_the_limit(a: str, b: str, limit: int,
                                                                 expected: int) -> None:
    assert edit_distance(a, b, limit) == expected
