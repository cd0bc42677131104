"""Typed reads and writes of scanned pages under review (issue 20): areas to check and boxes drawn by hand.

Boxes are ``[x0, y0, x1, y1]`` in fractions of the page as shown (0..1, origin top-left)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from archive.review.models import DrawnBox
from archive.review.scans import AreaToCheck, ScanPage, ScanView

_BOX = "[x0, y0, x1, y1] in fractions of the page's width and height (0..1, origin top-left)"


class AreaRead(BaseModel):
    kind: str = Field(description="low_confidence (OCR unsure) or unread (ink no word covers: tables, boxes, "
                                  "handwriting, stamps)")
    box: list[float] = Field(description=_BOX)
    confidence: float = Field(description="the lowest OCR confidence of the words there, 0 for unread ink")

    @classmethod
    def of(cls, area: AreaToCheck) -> AreaRead:
        return cls(kind=area.kind, box=[round(v, 5) for v in area.box], confidence=area.confidence)


class DrawnBoxRead(BaseModel):
    id: str
    page: int
    box: list[float] = Field(description=_BOX)
    label: str
    drawn_by: str
    drawn_at: str
    removed_by: str | None = None
    removed_at: str | None = None

    @classmethod
    def of(cls, box: DrawnBox) -> DrawnBoxRead:
        return cls(id=box.id, page=box.page, box=[box.x0, box.y0, box.x1, box.y1], label=box.label,
                   drawn_by=box.drawn_by, drawn_at=box.drawn_at.isoformat(timespec="minutes"),
                   removed_by=box.removed_by,
                   removed_at=box.removed_at.isoformat(timespec="minutes") if box.removed_at else None)


class ScanPageRead(BaseModel):
    number: int
    width: int = Field(description="pixels of the page image the OCR read (0 when not known)")
    height: int
    areas: list[AreaRead]
    boxes: list[DrawnBoxRead]

    @classmethod
    def of(cls, page: ScanPage) -> ScanPageRead:
        return cls(number=page.number, width=page.width, height=page.height,
                   areas=[AreaRead.of(a) for a in page.areas], boxes=[DrawnBoxRead.of(b) for b in page.boxes])


class ScanRead(BaseModel):
    """An item's scanned pages for review: what the OCR read badly or not at all, and the boxes drawn."""

    item_id: str
    kind: str = Field(description="scan when the item has scanned pages; otherwise audio, document or none")
    pages: list[ScanPageRead]

    @classmethod
    def of(cls, view: ScanView) -> ScanRead:
        return cls(item_id=view.item_id, kind=view.kind, pages=[ScanPageRead.of(p) for p in view.pages])


class NewBox(BaseModel):
    page: int = Field(1, ge=1)
    box: list[float] = Field(min_length=4, max_length=4, description=_BOX + "; checked by the service")
    label: str = Field("PERSON", description="what the box hides (a redaction label)")
    reason: str = Field("", max_length=2000)


class BoxRemoval(BaseModel):
    reason: str = Field("", max_length=2000)
