"""What the engine finds and what it returns: plain frozen dataclasses the archive can store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Action = Literal["remove", "pseudonymise", "generalise", "keep"]
ACTIONS: tuple[Action, ...] = ("remove", "pseudonymise", "generalise", "keep")

#: Labels the recognizers emit. A profile decides what happens to each.
LABELS: tuple[str, ...] = (
    "PERSON", "KINSHIP", "LOC", "ORG", "MISC", "PHONE", "ID", "EMAIL", "ACCOUNT", "CASE_REF",
    "BIRTH_DATE", "AGE", "DATE",
)

NEEDS_HUMAN_REVIEW = "needs_human_review"


@dataclass(frozen=True, slots=True)
class Finding:
    """A span of the ORIGINAL input string (``text[start:end]``) and who found it.

    ``keep`` marks a keep-list span (region, armed group, institution, month...): it is reported so a
    reviewer sees it, and left in the output whatever the profile says.
    """

    start: int
    end: int
    label: str
    text: str
    recognizer: str
    score: float
    keep: bool = False


@dataclass(frozen=True, slots=True)
class Entity:
    """A finding with the action the profile chose and the string that replaced it."""

    start: int
    end: int
    label: str
    text: str
    recognizer: str
    score: float
    action: Action
    replacement: str

    def as_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text,
                "replacement": self.replacement, "recognizer": self.recognizer,
                "score": round(self.score, 4), "action": self.action}


@dataclass(frozen=True, slots=True)
class WrittenSpan:
    """Text the engine WROTE into the redacted output (a placeholder, a pseudonym, a generalisation):
    ``redacted_text[start:end] == text``. A leak check re-reading the output must not flag it."""

    start: int
    end: int
    label: str
    action: Action
    text: str

    def as_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "label": self.label, "action": self.action,
                "text": self.text}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Merged findings of one text, the person names seen in it (for per-case propagation) and flags."""

    lang: str
    findings: tuple[Finding, ...]
    names: tuple[str, ...]
    flags: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class RedactionResult:
    lang: str
    profile: str
    redacted_text: str
    entities: tuple[Entity, ...]
    flags: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    #: Where each replacement sits in ``redacted_text`` (kept spans are not written: they are the input's).
    written: tuple[WrittenSpan, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {"lang": self.lang, "profile": self.profile, "redacted_text": self.redacted_text,
                "entities": [e.as_json() for e in self.entities], "flags": list(self.flags),
                "written": [w.as_json() for w in self.written]}
