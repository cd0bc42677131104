"""Dates of birth and exact ages, found by their context ("née le 3 avril 1994", "âgée de 14 ans")."""

from __future__ import annotations

import re
from typing import ClassVar

from redaction.numbers import number_words, parse_number
from redaction.recognizers.base import Span
from redaction.recognizers.patterns import RegexRecognizer

MONTHS_FR = ("janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout",
             "septembre", "octobre", "novembre", "décembre", "decembre")
MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
             "oct", "nov", "dec")
_MONTH = "(?:" + "|".join(sorted(MONTHS_FR + MONTHS_EN, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:1er|\d{1,2}(?:st|nd|rd|th|e|ème)?)"
_DATE = (rf"(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_MONTH}\s+\d{{4}}|"
         r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|\d{4}-\d{2}-\d{2}|\d{4})")
_FIRST = "|".join(sorted({re.split(r"[\s\-]", w)[0] for w in number_words()}, key=len, reverse=True))
_NUM = rf"(?:\d{{1,3}}|\b(?:{_FIRST})(?:[\s\-]+[^\W\d_]+){{0,3}}?)"
_UNIT = re.compile(r"(?i)[\s\-]+(?:ans|years?(?:[\s\-]+old)?)$")


class BirthDateRecognizer(RegexRecognizer):
    NAME = "pattern.birth_date.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("BIRTH_DATE",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("né", "née", "date de naissance", "born", "date of birth", "DOB")
    SCORE = 0.9
    PATTERNS = (
        re.compile(r"(?i)\b(?:n[ée]e?s?|nee)\b[^.\n]{0,60}?\b(?:le|en|vers|au|l'an|courant)\s+(?P<v>" + _DATE + ")"),
        re.compile(r"(?i)\b(?:date\s+(?:et\s+lieu\s+)?de\s+naissance|DDN|date\s+of\s+birth|birth\s*date|D\.?O\.?B\.?)"
                   r"\s*[:\-]?\s*(?:le\s+)?(?P<v>" + _DATE + ")"),
        re.compile(r"(?i)\bborn\b[^.\n]{0,60}?\b(?:on|in|around|about|circa)\s+(?:the\s+)?(?P<v>" + _DATE + ")"),
    )


class AgeRecognizer(RegexRecognizer):
    """Exact ages: "âgée de 14 ans", "elle avait quatorze ans", "une fille de 12 ans", "a 14-year-old", "aged 14"."""

    NAME = "pattern.age.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("AGE",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("âgé", "âgée", "ans", "aged", "year-old", "years old")
    SCORE = 0.85
    _FR_UNIT = r"\s+ans\b"
    PATTERNS = (
        re.compile(rf"(?i)\b(?:[âa]g[ée]e?s?|[âa]ge)\s+(?:de\s+|d'environ\s+|d'à peine\s+)?(?P<v>{_NUM}{_FR_UNIT})"),
        re.compile(rf"(?i)(?<!\by )\b(?:avait|avais|avions|avaient|a|ai|as|ont|avoir|aura|aurait)\s+"
                   rf"(?:(?:seulement|à peine|environ|presque)\s+)?(?P<v>{_NUM}{_FR_UNIT})(?!\s+(?:de|d'|que|qu'))"),
        re.compile(rf"(?i)\b(?:fille|fillette|garçon|garcon|enfant|femme|homme|jeune|bébé|bebe|adolescente?|gamine?|"
                   rf"petite?|fils|sœur|soeur|frère|frere|élève|eleve|veuve|vieille|vieillard|victime)\s+"
                   rf"(?:âgée?\s+)?de\s+(?P<v>{_NUM}{_FR_UNIT})"),
        re.compile(rf"(?i)\b(?P<v>{_NUM}[\s\-]+years?[\s\-]+old)\b"),
        re.compile(rf"(?i)\b(?:aged|age|age of|ages)\s+(?P<v>{_NUM})\b(?![/.,]\d)"),
        re.compile(rf"(?i)\b(?P<v>{_NUM}[\s\-]+(?:ans|years?))[\s,]+(?:old|d'âge|d'age)\b"),
    )

    def span_of(self, match: re.Match[str]) -> Span | None:
        number = _UNIT.sub("", match.group("v")).strip()
        if parse_number(number) is None:
            return None
        return super().span_of(match)
