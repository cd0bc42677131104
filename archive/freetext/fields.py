"""Every free-text field around a testimony, with its declared visibility: the one list the reads and the door
x read matrix (``tests/archive/test_doors.py``) are built from.

    redact    typed by a person, shown as typed to the roles that read the testimony (or, for a case, work on
              it) and as its redacted form (the pipeline's, stored once) to every role that sees only redacted
              material
    withhold  names of staff and people, file names, notes: never shown to a redacted-only role at all (not in
              its schemas, not in its pages, not in its bundles; sealed in the custody log)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Owner = Literal["case", "item", "consent", "correction", "review", "bundle"]
Handling = Literal["redact", "withhold"]


@dataclass(frozen=True)
class FreeTextField:
    owner: Owner
    name: str
    handling: Handling
    what: str


FIELDS: tuple[FreeTextField, ...] = (
    FreeTextField("case", "title", "redact", "the case title an officer typed"),
    FreeTextField("case", "description", "redact", "the case description"),
    FreeTextField("case", "created_by", "withhold", "the officer who opened the case (staff name)"),
    FreeTextField("item", "title", "redact", "the item title (typed, or made from the file name at intake)"),
    FreeTextField("item", "filename", "withhold", "the file name as received (sealed in the custody log)"),
    FreeTextField("item", "collected_by", "withhold", "who collected the testimony (staff name)"),
    FreeTextField("item", "uploaded_by", "withhold", "who uploaded it (staff name)"),
    FreeTextField("item", "locality", "withhold", "the locality below region level"),
    FreeTextField("item", "provenance", "withhold", "source and tool, typed at intake"),
    FreeTextField("item", "error", "withhold", "why a stage failed (may name the file)"),
    FreeTextField("consent", "interpreter", "withhold", "the interpreter at the consent (a name)"),
    FreeTextField("consent", "note", "withhold", "a note on the consent (sealed in the custody log)"),
    FreeTextField("consent", "recorded_by", "withhold", "the officer who recorded the consent (staff name)"),
    FreeTextField("correction", "note", "withhold", "a transcript correction's note (sealed in the custody log)"),
    FreeTextField("review", "reason", "withhold", "a reviewer's reason on a span (review pages: full view only)"),
    FreeTextField("bundle", "reason", "withhold", "why a bundle was revoked (sealed in the custody log)"),
    FreeTextField("bundle", "creator", "withhold", "who exported a bundle (staff name)"),
)
#: The fields whose redacted form the pipeline computes and stores, per owner.
REDACTED_FIELDS: dict[str, tuple[str, ...]] = {
    owner: tuple(f.name for f in FIELDS if f.owner == owner and f.handling == "redact") for owner in ("case", "item")
}
