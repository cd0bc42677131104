"""Proposed redactions, their review, the redacted text of an item, and pseudonym resolution."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import PermissionDenied, require
from archive.consent import decide_access, granted_scopes
from archive.custody import SYSTEM, Actor
from archive.items.artefacts import ItemText, item_text, store_json_artefact
from archive.models import Item, RedactionSpan, utcnow
from archive.review import vault
from archive.storage.base import ObjectStore
from redaction.engine import RedactionEngine
from redaction.findings import LABELS, Finding, RedactionResult

#: The profile of the redacted text shown to (and searched by) roles that see only redacted material.
INDEX_PROFILE = "reparations"
MANUAL = "review.manual.v1"
LIVE = ("proposed", "accepted", "added")
engine_lock = threading.Lock()  # one spaCy pass at a time per process


@cache
def engine() -> RedactionEngine:
    """One engine per process: spaCy models load once, on first use."""
    return RedactionEngine()


def engine_lang(item: Item) -> str:
    return item.language if item.language in ("fr", "en") else "auto"


def live_findings(session: Session, item_id: str, text: ItemText) -> list[Finding]:
    """Spans in force for this text: proposed, accepted and added ones (rejected ones left out)."""
    spans = session.execute(
        select(RedactionSpan).where(RedactionSpan.item_id == item_id, RedactionSpan.text_sha256 == text.sha256,
                                    RedactionSpan.status.in_(LIVE))
    ).scalars()
    return [Finding(s.start, s.end, s.label, text.text[s.start:s.end], s.recognizer, s.score, s.keep) for s in spans]


def record_proposals(session: Session, item_id: str, text: ItemText, findings: list[Finding]) -> int:
    """Store new automatic findings; reviewed decisions on the same spans of the same text are kept."""
    existing = {(s.start, s.end, s.label): s for s in session.execute(
        select(RedactionSpan).where(RedactionSpan.item_id == item_id, RedactionSpan.text_sha256 == text.sha256)
    ).scalars()}
    added = 0
    for f in findings:
        if (f.start, f.end, f.label) in existing:
            continue
        session.add(RedactionSpan(item_id=item_id, text_sha256=text.sha256, start=f.start, end=f.end, label=f.label,
                                  recognizer=f.recognizer, score=f.score, keep=f.keep))
        added += 1
    session.flush()
    return added


def redacted(session: Session, key: bytes, item: Item, text: ItemText, *, profile: str) -> RedactionResult:
    """Apply the spans in force with the case's pseudonyms under a profile (updates the sealed vault)."""
    pseudonymiser = vault.load(session, key, item.case_id, for_update=True)
    before = len(vault.person_names(pseudonymiser))
    with engine_lock:
        result = engine().apply(text.text, live_findings(session, item.id, text), profile=profile,
                                pseudonymiser=pseudonymiser, lang="en" if item.language == "en" else "fr")
    vault.save(session, key, item.case_id, pseudonymiser, names_before=before)
    return result


def redacted_document(result: RedactionResult) -> dict[str, Any]:
    """What is stored and shown as redacted: never the original strings of the spans."""
    return {"profile": result.profile, "lang": result.lang, "redacted_text": result.redacted_text,
            "flags": list(result.flags),
            "entities": [{"start": e.start, "end": e.end, "label": e.label, "action": e.action,
                          "replacement": e.replacement, "recognizer": e.recognizer} for e in result.entities]}


def refresh_redacted(session: Session, store: ObjectStore, key: bytes, work_dir: Path, item: Item,
                     text: ItemText, *, actor: Actor = SYSTEM) -> dict[str, Any]:
    """Recompute and store the redacted text that roles without the full view read and search."""
    document = redacted_document(redacted(session, key, item, text, profile=INDEX_PROFILE))
    document["source_sha256"] = text.sha256
    store_json_artefact(session, store, work_dir, item_id=item.id, kind="redacted", document=document,
                        tool=f"redaction profile {INDEX_PROFILE}", actor_name=actor.name)
    return document


def _reviewable(session: Session, actor: Actor, item: Item) -> None:
    require(actor, "redaction.review")
    if decide_access(session, actor=actor, item=item, purpose="read").view != "full":
        raise PermissionDenied("reviewing redactions needs the full text, which you may not see")


def list_spans(session: Session, store: ObjectStore, *, actor: Actor, item: Item) -> dict[str, Any]:
    _reviewable(session, actor, item)
    text = item_text(session, store, item)
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


def decide_span(session: Session, store: ObjectStore, *, actor: Actor, item: Item, span_id: str, status: str,
                reason: str = "") -> RedactionSpan:
    if status not in ("accepted", "rejected"):
        raise ValueError("a decision is 'accepted' or 'rejected'")
    _reviewable(session, actor, item)
    span = session.get(RedactionSpan, span_id)
    if span is None or span.item_id != item.id:
        raise LookupError(f"no redaction span {span_id!r} on this item")
    span.status, span.reviewer, span.reviewed_at, span.reason = status, actor.name, utcnow(), reason
    custody.record(session, actor=actor, action="review", object_type="item", object_id=item.id, reason=reason,
                   details={"span": span.id, "label": span.label, "decision": status, "recognizer": span.recognizer})
    return span


def add_span(session: Session, store: ObjectStore, *, actor: Actor, item: Item, start: int, end: int, label: str,
             reason: str = "") -> RedactionSpan:
    _reviewable(session, actor, item)
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; labels: {', '.join(LABELS)}")
    text = item_text(session, store, item)
    if text is None:
        raise ValueError("this item has no text yet: wait until its extraction is done")
    if not 0 <= start < end <= len(text.text):
        raise ValueError(f"the span {start}-{end} is outside the text (0-{len(text.text)})")
    span = RedactionSpan(item_id=item.id, text_sha256=text.sha256, start=start, end=end, label=label,
                         recognizer=MANUAL, score=1.0, status="added", reviewer=actor.name, reviewed_at=utcnow(),
                         reason=reason)
    session.add(span)
    session.flush()
    custody.record(session, actor=actor, action="review", object_type="item", object_id=item.id, reason=reason,
                   details={"span": span.id, "label": label, "decision": "added"})
    return span


def resolve_pseudonym(session: Session, key: bytes, *, actor: Actor, item: Item, pseudonym: str,
                      reason: str) -> list[str]:
    """The names behind a pseudonym, for a role allowed to know them on a testimony whose survivor consented
    to identity disclosure. Every resolution is in the custody log."""
    require(actor, "identity.resolve")
    grant = decide_access(session, actor=actor, item=item, purpose="read")
    if grant.view != "full" or "identity_disclosure" not in granted_scopes(session, item.id):
        raise PermissionDenied("resolving a pseudonym needs the survivor's identity_disclosure consent")
    if not reason.strip():
        raise ValueError("say why you need the identity (the reason is kept in the custody log)")
    from redaction.pseudonyms import resolve

    pseudonymiser = vault.load(session, key, item.case_id)
    try:
        names = list(resolve(pseudonymiser.map, pseudonym))
    except KeyError:
        raise LookupError(f"{pseudonym!r} is not a pseudonym of this case") from None
    custody.record(session, actor=actor, action="resolve_pseudonym", object_type="item", object_id=item.id,
                   reason=reason, details={"pseudonym": pseudonym, "case": item.case_id})
    return names


def after_review(session: Session, store: ObjectStore, key: bytes, work_dir: Path, item: Item) -> None:
    """After a decision: the redacted text follows at once and the index entry is queued for update."""
    from archive.jobs import queue

    text = item_text(session, store, item)
    if text is not None:
        refresh_redacted(session, store, key, work_dir, item, text)
    queue.enqueue(session, item.id, "index")
