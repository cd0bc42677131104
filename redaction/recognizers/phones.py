"""Phone numbers in every written form: Malian and foreign, international prefixes, landlines, numbers cut
by a line break, and numbers spelled out in words after a phone cue ("sept six quatre quatre ...")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.recognizers.base import Span, TextView

_ML_PREFIX = r"(?:(?:\+|00)[ \t]?223|\([ \t]?(?:\+|00)?[ \t]?223[ \t]?\))"
#: A separator inside a number: space, dot, dash or slash, or a line break followed by more digits.
_GAP = r"(?:[ \t]*[.\-/][ \t]*|[ \t]+|[ \t]*\n[ \t]*)"
_CUE = re.compile(r"(?i)\b(?:t[ée]l(?:[ée]phone)?s?|phone|num[ée]ro|number|contact|appel\w*|call|whatsapp|portable|"
                  r"mobile|joindre|joignable|reach\w*|gsm|cell)\b")
_DIGIT_WORDS = (
    "zéro|zero|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
    "vingt|trente|quarante|cinquante|soixante|one|two|three|four|five|seven|eight|nine|ten|oh|double|triple"
)
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
        re.compile(r"(?<![\w+])(?:\+|(?<!\d)00)[ \t]?\(?\d{1,4}\)?(?:(?:[ \t]*[.\-/][ \t]*|[ \t]+|[ \t]*\n[ \t]*)?"
                   r"\(?\d{1,5}\)?){1,7}"),
        re.compile(rf"(?<![\w+]){_ML_PREFIX}[ \t.\-]*(?:\d[ \t.\-/]?){{7}}\d(?!\d)"),
        # Pairs: 4 or 5 groups of two digits ("76 12 34 56", "06 12 34 56 78", "76 12 34\n56").
        re.compile(rf"(?<![\w+.,/\-])\d{{2}}(?:{_GAP}\d{{2}}){{3,4}}(?![\d])"),
        re.compile(r"(?<![\w+])\d{4}(?:[ \t]?[.\-/]?[ \t]?)\d{4}(?!\d)"),
        re.compile(r"(?<![\w+])\d{2}[ .\-]\d{3}[ .\-]\d{3}(?!\d)"),
        # North American: (614) 555 0193, 614-555-0193.
        re.compile(r"(?<![\w+])(?:\(\d{3}\)[ \t]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?!\d)"),
    )

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        for index, pattern in enumerate(self.PATTERNS):
            for match in pattern.finditer(text):
                value = match.group(0).rstrip(" \t\n.-/(")
                if value.endswith(")") and value.count("(") < value.count(")"):
                    value = value[:-1].rstrip(" \t\n.-/(")
                end = match.start() + len(value)
                digits = sum(c.isdigit() for c in text[match.start():end])
                if index == 0 and not 8 <= digits <= 15:
                    continue
                if index == 2 and _looks_like_date_or_amount(value):
                    continue
                yield Span(match.start(), end, "PHONE", self.SCORE)
        for match in _SPELLED.finditer(text):
            if _CUE.search(text, max(0, match.start() - 40), match.start()):
                end = match.start() + len(match.group(0).rstrip(" ,-\n"))
                yield Span(match.start(), end, "PHONE", 0.8)


def _looks_like_date_or_amount(value: str) -> bool:
    groups = re.split(r"[^\d]+", value.strip())
    return len(groups) == 4 and "/" in value and 1 <= int(groups[1]) <= 12 and groups[2] in ("19", "20")
