"""HTTP view for scoped full-text search."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from archive.deps import ActorDep, ArchiveDep
from archive.searches.query import build_query
from archive.searches.service import result_json, run_search

router = APIRouter(tags=["search"])


@router.get("/search", summary="Search the testimonies you may see (role and consent applied inside search)")
async def search(
    actor: ActorDep,
    archive: ArchiveDep,
    q: str = "",
    filter: Annotated[list[str] | None, Query(description="FIELD=VALUE, repeatable")] = None,
    collected_from: dt.datetime | None = None,
    collected_to: dt.datetime | None = None,
    incident_from: dt.date | None = None,
    incident_to: dt.date | None = None,
    sort: str = "relevance",
    page: int = 1,
    size: int = 10,
) -> dict[str, Any]:
    query = build_query(q, filters=filter or (), collected_from=collected_from, collected_to=collected_to,
                        incident_from=incident_from, incident_to=incident_to, sort=sort, page=page, size=size)
    result = await run_in_threadpool(run_search, archive, actor=actor, query=query)
    return result_json(result)
