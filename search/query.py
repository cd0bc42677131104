"""The user's query language, parsed here into a small AST; engines never see the raw string.

    soldats camp            both words (implicit AND)
    "camp de Gao"           phrase
    arrest* | arrêt*        prefix (at the end of a word)
    a OR b, a OU b          either
    a AND b, a ET b, +a     both
    NOT a, SAUF a, -a       without
    ( ... )                 grouping

Field syntax such as ``text:Moussa`` has no meaning: ``:`` is an ordinary character that the analyzers split
on, so the string searches the words "text" and "moussa" (as a phrase) in whatever text the principal may
see. Nothing in a query can name an index field, a regex or a wildcard in the middle of a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from search.base import InvalidQuery

MAX_QUERY_CHARS: Final = 1000
MAX_LEAVES: Final = 64
MAX_DEPTH: Final = 16

_AND_WORDS: Final = frozenset({"AND", "ET", "&&"})
_OR_WORDS: Final = frozenset({"OR", "OU", "||"})
_NOT_WORDS: Final = frozenset({"NOT", "SAUF", "!"})
_WILDCARDS: Final = "*?"
_OPERATORS: Final = {word: "and" for word in _AND_WORDS} | {word: "or" for word in _OR_WORDS} | {
    word: "not" for word in _NOT_WORDS
}


@dataclass(frozen=True)
class MatchAll:
    """No text: every document the principal may see."""


@dataclass(frozen=True)
class Term:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Leaf = Term | Prefix | Phrase
Node = MatchAll | Term | Prefix | Phrase | And | Or | Not


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "phrase", "and", "or", "not", "plus", "(", ")"
    text: str
    at: int


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char, i))
            i += 1
        elif char == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise InvalidQuery(f'unclosed quote at position {i + 1}: add the closing " or remove it',
                                   code="unclosed_quote", position=i + 1)
            tokens.append(_Token("phrase", text[i + 1 : end], i))
            i = end + 1
        elif char in "+-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "+-)":
            tokens.append(_Token("plus" if char == "+" else "not", char, i))
            i += 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"':
                i += 1
            word = text[start:i]
            kind = _OPERATORS.get(word, "word")
            tokens.append(_Token(kind, word, start))
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_or(self) -> Node:
        parts = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_and(self) -> Node:
        parts = [self.parse_unary()]
        while (token := self.peek()) is not None and token.kind not in ("or", ")"):
            if token.kind == "and":
                self.take()
            parts.append(self.parse_unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def parse_unary(self) -> Node:
        token = self.peek()
        if token is None:
            last = self.tokens[-1]
            raise InvalidQuery(f"{last.text!r} at position {last.at + 1} needs a term after it: add one",
                               code="term_missing", token=last.text, position=last.at + 1)
        if token.kind == "not":
            self.take()
            return Not(self.parse_unary())
        if token.kind == "plus":
            self.take()
            return self.parse_unary()
        return self.parse_primary()

    def parse_primary(self) -> Node:
        token = self.take()
        if token.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise InvalidQuery(f"parentheses nest deeper than {MAX_DEPTH} levels: simplify the query",
                                   code="too_nested", most=MAX_DEPTH)
            if (inner := self.peek()) is not None and inner.kind == ")":
                raise InvalidQuery(f"empty parentheses at position {token.at + 1}: put terms inside",
                                   code="empty_parentheses", position=token.at + 1)
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise InvalidQuery(f"parenthesis opened at position {token.at + 1} is not closed: add ')'",
                                   code="unclosed_parenthesis", position=token.at + 1)
            self.take()
            self.depth -= 1
            return node
        if token.kind == "phrase":
            return Phrase(token.text)
        if token.kind == "word":
            return _word(token.text)
        raise InvalidQuery(f"unexpected {token.text!r} at position {token.at + 1}: put a term before it",
                           code="term_before", token=token.text, position=token.at + 1)


def _word(text: str) -> Leaf:
    if text.endswith("*") and text.rstrip(_WILDCARDS):
        return Prefix(_strip_wildcards(text))
    return Term(_strip_wildcards(text))


def _strip_wildcards(text: str) -> str:
    return "".join(" " if char in _WILDCARDS else char for char in text).strip()


def parse(text: str) -> Node:
    """Parse a user's query string into an AST (``MatchAll`` when it is blank)."""
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidQuery(f"query is {len(text)} characters long; keep it under {MAX_QUERY_CHARS}",
                           code="too_long", length=len(text), most=MAX_QUERY_CHARS)
    tokens = _lex(text)
    if not tokens:
        return MatchAll()
    parser = _Parser(tokens)
    node = parser.parse_or()
    if parser.pos < len(tokens):
        stray = tokens[parser.pos]
        raise InvalidQuery(f"unmatched {stray.text!r} at position {stray.at + 1}: remove it or add '('",
                           code="unmatched", token=stray.text, position=stray.at + 1)
    if sum(1 for _ in leaves(node, include_negated=True)) > MAX_LEAVES:
        raise InvalidQuery(f"query has more than {MAX_LEAVES} terms: split it into several searches",
                           code="too_many_terms", most=MAX_LEAVES)
    return node


def leaves(node: Node, *, include_negated: bool = False) -> Iterator[Leaf]:
    """The terms, prefixes and phrases of a query; those under NOT only when ``include_negated``."""
    if isinstance(node, Term | Prefix | Phrase):
        yield node
    elif isinstance(node, And | Or):
        for part in node.parts:
            yield from leaves(part, include_negated=include_negated)
    elif isinstance(node, Not) and include_negated:
        yield from leaves(node.part, include_negated=include_negated)
