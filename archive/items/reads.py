"""What a caller may read of an item, one typed schema per visibility level.

A view returns one of these, never a dict built by hand: a field missing from the schema of a level cannot
reach that level by accident (the interpreter's name, the file name, the locality, who collected it are not
in the redacted schema at all).

    full      the text and every metadata field (a role that reads the testimony in full)
    metadata  every metadata field, no text (the officer caring for the record without a consent scope)
    redacted  the redacted text and only the metadata that cannot identify anyone (redacted-only roles)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from archive.consent import ScopeState, current_consent
from archive.errors import DomainError
from archive.i18n import Lang
from archive.models import Item, Job

View = Literal["full", "metadata", "redacted"]


class ConsentRead(BaseModel):
    """A consent scope as redacted-only roles see it."""

    status: str
    in_force: bool
    expires_at: dt.datetime | None = None


class ConsentRecordRead(ConsentRead):
    """A consent scope with who recorded it, how and with which interpreter."""

    given_on: dt.datetime | None = None
    method: str | None = None
    interpreter: str | None = None
    recorded_by: str
    recorded_at: dt.datetime


class JobRead(BaseModel):
    id: str
    stage: str
    status: str
    progress: float
    attempts: int
    error: str | None = None


class ItemCommon(BaseModel):
    id: str
    case: str
    sha256: str
    size: int
    media_type: str
    kind: str
    status: str
    progress: float
    created_at: dt.datetime
    language: str | None = None
    region: str | None = None
    testimony_type: str | None = None
    confidentiality: str
    violation_types: list[str] = Field(default_factory=list)
    incident_date: dt.date | None = None
    evidence_number: str | None = Field(None, description="TEM-<case>-<office>-<seq>, assigned once at intake.")


class ItemRedactedRead(ItemCommon):
    view: Literal["redacted"] = "redacted"
    consent: dict[str, ConsentRead]
    redacted_text: str | None = Field(None, description="None while the redaction is being (re)done.")


class ItemMetadataRead(ItemCommon):
    view: Literal["metadata"] = "metadata"
    filename: str
    error: str | None = None
    duplicate_of: str | None = None
    uploaded_by: str
    collected_at: dt.datetime | None = None
    collected_by: str | None = None
    locality: str | None = None
    provenance: dict[str, Any] = Field(default_factory=dict)
    consent: dict[str, ConsentRecordRead]
    jobs: list[JobRead] = Field(default_factory=list)
    refused: str | None = Field(None, description="Why the content is not shown (metadata view).")


class ItemFullRead(ItemMetadataRead):
    view: Literal["full"] = "full"  # type: ignore[assignment]
    text: str | None = None


ItemRead = Annotated[ItemFullRead | ItemMetadataRead | ItemRedactedRead, Field(discriminator="view")]


@dataclass(frozen=True)
class ItemView:
    """What the items service decided one actor may see of one item (a domain object, not a response)."""

    item: Item
    view: View
    consent: dict[str, ScopeState]
    jobs: list[Job]
    text: str | None = None
    redacted_text: str | None = None
    refusal: DomainError | None = None
    evidence_number: str | None = None


def _common(item: Item, number: str | None = None) -> dict[str, Any]:
    return {"evidence_number": number,"id": item.id, "case": item.case_id, "sha256": item.sha256, "size": item.size,
            "media_type": item.media_type, "kind": item.kind, "status": item.status, "progress": item.progress,
            "created_at": item.created_at, "language": item.language, "region": item.region,
            "testimony_type": item.testimony_type, "confidentiality": item.confidentiality,
            "violation_types": list(item.violation_types or []), "incident_date": item.incident_date}


def _consent_records(consent: dict[str, ScopeState]) -> dict[str, ConsentRecordRead]:
    return {scope: ConsentRecordRead(status=s.status, in_force=s.in_force, expires_at=s.expires_at,
                                     given_on=s.given_on, method=s.method, interpreter=s.interpreter,
                                     recorded_by=s.recorded_by, recorded_at=s.recorded_at)
            for scope, s in consent.items()}


def consent_record(session: Session, item: Item) -> dict[str, ConsentRecordRead]:
    """An item's consent as the officer who records it sees it (after a change)."""
    return _consent_records(current_consent(session, item.id))


def _record(item: Item, shown: ItemView, lang: Lang) -> dict[str, Any]:
    return {**_common(item, shown.evidence_number), "filename": item.filename, "error": item.error,
            "duplicate_of": item.duplicate_of,
            "uploaded_by": item.uploaded_by, "collected_at": item.collected_at, "collected_by": item.collected_by,
            "locality": item.locality, "provenance": dict(item.provenance or {}),
            "consent": _consent_records(shown.consent),
            "jobs": [JobRead(id=j.id, stage=j.stage, status=j.status, progress=j.progress, attempts=j.attempts,
                             error=j.error) for j in shown.jobs],
            "refused": shown.refusal.message(lang) if shown.refusal is not None else None}


def item_read(shown: ItemView, lang: Lang = "fr") -> ItemFullRead | ItemMetadataRead | ItemRedactedRead:
    """The schema of the level the service decided, filled from the domain object (messages in ``lang``)."""
    item = shown.item
    if shown.view == "redacted":
        return ItemRedactedRead(**_common(item, shown.evidence_number), redacted_text=shown.redacted_text,
                                consent={scope: ConsentRead(status=s.status, in_force=s.in_force,
                                                            expires_at=s.expires_at)
                                         for scope, s in shown.consent.items()})
    if shown.view == "metadata":
        return ItemMetadataRead(**_record(item, shown, lang))
    return ItemFullRead(**_record(item, shown, lang), text=shown.text)
