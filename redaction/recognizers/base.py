"""The contract every recognizer follows, and the analysed text they all share.

A recognizer is a class with metadata in class attributes (a versioned ``NAME`` stored with every span so
an auditor knows what found it, the ``LABELS`` it emits, its ``CONTEXT`` words and default ``SCORE``) and a
``find(view)`` method returning spans of the CLEANED text. The engine parses each text once and hands the
same ``TextView`` to every recognizer.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from redaction.casing import lower_case_lines
from redaction.cleaning import CleanText
from redaction.nlp import NerSpan
from redaction.words import Word, split_words

_LINE = re.compile(r"[^\n]+")
_UPPER = re.compile(r"[^\W\d_a-zß-öø-ÿ]")
_LOWER = re.compile(r"[a-zß-öø-ÿ]")


@dataclass(frozen=True, slots=True)
class Span:
    """A recognizer's hit, in cleaned-text offsets."""

    start: int
    end: int
    label: str
    score: float
    keep: bool = False


@dataclass
class TextView:
    """One text as every recognizer sees it: cleaned, split into words, with the model's entities."""

    clean: CleanText
    lang: str
    ner: list[NerSpan] = field(default_factory=list)
    ner_lang: str = ""
    words: list[Word] = field(init=False)
    _caps_starts: list[int] = field(init=False)
    _caps_ends: list[int] = field(init=False)
    _lower_starts: list[int] = field(init=False)
    _lower_ends: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.words = split_words(self.clean.text)
        starts: list[int] = []
        ends: list[int] = []
        for line in _LINE.finditer(self.clean.text):
            upper = len(_UPPER.findall(line.group(0)))
            if upper < 8:
                continue
            lower = len(_LOWER.findall(line.group(0)))
            if upper / (upper + lower) >= 0.8:
                starts.append(line.start())
                ends.append(line.end())
        self._caps_starts, self._caps_ends = starts, ends
        self._lower_starts, self._lower_ends = lower_case_lines(self.clean.text)

    @property
    def text(self) -> str:
        return self.clean.text

    @property
    def caps_lines(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the ALL-CAPS lines."""
        return self._caps_starts, self._caps_ends

    @property
    def lower_lines(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the lines written without capitals (``casing.lower_case_lines``)."""
        return self._lower_starts, self._lower_ends

    def in_caps(self, position: int) -> bool:
        """True inside an ALL-CAPS line, where capitals say nothing about names."""
        index = bisect.bisect_right(self._caps_starts, position) - 1
        return index >= 0 and position < self._caps_ends[index]

    def in_lower(self, position: int) -> bool:
        """True inside a line written without capitals (messages, transcripts): names are lower case too."""
        index = bisect.bisect_right(self._lower_starts, position) - 1
        return index >= 0 and position < self._lower_ends[index]

    def uncased(self, position: int) -> bool:
        """True where capitals say nothing about names: ALL-CAPS or all-lower-case lines."""
        return self.in_caps(position) or self.in_lower(position)

    def word_uncased(self, word: Word) -> bool:
        """True when ``word``'s own case says nothing: an ALL-CAPS word in an ALL-CAPS line, a lower-case word
        in a lower-case line. A Title-case word inside an ALL-CAPS header ("CENTRE DE SANTÉ Konna — FICHE DE
        CONSULTATION") was typed differently from its line, and that says it is a name."""
        if self.in_caps(word.start):
            return not any(c.islower() for c in word.text)
        if self.in_lower(word.start):
            return not any(c.isupper() for c in word.text)
        return False



class Recognizer(Protocol):
    NAME: ClassVar[str]
    LABELS: ClassVar[tuple[str, ...]]
    CONTEXT: ClassVar[tuple[str, ...]]
    SCORE: ClassVar[float]
    #: True when a keep-list span (region, armed group...) covering this recognizer's span wins over it.
    YIELDS_TO_KEEP: ClassVar[bool]

    def find(self, view: TextView) -> Iterable[Span]: ...
