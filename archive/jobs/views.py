"""HTTP views for job status (what the officer watches after an upload)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from archive.auth import PermissionDenied
from archive.consent import decide_access, manages
from archive.deps import ActorDep, SessionDep
from archive.items.service import get_item
from archive.jobs import queue
from archive.models import Job

router = APIRouter(tags=["jobs"])


@router.get("/jobs/{job_id}", summary="Status, progress and error of one job")
def job(job_id: str, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    found = session.get(Job, job_id)
    if found is None:
        raise LookupError(f"no job with id {job_id!r}")
    item = get_item(session, found.item_id)
    if actor.role != "admin" and not manages(session, actor=actor, item=item):
        try:
            decide_access(session, actor=actor, item=item, purpose="read")
        except PermissionDenied:
            raise PermissionDenied("you may not follow the jobs of this testimony") from None
    return queue.describe(found)
