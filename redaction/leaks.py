"""Tell real leaks from the engine's own writing when a redacted output is read again (issue 13).

A leak check runs the recognizers on a redacted text. What the engine wrote there (``RedactionResult.written``:
placeholders, pseudonyms, generalisations) and anything shaped like it (``redaction.written``) is not a
leak; a statistical model may still glue a pseudonym to its neighbours ("Personne B]. Appelez", "[avril 1994]"
as MISC). A finding that overlaps written text is a leak only if its part OUTSIDE the written text is itself
an identifier by the recognizers' rules: the pattern, list and context recognizers run on the text with every
written span blanked, and a word that looks like a name (a listed name, or a capitalised word that is no
common word) counts too. A finding that touches no written text is a leak, except a statistical model's
"mention" or organisation made only of words that identify no one (no digit, no name-like word: "JJ MM AAAA"
printed under letter boxes, read as MISC once the date written in them is a placeholder; issue 20).

    leaks = real_leaks(result.redacted_text, result.written, engine.analyze(result.redacted_text, lang="fr"))
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from redaction.cleaning import clean
from redaction.findings import Finding, WrittenSpan
from redaction.lexicon import load_lexicon
from redaction.namelike import word_is_name_like
from redaction.profiles import load_profile
from redaction.words import split_words
from redaction.written import engine_shapes

if TYPE_CHECKING:
    from redaction.recognizers.base import Recognizer

Range = tuple[int, int]
SOFT_LABELS = frozenset({"MISC", "ORG"})


def written_ranges(text: str, written: Iterable[WrittenSpan | Range]) -> list[Range]:
    """The given written spans and every engine-shaped string of ``text``, merged and sorted."""
    spans = [(w.start, w.end) if isinstance(w, WrittenSpan) else (int(w[0]), int(w[1])) for w in written]
    merged: list[Range] = []
    for start, end in sorted([*spans, *engine_shapes(text)]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def outside(start: int, end: int, ranges: Sequence[Range]) -> list[Range]:
    """The parts of ``[start, end)`` that no range covers."""
    pieces = [(start, end)]
    for low, high in ranges:
        if high <= start or low >= end:
            continue
        pieces = [p for s, e in pieces for p in ((s, min(e, low)), (max(s, high), e)) if p[1] > p[0]]
    return pieces


def real_leaks(text: str, written: Iterable[WrittenSpan | Range], findings: Iterable[Finding], *,
               lang: str = "fr", profile: str | None = None) -> list[Finding]:
    """The findings on a redacted ``text`` that are real leaks (see the module docstring). Keep-list findings
    are never leaks, nor, when ``profile`` is given, findings of a label that profile keeps (places and ages
    under ``prosecution``)."""
    ranges = written_ranges(text, written)
    kept = load_profile(profile) if profile is not None else None
    leaks: list[Finding] = []
    identifiers: list[Range] | None = None
    for finding in findings:
        if finding.keep or (kept is not None and kept.action_for(finding.label) == "keep"):
            continue
        if not any(low < finding.end and finding.start < high for low, high in ranges):
            if _soft(finding) and not _identifying(text, finding.start, finding.end):
                continue
            leaks.append(finding)
            continue
        residual = outside(finding.start, finding.end, ranges)
        if not residual:
            continue
        if identifiers is None:
            identifiers = _identifiers(_masked(text, ranges), lang)
        if any(s < e2 and s2 < e for s, e in residual for s2, e2 in identifiers) or _names_in(text, residual):
            leaks.append(finding)
    return leaks


def _soft(finding: Finding) -> bool:
    """A statistical model's guess of a label that identifies no one by itself (a "mention", an organisation)."""
    return finding.recognizer.startswith("ner.") and finding.label in SOFT_LABELS


def _identifying(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a digit or a word that looks like a name."""
    return any(char.isdigit() for char in text[start:end]) or _names_in(text, [(start, end)])


def _masked(text: str, ranges: Sequence[Range]) -> str:
    chars = list(text)
    for start, end in ranges:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _names_in(text: str, pieces: Sequence[Range]) -> bool:
    lexicon = load_lexicon()
    for start, end in pieces:
        for word in split_words(text[start:end]):
            if (word.text[:1].isupper() or lexicon.is_name(word.key)) and word_is_name_like(word.text, lexicon):
                return True
    return False


def _identifiers(text: str, lang: str) -> list[Range]:
    """Spans the language-independent recognizers (patterns, lists, context) report on ``text``."""
    from redaction.recognizers.base import TextView

    cleaned = clean(text)
    view = TextView(cleaned, lang if lang in ("fr", "en") else "fr")
    out: list[Range] = []
    for recognizer in _rule_recognizers():
        for span in recognizer.find(view):
            if not span.keep:
                out.append(cleaned.to_original(span.start, span.end))
    return out


@functools.cache
def _rule_recognizers() -> tuple[Recognizer, ...]:
    from redaction.recognizers import builtin_recognizers
    return tuple(r for r in builtin_recognizers() if not r.NAME.startswith("ner.") and not r.NAME.startswith("keep."))
