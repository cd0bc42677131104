"""Propagation: once a string is found as a person's name anywhere in a case, every occurrence of it and of
its parts (given name alone, family name alone), in any casing, ALL CAPS or with accents folded, is covered
in every document of the case.

The archive accumulates ``Analysis.names`` per case and passes them back as ``case_names``. Only a string
that looks like a name (``may_propagate``, see ``redaction.namelike``) enters the index, and only its parts
that identify on their own are matched alone: "cercle", "Âge" or "Signature" never spread across a case.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import ClassVar

from redaction.lexicon import Lexicon, load_lexicon
from redaction.namelike import name_like_parts, rejection
from redaction.recognizers.base import Span, TextView
from redaction.words import PhraseIndex, Word, split_words

__all__ = ["CaseNames", "PropagationRecognizer", "canonical_name", "may_propagate", "usable_parts"]


def usable_parts(words: list[Word], lexicon: Lexicon) -> list[Word]:
    """The words of a name that identify on their own: no particle, title, stop word or keep-list word."""
    return [w for w in words if len(w.key) >= 2 and not w.key.isdigit() and w.key not in lexicon.particles
            and w.key not in lexicon.stop_words and (w.key,) not in lexicon.person_cues
            and not lexicon.is_kept_word(w.key)]


def canonical_name(name: str, lexicon: Lexicon) -> str:
    """The name without leading titles or cues ("M.", "Mme", "El Hadj") and trailing punctuation."""
    if lexicon is load_lexicon():
        return _canonical_with_default_lists(name)
    return _canonical(name, lexicon)


def may_propagate(name: str, lang: str = "fr") -> bool:
    """``namelike.may_propagate`` (True when ``name``, found as PERSON, may enter a case's vault), each name's
    verdict kept: the same names come back in every document of a case."""
    return _rejection_with_default_lists(name, lang) is None


def _rejection(name: str, lexicon: Lexicon) -> str | None:
    if lexicon is load_lexicon():
        return _rejection_with_default_lists(name, "fr")
    return rejection(name, lexicon=lexicon)


@functools.lru_cache(maxsize=65536)
def _rejection_with_default_lists(name: str, lang: str) -> str | None:
    return rejection(name, lang, lexicon=load_lexicon())


@functools.lru_cache(maxsize=65536)
def _canonical_with_default_lists(name: str) -> str:
    return _canonical(name, load_lexicon())


def _canonical(name: str, lexicon: Lexicon) -> str:
    words = split_words(name)
    while words and ((words[0].key,) in lexicon.person_cues or words[0].key in lexicon.stop_words):
        words = words[1:]
    if not words:
        return ""
    return name[words[0].start:words[-1].end]


class CaseNames:
    """The names of a case, indexed for matching as whole names and as parts."""

    def __init__(self, names: Iterable[str], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.index: PhraseIndex[str] = PhraseIndex()
        self.names: list[str] = []
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        if _rejection(name, self.lexicon) is not None:
            return
        name = canonical_name(name, self.lexicon)
        self.names.append(name)
        self.index.add(name, name)
        for part in name_like_parts(name, self.lexicon):
            self.index.add(part.text, name)

    def __bool__(self) -> bool:
        return bool(self.names)


class PropagationRecognizer:
    NAME: ClassVar[str] = "propagation.case_names.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON",)
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.9
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def __init__(self, names: CaseNames) -> None:
        self.names = names

    def find(self, view: TextView) -> Iterator[Span]:
        words = view.words
        for first, last, _name in self.names.index.find(view.text, words):
            yield Span(words[first].start, words[last - 1].end, "PERSON", self.SCORE)
