"""Make a text safe to analyse while keeping the way back to the original offsets.

Format characters (zero-width spaces, bidi marks and isolates, soft hyphens) are dropped, other control
characters become spaces, and each character is NFKC-normalised (full-width digits, ligatures). Every
character of the cleaned text remembers the index of the original character it came from, so a span found
in the cleaned text maps back to the ORIGINAL string, including any invisible character inside it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_KEEP_CONTROLS = frozenset("\n\t")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'", "‘": "'", "ʹ": "'"})


@dataclass(frozen=True, slots=True)
class CleanText:
    original: str
    text: str
    origin: Sequence[int]  # origin[i] = index in ``original`` of cleaned character i

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the cleaned span ``[start, end)`` to the original string."""
        if start >= end:
            pos = self.origin[start] if start < len(self.origin) else len(self.original)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


_ODD_ASCII = re.compile(r"[\x00-\x08\x0b-\x1f\x7f`]")


#: A word or code cut at a line end after a hyphen, slash, underscore or "@" ("CVJR-MPT-\n2021-04419",
#: "awa@\nyahoo.fr", "Tongo-\nrongo"): the line break is dropped, and the hyphen too between two letters.
_BROKEN = re.compile(r"(?<=[^\W_])([\-/@_])[ \t]*\n[ \t]*(?=[^\W_])")


#: OCR misreadings inside a word: a zero among letters ("K0NATE", "0UATTARA", "Tin0ssa") and a lower-case "l" among
#: capitals ("TRlBUNAL", "KAYEl"). Numbers are left alone: only words of at least three letters are read again.
_OCR_SUSPECT = re.compile(r"(?<![^\W_])(?=[^\W_]*0|[^\W_]*[A-Z]l|[^\W_]*l[A-Z])[^\W_]{3,}(?![^\W_])")
_ZERO_AS_O = str.maketrans("0", "O")
_ZERO_AS_o = str.maketrans("0", "o")


def clean(original: str) -> CleanText:
    cleaned = _clean(original)
    if "\n" in cleaned.text and _BROKEN.search(cleaned.text):
        cleaned = _join_broken(cleaned)
    return _read_ocr_letters(cleaned)


def _ocr_word(word: str) -> str:
    """``word`` with its OCR misreadings corrected (same length), or unchanged when it is a number or a code."""
    letters = sum(c.isalpha() for c in word)
    digits = len(word) - letters
    if letters < 3 or digits * 3 > letters or any(c.isdigit() and c != "0" for c in word):
        return word
    upper = sum(c.isupper() for c in word)
    if "0" in word:
        word = word.translate(_ZERO_AS_O if upper * 2 >= letters else _ZERO_AS_o)
    if "l" in word and upper >= 2 and upper >= letters - word.count("l"):
        word = word.replace("l", "I")  # "TRlBUNAL": every other letter is a capital
    return word


def _read_ocr_letters(cleaned: CleanText) -> CleanText:
    """OCR'd words read as their letters ("K0NATE" as "KONATE", "KAYEl" as "KAYEI"), offsets unchanged, so that name
    lists, keep-lists and the model see the word the scan shows."""
    text = cleaned.text
    if "0" not in text and "l" not in text:
        return cleaned
    pieces: list[str] = []
    last = 0
    for match in _OCR_SUSPECT.finditer(text):
        fixed = _ocr_word(match.group(0))
        if fixed != match.group(0):
            pieces += [text[last:match.start()], fixed]
            last = match.end()
    if not pieces:
        return cleaned
    pieces.append(text[last:])
    return CleanText(cleaned.original, "".join(pieces), cleaned.origin)


def _join_broken(cleaned: CleanText) -> CleanText:
    text = cleaned.text
    drop: set[int] = set()
    for match in _BROKEN.finditer(text):
        start = match.end(1)
        if match.group(1) == "-" and text[match.start() - 1].isalpha() and text[match.end()].isalpha():
            start = match.start(1)
        drop.update(range(start, match.end()))
    kept = [i for i in range(len(text)) if i not in drop]
    return CleanText(cleaned.original, "".join(text[i] for i in kept), [cleaned.origin[i] for i in kept])


def _clean(original: str) -> CleanText:
    if original.isascii() and not _ODD_ASCII.search(original):
        return CleanText(original, original, range(len(original)))
    if original.replace("\n", " ").replace("\t", " ").isprintable() and unicodedata.is_normalized("NFKC", original):
        return CleanText(original, original.translate(_APOSTROPHES), range(len(original)))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(original):
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        if category == "Cc" and char not in _KEEP_CONTROLS:
            out = "\n" if char == "\r" else " "
        elif char.isascii():
            out = char
        else:
            out = unicodedata.normalize("NFKC", char).translate(_APOSTROPHES) or " "
        chars.append(out)
        origin.extend([index] * len(out))
    return CleanText(original, "".join(chars), origin)


@functools.lru_cache(maxsize=262144)
def fold(value: str) -> str:
    """Accent-, case- and apostrophe-insensitive key: ``N'Golobougou`` and ``NGOLOBOUGOU`` fold alike."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_APOSTROPHES).casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.replace("œ", "oe").replace("æ", "ae").replace("ø", "o").replace("ð", "d").replace("ł", "l")


@functools.lru_cache(maxsize=262144)
def fold_key(value: str) -> str:
    """``fold`` and drop apostrophes and hyphens: the key gazetteers index words by."""
    return fold(value).replace("'", "").replace("-", "")
