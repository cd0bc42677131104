"""What a caller may read of an item, one typed schema per visibility level.

A view returns one of these, never a dict built by hand: a field missing from the schema of a level cannot
reach that level by accident (the interpreter's name, the file name, the locality, who collected it are not
in the redacted schema at all).

    full      the text and every metadata field (a role that reads the testimony in full)
    metadata  every metadata field, no text (the officer caring for the record without a consent scope)
    redacted  the redacted text and only the metadata that cannot identify anyone (redacted-only roles)

Free text typed around the item (its title, its case's title) follows the same levels: as typed in the full and
metadata schemas, as the pipeline's stored redacted form in the redacted one (None while it is being redone;
``archive/freetext``). Every schema carries ``label``, the readable name of the item a page or a list shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from archive.consent import ScopeState, current_consent
from archive.errors import DomainError
from archive.freetext.labels import type_label
from archive.freetext.service import Ref
from archive.freetext.service import shown as free_text
from archive.i18n import Lang, translate
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
    label: str = Field(description="The item as a page names it: its title (as this level may see it), or its "
                                   "type and short id.")
    type_label: str = Field(description="The item's type in the reader's language (\"Enregistrement audio\").")
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
    title: str | None = Field(None, description="The title's redacted form; None while it is being redacted.")
    case_title: str | None = Field(None, description="The case title's redacted form; None while being redacted.")
    consent: dict[str, ConsentRead]
    redacted_text: str | None = Field(None, description="None while the redaction is being (re)done.")


class ItemMetadataRead(ItemCommon):
    view: Literal["metadata"] = "metadata"
    title: str
    case_title: str
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


class ItemSummary(BaseModel):
    """An item in a list (a case page, a search hit): its name as this reader may see it, never a file name."""

    id: str
    case: str
    view: View
    label: str
    type_label: str
    status: str
    progress: float
    size: int
    created_at: dt.datetime
    error: str | None = Field(None, description="Why a stage failed; not for redacted-only readers.")


def item_summary(item: Item, view: View, forms: dict[Ref, str], lang: Lang) -> ItemSummary:
    title = item.title if view != "redacted" else free_text(item.title, ("item", item.id, "title"), forms)
    return ItemSummary(id=item.id, case=item.case_id, view=view, label=item_label(item, title, lang),
                       type_label=type_label(item.media_type, item.kind, lang), status=item.status,
                       progress=item.progress, size=item.size, created_at=item.created_at,
                       error=item.error if view != "redacted" else None)


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
    case_title: str = ""  # as typed (full and metadata levels)
    forms: dict[Ref, str] | None = None  # current redacted forms of the free text (redacted level)


def item_refs(item: Item) -> list[Ref]:
    """The free-text fields a redacted read of this item shows in their redacted form."""
    return [("item", item.id, "title"), ("case", item.case_id, "title")]


def item_label(item: Item, title: str | None, lang: Lang) -> str:
    """The readable name of an item: its title as the reader may see it, else its type and short id."""
    kind = type_label(item.media_type, item.kind, lang)
    if title:
        return title
    return translate(lang, "freetext.item_pending" if title is None else "freetext.untitled", type=kind,
                     id=item.id[:8])


def _common(item: Item, title: str | None, lang: Lang, number: str | None = None) -> dict[str, Any]:
    return {"evidence_number": number, "id": item.id, "case": item.case_id, "label": item_label(item, title, lang),
            "type_label": type_label(item.media_type, item.kind, lang), "sha256": item.sha256, "size": item.size,
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
    return {**_common(item, item.title, lang, shown.evidence_number), "title": item.title,
            "case_title": shown.case_title,
            "filename": item.filename, "error": item.error, "duplicate_of": item.duplicate_of,
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
        forms = shown.forms or {}
        title = free_text(item.title, ("item", item.id, "title"), forms)
        return ItemRedactedRead(**_common(item, title, lang, shown.evidence_number),
                                redacted_text=shown.redacted_text, title=title,
                                case_title=free_text(item.case.title, ("case", item.case_id, "title"), forms),
                                consent={scope: ConsentRead(status=s.status, in_force=s.in_force,
                                                            expires_at=s.expires_at)
                                         for scope, s in shown.consent.items()})
    if shown.view == "metadata":
        return ItemMetadataRead(**_record(item, shown, lang))
    return ItemFullRead(**_record(item, shown, lang), text=shown.text)
