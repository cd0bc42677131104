"""spaCy NER (run once per text by the engine) mapped to Témoin labels with a per-label policy.

French ``fr_core_news_md`` (WikiNER labels PER, LOC, ORG, MISC); English ``en_core_web_sm`` (OntoNotes
labels). Labels that do not point to anyone (DATE, CARDINAL, MONEY...) are dropped; the others are mapped
and scored below. What is finally done with each label is the profile's decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from redaction.recognizers.base import Span, TextView


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


class SpacyNerRecognizer:
    """Entities of the pipeline that parsed the text (``view.ner_lang``), when it is this one's language."""

    NAME: ClassVar[str] = "ner.spacy_fr.v1"
    LANG: ClassVar[str] = "fr"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON", "LOC", "ORG", "MISC")
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.7
    YIELDS_TO_KEEP: ClassVar[bool] = True

    def find(self, view: TextView) -> Iterable[Span]:
        if view.ner_lang != self.LANG:
            return
        text = view.text
        for entity in view.ner:
            policy = POLICY.get(entity.label)
            if policy is None:
                continue
            value = text[entity.start:entity.end]
            lead = len(value) - len(value.lstrip(_STRIP))
            tail = len(value) - len(value.rstrip(_STRIP))
            start, end = entity.start + lead, entity.end - tail
            if end > start and any(c.isalpha() for c in text[start:end]):
                yield Span(start, end, policy.label, policy.score)


class SpacyEnglishNerRecognizer(SpacyNerRecognizer):
    NAME = "ner.spacy_en.v1"
    LANG = "en"
