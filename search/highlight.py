"""Highlighted passages, computed in Python on the ONE text a principal may read, for both engines.

Engine highlighters are not used: given a query that searches the full text in some documents and the
redacted text in others, they highlight every requested field of every hit from the terms of the whole
query, so a redacted-only hit could come back with a passage of its full text. Here the passage is cut from
the text ``scope.visible_text`` allowed, with the same analyzers the engines index with, so what matched is
what is marked. Offsets are characters; they map to pages and audio timestamps.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import tantivy

from search.analysis import Analysis, analyzer, prefix_tokens, tokens, word_variants
from search.base import Snippet
from search.query import Node, Phrase, Prefix, Term, leaves
from search.stored import TextView

SNIPPET_CHARS: Final = 220
MAX_SNIPPETS: Final = 3
ELLIPSIS: Final = "…"


@dataclass(frozen=True)
class Pattern:
    """A sequence of tokens to find; a prefix pattern (last token is a prefix) matches unstemmed tokens."""

    tokens: tuple[str, ...]
    last_is_prefix: bool = False


def patterns(node: Node, analysis: Analysis) -> tuple[Pattern, ...]:
    """What to mark for the positive (non-negated) terms of ``node`` under ``analysis``."""
    found: list[Pattern] = []
    for leaf in leaves(node):
        if isinstance(leaf, Term):
            for variant in word_variants(leaf.text, analysis):
                if toks := tokens(variant, analysis):
                    found.append(Pattern(tuple(toks)))
        elif isinstance(leaf, Phrase):
            if toks := tokens(leaf.text, analysis):
                found.append(Pattern(tuple(toks)))
        elif isinstance(leaf, Prefix) and (plain := prefix_tokens(leaf.text)):
            found.append(Pattern(tuple(plain), last_is_prefix=True))
    return tuple(dict.fromkeys(found))


def _spans(text: str, analysis: Analysis, wanted: Sequence[Pattern]) -> list[tuple[int, int, int]]:
    """(start, end, pattern index) of every occurrence, in text order."""
    analyzed: dict[Analysis, tuple[list[tantivy.Token], list[str]]] = {}
    for key in {"plain" if p.last_is_prefix else analysis for p in wanted}:
        toks = analyzer(key).pre_tokenize(text).tokens
        analyzed[key] = (toks, [t.text for t in toks])
    where: dict[Analysis, dict[str, list[int]]] = {}
    for key, (_, words) in analyzed.items():
        where[key] = {}
        for i, word in enumerate(words):
            where[key].setdefault(word, []).append(i)
    spans: list[tuple[int, int, int]] = []
    for index, pattern in enumerate(wanted):
        key = "plain" if pattern.last_is_prefix else analysis
        toks, words = analyzed[key]
        size = len(pattern.tokens)
        if size == 1 and pattern.last_is_prefix:
            starts = [i for i, word in enumerate(words) if word.startswith(pattern.tokens[0])]
        else:
            starts = where[key].get(pattern.tokens[0], [])
        for i in starts:
            if i + size > len(words) or words[i : i + size - 1] != list(pattern.tokens[: size - 1]):
                continue
            last = words[i + size - 1]
            if last.startswith(pattern.tokens[-1]) if pattern.last_is_prefix else last == pattern.tokens[-1]:
                spans.append((toks[i].char_offset_from, toks[i + size - 1].char_offset_to, index))
    return sorted(spans)


def _window(text: str, around: int) -> tuple[int, int]:
    start = max(0, around - SNIPPET_CHARS // 4)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < around else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > around else end
    return start, end


def _render(text: str, start: int, end: int, spans: Sequence[tuple[int, int, int]]) -> str:
    parts = [ELLIPSIS] if start > 0 else []
    cursor = start
    for s, e, _ in spans:
        s, e = max(s, cursor), min(e, end)
        if s >= e:
            continue
        parts += [html.escape(text[cursor:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    if end < len(text):
        parts.append(ELLIPSIS)
    return "".join(parts).strip()


def _locate(view: TextView, offset: int) -> tuple[int | None, float | None]:
    page = seconds = None
    if view.pages:
        i = bisect.bisect_right([o for _, o in view.pages], offset) - 1
        page = view.pages[max(i, 0)][0]
    if view.segments:
        i = bisect.bisect_right([o for _, o in view.segments], offset) - 1
        seconds = view.segments[max(i, 0)][0]
    return page, seconds


def snippets(view: TextView, analysis: Analysis, wanted: Sequence[Pattern]) -> tuple[Snippet, ...]:
    """Up to MAX_SNIPPETS passages of ``view`` around the best clusters of hits (the opening if none)."""
    if not view.text.strip():
        return ()
    spans = _spans(view.text, analysis, wanted) if wanted else []
    if not spans:
        start, end = _window(view.text, 0)
        page, seconds = _locate(view, 0)
        return (Snippet(_render(view.text, start, end, ()), page, seconds),)
    candidates = []
    starts = [s for s, _, _ in spans]
    for s, _, _ in spans:
        start, end = _window(view.text, s)
        low, high = bisect.bisect_left(starts, start), bisect.bisect_right(starts, end)
        inside = [span for span in spans[low:high] if span[1] <= end]
        candidates.append((len({i for _, _, i in inside}), len(inside), -start, start, end, inside))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int, list[tuple[int, int, int]]]] = []
    for *_, start, end, inside in candidates:
        if len(chosen) == MAX_SNIPPETS:
            break
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, inside))
    result = []
    for start, end, inside in chosen:
        page, seconds = _locate(view, inside[0][0])
        result.append(Snippet(_render(view.text, start, end, inside), page, seconds))
    return tuple(result)
