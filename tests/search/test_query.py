from __future__ import annotations

import pytest

from search import InvalidQuery
from search.query import And, MatchAll, Not, Or, Phrase, Prefix, Term, leaves, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", MatchAll()),
        ("   ", MatchAll()),
        ("soldats", Term("soldats")),
        ("soldats camp", And((Term("soldats"), Term("camp")))),
        ("soldats AND camp", And((Term("soldats"), Term("camp")))),
        ("soldats ET camp", And((Term("soldats"), Term("camp")))),
        ("soldats et camp", And((Term("soldats"), Term("et"), Term("camp")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("a OU b", Or((Term("a"), Term("b")))),
        ("a -b", And((Term("a"), Not(Term("b"))))),
        ("a NOT b", And((Term("a"), Not(Term("b"))))),
        ("a SAUF b", And((Term("a"), Not(Term("b"))))),
        ("+a +b", And((Term("a"), Term("b")))),
        ('"camp de Gao" arrest*', And((Phrase("camp de Gao"), Prefix("arrest")))),
        ("(a OR b) AND c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("text:Moussa", Term("text:Moussa")),
        ("redacted_text:*", Prefix("redacted_text:")),
        ("*Mou*ssa", Term("Mou ssa")),
        ("*", Term("")),
        ("jean-pierre", Term("jean-pierre")),
        ("a - b", And((Term("a"), Term("-"), Term("b")))),
    ],
)
def test_when_parsing_then_the_ast_is_as_expected(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"unclosed', "unclosed quote"),
        ("(a OR b", "not closed"),
        ("a OR b)", r"unmatched '\)'"),
        ("a AND", "needs a term after it"),
        ("OR a", "unexpected 'OR'"),
        ("()", "empty parentheses"),
        ("(" * 20 + "a" + ")" * 20, "nest deeper"),
        ("a " * 70, "more than 64 terms"),
        ("a" * 1001, "under 1000"),
    ],
)
def test_when_the_query_is_malformed_then_a_clear_error_says_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(InvalidQuery, match=message):
        parse(text)


def test_when_listing_leaves_then_negated_terms_are_left_out_unless_asked() -> None:
    node = parse("a -b (c OR NOT d)")
    assert list(leaves(node)) == [Term("a"), Term("c")]
    assert list(leaves(node, include_negated=True)) == [Term("a"), Term("b"), Term("c"), Term("d")]
