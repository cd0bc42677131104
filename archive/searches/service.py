"""The derived search index: documents built from the system of record, the `index` stage, scoped searches.

Scoping itself happens inside `search/` on every query; this module only says who is asking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import assigned_cases, require
from archive.consent import granted_scopes, sealed_users
from archive.context import Archive
from archive.custody import Actor
from archive.items.artefacts import item_text, redacted_view
from archive.jobs import queue
from archive.jobs.queue import PermanentFailure
from archive.models import Case, Item, Job
from search import Principal, Query, SearchBackend, SearchDocument, SearchResult, SearchUnavailable, init_search


class IndexCatchingUp(SearchUnavailable):
    """A consent change has not reached the index yet: searching now could show what is no longer allowed."""


def backend(archive: Archive) -> SearchBackend:
    """The configured search backend, opened once per archive."""
    if archive._search is None:
        s = archive.settings
        archive._search = init_search(
            backend=s.search_backend, path=s.resolved_search_dir, url=s.elasticsearch_url, index=s.elasticsearch_index,
            username=s.elasticsearch_username,
            password=s.elasticsearch_password.get_secret_value() if s.elasticsearch_password else None)
    engine: SearchBackend = archive._search
    return engine


def _offsets(full: str, pieces: list[str]) -> list[int]:
    """Where each piece starts in the full text (pieces appear in order)."""
    out, cursor = [], 0
    for piece in pieces:
        found = full.find(piece.strip(), cursor) if piece.strip() else -1
        at = found if found >= 0 else cursor
        out.append(at)
        cursor = at + len(piece.strip())
    return out


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
    text = item_text(session, archive.store, item)
    view = redacted_view(session, archive.store, item) if text is not None else None
    full = text.text if text is not None else ""
    doc = text.document if text is not None else {}
    redacted = str(view["redacted_text"]) if view is not None and view.get("source_sha256") == (
        text.sha256 if text else None) else ""
    pages = [p for p in doc.get("pages", []) if isinstance(p, dict)]
    segments = [s for s in doc.get("segments", []) if isinstance(s, dict)]
    page_offsets = _offsets(full, [str(p.get("text", "")) for p in pages])
    seg_offsets = _offsets(full, [str(s.get("text", "")) for s in segments])
    shift = _shift(list(view.get("entities", []))) if redacted and view is not None else (lambda o: 0)
    case = session.get(Case, item.case_id)
    return SearchDocument(
        item_id=item.id, case_id=item.case_id, collected_by=item.uploaded_by_id or "system", text=full,
        redacted_text=redacted, media_type=item.media_type, collected_at=item.collected_at or item.created_at,
        consent_scopes=granted_scopes(session, item.id), confidentiality=item.confidentiality,
        pages=tuple((int(p.get("number", i + 1)), o) for i, (p, o) in enumerate(zip(pages, page_offsets, strict=True))),
        redacted_pages=tuple((int(p.get("number", i + 1)), shift(o))
                             for i, (p, o) in enumerate(zip(pages, page_offsets, strict=True))) if redacted else (),
        segments=tuple((float(s.get("start", 0.0)), o) for s, o in zip(segments, seg_offsets, strict=True)),
        redacted_segments=tuple((float(s.get("start", 0.0)), shift(o))
                                for s, o in zip(segments, seg_offsets, strict=True)) if redacted else (),
        region=item.region, violation_types=tuple(item.violation_types or ()), testimony_type=item.testimony_type,
        language=item.language, incident_date=item.incident_date, sealed_users=sealed_users(session, item.id),
        title=case.title if case else "",
    )


def run_index(archive: Archive, item_id: str, progress: Callable[[float], None]) -> None:
    """The `index` stage: put the item's current state (texts, consent, seal) into the derived index."""
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        if item is None:
            backend(archive).delete([item_id])
            raise PermanentFailure(f"item {item_id} no longer exists; removed from the index")
        document = build_document(session, archive, item)
    backend(archive).index([document])


def reindex_now(archive: Archive, item_id: str) -> bool:
    """Bring one item's index entry up to date at once (its consent changed). If the index is down, queue the
    update marked as overdue: searches refuse to answer until it is done, so nothing withdrawn can show."""
    try:
        run_index(archive, item_id, lambda _f: None)
    except Exception as exc:
        with archive.db.session() as session:
            job = queue.enqueue(session, item_id, "index")
            job.error = f"consent change not yet in the index: {exc}"
        return False
    with archive.db.session() as session:  # the entry is current: index jobs waiting for this item are done
        for job in session.execute(select(Job).where(Job.item_id == item_id, Job.stage == "index",
                                                     Job.status == "queued")).scalars():
            queue.complete(session, job, enabled=queue.STAGES)
    return True


def principal_for(session: Session, actor: Actor) -> Principal:
    if actor.role == "system":  # the local operator: like an officer assigned to every case
        cases = frozenset(session.execute(select(Case.id)).scalars())
        return Principal("system", "documentation_officer", cases)
    return Principal(actor.user_id or actor.name, actor.role, assigned_cases(session, actor.user_id))


def run_search(archive: Archive, *, actor: Actor, query: Query) -> SearchResult:
    """Search as this actor; the search and its result count go into the custody log."""
    if actor.role != "system":
        require(actor, "search")
    with archive.db.session() as session:
        principal = principal_for(session, actor)
        overdue = session.execute(select(Job.item_id).where(Job.stage == "index", Job.status == "queued",
                                                            Job.error.is_not(None))).scalars().all()
    # An earlier index update failed: catch up before answering, or refuse rather than show stale scopes.
    if not all([reindex_now(archive, item_id) for item_id in overdue]):
        raise IndexCatchingUp("the search index is catching up with consent changes: try again in a minute")
    result = backend(archive).search(query, principal)
    with archive.db.session() as session:
        custody.record(session, actor=actor, action="search", object_type="search", object_id="-",
                       details={"query": query.text, "filters": {k: list(v) for k, v in query.filters.items()},
                                "results": result.total})
    return result


def all_documents(archive: Archive) -> Iterator[SearchDocument]:
    last = ""
    while True:
        with archive.db.session() as session:
            items = session.execute(select(Item).where(Item.id > last).order_by(Item.id).limit(200)).scalars().all()
            docs = [build_document(session, archive, item) for item in items]
        if not items:
            return
        yield from docs
        last = items[-1].id


def reindex(archive: Archive, *, progress: Callable[[float], None] | None = None) -> int:
    """Rebuild the whole index from the system of record (swapped in atomically by the backend)."""
    return backend(archive).rebuild(all_documents(archive), progress=progress)


def result_json(result: SearchResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "hits": [{"item": h.item_id, "case": h.case_id, "score": h.score,
                  "snippets": [s.text for s in h.snippets],
                  "sources": [{"page": s.page, "seconds": s.seconds} for s in h.snippets]} for h in result.hits],
        "facets": {field: dict(values) for field, values in result.facets.items()},
    }
