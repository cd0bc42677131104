"""Words no list knows, standing where a name stands (issue 13: "the strict profile is strict").

A capitalised word in the middle of a sentence of cased text that is no common French or English word, no stop
word, no keep-list term (region, country, institution, armed group, month), no form label, no name particle and
no person cue is a proper noun that nothing else recognised: a family name outside the name lists, a village
outside the gazetteer, a nickname. It is reported as a mention (``MISC``: removed by `strict`, pseudonymised by
the other profiles), which is also how the leak check reads such a word in an output (``redaction.leaks``); a
word the place tables know is reported as a place (``LOC``), so that a profile keeping places keeps it.

Left alone: a sentence's first word (capitalised anyway), ALL-CAPS words (an unknown acronym standing alone is
more likely an institution than a person) and every word of ALL-CAPS or lower-case lines, where capitals say
nothing. The reported words never enter a case's pseudonym vault: this recognizer is no name source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from redaction.cleaning import fold_key
from redaction.lexicon import Lexicon
from redaction.namelike import is_common_word, label_words
from redaction.places import Gazetteer
from redaction.recognizers.base import Span, TextView
from redaction.words import Word, at_sentence_start


class UnknownProperWordRecognizer:
    NAME: ClassVar[str] = "context.unknown_proper_word.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("MISC", "LOC")
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.4
    YIELDS_TO_KEEP: ClassVar[bool] = True

    def __init__(self, lexicon: Lexicon, places: Gazetteer | None = None) -> None:
        self.lexicon = lexicon
        self.places = places

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        for word in view.words:
            if not word.is_title or word.is_upper or len(word.key) < 4 or at_sentence_start(text, word.start):
                continue
            if view.uncased(word.start) or not self._unknown(word):
                continue
            if text[word.start - 1:word.start] in ("@", ".", "/", "_") or text[word.end:word.end + 1] in ("@", "_"):
                continue  # part of an address, a file or an e-mail
            label = "LOC" if self.places is not None and self.places.lookup(word.text) else "MISC"
            yield Span(word.start, word.end, label, self.SCORE)  # a listed locality is a place: kept by prosecution

    def _unknown(self, word: Word) -> bool:
        lex = self.lexicon
        value = word.text[:-2] if word.text.lower().endswith("'s") else word.text  # "Kayes's market"
        key = fold_key(value)
        if not value.replace("-", "").replace("'", "").isalpha():
            return False
        if key in lex.stop_words or lex.is_kept_word(key) or key in label_words() or key in lex.particles \
                or (key,) in lex.person_cues:
            return False
        return not is_common_word(value)
