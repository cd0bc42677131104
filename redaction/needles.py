"""Find the strings to redact ("needles") in extracted text and in OCR word lists.

Matching is case-insensitive and accent-insensitive, and ignores everything that is not a letter or a
digit: "N'Golobougou" matches "Ngolobougou", "76 12 34 56" matches "76.12.34.56", and "Moussa Coulibaly"
matches "MOUSSA\\nCOULIBALY" or "Moussa Cou-\\nlibaly" across a line break. A match must begin and end on a
word boundary so that "Ali" does not eat "Alimentation"; a lower-to-upper case change ("FatoumataTraoré")
and a letter/digit change count as boundaries, and needles of six characters or more match inside a run
of digits (a phone number inside "0022376123456").

OCR text is noisy, so :func:`match_words` can also accept near misses (edit distance 1 from five
characters, 2 from nine) and words glued to their neighbours. Over-redaction is preferred to a leak.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_EXTRA_FOLDS = {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ʼ": "", "’": ""}
_DIGIT_RUN_MIN = 6


@dataclass(frozen=True)
class Needle:
    """A string to redact, with its folded key (letters and digits only, lower case, no accents)."""

    text: str
    key: str


@dataclass(frozen=True)
class TextMatch:
    """An occurrence of ``needle`` covering ``text[start:end]`` of the searched text."""

    needle: Needle
    start: int
    end: int


@dataclass(frozen=True)
class WordMatch:
    """An occurrence of ``needle`` covering the words ``first`` to ``last`` (inclusive)."""

    needle: Needle
    first: int
    last: int


def fold_char(ch: str) -> str:
    """Fold one character to the letters and digits it stands for (possibly none, possibly several)."""
    extra = _EXTRA_FOLDS.get(ch.lower())
    if extra is not None:
        return extra
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(c for c in kept if c.isalnum())


def fold_key(text: str) -> str:
    """The folded key of a whole string."""
    return "".join(fold_char(ch) for ch in text)


def compile_needles(needles: Sequence[str]) -> tuple[tuple[Needle, ...], tuple[str, ...]]:
    """Compile needles; return them, de-duplicated by key, and the ones with no letter or digit at all."""
    compiled: dict[str, Needle] = {}
    empty: list[str] = []
    for text in needles:
        key = fold_key(text)
        if not key:
            empty.append(text)
        elif key not in compiled:
            compiled[key] = Needle(text=text, key=key)
    return tuple(compiled.values()), tuple(empty)


class FoldedText:
    """A text reduced to its folded key, remembering which source character each key character came from."""

    def __init__(self, text: str) -> None:
        self.text = text
        keys: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(text):
            for folded in fold_char(ch):
                keys.append(folded)
                origin.append(index)
        self.key = "".join(keys)
        self.origin = origin

    def _is_boundary(self, k: int, needle_len: int) -> bool:
        """Whether key positions k-1 and k lie in different words of the source text."""
        if k <= 0 or k >= len(self.key):
            return True
        left, right = self.origin[k - 1], self.origin[k]
        if left == right:
            return False
        if right - left > 1:
            return True
        a, b = self.text[left], self.text[right]
        if a.isdigit() != b.isdigit():
            return True
        if a.isdigit():
            return needle_len >= _DIGIT_RUN_MIN
        return a.islower() and b.isupper()

    def find(self, needles: Sequence[Needle]) -> list[TextMatch]:
        """Every occurrence of every needle, as source-text spans, in text order."""
        found: list[TextMatch] = []
        for needle in needles:
            size = len(needle.key)
            pos = self.key.find(needle.key)
            while pos != -1:
                end = pos + size
                if self._is_boundary(pos, size) and self._is_boundary(end, size):
                    found.append(TextMatch(needle, self.origin[pos], self.origin[end - 1] + 1))
                pos = self.key.find(needle.key, pos + 1)
        found.sort(key=lambda m: (m.start, m.end))
        return found


def find_in_text(text: str, needles: Sequence[Needle]) -> list[TextMatch]:
    """Every occurrence of every needle in ``text``."""
    return FoldedText(text).find(needles)


def edit_budget(length: int) -> int:
    """How many edits an OCR'd word may differ by from a needle key of this length."""
    if length >= 9:
        return 2
    return 1 if length >= 5 else 0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance between a and b, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def match_words(words: Sequence[str], needles: Sequence[Needle], *, fuzzy: bool = True) -> list[WordMatch]:
    """Needles found in a sequence of words (e.g. OCR output in reading order).

    Exact matches follow the rules of :class:`FoldedText` over the words joined by spaces, so a needle
    may span several words, or lines. With ``fuzzy``, runs of up to (words in the needle + 1) consecutive
    words whose concatenated key is within :func:`edit_budget` of the needle key also match, and a word
    whose key contains a needle key of six characters or more matches whole.
    """
    starts: list[int] = []
    joined_parts: list[str] = []
    offset = 0
    for word in words:
        starts.append(offset)
        joined_parts.append(word)
        offset += len(word) + 1
    joined = " ".join(joined_parts)
    found: set[WordMatch] = set()
    for match in find_in_text(joined, needles):
        found.add(WordMatch(match.needle, _word_at(starts, match.start), _word_at(starts, match.end - 1)))
    if fuzzy:
        found.update(_fuzzy_matches([fold_key(w) for w in words], needles))
    return sorted(found, key=lambda m: (m.first, m.last, m.needle.key))


def _word_at(starts: Sequence[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def _fuzzy_matches(keys: Sequence[str], needles: Sequence[Needle]) -> list[WordMatch]:
    found: list[WordMatch] = []
    for needle in needles:
        size = len(needle.key)
        budget = edit_budget(size)
        span = len(needle.text.split()) + 1
        for first, key in enumerate(keys):
            if size >= _DIGIT_RUN_MIN and needle.key in key:
                found.append(WordMatch(needle, first, first))
                continue
            if not key:
                continue
            joined = ""
            for last in range(first, min(len(keys), first + span)):
                joined += keys[last]
                if len(joined) > size + budget:
                    break
                if edit_distance(joined, needle.key, budget) <= budget:
                    found.append(WordMatch(needle, first, last))
                    break
    # A run that starts with a stray short word ("à Ngolobougou") also matches within budget: keep only
    # the minimal runs so that neighbouring words are not painted over.
    return [m for m in found if not any(o is not m and o.needle == m.needle and m.first <= o.first
                                        and o.last <= m.last for o in found)]
