"""The review of proposed redactions (accept, reject, add) and pseudonym resolution.

A decision refreshes the item's redacted text in the same transaction (the human decision and its effect
commit together) and the index follows at once (``pipeline.consequences``): every door gets the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import require
from archive.consent import decide_access, granted_scopes
from archive.custody import Actor
from archive.errors import Invalid, NotFound, PermissionDenied
from archive.items.artefacts import item_text
from archive.models import Item, RedactionSpan, utcnow
from archive.pipeline import consequences
from archive.review import vault
from archive.review.redacted import refresh_redacted
from redaction.findings import LABELS

if TYPE_CHECKING:
    from archive.context import Archive

MANUAL = "review.manual.v1"

def reviewable(session: Session, actor: Actor, item: Item) -> None:
    require(actor, "redaction.review")
    if decide_access(session, actor=actor, item=item, purpose="read").view != "full":
        raise PermissionDenied("review_needs_full")


def list_spans(session: Session, archive: Archive, *, actor: Actor, item: Item) -> dict[str, Any]:
    reviewable(session, actor, item)
    text = item_text(session, archive.store, item)
    if text is None:
        return {"text_sha256": None, "spans": [], "flags": []}
    spans = session.execute(select(RedactionSpan).where(
        RedactionSpan.item_id == item.id, RedactionSpan.text_sha256 == text.sha256).order_by(RedactionSpan.start)
    ).scalars()
    return {
        "text_sha256": text.sha256,
        "flags": item.extracted.get("redaction_flags", []),
        "spans": [{"id": s.id, "start": s.start, "end": s.end, "label": s.label, "text": text.text[s.start:s.end],
                   "recognizer": s.recognizer, "score": s.score, "keep": s.keep, "status": s.status,
                   "reviewer": s.reviewer, "reviewed_at": s.reviewed_at.isoformat() if s.reviewed_at else None,
                   "reason": s.reason} for s in spans],
    }


def decide_span(session: Session, archive: Archive, *, actor: Actor, item: Item, span_id: str, status: str,
                reason: str = "") -> RedactionSpan:
    if status not in ("accepted", "rejected"):
        raise Invalid("decision_value", status=status)
    reviewable(session, actor, item)
    span = session.get(RedactionSpan, span_id)
    if span is None or span.item_id != item.id:
        raise NotFound("span", id=span_id)
    span.status, span.reviewer, span.reviewed_at, span.reason = status, actor.name, utcnow(), reason
    custody.record(session, actor=actor, action="review", object_type="item", object_id=item.id,
                   details={"span": span.id, "label": span.label, "decision": status, "recognizer": span.recognizer},
                   sealed=custody.typed("reason", reason), key=archive.key)
    if status == "rejected" and span.label == "PERSON":
        _unlearn(session, archive, item, span)
    _refresh(session, archive, item)
    return span


def _unlearn(session: Session, archive: Archive, item: Item, span: RedactionSpan) -> None:
    """A string rejected as a person's name leaves the case's vault; the case's other items are redacted again
    (their propagated spans of it go with the new pass)."""
    text = item_text(session, archive.store, item)
    if text is None or text.sha256 != span.text_sha256:
        return
    if vault.reject_name(session, archive.key, item.case_id, text.text[span.start:span.end], actor_name=span.reviewer
                         or ""):
        consequences.names_learnt(session, item.case_id, except_item=item.id)


def _refresh(session: Session, archive: Archive, item: Item) -> None:
    session.flush()
    text = item_text(session, archive.store, item)
    if text is not None:
        refresh_redacted(session, archive, item, text)


def add_span(session: Session, archive: Archive, *, actor: Actor, item: Item, start: int, end: int, label: str,
             reason: str = "") -> RedactionSpan:
    reviewable(session, actor, item)
    if label not in LABELS:
        raise Invalid("label_unknown", label=label, labels=LABELS)
    text = item_text(session, archive.store, item)
    if text is None:
        raise Invalid("no_text_yet")
    if not 0 <= start < end <= len(text.text):
        raise Invalid("span_outside", start=start, end=end, length=len(text.text))
    span = RedactionSpan(item_id=item.id, text_sha256=text.sha256, start=start, end=end, label=label,
                         recognizer=MANUAL, score=1.0, status="added", reviewer=actor.name, reviewed_at=utcnow(),
                         reason=reason)
    session.add(span)
    session.flush()
    custody.record(session, actor=actor, action="review", object_type="item", object_id=item.id,
                   details={"span": span.id, "label": label, "decision": "added"},
                   sealed=custody.typed("reason", reason), key=archive.key)
    _refresh(session, archive, item)
    return span


def resolve_pseudonym(session: Session, archive: Archive, *, actor: Actor, item: Item, pseudonym: str,
                      reason: str) -> list[str]:
    """The names behind a pseudonym, for a role allowed to know them on a testimony whose survivor consented
    to identity disclosure. Every resolution is in the custody log."""
    require(actor, "identity.resolve")
    grant = decide_access(session, actor=actor, item=item, purpose="read")
    if grant.view != "full" or "identity_disclosure" not in granted_scopes(session, item.id):
        raise PermissionDenied("resolve_needs_identity")
    if not reason.strip():
        raise Invalid("reason_required")
    from redaction.pseudonyms import resolve

    pseudonymiser = vault.load(session, archive.key, item.case_id)
    try:
        names = list(resolve(pseudonymiser.map, pseudonym))
    except KeyError:
        raise NotFound("pseudonym", pseudonym=pseudonym) from None
    custody.record(session, actor=actor, action="resolve_pseudonym", object_type="item", object_id=item.id,
                   details={"pseudonym": pseudonym, "case": item.case_id},
                   sealed=custody.typed("reason", reason), key=archive.key)
    return names
