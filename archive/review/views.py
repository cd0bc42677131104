"""HTTP views for reviewing proposed redactions and resolving pseudonyms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.items.service import get_item
from archive.review.service import add_span, decide_span, list_spans, resolve_pseudonym

router = APIRouter(tags=["redaction"])


class Decision(BaseModel):
    status: str = Field(description="accepted or rejected")
    reason: str = Field("", max_length=2000)


class NewSpan(BaseModel):
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    label: str
    reason: str = Field("", max_length=2000)


class Resolution(BaseModel):
    pseudonym: str = Field(max_length=80)
    item_id: str
    reason: str = Field(max_length=2000)


@router.get("/items/{item_id}/redactions", summary="Proposed and reviewed redaction spans of an item")
def spans(item_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> dict[str, Any]:
    return list_spans(session, archive, actor=actor, item=get_item(session, item_id))


@router.put("/items/{item_id}/redactions/{span_id}", summary="Accept or reject a proposed span")
def decide(item_id: str, span_id: str, body: Decision, actor: ActorDep, archive: ArchiveDep,
           session: SessionDep) -> dict[str, Any]:
    span = decide_span(session, archive, actor=actor, item=get_item(session, item_id), span_id=span_id,
                       status=body.status, reason=body.reason)
    return {"id": span.id, "status": span.status, "reviewer": span.reviewer}


@router.post("/items/{item_id}/redactions", status_code=201, summary="Add a span the recognizers missed")
def add(item_id: str, body: NewSpan, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> dict[str, Any]:
    span = add_span(session, archive, actor=actor, item=get_item(session, item_id), start=body.start, end=body.end,
                    label=body.label, reason=body.reason)
    return {"id": span.id, "status": span.status, "start": span.start, "end": span.end, "label": span.label}


@router.post("/pseudonyms/resolve", summary="Who is behind a pseudonym (logged; needs identity_disclosure)")
def resolve(body: Resolution, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> dict[str, Any]:
    names = resolve_pseudonym(session, archive, actor=actor,
                              item=get_item(session, body.item_id), pseudonym=body.pseudonym, reason=body.reason)
    return {"pseudonym": body.pseudonym, "names": names}
