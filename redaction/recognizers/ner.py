"""spaCy NER (run once per text by the engine) mapped to Témoin labels with a per-label policy.

French ``fr_core_news_md`` (WikiNER labels PER, LOC, ORG, MISC); English ``en_core_web_sm`` (OntoNotes
labels). Labels that do not point to anyone (DATE, CARDINAL, MONEY...) are dropped; the others are mapped
and scored below. What is finally done with each label is the profile's decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from redaction.lexicon import Lexicon, load_lexicon
from redaction.namelike import label_words, word_may_be_name
from redaction.recognizers.base import Span, TextView
from redaction.words import Word, at_sentence_start, split_words


@dataclass(frozen=True, slots=True)
class LabelPolicy:
    label: str
    score: float


#: spaCy label -> Témoin label and score. A spaCy label missing here is ignored.
POLICY: dict[str, LabelPolicy] = {
    "PER": LabelPolicy("PERSON", 0.85), "PERSON": LabelPolicy("PERSON", 0.85),
    "LOC": LabelPolicy("LOC", 0.7), "GPE": LabelPolicy("LOC", 0.7), "FAC": LabelPolicy("LOC", 0.6),
    "ORG": LabelPolicy("ORG", 0.6),
    "MISC": LabelPolicy("MISC", 0.4), "NORP": LabelPolicy("MISC", 0.4),
}
_STRIP = " \t\n.,;:!?«»\"'()[]-–—"
_ACRONYM = re.compile(r"[A-Z]{3,7}")


class SpacyNerRecognizer:
    """Entities of the pipeline that parsed the text (``view.ner_lang``), when it is this one's language."""

    NAME: ClassVar[str] = "ner.spacy_fr.v1"
    LANG: ClassVar[str] = "fr"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON", "LOC", "ORG", "MISC")
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.7
    YIELDS_TO_KEEP: ClassVar[bool] = True

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else load_lexicon()

    def find(self, view: TextView) -> Iterable[Span]:
        if view.ner_lang != self.LANG:
            return
        text = view.text
        for entity in view.ner:
            policy = POLICY.get(entity.label)
            if policy is None:
                continue
            for start, end in self.pieces(text, entity.start, entity.end, view):
                if policy.label in ("ORG", "LOC", "MISC") and self._acronym(text[start:end], start, view):
                    continue
                yield Span(start, end, policy.label, policy.score)

    def _acronym(self, value: str, start: int, view: TextView) -> bool:
        """An organisation or place the model found that is one unknown acronym in cased text ("CNRMA", "ANPCE"): an
        institution's initials, which the keep rules leave, more likely than a person's name. In an ALL-CAPS line
        every name looks like that, and a listed name is never taken for one."""
        return (_ACRONYM.fullmatch(value) is not None and not view.in_caps(start)
                and not self.lexicon.is_name(value.lower()) and value.lower() not in self.lexicon.particles)

    def pieces(self, text: str, start: int, end: int, view: TextView | None = None) -> Iterable[tuple[int, int]]:
        """The parts of an entity worth reporting: cut at line breaks (the model glues a name to the label
        on the next line: "Fatoumata Coulibaly\n\nÂge"), without form-label words and stop words at either
        end, and only when some word of it may be a name ("Signature", "Déclaration de témoin", "[avril
        1994]" are never reported)."""
        offset = start
        for line in re.split(r"(?<=\n)|(?=\n)|(?<=[ \t]{2})(?=\S)|(?<=\t)", text[start:end]):
            if not line.strip():
                offset += len(line)
                continue
            words = split_words(line)
            while words and self._edge_word(words[0].key, line, words[0]):
                words.pop(0)
            while words and self._edge_word(words[-1].key, line, words[-1]):
                words.pop()
            if words and self._worth_reporting(text, offset, words, view):
                first, last = offset + words[0].start, offset + words[-1].end
                value = text[first:last]
                lead = len(value) - len(value.lstrip(_STRIP))
                tail = len(value) - len(value.rstrip(_STRIP))
                if last - tail > first + lead:
                    yield first + lead, last - tail
            offset += len(line)

    def _worth_reporting(self, text: str, offset: int, words: list[Word], view: TextView | None) -> bool:
        """Some word may be a name; or, mid-sentence in cased text, every word is capitalised and none is a
        label, stop or keep-list word (the model's judgement then stands: "Pascal", "Abidjan")."""
        if any(word_may_be_name(w.text, self.lexicon) and (len(w.text) > 1 or text[offset + w.end:][:1] == ".")
               for w in words):
            return True  # a single letter is an initial only with its dot: "K." yes, a check box "O" no
        begin = offset + words[0].start
        if at_sentence_start(text, begin) or (view is not None and view.uncased(begin)):
            return False
        if re.search(r"(?:[ \t]{2}|\t|(?:^|\s)[□☐☑☒✓✔xXoOØ\]\)|]\s)$", text[max(0, begin - 4):begin]):
            return False  # a table cell or a check box item ("[x] Torture"): a heading, not mid-sentence
        lex = self.lexicon
        return all(w.text[:1].isupper() and w.key not in label_words() and w.key not in lex.stop_words
                   and not lex.is_kept_word(w.key) for w in words)

    def _edge_word(self, key: str, line: str, word: Word) -> bool:
        if len(word.text) == 1 and line[word.end:word.end + 1] != ".":
            return True  # a check box ("O", "X") or a stray letter, not an initial
        return (key in label_words() or key in self.lexicon.stop_words) and not self.lexicon.is_name(key)


class SpacyEnglishNerRecognizer(SpacyNerRecognizer):
    NAME = "ner.spacy_en.v1"
    LANG = "en"
