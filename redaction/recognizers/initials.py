"""Initials as names: "K. T.", "A.K.", "M. A. Maïga", "O. Guindo", "Ch. Sylla", "Moussa K.", "Zeinabou W.", and an
initial before a surname that is also an ordinary word ("P. Fontanel", "J. Baker") mid-line in cased text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.lexicon import Lexicon
from redaction.namelike import is_common_word, label_words
from redaction.recognizers.base import Span, TextView

#: Abbreviations that look like initials and are not.
NOT_INITIALS = frozenset({"N.B.", "P.S.", "U.S.", "U.N.", "E.U.", "R.A.S.", "S.A.", "C.V.", "P.J.", "A.M.", "P.M.",
                          "T.S.V.P.", "V.S.", "J.C.", "R.D.", "O.K."})
_NAME = r"[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?:[ \t][A-ZÀ-Ý][a-zà-ÿ'’\-]+)?"
_PAIR = re.compile(r"(?<![\w.])(?:[A-Z]\.[ \t]?){2,3}(?![\w])|(?<![\w.])[A-Z]\.[A-Z]\.?(?![\w])")
_BEFORE_NAME = re.compile(rf"(?<![\w.])(?:(?:[A-Z]|Ch|Th|Mh|Md|Mme)\.[ \t]?)+(?P<name>{_NAME})")
_AFTER_NAME = re.compile(rf"(?P<name>{_NAME})[ \t](?P<initial>[A-Z]\.)(?![\w])")


class InitialsRecognizer:
    NAME: ClassVar[str] = "context.initials.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON",)
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.75
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def _name(self, value: str) -> bool:
        words = value.split()
        lex = self.lexicon
        return all(lex.is_name(w.lower()) or not is_common_word(w) for w in words) and not any(
            lex.is_kept_word(w.lower()) or w.lower() in lex.stop_words for w in words)

    def _surname_after_initial(self, view: TextView, match: re.Match[str]) -> bool:
        """"J. Baker", "P. Fontanel": an initial then a capitalised word that is also an ordinary word, mid-line
        and in cased text (a line that starts "A. Farmer" or "Q. Where" is a transcript's answer or question)."""
        head = match.group(0)[:match.start("name") - match.start()].strip()
        if len(head) != 2 or head[0] in "AQRM" or view.uncased(match.start()):
            return False
        if not view.text[max(0, match.start() - 40):match.start()].split("\n")[-1].strip():
            return False
        lex = self.lexicon
        words = match.group("name").split()
        return not any(lex.is_kept_word(w.lower()) or w.lower() in lex.stop_words or w.lower() in label_words()
                       for w in words)

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        for match in _PAIR.finditer(text):
            value = match.group(0).strip()
            if value.replace(" ", "") not in NOT_INITIALS:
                yield Span(match.start(), match.start() + len(value), "PERSON", self.SCORE)
        for match in _BEFORE_NAME.finditer(text):
            several = len(re.findall(r"[A-Z]\.", match.group(0)[:match.start("name") - match.start()])) >= 2
            if self._name(match.group("name")) and (several or not match.group(0).startswith(("M. ", "Mme"))):
                yield Span(match.start(), match.end(), "PERSON", self.SCORE)
            elif self._name(match.group("name")):
                yield Span(match.start("name"), match.end(), "PERSON", self.SCORE)
            elif self._surname_after_initial(view, match):
                yield Span(match.start(), match.end(), "PERSON", self.SCORE)
        for match in _AFTER_NAME.finditer(text):
            if self._name(match.group("name")) and match.group("initial") + " " not in ("M. ",):
                yield Span(match.start(), match.end("initial"), "PERSON", self.SCORE)
