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
from collections.abc import Iterable, Iterator
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
         r"[\dO]{1,2}\s*[/.\-]\s*[\dO]{1,2}\s*[/.\-]\s*[\dOl]{2,4}|\d{4}-\d{2}-\d{2}|"
         # digits spaced as said or typed without separators: "14 02 99", "3 11 1987"
         r"(?:0?[1-9]|[12]\d|3[01]) (?:0?[1-9]|1[0-2]) (?:(?:19|20)\d\d|\d\d)(?![\d/.])|"
         # unknown day or month as registries write them: "--/--/1958", "XX/XX/1980", "??/03/1975"
         r"(?:[\dX?]{1,2}|-{1,2})\s*[/.]\s*(?:[\dX?]{1,2}|-{1,2})\s*[/.]\s*\d{4}|"
         r"\d{1,2}\s+du\s+\d{1,2}\s+\d{4}|"
         # a year alone, with a letter read for a digit ("l965", "2OO4") or its digits spaced ("1 9 5 6")
         r"(?:[1l][89]|2[0O])[\dOl]{2}(?![\w])|(?:1 [89]|2 0) \d \d(?! ?\d))")
_WEEKDAYS = (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|"
             r"saturday|sunday)")
_WEEKDAY_FIRST = re.compile(r"(?i)" + _WEEKDAYS + r",?\s+")
#: After "né(e) ... le", a day, any short word and a year is a date with its month misspelt ("le 5 jullet 2006").
_DATE_LOOSE = r"\d{1,2}\s+[^\W\d_]{3,9}\s+(?:19|20)\d\d(?!\d)"
#: What may stand between a birth cue and its date, over one line break at most ("was born\non 4 March").
_GAP = r"(?:[^.\n]|\n(?!\n))"
_ABOUT = r"(?:(?:vers|environ|en|le|courant|fin|d[ée]but|around|about|circa|c\.|ca\.|in|on|the)\s+|~\s*)*"
_FIRST = "|".join(sorted({w.split()[0].split("-")[0] for w in number_words() if len(w.split()[0].split("-")[0]) > 1},
                         key=len, reverse=True))
_NUM = rf"(?:\d{{1,3}}|\b(?:{_FIRST})(?:[\s\-]+(?:et[\s\-]+)?[^\W\d_]+){{0,3}}?)"
_UNIT = re.compile(r"(?i)(?:[\s\-]*an\(s\)|[\s\-]+(?:ans?|mois|semaines?|jours?|years?|months?|weeks?|days?|y|yrs?|yo|"
                   r"y\.o\.|y/o))"
                   r"(?:[\s\-]+old)?$")


#: In a gap between a birth cue and a date: another date or number, so the date found is not the birth's
#: ("born on may third nineteen eighty what happened to you in 2018").
_OTHER_DATE = re.compile(r"(?i)\d|\b(?:" + "|".join(MONTHS_FR + MONTHS_EN[:12]) + r"|nineteen|twenty|mille|vingt|"
                         r"thousand|hundred|cent)\b")


class BirthDateRecognizer(RegexRecognizer):
    NAME = "pattern.birth_date.v2"
    LABELS: ClassVar[tuple[str, ...]] = ("BIRTH_DATE",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("né", "née", "date de naissance", "born", "date of birth", "DOB", "b.")
    SCORE = 0.9
    PATTERNS = (
        re.compile(r"(?i)\b(?:n[ée]e?s?|nee)\b(?:\s*\(e\))?" + _GAP
                   + r"{0,60}?\b(?:le|en|vers|au|l'an|courant|environ)\s+"
                   r"(?:(?:vers|environ|le|en)\s+)?(?P<v>(?:" + _WEEKDAYS + r",?\s+)?(?:" + _DATE + "|" + _DATE_LOOSE
                   + "))"),
        re.compile(r"(?i)\b(?:(?:date|ann[ée]e)\s+(?:et\s+lieu\s+)?d[ec]\s+naissance|DDN|date\s+of\s+birth|year\s+of\s+birth|"
                   r"birth\s*date|D\.?O\.?B\.?)[\s.:;_\-…?]*(?:[^\d\n]{0,30}?\n?[^\d\n]{0,8}?)?(?:le\s+)?" + _ABOUT
                   + r"(?P<v>" + _DATE + ")"),
        re.compile(r"(?i)\bborn\b" + _GAP + r"{0,60}?\b(?:on|in|around|about|circa)\s+(?:the\s+)?(?P<v>(?:" + _WEEKDAYS
                   + r",?\s+)?" + _DATE + ")"),
        re.compile(r"(?i)\bborn\s+(?P<v>" + _DATE + ")"),
        re.compile(r"(?<![\w.])b\.\s*" + _ABOUT + r"(?P<v>" + _DATE + ")"),
        # a year right after "né(e)" in notes ("née 1956", "né ~1971", "née 1 9 5 6 selon sa carte") or after
        # Bambara "bangera" (was born) in a testimony mixing languages
        re.compile(r"(?i)\b(?:n[ée]e?s?(?:\s*\(e\))?|bangera)\s+(?:~\s*)?(?P<v>(?:[1l][89]|2[0O])[\dOl]{2}(?![\w])|"
                   r"(?:1 [89]|2 0) \d \d(?! ?\d))"),
    )

    def find(self, view: TextView) -> Iterable[Span]:
        found = list(self._cued(view))
        yield from found
        yield from _same_year_dates(view.text, found)

    def _cued(self, view: TextView) -> Iterator[Span]:
        for index, pattern in enumerate(self.PATTERNS):
            for match in pattern.finditer(view.text):
                other = _OTHER_DATE.search(view.text, match.start() + 4, match.start("v"))
                if other is not None and (index == 2 or not other.group(0).isalpha() or other.group(0).lower() in
                                          MONTHS_FR + MONTHS_EN):
                    continue
                span = self.span_of(match)
                if span is not None and sum(c.isdigit() for c in view.text[span.start:span.end]) >= 2:
                    yield span
                    weekday = _WEEKDAY_FIRST.match(view.text, span.start, span.end)
                    if weekday is not None:  # the date without its weekday is the date of birth too
                        yield Span(weekday.end(), span.end, span.label, span.score)


#: A full date (day, month, year) in digits or with the month in words.
_FULL_DATE = re.compile(rf"(?i)(?<![\w/.\-])(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?P<y1>(?:19|20)\d\d)|"
                        rf"{_DAY}\s+{_MONTH}\s+(?P<y2>(?:19|20)\d\d))(?![\w/])")
#: A year said without its century after "born in" / "né en" ("born in eighty-five").
_SHORT_BIRTH_YEAR = re.compile(r"(?i)\b(?:n[ée]e?s?|born)\s+(?:in|en)\s+(?P<v>(?:twenty|thirty|forty|fifty|sixty|"
                               r"seventy|eighty|ninety)(?:[\s\-]+[a-z]+)?|(?:soixante|quatre[\s\-]+vingts?)"
                               r"(?:[\s\-]+[a-z]+){0,2}|\d\d)\b")


#: What says a date is read from a paper or given exactly, not an event ("le 17 janvier 2012, ils sont venus").
_STATED_BEFORE = re.compile(r"(?i)\b(?:says?|said|reads?|shows?|écrit|marqué|indiqu\w+|carte|card|ID|papier|paper|"
                            r"document|registre|register|acte|passeport|passport|officiel\w*|official\w*|"
                            r"exactement|exactly|pr[ée]cis[ée]ment|precisely)\b")
_STATED_AFTER = re.compile(r"(?i)[ \t,]*(?:exactement|exactly|pr[ée]cis[ée]ment|precisely|sur (?:la|sa|ma) carte|"
                           r"on (?:the|my|her|his) (?:card|ID|papers?))\b")


def _same_year_dates(text: str, found: list[Span]) -> Iterator[Span]:
    """A full date carrying the year of a date of birth just given is that date of birth, read from a document
    or said again ("born in 1996 ... my ID says 31/12/1996", "born in eighty-five. Le 5 août 1985 exactement")."""
    cues: list[tuple[int, str]] = []
    for span in found:
        digits = re.search(r"(?:19|20)\d\d", text[span.start:span.end])
        if digits is not None:
            cues.append((span.end, digits.group(0)))
    for match in _SHORT_BIRTH_YEAR.finditer(text):
        value = parse_number(match.group("v").replace("-", " "))
        if value is not None and 10 <= value <= 99:
            cues.append((match.end(), f"19{value}"))
    for end, birth_year in cues:
        for date in _FULL_DATE.finditer(text, end, min(len(text), end + 200)):
            if (date.group("y1") or date.group("y2")) == birth_year and (
                    _STATED_BEFORE.search(text, max(0, date.start() - 40), date.start())
                    or _STATED_AFTER.match(text, date.end())):
                yield Span(date.start(), date.end(), "BIRTH_DATE", 0.8)


#: Not after a street, plot or flat word: "rue 12a", "lot 7a" are addresses.
_NOT_AN_ADDRESS = "".join(rf"(?<!{w} )" for w in ("rue", "lot", "n°", "no", "nº", "porte", "villa", "flat", "bloc",
                                                   "Rue", "Lot", "No"))
#: Kin a testimony gives the age of ("my father was sixty-one").
_KIN = (r"father|mother|brother|sister|husband|wife|uncle|aunt|cousin|nephew|niece|grandson|granddaughter|"
        r"grandfather|grandmother|baby|widow")

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
                   rf"(?P<v>{_NUM}(?:[\s\-]+(?:ans?|mois|years?|months?)\b(?:[\s\-]+old)?)?)(?![/.,]?\d)"),
        # "34-year-old", "7 years old", "six months old", "a 2-month-old baby".
        re.compile(rf"(?i)\b(?P<v>{_NUM}[\s\-]+(?:years?|months?|weeks?|days?|yrs?)[\s\-]+old)\b"),
        # "27 ans", "17an", "dix mois", "3 semaines", "2 ans et demi", "8 months": an age unless the context
        # makes it a duration.
        re.compile(rf"(?i)(?<![\w/.,\-])(?P<v>(?:\d{{1,3}}[\s\-]*|{_NUM}[\s\-]+(?:\(\d{{1,3}}\)[\s\-]*)?)(?:ans|an\(s\)|an|mois|semaines?|months?|"
                   rf"weeks?)(?:\s+(?:et\s+demie?|and\s+a\s+half))?)(?:(?<=\))|\b)"),
        # "41 y", "38 yrs", "70yrs", "12 yo", "34 y.o.", "19 y/o"
        re.compile(r"(?i)(?<![\w/.,\-])(?P<v>\d{1,3}\s?(?:yrs?|y\.o\.|y/o|yo|y)(?=[\s,;.)]|$))"),
        # "(27)", "(38; DOB ...)", "(about 40, widow)" right after a name or a person.
        re.compile(r"(?i)(?<=[\wà-ÿ.]) \((?:about |environ |around )?(?P<v>\d{1,2})(?=[);,])"),
        # ", 45," / ", 30, from" after a name or a person noun; "then 19," / "then fifty-four,".
        re.compile(rf"(?<=[A-Za-zÀ-ÿ.]),\s(?:then\s|alors\s|now\s|aged\s)?(?P<v>\d{{1,2}}|{_NUM})(?=\s*[,;)]|,?\s*\n)"),
        # "he is 60", "She was thirty then", "The boy is now 15", "il a 43": the age of a person.
        re.compile(rf"(?i)\b(?:he|she|i|who|boy|girl|child|son|daughter|man|woman)(?:'s|\s+(?:is|was|am|were))\s+"
                   rf"(?:now\s+|then\s+|about\s+|around\s+|only\s+|just\s+|barely\s+)?(?P<v>\d{{1,3}}|{_NUM})\b"
                   r"(?!\s*(?:%|percent|km|kilo\w*|met\w*|times|people|men|women|of\b|minutes|hours|o'clock|h\b))"),
        # "a boy of 14", "a girl of nineteen or twenty".
        re.compile(rf"(?i)\b(?:boy|girl|child|man|woman|baby|kid|lad|youth)\s+of\s+(?:about\s+)?"
                   rf"(?P<v>{_NUM}(?:\s+or\s+{_NUM})?)\b"),
        # A field value or a table cell that is a number and an age unit: "Children : 9 years, 14 months",
        # "| 6 years", "Enfants : Tiémoko (4 an(s))" — in a form, "N years" is someone's age.
        re.compile(r"(?im)(?:^|(?<=[:|¦(;,]))[ \t]*(?P<v>\d{1,3}[ \t]*(?:years?|yrs?|ans?|an\(s\)|months?|mois))"
                   r"(?=[ \t]*(?:[,;|¦)]|$))"),
        # The answer to an age question in an interview or a transcript: "how old are you sixty three",
        # "quel âge avez-vous ? — Quarante-six", "your age [00:00:05.100 --> 00:00:07.900] thirty one".
        re.compile(rf"(?i)\b(?:how\s+old|(?:your|her|his|their)\s+age|quel\s+[âa]ge|(?:votre|ton|son|leur)\s+[âa]ge)"
                   rf"(?:[^\d\[.]|\[[\d:.,\s\->]*\]|SPEAKER_\d+){{0,80}}?(?<![\w\-])(?P<v>\d{{1,3}}|{_NUM})\b"
                   r"(?!\s*(?:%|km|h\b|:|/|heures|hours|minutes))"),
        # "about eleven.", "environ 31,", "approx. 40)": an approximate age closing a clause.
        re.compile(rf"(?i)\b(?:about|around|approx\.?|environ|env\.)\s+(?P<v>\d{{1,2}}|{_NUM})(?=\s*[.,;)](?!\d))"),
        # Notes abbreviate "ans" to "a": "~45a", "(frères, 30a et 27a)", "fils aîné, 17 a.".
        re.compile(r"(?=\d)(?<![\w/.,\-])" + _NOT_AN_ADDRESS + r"(?P<v>\d{1,3}(?:[aA]|[ \t][aA]\.)(?![\w]))"),
        # The age at a marriage: "married at 14", "mariée à 13 ans", "married off at the age of fifteen".
        re.compile(rf"(?i)\b(?:married|mari[ée]e?s?|wed|engaged|fianc[ée]e?s?)\s+(?:off\s+)?(?:at|à)\s+"
                   rf"(?:the\s+age\s+of\s+|l'[âa]ge\s+de\s+)?(?P<v>\d{{1,2}}|{_NUM})\b"
                   r"(?!\s*(?:h\b|heures|hours|o'clock|:|/|%))"),
        # An approximate age in apposition, after a comma: "a small boy, about 9 years.", "sa tante, environ 50 ans)".
        re.compile(rf"(?i)(?<=,)[ \t]*(?:about|around|approx\.?|environ|env\.)\s+"
                   rf"(?P<v>(?:\d{{1,3}}|{_NUM})\s+(?:years?|ans)(?:\s+old)?)(?=\s*[.,;)])"),
        # Kin and persons named in apposition: "my father was sixty-one", "The aunt, Tinhinane, is 60".
        re.compile(rf"(?i)\b(?:{_KIN}|boy|girl|child|son|daughter|man|woman)"
                   rf"(?:,\s+[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?,)?\s+(?:is|was)\s+(?:now\s+|then\s+|about\s+|around\s+|only\s+|just\s+|barely\s+)?"
                   rf"(?P<v>\d{{1,3}}|{_NUM})\b"
                   r"(?!\s*(?:%|percent|km|kilo\w*|met\w*|times|people|men|women|of\b|minutes|hours|o'clock|h\b))"),
    )

    #: Words a pattern cannot match without (by index): a text without them skips the pattern.
    NEEDS: ClassVar[dict[int, tuple[str, ...]]] = {
        1: ("old",), 9: ("old", "age", "âge"), 10: ("about", "around", "approx", "env"),
        12: ("mari", "marri", "wed", "engaged", "fianc"), 13: ("about", "around", "approx", "environ", "env"),
        14: (" is ", " was "),
    }

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        lowered = text.lower()
        for index, pattern in enumerate(self.PATTERNS):
            if index in self.NEEDS and not any(word in lowered for word in self.NEEDS[index]):
                continue
            for match in pattern.finditer(text):
                value = match.group("v")
                start = match.start("v")
                number = re.sub(r"(?i)\s+(?:et\s+demie?|and\s+a\s+half)$", "", value)
                number = re.sub(r"\s*\(\d{1,3}\)", "", number)  # "quarante-deux (42) ans"
                number = re.sub(r"(?<=\d)[ \t]?[aA]\.?$", "", number) if index == 11 else number
                number = re.sub(r"(?i)(?<=\d)(?=[a-z])", " ", number)
                number = _UNIT.sub("", number).strip()
                number = re.split(r"(?i)\s+or\s+", number)[0]
                if parse_number(number) is None:
                    continue
                if index == 2 and self._duration(text, start, match.end("v")):
                    continue
                if index in (4, 5, 13) and not _person_before(text, match.start()):
                    continue
                if index == 11 and "A" in value and not view.in_caps(start):
                    continue  # "12A" is a flat or a plot; "48A" an age only in an ALL-CAPS note
                end = _longest_number(text, start, match.end("v")) if not value[:1].isdigit() else match.end("v")
                if index == 9 and not 0 < (parse_number(text[start:end]) or 0) <= 110:
                    continue
                yield Span(start, _hesitation_end(text, end, number), "AGE", self.SCORE)
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
            match = re.search(r"(?<![\w/.,\-])(\d{1,3}|[^\W\d_]+(?:-[^\W\d_]+)*)(?:\s*,\s*|\s+(?:et|and|ou|or)\s+|"
                              r",\s+(?:and|et)\s+)$",
                              text[max(0, cursor - 40):cursor])
            if match is None or parse_number(match.group(1)) is None:
                return
            begin = max(0, cursor - 40) + match.start(1)
            joined = not re.search(r"(?i)\b(?:et|and)\b", match.group(0))  # "soixante, soixante-deux ans"
            yield Span(begin, cursor if joined else begin + len(match.group(1)), "AGE", self.SCORE * 0.9)
            cursor = begin


    def _listed_after(self, text: str, end: int) -> Iterable[Span]:
        """"aged 4, 6 and 9": the numbers listed after "aged N" are ages too."""
        pattern = re.compile(r"(?:\s*,\s*|\s+(?:et|and)\s+|,\s+(?:and|et)\s+)(\d{1,3})(?![\w/.,]\d)")
        while (match := pattern.match(text, end)) is not None:
            yield Span(match.start(1), match.end(1), "AGE", self.SCORE * 0.9)
            end = match.end()


#: A second number right after an age: a self-correction or a range ("vingt-six ans, vingt-sept", "13 or 14").
_SECOND = re.compile(r"(?i)(?:[ \t]*,[ \t]*|[ \t]+(?:or|ou|à|to)[ \t]+|[ \t]*[-–][ \t]*)(?:(?:\.{2,}|…)[ \t]*)?"
                     r"(\d{1,3}|[^\W\d_]+)")
_SECOND_UNIT = re.compile(r"(?i)[\s\-]+(?:ans|years?(?:[\s\-]+old)?)\b")
#: What may follow that second number: the end of a clause or a doubt, never a counted noun ("14 ans, 15 personnes").
_SECOND_END = re.compile(r"(?i)[ \t]*(?:[.,;:)!?…\n—–]|$)|[ \t]+(?:peut-être|peut|maybe|perhaps|probably|je|I|or|ou|"
                         r"now|then|alors|maintenant|environ|about)\b")


def _hesitation_end(text: str, end: int, first: str) -> int:
    """End of an age taking in a second number close to it (within ten years) said right after it."""
    value = parse_number(first)
    match = _SECOND.match(text, end)
    if value is None or match is None:
        return end
    stop = match.end() if match.group(1).isdigit() else _longest_number(text, match.start(1), match.end())
    second = parse_number(text[match.start(1):stop])
    if second is None or abs(second - value) > 10:
        return end
    unit = _SECOND_UNIT.match(text, stop)
    if unit is not None:
        return unit.end()
    return stop if _SECOND_END.match(text, stop) else end


def _longest_number(text: str, start: int, end: int) -> int:
    """Extend a number written in words as far as it still reads as one number ("sixty" -> "sixty-two")."""
    best = end
    for match in re.finditer(r"[\s\-]+(?:et[\s\-]+|and[\s\-]+)?[^\W\d_]+", text[end:end + 40]):
        candidate = end + match.end()
        if parse_number(text[start:candidate]) is None:
            break
        best = candidate
    return best


_PERSON_NOUNS = re.compile(r"(?i)\b(?:woman|man|boy|girl|child|widow|femme|homme|fille|garçon|garcon|veuve|enfant|"
                           r"victime|victim|patient|patiente|client|cliente|witness|témoin)\W*$")


def _person_before(text: str, position: int) -> bool:
    """A name (a capitalised word or an initial) or a person noun just before ``position``."""
    before = text[max(0, position - 40):position]
    return bool(re.search(r"(?:[A-ZÀ-Ý][\w'’\-]+|\b[A-Z]\.)$", before) or _PERSON_NOUNS.search(before))
