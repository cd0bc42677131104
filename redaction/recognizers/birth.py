"""Dates of birth and ages.

Dates of birth are found by their context, in every form: "née le 3 avril 1994", "né(e) le 1er mars 2003",
"né vers 1968", "born on 2 July 1985", "b. 1979", "date de naissance ..... 31/12/1972", "DOB: 1976".
Ages are a number and a unit ("27 ans", "dix mois", "34-year-old", "aged 12", "41 y"), in digits or words,
unless the context makes it a duration ("il y a 10 ans", "pendant deux mois", "three years ago"); lists of
ages ("âgés de 4, 6 et 9 ans", "aged 4, 6 and 9") give one span per number. A bare number in a form field
("Âge : 21") is the form-field recognizer's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.numbers import number_words, parse_number
from redaction.recognizers.base import Span, TextView
from redaction.recognizers.patterns import RegexRecognizer

MONTHS_FR = ("janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout",
             "septembre", "octobre", "novembre", "décembre", "decembre")
MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
             "oct", "nov", "dec")
_MONTH = "(?:" + "|".join(sorted(MONTHS_FR + MONTHS_EN, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:1er|1re|\d{1,2}(?:st|nd|rd|th|e|ème)?)"
_DATE = (rf"(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_MONTH}\s+\d{{4}}|"
         r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|\d{4}-\d{2}-\d{2}|(?:1[89]|20)\d\d(?!\d))")
_ABOUT = r"(?:(?:vers|environ|en|le|courant|fin|d[ée]but|around|about|circa|c\.|ca\.|in|on|the)\s+)*"
_FIRST = "|".join(sorted({w.split()[0].split("-")[0] for w in number_words() if len(w.split()[0].split("-")[0]) > 1}, key=len, reverse=True))
_NUM = rf"(?:\d{{1,3}}|\b(?:{_FIRST})(?:[\s\-]+(?:et[\s\-]+)?[^\W\d_]+){{0,3}}?)"
_UNIT = re.compile(r"(?i)[\s\-]+(?:ans?|mois|semaines?|jours?|years?|months?|weeks?|days?|y|yrs?|yo|y\.o\.)"
                   r"(?:[\s\-]+old)?$")


class BirthDateRecognizer(RegexRecognizer):
    NAME = "pattern.birth_date.v2"
    LABELS: ClassVar[tuple[str, ...]] = ("BIRTH_DATE",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("né", "née", "date de naissance", "born", "date of birth", "DOB", "b.")
    SCORE = 0.9
    PATTERNS = (
        re.compile(r"(?i)\b(?:n[ée]e?s?|nee)\b(?:\s*\(e\))?[^.\n]{0,60}?\b(?:le|en|vers|au|l'an|courant|environ)\s+"
                   r"(?:(?:vers|environ|le|en)\s+)?(?P<v>" + _DATE + ")"),
        re.compile(r"(?i)\b(?:(?:date|ann[ée]e)\s+(?:et\s+lieu\s+)?de\s+naissance|DDN|date\s+of\s+birth|year\s+of\s+birth|"
                   r"birth\s*date|D\.?O\.?B\.?)[\s.:_\-…]*(?:le\s+)?" + _ABOUT + r"(?P<v>" + _DATE + ")"),
        re.compile(r"(?i)\bborn\b[^.\n]{0,60}?\b(?:on|in|around|about|circa)\s+(?:the\s+)?(?P<v>" + _DATE + ")"),
        re.compile(r"(?i)\bborn\s+(?P<v>" + _DATE + ")"),
        re.compile(r"(?<![\w.])b\.\s*" + _ABOUT + r"(?P<v>" + _DATE + ")"),
    )


#: Words just before a number + unit that make it a duration or a point in time, not someone's age.
_DURATION_BEFORE = re.compile(
    r"(?i)(?:\bil\s+y\s+a|\by\s+a|\bdepuis|\bpendant|\bdurant|\bvoil[àa]|\bvoici|\bfait|\bdans|\ben|\bapr[èe]s|"
    r"\bavant|\bau\s+bout\s+d[e']|\bpour|\btous\s+les|\bchaque|\bpar|\bfor|\bover|\bin|\bwithin|\bafter|\bsince|"
    r"\bevery|\bduring|\blast|\bpast|\bnext|\bspent|\bpass[ée]\w*|\bserved|\bpurg\w*|\bcondamn[ée]e?s?\s+[àa]|"
    r"\bsentenced\s+to|\bd[ée]j[àa]|\bencore|\bplus\s+de|\bmoins\s+de|\bthan)\s+"
    r"(?:(?:seulement|presque|environ|près\s+de|plus\s+de|almost|about|nearly|some|only|the|les|des|deux|trois)\s+)?$")
_DURATION_AFTER = re.compile(
    r"(?i)^(?:\s+(?:plus\s+tard|apr[èe]s|auparavant|avant|de\s+(?:prison|d[ée]tention|mariage|guerre|conflit|"
    r"crise|service|captivit[ée]|exil|marche)|d'(?:emprisonnement|exil|[ée]cole|absence)|durant|de\s+suite|"
    r"ago|later|earlier|before|after|of\s+(?:prison|war|marriage|conflict|detention|exile|captivity)|"
    r"in\s+(?:prison|jail|detention)))")


class AgeRecognizer(RegexRecognizer):
    """Ages: a number and a unit, or "aged N" / "âgé de N"; durations are left (see the module docstring)."""

    NAME = "pattern.age.v2"
    LABELS: ClassVar[tuple[str, ...]] = ("AGE",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("âgé", "âgée", "ans", "aged", "year-old", "years old", "mois")
    SCORE = 0.85
    PATTERNS = (
        # "âgée de 14 ans", "aged 12", "age 34", "âgés de 4, 6 et 9 ans".
        re.compile(rf"(?i)\b(?:[âa]g[ée]e?s?|aged|age|ages)(?:\s*:\s*|\s+)(?:de\s+|d'environ\s+|d'à peine\s+|of\s+)?"
                   rf"(?P<v>{_NUM}(?:[\s\-]+(?:ans?|mois|years?|months?)(?:[\s\-]+old)?)?)(?![/.,]?\d)"),
        # "34-year-old", "7 years old", "six months old", "a 2-month-old baby".
        re.compile(rf"(?i)\b(?P<v>{_NUM}[\s\-]+(?:years?|months?|weeks?|days?|yrs?)[\s\-]+old)\b"),
        # "27 ans", "dix mois", "3 semaines": an age unless the context makes it a duration.
        re.compile(rf"(?i)(?<![\w/.,\-])(?P<v>{_NUM}[\s\-]+(?:ans|an|mois|semaines?))\b"),
        # "41 y", "38 yrs", "12 yo", "34 y.o."
        re.compile(r"(?i)(?<![\w/.,\-])(?P<v>\d{1,3}\s?(?:yrs?|y\.o\.|yo|y)(?=[\s,;)]|$))"),
        # "(27)" right after a capitalised name: "Awa Traoré (27)".
        re.compile(r"(?<=[A-Za-zÀ-ÿ]) \((?P<v>\d{1,2})\)"),
    )

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        for index, pattern in enumerate(self.PATTERNS):
            for match in pattern.finditer(text):
                value = match.group("v")
                start = match.start("v")
                number = _UNIT.sub("", value).strip()
                if parse_number(number) is None and not (index == 4 and number.isdigit()):
                    continue
                if index == 2 and self._duration(text, start, match.end("v")):
                    continue
                if index == 4 and not _name_before(text, match.start()):
                    continue
                yield Span(start, match.end("v"), "AGE", self.SCORE)
                yield from self._listed_before(text, start)
                if index == 0:
                    yield from self._listed_after(text, match.end("v"))

    @staticmethod
    def _duration(text: str, start: int, end: int) -> bool:
        return bool(_DURATION_BEFORE.search(text[max(0, start - 40):start])
                    or _DURATION_AFTER.match(text[end:end + 40]))

    def _listed_before(self, text: str, start: int) -> Iterable[Span]:
        """"4, 6 et 9 ans": the numbers listed before an age are ages too."""
        cursor = start
        while True:
            match = re.search(r"(?<![\w/.,\-])(\d{1,3}|[^\W\d_]+)(?:\s*,\s*|\s+(?:et|and|ou|or)\s+|,\s+(?:and|et)\s+)$",
                              text[max(0, cursor - 40):cursor])
            if match is None or parse_number(match.group(1)) is None:
                return
            begin = max(0, cursor - 40) + match.start(1)
            yield Span(begin, begin + len(match.group(1)), "AGE", self.SCORE * 0.9)
            cursor = begin


    def _listed_after(self, text: str, end: int) -> Iterable[Span]:
        """"aged 4, 6 and 9": the numbers listed after "aged N" are ages too."""
        pattern = re.compile(r"(?:\s*,\s*|\s+(?:et|and)\s+|,\s+(?:and|et)\s+)(\d{1,3})(?![\w/.,]\d)")
        while (match := pattern.match(text, end)) is not None:
            yield Span(match.start(1), match.end(1), "AGE", self.SCORE * 0.9)
            end = match.end()


def _name_before(text: str, position: int) -> bool:
    word = re.search(r"([A-ZÀ-Ý][\w'’\-]+)$", text[max(0, position - 40):position])
    return word is not None
