"""Numbers spelled out in words, as speech recognisers and dictated statements write them: dates of birth
("née le quatorze mars mille neuf cent quatre vingt treize", "born on june sixth nineteen eighty four",
"né en mille neuf cent cinquante deux"), phone numbers ("plus deux cent vingt trois soixante cinq trente ...",
"soixante seize cinquante quatre vingt et un zéro neuf" after a phone cue), identifiers dictated digit by
digit ("one eight six zero ... k") and e-mail addresses ("sekou point niakate arobase gmail point com")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.cleaning import fold_key
from redaction.numbers import number_words
from redaction.recognizers.base import Span, TextView
from redaction.words import Word

_FR = ("zéro|zero|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
       "vingts?|trente|quarante|cinquante|soixante|cents?|mille|mil|premier|1er")
_EN = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
       "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|oh|"
       "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
       "fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|double|triple")
_WORD = rf"(?:{_FR}|{_EN})\b"
_RUN = rf"{_WORD}(?:[\s,\-]+(?:(?:et|and)[\s\-]+)?{_WORD})*"
_MONTHS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
           "decembre|january|february|march|april|may|june|july|august|september|october|november|december")
_YEAR = (rf"(?:mille|mil|deux[\s\-]+(?:mille|mil)|nineteen|twenty|two[\s\-]+thousand|quatre[\s\-]+vingt|soixante)"
         rf"(?:[\s\-]+(?:(?:and|et)[\s\-]+)?{_RUN})?")
_DATE = re.compile(rf"(?i)\b(?:(?:le\s+)?(?:{_RUN})[\s\-]+(?:of[\s\-]+)?(?:{_MONTHS})|"
                   rf"(?:{_MONTHS})[\s\-]+(?:the[\s\-]+)?{_RUN})"
                   rf"[\s,\-]+(?:of[\s\-]+)?{_YEAR}\b")
_BIRTH = re.compile(r"(?i)\b(?:n[ée]e?s?|born|naissance|birth|dob)\b")
_YEAR_AFTER_BIRTH = re.compile(rf"(?i)\b(?:n[ée]e?s?|born)\b(?:[^.\n\d]{{0,25}}?\b(?:en|in|vers|around)\s+|\s+)"
                               rf"(?P<v>{_YEAR})\b")
#: A year said without its century: "born in eighty-five", "né en soixante-dix".
_SHORT_YEAR = re.compile(r"(?i)\b(?:n[ée]e?s?|born)\s+(?:in|en)\s+(?P<v>(?:twenty|thirty|forty|fifty|sixty|seventy|"
                         r"eighty|ninety)(?:[\s\-]+(?:one|two|three|four|five|six|seven|eight|nine))?|"
                         r"(?:soixante|quatre[\s\-]+vingts?)(?:[\s\-]+(?:et[\s\-]+)?(?:un|onze|deux|douze|trois|treize|"
                         r"quatre|quatorze|cinq|quinze|six|seize|sept|huit|neuf|dix(?:[\s\-]+(?:sept|huit|neuf))?))?)\b")
_PHONE_CUE = re.compile(r"(?i)\b(?:t[ée]l\w*|phone|num[ée]ro|number|contact|r?appel\w*|call|whatsapp|portable|"
                        r"mobile|joindre|joignable|reach)\b")
#: A dictated number may end with the letter of a NINA or a passport ("... four three two m"); not "a", "i", "y".
_TAIL = r"(?:[ \t\-]+[b-hj-xzB-HJ-XZ](?![\w'’]))?"
#: A dictated number goes on after a hesitation or a self-correction: "oh-two... sorry, oh-three", "three four...
#: and the last is eight, nine", "soixante... non, soixante-six".
_FIX = (r"[ \t]*(?:\.{2,}|…)[ \t,]*(?:(?:sorry|pardon|non|no|euh|uh|um|wait|attendez|I[ \t]+mean|"
        r"je[ \t]+veux[ \t]+dire|"
        r"and[ \t]+the[ \t]+last[ \t]+(?:one[ \t]+)?is|et[ \t]+le[ \t]+dernier(?:[ \t]+c'est)?|then|puis)[ \t,]*)*")
_PHONE_RUN = rf"{_WORD}(?:(?:{_FIX}|[\s,\-]+)(?:(?:et|and)[\s\-]+)?{_WORD})*"
_PHONE = re.compile(rf"(?i)\b(?:plus|zéro[\s\-]+zéro|zero[\s\-]+zero|double[\s\-]+z[ée]ro)[\s\-]+"
                    rf"(?:{_PHONE_RUN}){_TAIL}|\b{_PHONE_RUN}{_TAIL}")
#: A digit OCR read for a letter inside a word ("d0uze", "qua1re"): 0 for o, 1 for l or i.
_DIGIT_IN_WORD = re.compile(r"[01](?<=[^\W\d_][01])(?=[^\W\d_])")
_AS_LETTER = str.maketrans({"0": "o", "1": "l"})
_INTERRUPTED = re.compile(r"[ \t]*(?:…|\.{2,})")
_ID_CUE = re.compile(r"(?i)\b(?:nina|num[ée]ro|number|n°|no|id|card|carte|passport|passeport|ref\w*|dossier|"
                     r"file|registration|enregistrement)\b")
_LETTERS = r"(?:[a-z][\s\-]+){0,6}"
_DICTATED = re.compile(rf"(?i)\b{_LETTERS}(?:{_RUN})(?:[\s\-]+[a-z])?\b")
#: A reference dictated piece by piece with its separators said aloud: "B-F-A, tiret, G-R-M, tiret, vingt-trois,
#: tiret, zéro zéro quatre", "M L I slash twenty-two slash oh nine one seven".
_PIECE = rf"(?:{_RUN}|\d+|[A-Za-z](?:[\s\-][A-Za-z])*(?![\w'’])|(?-i:[A-Z]{{2,6}})\b)"
_SAID_SEPARATOR = (r"[\s,]*\b(?:tiret|trait[\s\-]+d'union|slash|barre(?:[\s\-]+oblique)?|oblique|dash|hyphen|"
                   r"underscore)\b[\s,]*")
_SAID_REFERENCE = re.compile(rf"(?i)(?<![\w'’]){_PIECE}(?:{_SAID_SEPARATOR}{_PIECE}){{2,}}")
_EMAIL = re.compile(rf"(?i)\b[\w\-]+(?:\s+(?:point|dot|tiret|underscore)\s+[\w\-]+)*(?:\s+{_WORD})*"
                    r"\s+(?:arobase|at)\s+[\w\-]+(?:\s+(?:point|dot)\s+[\w\-]+)+")


def _words(value: str) -> int:
    return len(re.findall(r"[^\W\d_]+", value))


class SpelledNumberRecognizer:
    NAME: ClassVar[str] = "pattern.spelled_numbers.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("BIRTH_DATE", "PHONE", "ID", "EMAIL")
    CONTEXT: ClassVar[tuple[str, ...]] = ("né le", "born", "tél", "numéro", "arobase")
    SCORE: ClassVar[float] = 0.8
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        if _DIGIT_IN_WORD.search(text):  # OCR "d0uze", "tr0is": read the digit as its letter (same length)
            text = _DIGIT_IN_WORD.sub(lambda m: m.group(0).translate(_AS_LETTER), text)
        for low, high in _windows(view):
            yield from self._numbers(text, low, high)
        for match in _SHORT_YEAR.finditer(text):
            yield Span(match.start("v"), match.end("v"), "BIRTH_DATE", self.SCORE)
        lowered = text.lower()
        if any(word in lowered for word in ("tiret", "slash", "barre", "oblique", "dash", "hyphen", "union")):
            for match in _SAID_REFERENCE.finditer(text):
                said = len(re.findall("(?i)" + _SAID_SEPARATOR, match.group(0)))
                if said >= 2 and sum(c.isdigit() for c in match.group(0)) + _words(match.group(0)) >= 4:
                    yield Span(match.start(), match.end(), "ID", self.SCORE)
        if "arobase" in lowered or (" at " in lowered and " dot " in lowered):
            for match in _EMAIL.finditer(text):
                if re.search(r"(?i)\b(?:com|fr|net|org|ml|point\s+\w+|dot\s+\w+)$", match.group(0)):
                    yield Span(match.start(), match.end(), "EMAIL", self.SCORE)

    def _numbers(self, text: str, low: int, high: int) -> Iterable[Span]:
        for match in _DATE.finditer(text, low, high):
            if _BIRTH.search(text, max(0, match.start() - 60), match.start()):
                yield Span(match.start(), match.end(), "BIRTH_DATE", self.SCORE)
        for match in _YEAR_AFTER_BIRTH.finditer(text, low, high):
            yield Span(match.start("v"), match.end("v"), "BIRTH_DATE", self.SCORE)
        for match in _PHONE.finditer(text, low, high):
            value = match.group(0)
            prefixed = value.split()[0].lower() in ("plus", "zéro", "zero", "double")
            cued = _PHONE_CUE.search(text, max(0, match.start() - 40), match.start()) is not None
            interrupted = cued and _words(value) >= 3 and _INTERRUPTED.match(text, match.end()) is not None
            if (prefixed and _words(value) >= 5) or (cued and _words(value) >= 5) or _words(value) >= 8 or interrupted:
                yield Span(match.start(), match.end(), "PHONE", self.SCORE)
        for match in _DICTATED.finditer(text, low, high):
            if _words(match.group(0)) >= 7 and _ID_CUE.search(text, max(0, match.start() - 40), match.start()):
                yield Span(match.start(), match.end(), "ID", self.SCORE)


_NUMBER_KEYS = frozenset({fold_key(w) for w in f"{_FR}|{_EN}|et|and|vingt|cent".replace("?", "").split("|")}
                         | {fold_key(w) for w in number_words() if " " not in w})


def _weight(word: Word) -> int:
    """How many number words ``word`` holds: "quatre-vingt-douze" counts three, "vingt" one, "maison" none."""
    if "-" not in word.text:
        return 1 if word.key in _NUMBER_KEYS else 0
    parts = [p for p in word.text.split("-") if p]
    if all(fold_key(p) in _NUMBER_KEYS for p in parts):
        return len(parts)
    return 1 if word.key in _NUMBER_KEYS else 0


def _windows(view: TextView) -> list[tuple[int, int]]:
    """Stretches of text around runs of three number words or more: the only places worth the regexes."""
    words = view.words
    out: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        if not _weight(words[index]):
            index += 1
            continue
        last = index
        weight = _weight(words[index])
        while last + 1 < len(words) and _weight(words[last + 1]):
            last += 1
            weight += _weight(words[last])
        if weight >= 3:
            low = max(0, words[index].start - 30)
            while low > 0 and view.text[low - 1].isalnum():
                low -= 1
            high = min(len(view.text), words[last].end + 30)
            if out and low <= out[-1][1]:
                out[-1] = (out[-1][0], high)
            else:
                out.append((low, high))
        index = last + 1
    return out
