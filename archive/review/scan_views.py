"""HTTP views for scanned pages under review: areas to check, the page image, boxes drawn by hand."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.items.service import get_item
from archive.review.scan_schemas import BoxRemoval, DrawnBoxRead, NewBox, ScanRead
from archive.review.scans import draw_box, remove_box, scan_pages

router = APIRouter(tags=["redaction"])


@router.get("/items/{item_id}/scan", response_model=ScanRead,
            summary="Scanned pages of an item: areas the OCR read badly or not at all, and boxes drawn by hand")
def scan(item_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> ScanRead:
    return ScanRead.of(scan_pages(session, archive, actor=actor, item=get_item(session, item_id)))


@router.get("/items/{item_id}/pages/{page}/image", summary="A scanned page of an item as PNG, to review it (logged)")
def image(item_id: str, page: int, actor: ActorDep, archive: ArchiveDep) -> Response:
    from archive.review.page_images import page_image

    data = page_image(archive, actor=actor, item_id=item_id, page=page)
    return Response(data, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.post("/items/{item_id}/boxes", status_code=201, response_model=DrawnBoxRead,
             summary="Draw a box on a scanned page: it is blacked out wherever the page leaves as an image")
def add_box(item_id: str, body: NewBox, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> DrawnBoxRead:
    x0, y0, x1, y1 = body.box
    box = draw_box(session, archive, actor=actor, item=get_item(session, item_id), page=body.page,
                   box=(x0, y0, x1, y1), label=body.label, reason=body.reason)
    return DrawnBoxRead.of(box)


@router.post("/items/{item_id}/boxes/{box_id}/remove", response_model=DrawnBoxRead,
             summary="Remove a box drawn on a scanned page (it stays recorded)")
def take_off(item_id: str, box_id: str, body: BoxRemoval, actor: ActorDep, archive: ArchiveDep,
             session: SessionDep) -> DrawnBoxRead:
    box = remove_box(session, archive, actor=actor, item=get_item(session, item_id), box_id=box_id,
                     reason=body.reason)
    return DrawnBoxRead.of(box)
