"""A durable job queue in the system-of-record database.

Jobs survive restarts; several workers share the queue safely (``SELECT ... FOR UPDATE SKIP LOCKED``
on PostgreSQL, an immediate write transaction on SQLite); a job whose worker vanished is taken again
once its lease has expired; failures are retried with exponential back-off and recorded on the item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive import custody
from archive.custody import SYSTEM
from archive.models import Item, Job, utcnow

STAGES: tuple[str, ...] = ("extract", "redact", "index")
BACKOFF_BASE_S = 5.0
BACKOFF_MAX_S = 600.0


class PermanentFailure(Exception):
    """The input itself is the problem (corrupt, encrypted, unsupported): retrying will not help."""


def next_stage(stage: str, enabled: tuple[str, ...]) -> str | None:
    later = STAGES[STAGES.index(stage) + 1:]
    return next((s for s in later if s in enabled), None)


def enqueue(session: Session, item_id: str, stage: str, *, max_attempts: int = 3) -> Job:
    """Add a stage for an item unless the same stage is already waiting (idempotent)."""
    existing = session.execute(
        select(Job).where(Job.item_id == item_id, Job.stage == stage, Job.status.in_(("queued", "running")))
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    job = Job(item_id=item_id, stage=stage, max_attempts=max_attempts)
    session.add(job)
    session.flush()
    return job


def claim(session: Session, *, worker: str, lease_s: float, stages: tuple[str, ...] = STAGES,
          now: dt.datetime | None = None) -> Job | None:
    """Take the oldest ready job (or one whose lease expired) and lease it to this worker."""
    now = now or utcnow()
    query = (
        select(Job)
        .where(Job.stage.in_(stages))
        .where(or_(
            (Job.status == "queued") & (Job.run_after <= now),
            (Job.status == "running") & (Job.lease_until < now),
        ))
        .order_by(Job.created_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    job = session.execute(query).scalar_one_or_none()
    if job is None:
        return None
    job.status, job.worker = "running", worker
    job.attempts += 1
    job.lease_until = now + dt.timedelta(seconds=lease_s)
    job.updated_at = now
    job.error = None
    item = session.get(Item, job.item_id)
    if item is not None:
        item.status, item.progress, item.error = "running", 0.0, None
    session.flush()
    return job


def report_progress(session: Session, job_id: str, fraction: float, *, lease_s: float) -> None:
    """Store progress and extend the lease (a heartbeat)."""
    job = session.get(Job, job_id)
    if job is None or job.status != "running":
        return
    now = utcnow()
    job.progress = max(0.0, min(1.0, fraction))
    job.lease_until = now + dt.timedelta(seconds=lease_s)
    job.updated_at = now
    item = session.get(Item, job.item_id)
    if item is not None:
        item.progress = job.progress


def complete(session: Session, job: Job, *, enabled: tuple[str, ...]) -> Job | None:
    job.status, job.progress, job.lease_until, job.updated_at = "done", 1.0, None, utcnow()
    follow = next_stage(job.stage, enabled)
    item = session.get(Item, job.item_id)
    if follow is not None:
        if item is not None:
            item.status, item.progress = "queued", 0.0
        return enqueue(session, job.item_id, follow)
    if item is not None:
        item.status, item.progress = "done", 1.0
    return None


def fail(session: Session, job: Job, reason: str, *, permanent: bool) -> None:
    """Record the failure on the job and the item; retry later unless permanent or out of attempts."""
    now = utcnow()
    job.error, job.updated_at, job.lease_until = reason, now, None
    item = session.get(Item, job.item_id)
    if not permanent and job.attempts < job.max_attempts:
        delay = min(BACKOFF_BASE_S * 2 ** (job.attempts - 1), BACKOFF_MAX_S)
        job.status, job.run_after = "queued", now + dt.timedelta(seconds=delay)
        if item is not None:
            item.status, item.error = "queued", f"attempt {job.attempts} failed, retrying: {reason}"
        return
    job.status = "failed"
    if item is not None:
        item.status, item.error = "failed", reason
    custody.record(session, actor=SYSTEM, action="job_failed", object_type="item", object_id=job.item_id,
                   reason=reason, details={"job": job.id, "stage": job.stage, "attempts": job.attempts})


def retry(session: Session, job: Job) -> None:
    """Put a failed job back in the queue (after the cause was fixed)."""
    job.status, job.attempts, job.run_after, job.error = "queued", 0, utcnow(), None


def describe(job: Job) -> dict[str, Any]:
    return {"id": job.id, "item": job.item_id, "stage": job.stage, "status": job.status,
            "progress": job.progress, "attempts": job.attempts, "max_attempts": job.max_attempts,
            "error": job.error, "worker": job.worker, "updated_at": job.updated_at.isoformat()}
