"""Scoped searches: who is asking, an index that reflects every committed change, and a sealed log entry
(chained in groups with concurrent searches: ``archive/custody_group.py``).

Scoping itself happens inside `search/` on every query (role, assignment, consent judged at the instant of
the search, seal); this module says who is asking, makes the index catch up with urgent changes first
(``pipeline.runner.catch_up_index``), and logs the search without its words in clear.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody, custody_group
from archive.auth import assigned_cases, require
from archive.context import Archive
from archive.custody import Actor
from archive.disclosures import evidence
from archive.models import Case
from archive.pipeline.runner import catch_up_index, urgent_index_items
from search import Principal, Query, SearchResult


def principal_for(session: Session, actor: Actor) -> Principal:
    if actor.role == "system":  # the local operator: like an officer assigned to every case
        cases = frozenset(session.execute(select(Case.id)).scalars())
        return Principal("system", "documentation_officer", cases)
    return Principal(actor.user_id or actor.name, actor.role, assigned_cases(session, actor.user_id))


def run_search(archive: Archive, *, actor: Actor, query: Query) -> SearchResult:
    """Search as this actor. The search, its filters and its result count go into the custody log; its words
    are sealed there (a keyed hash lets an auditor check a claimed query without reading it)."""
    if actor.role != "system":
        require(actor, "search")
    with archive.db.reader() as session:  # one read for who asks and what the index still lacks
        principal = principal_for(session, actor)
        pending = urgent_index_items(session)
    catch_up_index(archive, pending=pending)  # or refuse: never answer from an index missing a committed change
    result = archive.search.search(query, principal)
    if any(h.evidence_number is None for h in result.hits):
        with archive.db.reader() as session:
            result = _numbered(session, result)
    # Logged before the answer leaves, chained with the other searches of this moment (one head lock and one
    # commit for the group, not one per search: archive/custody_group.py).
    custody_group.log(archive.db, custody.prepare(
        actor=actor, action="search", object_type="search", object_id="-",
        details={"filters": {k: list(v) for k, v in query.filters.items()}, "results": result.total},
        sealed={"query": query.text}, key=archive.key))
    return result


def _numbered(session: Session, result: SearchResult) -> SearchResult:
    """Every hit with its evidence number: the index holds it; a document indexed before numbers were stored
    (or an item numbered at its first disclosure) gets it from the register until the next reindex."""
    missing = [h.item_id for h in result.hits if h.evidence_number is None]
    if not missing:
        return result
    numbers = evidence.numbers_for(session, missing)
    hits = tuple(h if h.evidence_number else dataclasses.replace(h, evidence_number=numbers.get(h.item_id))
                 for h in result.hits)
    return dataclasses.replace(result, hits=hits)


def _source(number: str | None, page: int | None, seconds: float | None) -> dict[str, Any]:
    cite = evidence.cite(number, page=page, seconds=seconds) if number else None
    return {"page": page, "seconds": seconds, "cite": cite}


def result_json(result: SearchResult) -> dict[str, Any]:
    """Each hit names its item's evidence number, and each passage its citation (``NUMBER:page``,
    ``NUMBER@seconds``)."""
    return {
        "total": result.total,
        "hits": [{"item": h.item_id, "case": h.case_id, "evidence_number": h.evidence_number, "score": h.score,
                  "snippets": [s.text for s in h.snippets],
                  "sources": [_source(h.evidence_number, s.page, s.seconds) for s in h.snippets]}
                 for h in result.hits],
        "facets": {field: dict(values) for field, values in result.facets.items()},
    }
