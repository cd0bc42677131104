"""Phone numbers in every written form: Malian and foreign, international prefixes, landlines, numbers cut
by a line break, and numbers spelled out in words after a phone cue ("sept six quatre quatre ...")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.recognizers.base import Span, TextView

_ML_PREFIX = r"(?:(?:\+|00)[ \t]?223|\([ \t]?(?:\+|00)?[ \t]?223[ \t]?\))"
#: A separator inside a number: space, dot, dash or slash, or a line break followed by more digits.
_GAP = r"(?:[ \t]*[.\-][ \t]*|/|[ \t]+|[ \t]*\n[ \t]*)"
#: Two digits, or two digits a line break cuts ("83 44 1\n0 72").
_PAIR = r"(?:\d\d|\d[ \t]*\n[ \t]*\d)"
_CUE = re.compile(r"(?i)\b(?:t[ée]l(?:[ée]phone)?s?|phone|num[ée]ro|number|contact|appel\w*|call|whatsapp|portable|"
                  r"mobile|joindre|joignable|reach\w*|gsm|cell)\b")
_DIGIT_WORDS = (
    "zéro|zero|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
    "vingt|trente|quarante|cinquante|soixante|one|two|three|four|five|seven|eight|nine|ten|oh|double|triple"
)
#: Digits spaced one by one, dashes of any kind between groups, a letter O (or l, I) typed for a digit:
#: "6 5 2 0 4 4 1 9", "8 3 1 1 - 4 0 - 7 2", "66 – 31 – 08 – 47", "9O 13 27 64". Judged by ``_loose_number``.
_LOOSE = re.compile(r"(?<![\w+/.,])[\dOolI](?:(?:[ \t]*[\-–—.][ \t]*|[ \t]{1,2})?[\dOolI]){7,11}(?![\w])")
#: A number dictated digit by digit: every digit alone, between spaces, dots, dashes or commas
#: ("2 2 3 . 6 7 . 0 4 . 5 5 . 9 1", "7 6, 3 9, 0 0, 1 5", "2 2 3 7 6 1 4 0 8 8 2"). Judged by ``_dictated``.
_DICTATED = re.compile(r"(?<![\w+/.,])\d(?:(?:[ \t]*[.,\-–][ \t]*|[ \t])\d(?!\d)){7,12}(?![\w])")
#: A letter O, o, l or I typed for a digit, next to a digit ("+223-7O-88-45-12").
_LETTER_DIGIT = re.compile(r"[OolI](?:(?<=\d[OolI])|(?=\d)|(?<=\d[ .\-][OolI])(?=[ .\-]?\d))")
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
_SPELLED = re.compile(rf"(?i)\b(?:(?:{_DIGIT_WORDS})(?:[\s,\-]+|$)){{6,}}")


class PhoneRecognizer:
    """Every phone number: see the module docstring. A span covers the whole number, prefix included."""

    NAME: ClassVar[str] = "pattern.phone.v2"
    LABELS: ClassVar[tuple[str, ...]] = ("PHONE",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("tél", "téléphone", "phone", "portable", "numéro", "appel", "whatsapp")
    SCORE: ClassVar[float] = 0.95
    YIELDS_TO_KEEP: ClassVar[bool] = False
    PATTERNS: ClassVar[tuple[re.Pattern[str], ...]] = (
        # International: + or 00, a country code, then digit groups (one line break allowed between groups).
        re.compile(r"(?<![\w+])(?:\+|(?<!\d)00|(?i:plus)[ \t]+)[ \t]?\(?\d{1,4}\)?"
                   r"(?:(?:[ \t]*[.\-/][ \t]*|[ \t]+|[ \t]*\n[ \t]*)?"
                   r"\(?\d{1,5}\)?){1,7}"),
        re.compile(rf"(?<![\w+]){_ML_PREFIX}[ \t.\-]*(?:\d[ \t.\-/]?){{7}}\d(?!\d)"),
        # Pairs: 4 or 5 groups of two digits ("76 12 34 56", "06 12 34 56 78", "76 12 34\n56").
        re.compile(rf"(?<![\w+.,/\-])\d{{2}}(?:{_GAP}{_PAIR}){{3,4}}(?![\d])"),
        re.compile(r"(?<![\w+])\d{4}(?:[ \t]?[.\-/]?[ \t]?)\d{4}(?!\d)"),
        re.compile(r"(?<![\w+])\d{2}[ .\-]\d{3}[ .\-]\d{3}(?!\d)"),
        # North American: (614) 555 0193, 614-555-0193.
        re.compile(r"(?<![\w+])(?:\(\d{3}\)[ \t]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?!\d)"),
        # A national number with a trunk 0 in three groups, 10 or 11 digits: "07700 900 318", "020 7946 0018".
        re.compile(r"(?<![\w+.,/\-])0\d{1,4}[ .\-]\d{3,4}[ .\-]\d{3,4}(?![\d/])"),
    )

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        if _LETTER_DIGIT.search(text):  # read "7O" as "70" (same length: the offsets hold)
            text = _LETTER_DIGIT.sub(lambda m: m.group(0).translate(_AS_DIGIT), text)
        for index, pattern in enumerate(self.PATTERNS):
            for match in pattern.finditer(text):
                value = match.group(0).rstrip(" \t\n.-/(")
                if value.endswith(")") and value.count("(") < value.count(")"):
                    value = value[:-1].rstrip(" \t\n.-/(")
                end = match.start() + len(value)
                digits = sum(c.isdigit() for c in text[match.start():end])
                if (index == 0 and not 8 <= digits <= 15) or (index == 6 and not 10 <= digits <= 11):
                    continue
                if index == 2 and _looks_like_date_or_amount(value):
                    continue
                yield Span(match.start(), end, "PHONE", self.SCORE)
        for match in _LOOSE.finditer(view.text):
            if _loose_number(match.group(0)):
                yield Span(match.start(), match.end(), "PHONE", 0.85)
        for match in _DICTATED.finditer(text):
            if _dictated(match.group(0)):
                yield Span(match.start(), match.end(), "PHONE", 0.85)
        for match in _SPELLED.finditer(view.text):
            if _CUE.search(text, max(0, match.start() - 40), match.start()):
                end = match.start() + len(match.group(0).rstrip(" ,-\n"))
                yield Span(match.start(), end, "PHONE", 0.8)


def _loose_number(value: str) -> bool:
    """A phone number written loosely (see ``_LOOSE``), not a date, an amount or a word: every group holds a
    real digit, 8 digits (Mali) or 10 starting with 0 (Côte d'Ivoire, France), and something the strict
    patterns do not read (a one-digit group, a long dash, a letter for a digit)."""
    groups = [g for g in re.split(r"[ \t]*[\-–—.][ \t]*|[ \t]+", value) if g]
    if not groups or not all(any(c.isdigit() for c in g) for g in groups):
        return False
    if any(not c.isdigit() and not (i and g[i - 1].isdigit()) and not (i + 1 < len(g) and g[i + 1].isdigit())
           for g in groups for i, c in enumerate(g)):
        return False  # a letter for a digit sits next to a real digit ("7O", "l2")
    digits = sum(len(g) for g in groups)
    if not (digits == 8 or (digits == 10 and groups[0][0] in "0O")) or max(len(g) for g in groups) > 4:
        return False
    if len(groups) == 3 and len(groups[-1]) == 4:
        return False  # "12 05 2021", "03.11.2002": a date
    return (min(len(g) for g in groups) == 1 or any(c in value for c in "–—")
            or any(not c.isdigit() for g in groups for c in g))


def _dictated(value: str) -> bool:
    """Digits dictated one by one make a phone number: 8 (Mali), 10 with a trunk 0, 11 to 13 with a country
    code (223, 22x, 33...). A comma between single digits is a list ("1, 2, 3"): commas must part pairs or more."""
    digits = [c for c in value if c.isdigit()]
    if "," in value and any(sum(c.isdigit() for c in part) < 2 for part in value.split(",")):
        return False
    return len(digits) == 8 or (len(digits) == 10 and digits[0] == "0") or 11 <= len(digits) <= 13


def _looks_like_date_or_amount(value: str) -> bool:
    groups = re.split(r"[^\d]+", value.strip())
    return len(groups) == 4 and "/" in value and 1 <= int(groups[1]) <= 12 and groups[2] in ("19", "20")
