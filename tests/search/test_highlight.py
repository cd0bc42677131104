from __future__ import annotations

import pytest

from search.highlight import MAX_SNIPPETS, patterns, snippets
from search.query import parse
from search.stored import TextView

LONG = (
    "Préambule. "
    + "Introduction sans intérêt. " * 20
    + "Les soldats sont arrivés. "
    + "Remplissage neutre. " * 20
    + "Le camp était gardé par des soldats. "
    + "Encore du texte. " * 20
)


def view(
    text: str, pages: tuple[tuple[int, int], ...] = (), segments: tuple[tuple[float, int], ...] = ()
) -> TextView:
    return TextView(text, pages, segments)


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        (
            "soldat",
            "Les soldats <b>arrivent</b> & partent.",
            "Les <mark>soldats</mark> &lt;b&gt;arrivent&lt;/b&gt; &amp; partent.",
        ),
        ('"camp de Gao"', "Le camp de Gao, puis le camp.", "Le <mark>camp de Gao</mark>, puis le camp."),
        ("arr*", "Ils ont été arrêtés.", "Ils ont été <mark>arrêtés</mark>."),
        ("camp -soldats", "Le camp et les soldats.", "Le <mark>camp</mark> et les soldats."),
        ("zzz", "Rien ici.", "Rien ici."),
    ],
)
def test_when_highlighting_then_only_positive_terms_are_marked_and_the_rest_is_escaped(
    query: str, text: str, expected: str
) -> None:
    (snippet,) = snippets(view(text), "fr", patterns(parse(query), "fr"))
    assert snippet.text == expected


def test_when_hits_are_spread_then_up_to_three_passages_are_cut_best_first_with_ellipses() -> None:
    found = snippets(view(LONG), "fr", patterns(parse("soldats camp"), "fr"))
    assert 1 < len(found) <= MAX_SNIPPETS
    assert "<mark>camp</mark>" in found[0].text and "<mark>soldats</mark>" in found[0].text
    assert all(s.text.startswith("…") and s.text.endswith("…") for s in found)


@pytest.mark.parametrize(
    ("word", "page", "seconds"), [("Préambule", 1, 0.0), ("arrivés", 2, 61.5), ("gardé", 3, 120.0)]
)
def test_when_a_passage_is_cut_then_its_page_and_timestamp_come_from_the_first_hit(
    word: str, page: int, seconds: float
) -> None:
    pages = ((1, 0), (2, LONG.index("Les soldats")), (3, LONG.index("Le camp")))
    segments = ((0.0, 0), (61.5, LONG.index("Les soldats") - 3), (120.0, LONG.index("Le camp")))
    (snippet,) = snippets(view(LONG, pages, segments), "fr", patterns(parse(word), "fr"))
    assert (snippet.page, snippet.seconds) == (page, seconds)


def test_when_the_text_is_empty_then_there_is_no_snippet() -> None:
    assert snippets(view("  "), "fr", patterns(parse("a"), "fr")) == ()
