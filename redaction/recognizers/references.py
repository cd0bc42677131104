"""File, case, form and recording references of any institution, in any shape ("ABC-2019-00412",
"X-12-034", "REF/XYZ/2020/0007", "0087/CSP-GAO/2014", "AUD_2022_0318"), and numbers announced by a
reference cue ("réf. 4471", "case no. 2231"). The whole reference is one span: an institution's acronym
inside it goes with it, while the same acronym standing alone stays (keep-list).

Not references: dates ("12/03/2019", "2019-03-12", "03/2020"), year ranges ("2012-2013"), amounts
("1.500.000"), decimals, and short model names ("AK-47", "Mi-24": fewer than three digits).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.recognizers.base import Span, TextView

_MONTHS = frozenset([
    "janvier", "fevrier", "février", "mars", "avril", "mai", "juin", "juillet", "aout", "août", "septembre",
    "octobre", "novembre", "decembre", "décembre", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
])
_SHAPE = re.compile(r"(?<![\w/\-.@])[^\W_]+(?:[\-/_.][^\W_]+)+(?![\w@]|[\-/_][^\W_])")
_ALNUM = re.compile(r"(?<![\w\-/])(?:[A-Z]{1,3}[ \n]?\d{6,10}|(?i:[a-z]{1,2})\d{6,10}|\d{9,13}|[A-Z]{2,4}\d{3,}[A-Z]?)"
                    r"(?![\w\-/])")
#: A reference dictated or transcribed in lower case: letter groups, then digit groups ("aj sgo 21 099").
_SPACED = re.compile(r"(?<![\w])(?:[a-z]{2,5} ){1,3}\d{2,4} \d{3,5}(?![\w])")
#: What may follow a reference and belongs to it: a trailing register code ("19/2020 PJS"), a range end
#: ("PH-BKS-19-061 à 074").
_TAIL = re.compile(r"(?: (?i:à|to|-|au|through|jusqu'à) \d{2,6}(?![\w])| [A-Z]{2,5}(?![\w]))")
#: A second reference sharing all but its last group: "UASC/MLI/22/0917 et 0918", "0041 & 0042".
_AND_NEXT = re.compile(r"(?:,| (?i:et|and|&|,)) (\d{2,6})(?![\w/\-])")
_CUE = (r"(?i:\b(?:n[°º]|no\.?|num(?:[ée]ro|ber)?\.?|#|r[ée]f(?:[ée]rence)?\.?|reference|dossier|file|case|"
        r"matricule|registration|enregistr[ée]e?(?:ment)?|fiche|code|ticket|badge|re[çc]u|receipt)"
        r"(?:\s+(?:de|du|d'|of|the|interne|internal|individuel(?:le)?))?)")
_CUED = re.compile(_CUE + r"[ \t]*(?:n[°º]|no\.?|#)?[ \t]*[:.]?[ \t]*(?P<v>(?=[A-Za-z0-9\-/_.]*\d)[A-Za-z0-9]"
                   r"(?:[A-Za-z0-9\-/_.]*[A-Za-z0-9])?)")
_DATE = re.compile(r"^(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{2}|\d{4})|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|"
                   r"(?:0?[1-9]|1[0-2])[/.\-]\d{4})$")
_YEARS = re.compile(r"^(?:1[89]|20)\d\d[\-/](?:(?:1[89]|20)?\d\d)$")
_ACRONYM_BEFORE = re.compile(r"(?<![\w'])([A-Z]{2,6}|[A-Z](?:\.[A-Z])+\.?) $")
#: Words of an ALL-CAPS sentence that are no register code ("PLAINTE DE LA VICTIME RP 2019/1184").
_CAPS_WORDS = frozenset([
    "LE", "LA", "LES", "DE", "DU", "DES", "ET", "EN", "AU", "AUX", "PAR", "SUR", "SOUS", "UN", "UNE", "THE", "OF",
    "AND", "TO", "IN", "ON", "BY", "FOR", "AT", "NO", "OU", "OR", "SON", "SA", "SES", "MON", "MA", "MES", "LEUR",
    "DANS", "AVEC", "CE", "CET", "CETTE", "EST", "WAS", "IS", "FROM", "WITH",
])
_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$|^\d+[.,]\d+$")


def is_reference(value: str) -> bool:
    """A letters-and-digits code joined by dashes, slashes, dots or underscores that is not a date, a year
    range or a number."""
    digits = sum(c.isdigit() for c in value)
    if digits < 3 or _DATE.match(value) or _YEARS.match(value) or _NUMBER.match(value):
        return False
    parts = re.split(r"[\-/_.]", value)
    if any(p.lower() in _MONTHS for p in parts):
        return False
    if "." in value and all(p.isdigit() for p in parts) and len(parts) <= 3:
        return False  # "12.5.2" version-like or times
    return not (value.count(".") >= 1 and not re.search(r"[\-/_]", value) and any(p.isalpha() and len(p) > 4
                                                                                 for p in parts))


class ReferenceRecognizer:
    NAME: ClassVar[str] = "pattern.reference.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("CASE_REF", "ID")
    CONTEXT: ClassVar[tuple[str, ...]] = ("réf", "n°", "dossier", "file", "case", "registration", "matricule")
    SCORE: ClassVar[float] = 0.85
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        for match in _SHAPE.finditer(text):
            value = match.group(0).rstrip(".")
            if is_reference(value):
                end = match.start() + len(value)
                tail = _TAIL.match(text, end)
                if tail is not None and tail.group(0)[1:] not in _CAPS_WORDS:
                    end = tail.end()
                last = re.search(r"\d+$", value)
                following = _AND_NEXT.match(text, end)
                if last is not None and following is not None and len(following.group(1)) == len(last.group(0)):
                    end = following.end()
                codes = 1 if view.in_caps(match.start()) else 3  # an ALL-CAPS line: any word looks like a code
                yield Span(_with_acronym(text, match.start(), codes), end, "CASE_REF", self.SCORE)
        for match in _SPACED.finditer(text):
            if view.uncased(match.start()):
                yield Span(match.start(), match.end(), "CASE_REF", 0.7)
        for match in _ALNUM.finditer(text):
            yield Span(match.start(), match.end(), "ID", 0.8)
        for match in _CUED.finditer(text):
            value = match.group("v").rstrip(".")
            digits = sum(c.isdigit() for c in value)
            if digits >= 3 and not _DATE.match(value) and not _YEARS.match(value) and not _NUMBER.match(value) \
                    and not re.fullmatch(r"(?:1[89]|20)\d\d", value):
                yield Span(match.start("v"), match.start("v") + len(value), "CASE_REF", self.SCORE)


def _with_acronym(text: str, start: int, codes: int) -> int:
    """Start of a reference, taking in the upper-case register codes (up to ``codes``) written just before it
    ("RP 2019/1184", "CICR RFL 19/0871")."""
    for _ in range(codes):
        before = _ACRONYM_BEFORE.search(text, max(0, start - 12), start)
        if before is None or before.group(1) in _CAPS_WORDS:
            break
        start = before.start(1)
    return start
