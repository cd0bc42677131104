"""Names written in Arabic script: in an Arabic-script text (flagged for review) the name list of
``conf/names/arabic_script_names.txt``; inside a French or English text, any Arabic or Tifinagh passage,
which there is almost always a name, a place or a quotation a reviewer must see."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.recognizers.base import Span, TextView

_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u2d30-\u2d7f"
_RUN = re.compile(rf"[{_SCRIPT}]+(?:[ \t]+[{_SCRIPT}]+)*")
_WORD = re.compile(rf"[{_SCRIPT}]+")
_PARTICLES = frozenset({"ولد", "بنت", "بن", "آغ", "اغ"})
_ARTICLE = re.compile(r"^(?:و|ب|ل|ال)")


class NonLatinRunRecognizer:
    NAME: ClassVar[str] = "pattern.non_latin_run.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON",)
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.5
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def find(self, view: TextView) -> Iterable[Span]:
        if view.lang not in ("fr", "en"):
            return
        for match in _RUN.finditer(view.text):
            yield Span(match.start(), match.end(), "PERSON", self.SCORE)


class ArabicNameRecognizer:
    NAME: ClassVar[str] = "gazetteer.arabic_names.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON",)
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.7
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find(self, view: TextView) -> Iterable[Span]:
        if view.lang in ("fr", "en"):
            return
        words = list(_WORD.finditer(view.text))
        hits = [w.group(0) in self.names or _ARTICLE.sub("", w.group(0)) in self.names for w in words]
        index = 0
        while index < len(words):
            if not hits[index]:
                index += 1
                continue
            last = index
            while last + 1 < len(words) and not view.text[words[last].end():words[last + 1].start()].strip() and (
                    hits[last + 1] or words[last].group(0) in _PARTICLES or last == index):
                last += 1
            yield Span(words[index].start(), words[last].end(), "PERSON", self.SCORE)
            index = last + 1
