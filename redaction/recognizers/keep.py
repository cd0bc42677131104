"""Keep-lists (``conf/keep/*.txt``): regions, Bamako, countries, armed groups, institutions, months; and years.
The regions of the 2023 reform, named after cercle towns, are kept only as "région de X" / "X region";
elsewhere such a name is the town, redacted whole ("born in Nioro du Sahel": its "Sahel" is not kept apart).

A kept span is reported with ``keep=True`` (the reviewer sees it) and left in the output: it wins over a
weaker finding it covers (spaCy, the locality gazetteer), never over an identifier, a name from the name
lists or a name propagated from the case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.lexicon import Lexicon
from redaction.recognizers.base import Span, TextView

_REGION_BEFORE = re.compile(r"(?i)\b(?:r[ée]gions?|region)\s+(?:de\s+|du\s+|d'|of\s+)?(?:la\s+|l')?$")
_REGION_AFTER = re.compile(r"(?i)^\s+(?:regions?|r[ée]gions?)\b")
_YEAR = re.compile(r"(?<![\w/.\-])(?:1[89]\d\d|20\d\d)(?![\w/]|[.\-]\d)")


class KeepListRecognizer:
    NAME: ClassVar[str] = "keep.lists.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("LOC", "ORG", "DATE")
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 1.0
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def find(self, view: TextView) -> Iterable[Span]:
        words = view.words
        towns: list[tuple[int, int]] = []
        for first, last, label in self.lexicon.regions_in_context.find(view.text, words):
            if self._says_region(view, first, last):
                yield Span(words[first].start, words[last - 1].end, label, self.SCORE, keep=True)
            elif last - first > 1:
                towns.append((first, last))  # "Nioro du Sahel" the town: its "Sahel" is no region of its own
                yield Span(words[first].start, words[last - 1].end, "LOC", 0.8)
        for first, last, label in self.lexicon.keep.find(view.text, words):
            if any(low <= first and last <= high for low, high in towns):
                continue
            start, end = words[first].start, words[last - 1].end
            value = view.text[start:end]
            if value.upper() in self.lexicon.keep_case_sensitive and value not in self.lexicon.keep_case_sensitive:
                continue
            yield Span(start, end, label, self.SCORE, keep=True)
        for match in _YEAR.finditer(view.text):
            yield Span(match.start(), match.end(), "DATE", self.SCORE, keep=True)

    @staticmethod
    def _says_region(view: TextView, first: int, last: int) -> bool:
        words = view.words
        start, end = words[first].start, words[last - 1].end
        return bool(_REGION_BEFORE.search(view.text[max(0, start - 20):start])
                    or _REGION_AFTER.match(view.text[end:end + 12]))
