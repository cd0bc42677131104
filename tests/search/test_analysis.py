from __future__ import annotations

import pytest

from search.analysis import analysis_for, tokens, word_variants


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "fr"),
        ("fr-ML", "fr"),
        ("FRA", "fr"),
        ("en", "en"),
        ("en_GB", "en"),
        ("bm", "plain"),
        (None, "plain"),
    ],
)
def test_when_choosing_the_analysis_then_the_primary_language_decides(
    language: str | None, expected: str
) -> None:
    assert analysis_for(language) == expected


@pytest.mark.parametrize(
    ("analysis", "forms"),
    [
        ("fr", ["arrêté", "arrêtés", "arrêtée", "arrete", "arrêter"]),
        ("fr", ["soldat", "soldats"]),
        ("fr", ["tué", "tués", "tuée", "tuer"]),
        ("fr", ["Ségou", "segou", "SEGOU"]),
        ("en", ["soldier", "soldiers"]),
        ("en", ["arrest", "arrested", "arrests"]),
        ("plain", ["Kidal", "kidal"]),
    ],
)
def test_when_analyzing_forms_of_a_word_then_they_share_one_token(analysis: str, forms: list[str]) -> None:
    assert len({tuple(tokens(form, analysis)) for form in forms}) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "finds"),
    [
        ("arretee", "arrêtée"),
        ("refugiees", "réfugiées"),
        ("incendie", "incendié"),
        ("prisonnieres", "prisonnières"),
    ],
)
def test_when_a_french_participle_is_typed_without_accents_then_a_variant_reaches_its_stem(
    word: str, finds: str
) -> None:
    assert tokens(finds, "fr")[0] in {tokens(v, "fr")[0] for v in word_variants(word, "fr")}


@pytest.mark.parametrize(
    ("word", "analysis"), [("ete", "fr"), ("arrêtée", "fr"), ("soldiers", "en"), ("l'armee", "fr")]
)
def test_when_no_accent_is_missing_then_the_word_is_searched_as_typed(word: str, analysis: str) -> None:
    assert word_variants(word, analysis) == (word,)  # type: ignore[arg-type]
