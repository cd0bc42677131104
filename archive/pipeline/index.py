"""The `index` stage: the item's current state (texts, consent with expiry, seal) as a search document.

The document carries the item's revision as its version, read in the same transaction as the state it
describes: the backends never let an older snapshot replace a newer one, whoever writes last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.acts.indexed import coded_values
from archive.consent import current_consent, sealed_users
from archive.context import Archive
from archive.disclosures import evidence
from archive.items.artefacts import item_text, piece_starts
from archive.jobs import queue
from archive.jobs.queue import PermanentFailure
from archive.models import Case, Item, utcnow
from archive.review.redacted import current_redaction
from search import SearchDocument


def _shift(entities: list[dict[str, Any]]) -> Callable[[int], int]:
    """Map an offset of the original text to the redacted text (replacements change lengths)."""
    ordered = sorted(entities, key=lambda e: e["start"])

    def to_redacted(offset: int) -> int:
        delta = 0
        for e in ordered:
            if e["end"] <= offset:
                delta += len(e["replacement"]) - (int(e["end"]) - int(e["start"]))
            elif e["start"] < offset:
                return int(e["start"]) + delta
            else:
                break
        return offset + delta

    return to_redacted


def build_document(session: Session, archive: Archive, item: Item) -> SearchDocument:
    """The item as the index must hold it now. A redacted text that is not current is left out: roles that
    see only redacted material do not find the item until its redaction is redone."""
    text = item_text(session, archive.store, item)
    view = current_redaction(session, archive, item, text) if text is not None else None
    full = text.text if text is not None else ""
    doc = text.document if text is not None else {}
    redacted = str(view["redacted_text"]) if view is not None else ""
    pages = [p for p in doc.get("pages", []) if isinstance(p, dict)]
    segments = [s for s in doc.get("segments", []) if isinstance(s, dict)]
    page_offsets = piece_starts(full, [str(p.get("text", "")) for p in pages])
    seg_offsets = piece_starts(full, [str(s.get("text", "")) for s in segments])
    shift = _shift(list(view.get("entities", []))) if redacted and view is not None else (lambda o: 0)
    case = session.get(Case, item.case_id)
    now = utcnow()
    consent = {scope: state for scope, state in current_consent(session, item.id, now=now).items() if state.in_force}
    return SearchDocument(
        item_id=item.id, case_id=item.case_id, collected_by=item.uploaded_by_id or "system", text=full,
        redacted_text=redacted, media_type=item.media_type, collected_at=item.collected_at or item.created_at,
        consent_scopes=frozenset(consent), confidentiality=item.confidentiality,
        consent_expiry={scope: s.expires_at for scope, s in consent.items() if s.expires_at is not None},
        pages=tuple((int(p.get("number", i + 1)), o) for i, (p, o) in enumerate(zip(pages, page_offsets, strict=True))),
        redacted_pages=tuple((int(p.get("number", i + 1)), shift(o))
                             for i, (p, o) in enumerate(zip(pages, page_offsets, strict=True))) if redacted else (),
        segments=tuple((float(s.get("start", 0.0)), o) for s, o in zip(segments, seg_offsets, strict=True)),
        redacted_segments=tuple((float(s.get("start", 0.0)), shift(o))
                                for s, o in zip(segments, seg_offsets, strict=True)) if redacted else (),
        region=item.region, violation_types=tuple(item.violation_types or ()), testimony_type=item.testimony_type,
        language=item.language, incident_date=item.incident_date, sealed_users=sealed_users(session, item.id),
        title=case.title if case else "", version=item.revision or 0, coded=coded_values(session, item.id),
        evidence_number=evidence.number_of(session, item.id),
    )


def index_items(archive: Archive, item_ids: Iterable[str]) -> dict[str, int]:
    """Write the current state of these items to the index in one batch, then settle the index jobs that asked
    for what is now there. Returns the version written per item (deleted items are removed)."""
    ids = list(dict.fromkeys(item_ids))
    with archive.db.reader() as session:  # a read that may take a while: it must not hold the write lock
        items = session.execute(select(Item).where(Item.id.in_(ids))).scalars().all()
        documents = [build_document(session, archive, item) for item in items]
    gone = sorted(set(ids) - {d.item_id for d in documents})
    backend = archive.search
    if documents:
        backend.index(documents)
    if gone:
        backend.delete(gone)
    written = {d.item_id: d.version for d in documents}
    with archive.db.session() as session:
        for item_id, version in written.items():
            queue.settle(session, item_id, "index", up_to_version=version)
    return written


def run_index(archive: Archive, item_id: str, progress: Callable[[float], None]) -> None:
    """The `index` stage of one item."""
    if not index_items(archive, [item_id]):
        raise PermanentFailure(f"item {item_id} no longer exists; removed from the index")


def all_documents(archive: Archive) -> Iterator[SearchDocument]:
    last = ""
    while True:
        with archive.db.reader() as session:
            items = session.execute(select(Item).where(Item.id > last).order_by(Item.id).limit(200)).scalars().all()
            docs = [build_document(session, archive, item) for item in items]
            if not items:
                return
            last = items[-1].id  # read while the unit of work is open (its end expires the rows)
        yield from docs


def reindex(archive: Archive, *, progress: Callable[[float], None] | None = None) -> int:
    """Rebuild the whole index from the system of record (swapped in atomically by the backend)."""
    with archive.db.session() as session:
        total = session.query(Item).count()
    return archive.search_backend.rebuild(all_documents(archive), progress=progress, total=total)
