"""The item page: record, consent, hashes and custody history; the text only after the content warning."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import PermissionDenied
from archive.consent import decide_access, manages, set_consent
from archive.custody import Actor
from archive.items.artefacts import item_text
from archive.items.service import correct_text, describe, get_item, show_item
from archive.models import Artefact, Item
from archive.vocabulary import CONSENT_METHODS, CONSENT_SCOPES
from archive.web.page import PageDep, PageRoute
from archive.web.pages.review import is_audio
from archive.web.pages.search import clock
from archive.web.session import warning_seen

router = APIRouter(route_class=PageRoute, include_in_schema=False)
HIDDEN_IN_REDACTED_VIEW = ("collected_by", "filename", "locality")


def _view_of(session: Session, actor: Actor, item: Item) -> str:
    """'full', 'redacted', or 'metadata' (officer caring for the record without a scope); refusal raises."""
    try:
        return decide_access(session, actor=actor, item=item, purpose="read").view
    except PermissionDenied:
        if manages(session, actor=actor, item=item):
            return "metadata"
        raise


def _history(session: Session, item: Item, view: str) -> list[dict[str, Any]]:
    rows = []
    for entry in custody.entries_for(session, [item.id]):
        data = custody.as_dict(entry)
        details = json.loads(entry.details)
        if view == "redacted":  # file names and readers' details may identify the survivor
            details = {k: v for k, v in details.items() if k in ("sha256", "size", "media_type", "scope", "status")}
        data["details"] = details
        rows.append(data)
    return rows


def _artefacts(session: Session, item: Item) -> list[Artefact]:
    query = select(Artefact).where(Artefact.item_id == item.id).order_by(Artefact.kind, Artefact.version)
    return list(session.execute(query).scalars())


@router.get("/ui/items/{item_id}")
def item_page(item_id: str, page: PageDep, uploaded: int = 0) -> Response:
    archive = page.archive
    with archive.db.session() as session:
        item = get_item(session, item_id)
        view = _view_of(session, page.actor, item)
        seen = warning_seen(page.request, archive)
        if view != "metadata" and seen:
            data = show_item(session=session, store=archive.store, actor=page.actor, item=item)  # logs the read
        else:
            data = describe(session, item)
            if view == "redacted":
                for key in HIDDEN_IN_REDACTED_VIEW:
                    data.pop(key, None)
        pages: list[dict[str, Any]] = []
        segments: list[dict[str, Any]] = []
        if view == "full" and data.get("text") is not None:  # the stored layout, to open a hit at its place
            stored = item_text(session, archive.store, item)
            if stored is not None and stored.text == data["text"]:
                pages = [p for p in stored.document.get("pages", []) if isinstance(p, dict) and p.get("text")]
                segments = [s for s in stored.document.get("segments", []) if isinstance(s, dict)]
        return page.render(
            "item.html", item=data, view=view, pages=pages if len(pages) > 1 else [], segments=segments,
            audio=view == "full" and is_audio(item.media_type), clock=clock,
            warning=view != "metadata" and not seen, uploaded=bool(uploaded),
            manages=manages(session, actor=page.actor, item=item), history=_history(session, item, view),
            artefacts=_artefacts(session, item), scopes=CONSENT_SCOPES, methods=CONSENT_METHODS,
            can_correct=view == "full" and page.can("redaction.review") and data.get("text") is not None,
        )


def _optional(value: str) -> str | None:
    return value.strip() or None


@router.post("/ui/items/{item_id}/consent")
def record_consent(item_id: str, page: PageDep, scope: Annotated[str, Form()], status: Annotated[str, Form()],
                   method: Annotated[str, Form()] = "", interpreter: Annotated[str, Form(max_length=120)] = "",
                   expires_on: Annotated[str, Form()] = "", note: Annotated[str, Form(max_length=2000)] = "",
                   csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    expires = dt.datetime.combine(dt.date.fromisoformat(expires_on), dt.time(23, 59), dt.UTC) if expires_on else None
    with page.archive.db.session() as session:
        item = get_item(session, item_id)
        if not manages(session, actor=page.actor, item=item):
            raise PermissionDenied("only the officer who collected this testimony, or one assigned to its case, "
                                   "may record its consent")
        set_consent(session, actor=page.actor, item=item, scope=scope, status=status, method=_optional(method),
                    interpreter=_optional(interpreter), expires_at=expires, note=note)
    return RedirectResponse(f"/ui/items/{item_id}#consent", status_code=303)


@router.post("/ui/items/{item_id}/transcript")
def correct(item_id: str, page: PageDep, text: Annotated[str, Form(max_length=10_000_000)],
            note: Annotated[str, Form(max_length=2000)] = "", csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    archive = page.archive
    with archive.db.session() as session:
        correct_text(session=session, store=archive.store, work_dir=archive.settings.uploads_dir, actor=page.actor,
                     item=get_item(session, item_id), text=text.replace("\r\n", "\n"), note=note)
    return RedirectResponse(f"/ui/items/{item_id}#text", status_code=303)
