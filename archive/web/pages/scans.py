"""Scanned pages on the review page (issue 20): the page image with the areas the OCR read badly or not at all
drawn over it, boxes drawn by hand (with a finger or the mouse, ``static/scans.js``) and their removal.

The same services as ``GET /items/{id}/scan``, ``POST /items/{id}/boxes`` and ``POST /items/{id}/boxes/{box}/remove``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from archive.custody import Actor
from archive.items.service import get_item
from archive.models import Item
from archive.review.scan_schemas import ScanPageRead
from archive.review.scans import draw_box, remove_box, scan_pages
from archive.web.page import PageDep, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def scan_for_page(session: Session, archive: Any, *, actor: Actor, item: Item) -> list[dict[str, Any]]:
    """The item's scanned pages as the review template shows them (boxes in percent of the page)."""
    view = scan_pages(session, archive, actor=actor, item=item)
    pages = []
    for page in view.pages:
        read = ScanPageRead.of(page).model_dump()
        for thing in (*read["areas"], *read["boxes"]):
            x0, y0, x1, y1 = thing["box"]
            thing["style"] = (f"left:{x0 * 100:.3f}%;top:{y0 * 100:.3f}%;width:{(x1 - x0) * 100:.3f}%;"
                              f"height:{(y1 - y0) * 100:.3f}%")
        pages.append(read)
    return pages


@router.get("/ui/items/{item_id}/pages/{number}/image")
def page_picture(item_id: str, number: int, page: PageDep) -> Response:
    from archive.review.page_images import page_image

    data = page_image(page.archive, actor=page.actor, item_id=item_id, page=number)
    return Response(data, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.post("/ui/items/{item_id}/boxes")
def add_box(item_id: str, page: PageDep, number: Annotated[int, Form(ge=1)],
            x0: Annotated[float, Form(ge=0, le=1)], y0: Annotated[float, Form(ge=0, le=1)],
            x1: Annotated[float, Form(ge=0, le=1)], y1: Annotated[float, Form(ge=0, le=1)],
            label: Annotated[str, Form()] = "PERSON", reason: Annotated[str, Form(max_length=2000)] = "",
            csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    archive = page.archive
    with archive.db.session() as session:
        draw_box(session, archive, actor=page.actor, item=get_item(session, item_id), page=number,
                 box=(x0, y0, x1, y1), label=label, reason=reason)
    return RedirectResponse(f"/ui/items/{item_id}/review#scan-page-{number}", status_code=303)


@router.post("/ui/items/{item_id}/boxes/{box_id}/remove")
def take_off(item_id: str, box_id: str, page: PageDep, reason: Annotated[str, Form(max_length=2000)] = "",
             csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    archive = page.archive
    with archive.db.session() as session:
        box = remove_box(session, archive, actor=page.actor, item=get_item(session, item_id), box_id=box_id,
                         reason=reason)
        number = box.page
    return RedirectResponse(f"/ui/items/{item_id}/review#scan-page-{number}", status_code=303)
