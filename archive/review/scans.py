"""The review of a scanned page (issue 20): where the OCR read badly or not at all, and boxes drawn by hand.

``scan_pages`` gives, per scanned page, the "areas to check" the OCR step found when it read the page
(``ingest.ocr_regions``: words read with low confidence, and ink no word covers — handwriting, boxes, stamps,
table cells the OCR skipped), and the boxes an officer drew. ``draw_box`` / ``remove_box`` record a box drawn
by hand on the page image; an active box is painted over whenever the page leaves as an image (the redacted
preview and verified images in bundles, ``archive.exports.render``) and is part of what a media check holds
for (``archive.exports.release.fingerprint``). A box is redacted like a span in the text too: the words the
OCR read under it that may identify someone (a digit, or a word that may be a name: not a common or label
word) are redacted wherever they occur on that page's text, as spans added by the officer
(``review.box.v1``), taken off with the box. Every door (API, review page) calls these functions.

    page = scan_pages(session, archive, actor=actor, item=item).pages[0]
    box = draw_box(session, archive, actor=actor, item=item, page=1, box=(0.1, 0.2, 0.4, 0.25), label="PERSON")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.custody import Actor
from archive.errors import Invalid, NotFound
from archive.exports.release import media_kind
from archive.items.artefacts import ItemText, item_text
from archive.models import Item, RedactionSpan, utcnow
from archive.review.models import DrawnBox
from archive.review.service import reviewable
from redaction.areas import PageArea
from redaction.findings import LABELS

if TYPE_CHECKING:
    from archive.context import Archive

Fractions = tuple[float, float, float, float]
AREA_KINDS = ("low_confidence", "unread")
BOX_RECOGNIZER = "review.box.v1"
MIN_SIDE = 0.004
"""A drawn box narrower or lower than this share of the page is a slip of the finger, not a box."""


@dataclass(frozen=True)
class AreaToCheck:
    """Where the officer should look: ``kind`` is ``low_confidence`` or ``unread`` (see ``ingest.base.OcrRegion``)."""

    kind: str
    box: Fractions
    confidence: float


@dataclass(frozen=True)
class ScanPage:
    number: int
    width: int
    height: int
    areas: tuple[AreaToCheck, ...]
    boxes: tuple[DrawnBox, ...]


@dataclass(frozen=True)
class ScanView:
    item_id: str
    kind: str
    """``scan`` when the item has scanned pages (otherwise ``pages`` is empty)."""
    pages: tuple[ScanPage, ...]


def _fractions(box: Any, width: int, height: int) -> Fractions | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    if width <= 0 or height <= 0 or x1 <= x0 or y1 <= y0:
        return None
    return (max(0.0, x0 / width), max(0.0, y0 / height), min(1.0, x1 / width), min(1.0, y1 / height))


def scanned_pages(item: Item, text: ItemText) -> list[dict[str, Any]]:
    """The item's scanned pages as stored by the OCR step (an image without stored pages: its first page)."""
    if media_kind(item, text.document) != "scan":
        return []
    pages = [p for p in text.document.get("pages") or [] if isinstance(p, dict)]
    scanned = [p for p in pages if p.get("source") == "ocr" or p.get("ocr")]
    if not pages and item.media_type.startswith("image/"):
        return [{"number": 1, "width": 0, "height": 0}]
    return scanned


def _areas(page: dict[str, Any]) -> tuple[AreaToCheck, ...]:
    width, height = int(page.get("width") or 0), int(page.get("height") or 0)
    out = []
    for region in page.get("ocr_regions") or []:
        if not isinstance(region, dict):
            continue
        box = _fractions(region.get("box"), width, height)
        if box is not None:
            out.append(AreaToCheck(str(region.get("kind", "unread")), box, float(region.get("confidence") or 0.0)))
    return tuple(sorted(out, key=lambda a: (a.box[1], a.box[0])))


def active_boxes(session: Session, item_id: str) -> list[DrawnBox]:
    return list(session.execute(select(DrawnBox).where(DrawnBox.item_id == item_id, DrawnBox.removed_at.is_(None))
                                .order_by(DrawnBox.page, DrawnBox.drawn_at, DrawnBox.id)).scalars())


def page_areas(session: Session, item_id: str) -> tuple[PageArea, ...]:
    """The item's active drawn boxes, as the redaction library takes them."""
    return tuple(PageArea(b.page, (b.x0, b.y0, b.x1, b.y1)) for b in active_boxes(session, item_id))


def scan_pages(session: Session, archive: Archive, *, actor: Actor, item: Item) -> ScanView:
    reviewable(session, actor, item)
    text = item_text(session, archive.store, item)
    if text is None:
        return ScanView(item.id, "none", ())
    pages = scanned_pages(item, text)
    boxes = active_boxes(session, item.id)
    out = tuple(ScanPage(int(p.get("number") or 1), int(p.get("width") or 0), int(p.get("height") or 0), _areas(p),
                         tuple(b for b in boxes if b.page == int(p.get("number") or 1))) for p in pages)
    return ScanView(item.id, "scan" if out else media_kind(item, text.document), out)


def _page_numbers(session: Session, archive: Archive, item: Item) -> list[int]:
    text = item_text(session, archive.store, item)
    if text is None:
        raise Invalid("no_text_yet")
    numbers = [int(p.get("number") or 1) for p in scanned_pages(item, text)]
    if not numbers:
        raise Invalid("box_not_scanned")
    return numbers


def draw_box(session: Session, archive: Archive, *, actor: Actor, item: Item, page: int, box: Fractions,
             label: str, reason: str = "") -> DrawnBox:
    """Record a box drawn by hand on scanned page ``page`` (fractions of the page, see ``DrawnBox``)."""
    reviewable(session, actor, item)
    if label not in LABELS:
        raise Invalid("label_unknown", label=label, labels=LABELS)
    numbers = _page_numbers(session, archive, item)
    if page not in numbers:
        raise Invalid("box_page", page=page, pages=", ".join(str(n) for n in numbers))
    x0, y0, x1, y1 = box
    if not (0.0 <= x0 < x1 <= 1.0 and 0.0 <= y0 < y1 <= 1.0) or x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
        raise Invalid("box_outside")
    drawn = DrawnBox(item_id=item.id, page=page, x0=round(x0, 5), y0=round(y0, 5), x1=round(x1, 5), y1=round(y1, 5),
                     label=label, drawn_by=actor.name)
    session.add(drawn)
    session.flush()
    text = item_text(session, archive.store, item)
    spans = _spans_under(session, text, drawn, actor) if text is not None else []
    custody.record(session, actor=actor, action="review", object_type="item", object_id=item.id,
                   details={"box": drawn.id, "page": page, "label": label, "decision": "box_drawn",
                            "area": [drawn.x0, drawn.y0, drawn.x1, drawn.y1], "spans": [sp.id for sp in spans]},
                   sealed=custody.typed("reason", reason), key=archive.key)
    if spans:
        _refresh(session, archive, item, text)
    return drawn


def _box_reason(box_id: str) -> str:
    return f"box:{box_id}"


def _spans_under(session: Session, text: ItemText, box: DrawnBox, actor: Actor) -> list[RedactionSpan]:
    """Spans (added by ``actor``) over the identifying words the OCR read under ``box``, wherever they occur in
    the text of its page."""
    from redaction.namelike import word_may_be_name

    page = next((p for p in text.document.get("pages") or [] if isinstance(p, dict)
                 and int(p.get("number") or 0) == box.page), None)
    located = _page_range(text, box.page)
    if page is None or located is None:
        return []
    width, height = int(page.get("width") or 0), int(page.get("height") or 0)
    wanted: set[str] = set()
    for word in page.get("words") or []:
        fractions = _fractions(word.get("box") if isinstance(word, dict) else None, width, height)
        if fractions is None:
            continue
        if not _under(fractions, (box.x0, box.y0, box.x1, box.y1)):
            continue
        token = str(word.get("text", "")).strip(".,;:!?()[]{}«»\"'|_-—")
        if len(token) >= 2 and (any(c.isdigit() for c in token) or word_may_be_name(token)):
            wanted.add(token)
    start, end = located
    live = {(s.start, s.end) for s in session.execute(select(RedactionSpan).where(
        RedactionSpan.item_id == box.item_id, RedactionSpan.text_sha256 == text.sha256,
        RedactionSpan.status.in_(("accepted", "added")))).scalars()}
    ranges = sorted({(start + m.start(), start + m.end()) for token in wanted
                     for m in re.finditer(rf"(?<!\w){re.escape(token)}(?!\w)", text.text[start:end])} - live)
    spans = [RedactionSpan(item_id=box.item_id, text_sha256=text.sha256, start=a, end=b, label=box.label,
                           recognizer=BOX_RECOGNIZER, score=1.0, status="added", reviewer=actor.name,
                           reviewed_at=utcnow(), reason=_box_reason(box.id)) for a, b in ranges]
    session.add_all(spans)
    session.flush()
    return spans


def _under(word: Fractions, box: Fractions) -> bool:
    """Whether a word lies under a drawn box: they share at least half of the smaller of the two (a box drawn
    over part of a long word takes it; a word a box barely touches is left)."""
    width = min(word[2], box[2]) - max(word[0], box[0])
    height = min(word[3], box[3]) - max(word[1], box[1])
    if width <= 0 or height <= 0:
        return False
    smaller = min((word[2] - word[0]) * (word[3] - word[1]), (box[2] - box[0]) * (box[3] - box[1]))
    return width * height >= 0.5 * smaller


def _page_range(text: ItemText, number: int) -> tuple[int, int] | None:
    """Where page ``number``'s text is in the item's text (pages follow each other), or None (text corrected)."""
    cursor = 0
    for page in text.document.get("pages") or []:
        if not isinstance(page, dict):
            continue
        chunk = str(page.get("text", "")).strip()
        at = text.text.find(chunk, cursor) if chunk else -1
        if at < 0:
            if int(page.get("number") or 0) == number:
                return None
            continue
        if int(page.get("number") or 0) == number:
            return at, at + len(chunk)
        cursor = at + len(chunk)
    return None


def _refresh(session: Session, archive: Archive, item: Item, text: ItemText | None) -> None:
    from archive.review.redacted import refresh_redacted

    session.flush()
    if text is not None:
        refresh_redacted(session, archive, item, text)


def remove_box(session: Session, archive: Archive, *, actor: Actor, item: Item, box_id: str,
               reason: str = "") -> DrawnBox:
    """Take a drawn box off (it stays recorded, with who removed it and when)."""
    reviewable(session, actor, item)
    drawn = session.get(DrawnBox, box_id)
    if drawn is None or drawn.item_id != item.id or drawn.removed_at is not None:
        raise NotFound("box", id=box_id)
    drawn.removed_by, drawn.removed_at = actor.name, utcnow()
    spans = list(session.execute(select(RedactionSpan).where(
        RedactionSpan.item_id == item.id, RedactionSpan.recognizer == BOX_RECOGNIZER,
        RedactionSpan.reason == _box_reason(drawn.id))).scalars())
    for span in spans:  # the spans the box made go with it (the custody log keeps both decisions)
        session.delete(span)
    session.flush()
    custody.record(session, actor=actor, action="review", object_type="item", object_id=item.id,
                   details={"box": drawn.id, "page": drawn.page, "label": drawn.label, "decision": "box_removed",
                            "spans": [sp.id for sp in spans]},
                   sealed=custody.typed("reason", reason), key=archive.key)
    if spans:
        _refresh(session, archive, item, item_text(session, archive.store, item))
    return drawn
