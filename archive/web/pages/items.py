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
from archive.consent import manages, set_consent
from archive.items.artefacts import item_text
from archive.items.reads import item_read
from archive.items.service import correct_text, get_item, show_item
from archive.models import Artefact, Item
from archive.vocabulary import CONSENT_METHODS, CONSENT_SCOPES
from archive.web.page import PageDep, PageRoute
from archive.web.pages.review import is_audio
from archive.web.pages.search import clock
from archive.web.session import warning_seen

router = APIRouter(route_class=PageRoute, include_in_schema=False)
SHOWN_IN_REDACTED_HISTORY = ("sha256", "size", "media_type", "scope", "status")


def _history(session: Session, item: Item, view: str) -> list[dict[str, Any]]:
    """The item's custody entries; for the redacted view only their non-identifying facts (no staff names, no
    reasons typed by people, nothing sealed)."""
    rows = []
    for entry in custody.entries_for(session, [item.id]):
        data = custody.as_dict(entry)
        details = {k: v for k, v in json.loads(entry.details).items() if k != "sealed"}
        if view == "redacted":
            details = {k: v for k, v in details.items() if k in SHOWN_IN_REDACTED_HISTORY}
            data["actor"], data["reason"] = "", ""
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
        seen = warning_seen(page.request, archive)
        shown = show_item(session=session, archive=archive, actor=page.actor, item=item, content=seen)
        read = item_read(shown, page.lang)
        data = read.model_dump()
        view = shown.view
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
            artefacts=_artefacts(session, item) if view != "redacted" else [], scopes=CONSENT_SCOPES,
            methods=CONSENT_METHODS,
            # a transcript is the archive's own writing of a recording: correctable; a document's text is what
            # the document says (the PDF or scan stays the record), so it is not offered for correction
            can_correct=view == "full" and page.can("redaction.review") and data.get("text") is not None
            and is_audio(item.media_type),
            can_review=view == "full" and page.can("redaction.review"),
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
        set_consent(session, actor=page.actor, item=item, scope=scope, status=status, method=_optional(method),
                    interpreter=_optional(interpreter), expires_at=expires, note=note, key=page.archive.key)
    return RedirectResponse(f"/ui/items/{item_id}#consent", status_code=303)


@router.post("/ui/items/{item_id}/transcript")
def correct(item_id: str, page: PageDep, text: Annotated[str, Form(max_length=10_000_000)],
            note: Annotated[str, Form(max_length=2000)] = "", csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    archive = page.archive
    with archive.db.session() as session:
        correct_text(session=session, store=archive.store, key=archive.key, work_dir=archive.settings.uploads_dir,
                     actor=page.actor,
                     item=get_item(session, item_id), text=text.replace("\r\n", "\n"), note=note)
    return RedirectResponse(f"/ui/items/{item_id}#text", status_code=303)
