"""Pages for cases: the list, opening one, its items with live ingest status, and the upload page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse, RedirectResponse, Response

from archive.cases.service import create_case, list_cases, show_case, visible_case, visible_items
from archive.items.service import check_upload, summarise_items
from archive.models import Item
from archive.vocabulary import (
    CONFIDENTIALITY,
    CONSENT_METHODS,
    CONSENT_SCOPES,
    LANGUAGES,
    TESTIMONY_TYPES,
    VIOLATION_TYPES,
    regions,
)
from archive.web.page import PageDep, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)
CHUNK_BYTES = 256 * 1024  # the first chunk; upload.js sizes the next ones from the speed it measures


def item_status(item: Item, *, redacted: bool = False) -> dict[str, Any]:
    """What the case page polls of one item; no error text for a redacted-only reader (it may name the file)."""
    return {"id": item.id, "status": item.status, "progress": item.progress,
            "error": None if redacted else item.error}


@router.get("/ui/cases")
def cases(page: PageDep) -> Response:
    with page.archive.db.session() as session:
        rows = list_cases(session=session, actor=page.actor, lang=page.lang)
    return page.render("cases.html", cases=rows)


@router.post("/ui/cases")
def new_case(page: PageDep, title: Annotated[str, Form(max_length=300)],
             description: Annotated[str, Form(max_length=10_000)] = "", csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        case = create_case(session=session, actor=page.actor, title=title, description=description,
                           key=page.archive.key)
        case_id = case.id
    return RedirectResponse(f"/ui/cases/{case_id}", status_code=303)


@router.get("/ui/cases/{case_id}")
def case_page(case_id: str, page: PageDep) -> Response:
    with page.archive.db.session() as session:
        case = show_case(session=session, actor=page.actor, case_id=case_id, lang=page.lang)
        items = summarise_items(session, actor=page.actor, items=visible_items(session, page.actor, case.id),
                                lang=page.lang)
        return page.render("case.html", case=case, items=items)


@router.get("/ui/cases/{case_id}/status")
def case_status(case_id: str, page: PageDep) -> JSONResponse:
    """What the case page polls: each visible item's ingest status (no content)."""
    with page.archive.db.session() as session:
        case = visible_case(session, page.actor, case_id)
        items = visible_items(session, page.actor, case.id)
        views = {s.id: s.view for s in summarise_items(session, actor=page.actor, items=items, lang=page.lang)}
        data = [item_status(i, redacted=views.get(i.id) != "full" and views.get(i.id) != "metadata")
                for i in items if i.id in views]
    return JSONResponse({"items": data}, headers={"Cache-Control": "no-store"})


def vocabularies() -> dict[str, Any]:
    return {"languages": LANGUAGES, "regions": list(regions().values()), "testimony_types": TESTIMONY_TYPES,
            "confidentiality": CONFIDENTIALITY, "violation_types": VIOLATION_TYPES, "scopes": CONSENT_SCOPES,
            "methods": CONSENT_METHODS}


@router.get("/ui/cases/{case_id}/upload")
def upload_page(case_id: str, page: PageDep) -> Response:
    with page.archive.db.session() as session:
        case = check_upload(session, actor=page.actor, case_id=case_id)
        return page.render("upload.html", case=case, chunk_bytes=CHUNK_BYTES,
                           max_bytes=page.archive.settings.max_upload_bytes, **vocabularies())
