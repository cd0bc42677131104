"""What the machine could not read, it cannot redact: ONE rule for voices and scanned pages (issues 13, 20).

A recording identifies its speaker by voice, and a scanned page shows whatever the OCR missed (ruled tables,
letter boxes, handwriting). So:

- audio (and the sound of a video) leaves a bundle only under ``prosecution``, and only when the survivor
  consented to ``identity_disclosure`` or an officer listened to the redacted recording and marked it
  "écouté et vérifié"; under ``strict`` and ``reparations`` never: the bundle carries the redacted
  transcript with its timestamps;
- a scanned page (an image, or a PDF with a page that has no text layer) leaves as an image only when an
  officer looked at the redacted image and marked it "vérifié", in any profile; otherwise as its redacted
  text with page references.

A check (``MediaCheck``) holds for the redacted media it was made on: the item's text, the spans in force,
the case's names, the boxes drawn by hand on its pages and the profile (``fingerprint``). Any change and the
media stays in until checked again.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.consent import granted_scopes
from archive.exports.models import MediaCheck
from archive.items.artefacts import ItemText
from archive.models import Item, RedactionSpan
from archive.review.models import DrawnBox
from archive.review.redacted import LIVE, names_version

if TYPE_CHECKING:
    from archive.context import Archive
    from archive.exports.plan import ItemPlan

MediaKind = Literal["audio", "scan", "document", "none"]
#: ``media`` (the redacted file leaves) or ``text`` (only the redacted text, with timestamps / page refs)
Release = Literal["media", "text", "none"]
IDENTITY_SCOPE = "identity_disclosure"


def media_kind(item: Item, document: dict[str, Any]) -> MediaKind:
    """What kind of media an item has besides its text. A PDF whose pages are not known (a corrected text
    drops them) counts as scanned: nothing says every page had a text layer."""
    media = item.media_type
    if media.startswith(("audio/", "video/")):
        return "audio"
    if media.startswith("image/"):
        return "scan"
    if media == "application/pdf":
        pages = [p for p in document.get("pages") or [] if isinstance(p, dict)]
        if not pages or any(p.get("source") == "ocr" or p.get("ocr") for p in pages):
            return "scan"
        return "document"
    return "none"


def rule(kind: MediaKind, *, profile: str, identity_consent: bool, checked: bool) -> Release:
    """The rule itself, for every door and every profile."""
    if kind == "none":
        return "none"
    if kind == "audio":
        if profile != "prosecution":
            return "text"
        return "media" if identity_consent or checked else "text"
    if kind == "scan":
        return "media" if checked else "text"
    return "media"


def fingerprint(session: Session, item: Item, text: ItemText, profile: str) -> str:
    """What the redacted media of ``item`` under ``profile`` is made from, summed up."""
    spans = session.execute(select(RedactionSpan.start, RedactionSpan.end, RedactionSpan.label).where(
        RedactionSpan.item_id == item.id, RedactionSpan.text_sha256 == text.sha256,
        RedactionSpan.status.in_(LIVE))).all()
    data: dict[str, Any] = {"text": text.sha256, "profile": profile, "names": names_version(session, item.case_id),
                            "spans": sorted([int(s), int(e), str(label)] for s, e, label in spans)}
    boxes = session.execute(select(DrawnBox.page, DrawnBox.x0, DrawnBox.y0, DrawnBox.x1, DrawnBox.y1).where(
        DrawnBox.item_id == item.id, DrawnBox.removed_at.is_(None))).all()
    if boxes:  # boxes drawn by hand are part of the redacted image (absent: fingerprints as before boxes existed)
        data["boxes"] = sorted([int(page), *(float(v) for v in box)] for page, *box in boxes)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def is_checked(session: Session, item: Item, text: ItemText, profile: str) -> bool:
    current = fingerprint(session, item, text, profile)
    return session.execute(select(MediaCheck.id).where(
        MediaCheck.item_id == item.id, MediaCheck.profile == profile, MediaCheck.fingerprint == current)
    ).first() is not None


def media_release(session: Session, archive: Archive, plan: ItemPlan, *, profile: str) -> Release:
    del archive
    kind = media_kind(plan.item, plan.text.document)
    if kind in ("none", "document"):
        return rule(kind, profile=profile, identity_consent=False, checked=False)
    return rule(kind, profile=profile, identity_consent=IDENTITY_SCOPE in granted_scopes(session, plan.item.id),
                checked=is_checked(session, plan.item, plan.text, profile))
