"""Split a text into words with their offsets and folded keys; find known phrases among them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from redaction.cleaning import fold_key

_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_ELISION = re.compile(r"(?i)(?:l|d|qu|j|m|s|t|c|jusqu|lorsqu|puisqu)'(?=[^\W_])")
_SENTENCE_END = frozenset(".!?:;\n«»\"“”()[]—–-•*")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str
    key: str

    @property
    def is_title(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()


def split_words(text: str) -> list[Word]:
    """Words of ``text``; a French elision (``l'``, ``d'``, ``qu'``...) is split off its word."""
    words: list[Word] = []
    append = words.append
    for match in _WORD.finditer(text):
        value = match.group()
        start = match.start()
        if "'" in value:  # an elision needs its apostrophe
            elided = _ELISION.match(value)
            if elided is not None:
                cut = elided.end()
                append(Word(start, start + cut - 1, value[:cut - 1], fold_key(value[:cut - 1])))
                start += cut
                value = value[cut:]
        append(Word(start, start + len(value), value, fold_key(value)))
    return words


def at_sentence_start(text: str, start: int) -> bool:
    """True when only spaces and sentence punctuation stand between ``start`` and the previous sentence."""
    index = start - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


@functools.lru_cache(maxsize=65536)
def phrase_key(value: str) -> tuple[str, ...]:
    return tuple(w.key for w in split_words(value))


class PhraseIndex(Generic[T]):
    """Longest-match lookup of multi-word phrases (keys folded) over a list of words."""

    def __init__(self, entries: Iterable[tuple[str, T]] = ()) -> None:
        self._entries: dict[tuple[str, ...], T] = {}
        self._firsts: dict[str, int] = {}  # first word -> most words of a phrase starting with it
        self.longest = 0
        for phrase, value in entries:
            self.add(phrase, value)

    def add(self, phrase: str, value: T) -> None:
        key = phrase_key(phrase)
        if key:
            self._entries.setdefault(key, value)
            self._firsts[key[0]] = max(self._firsts.get(key[0], 0), len(key))
            self.longest = max(self.longest, len(key))

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: tuple[str, ...]) -> T | None:
        return self._entries.get(key)

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, text: str, words: list[Word]) -> Iterator[tuple[int, int, T]]:
        """Yield ``(first_word, last_word_exclusive, value)`` for the longest phrase starting at each word."""
        count = len(words)
        firsts = self._firsts
        index = 0
        while index < count:
            longest = firsts.get(words[index].key)
            if longest is None:
                index += 1
                continue
            best: tuple[int, T] | None = None
            upper = min(longest, count - index)
            for size in range(upper, 0, -1):
                value = self._entries.get(tuple(w.key for w in words[index:index + size]))
                if value is not None and (size == 1 or _contiguous(text, words, index, index + size - 1)):
                    best = (size, value)
                    break
            if best is None:
                index += 1
                continue
            yield index, index + best[0], best[1]
            index += best[0]


def _contiguous(text: str, words: list[Word], first: int, last: int) -> bool:
    return all(not text[words[i].end:words[i + 1].start].strip() for i in range(first, last))
