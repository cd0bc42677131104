"""HTTP views for job status (what the officer watches after an upload) and re-running a failed job."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from archive.deps import ActorDep, SessionDep
from archive.items.service import follow_job, retry_job
from archive.jobs import queue

router = APIRouter(tags=["jobs"])


class Retry(BaseModel):
    reason: str = Field("", max_length=2000, description="Why it is run again (kept in the custody log).")


@router.get("/jobs/{job_id}", summary="Status, progress, error and attempt history of one job")
def job(job_id: str, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    return queue.describe(follow_job(session, actor=actor, job_id=job_id))


@router.post("/jobs/{job_id}/retry", summary="Run a failed job again (logged)")
def retry(job_id: str, body: Retry, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    return queue.describe(retry_job(session, actor=actor, job_id=job_id, reason=body.reason))
