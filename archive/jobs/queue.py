"""A durable job queue in the system-of-record database: plumbing only (what to run lives in ``pipeline``).

Jobs survive restarts; several workers share the queue safely (``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL, a short write transaction on SQLite). The rules:

- **Nothing is dropped.** Enqueueing a stage while one is queued raises that job's ``version`` (the item
  revision it must reflect); while one is *running*, a new job is queued and runs after it (a worker never
  claims a job whose item and stage has another job running under a live lease).
- **Every claim counts**, a lease take-over too: a job whose worker died past ``max_attempts`` claims is
  failed with its history instead of crashing one worker after another.
- **The lease is a heartbeat**: a running job extends it while it works, so a short lease (a minute) is
  enough and a dead worker's job is taken over soon after.
- **Transient trouble is not bad input**: storage, index or database unavailable backs off over minutes and
  gives the attempt back; bad input (``PermanentFailure``) fails at once; other errors retry with back-off
  until ``max_attempts``. A failed job can be re-run (``retry``), which is logged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from archive import custody
from archive.custody import SYSTEM, Actor
from archive.models import Item, Job, utcnow

BACKOFF_BASE_S = 5.0
BACKOFF_MAX_S = 600.0
TRANSIENT_BASE_S = 15.0
TRANSIENT_MAX_S = 900.0
TRANSIENT_LIMIT = 40  # about eight hours of an unavailable part before a job gives up
HISTORY_KEEP = 20
PENDING = ("queued", "running")


class PermanentFailure(Exception):
    """The input itself is the problem (corrupt, encrypted, unsupported): retrying will not help."""


class TransientFailure(Exception):
    """A part the stage needs is unavailable (storage, index, database): try again later, no attempt spent."""


def enqueue(session: Session, item_id: str, stage: str, *, version: int = 0, urgent: bool = False,
            max_attempts: int = 3) -> Job:
    """Schedule a stage for an item. A queued job of the same stage absorbs the request (its version and
    urgency only grow); otherwise a new job is queued, even when one is running (it runs after it)."""
    queued = session.execute(
        select(Job).where(Job.item_id == item_id, Job.stage == stage, Job.status == "queued")
        .order_by(Job.created_at).limit(1)
    ).scalar_one_or_none()
    if queued is not None:
        queued.version = max(queued.version, version)
        queued.urgent = queued.urgent or urgent
        return queued
    job = Job(item_id=item_id, stage=stage, max_attempts=max_attempts, version=version, urgent=urgent,
              history=[])
    session.add(job)
    session.flush()
    return job


def _note(job: Job, now: dt.datetime, outcome: str, error: str | None = None) -> None:
    entry: dict[str, Any] = {"attempt": job.attempts, "at": now.isoformat(timespec="seconds"),
                             "worker": job.worker, "outcome": outcome}
    if error:
        entry["error"] = error[:500]
    job.history = [*(job.history or []), entry][-HISTORY_KEEP:]


def claim(session: Session, *, worker: str, lease_s: float, stages: tuple[str, ...],
          now: dt.datetime | None = None) -> Job | None:
    """Take the most urgent, oldest ready job (or one whose lease expired) and lease it to this worker."""
    now = now or utcnow()
    other = aliased(Job)
    busy = exists().where(and_(other.item_id == Job.item_id, other.stage == Job.stage, other.id != Job.id,
                               other.status == "running", other.lease_until >= now))
    query = (
        select(Job)
        .where(Job.stage.in_(stages))
        .where(or_(
            (Job.status == "queued") & (Job.run_after <= now),
            (Job.status == "running") & (Job.lease_until < now),
        ))
        .where(~busy)
        .order_by(Job.urgent.desc(), Job.created_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    while True:
        job = session.execute(query).scalar_one_or_none()
        if job is None:
            return None
        if job.status == "running":  # its worker vanished: that claim was an attempt too
            _note(job, now, "lease expired")
            if job.attempts >= job.max_attempts:
                _give_up(session, job, now, "the worker running this job stopped (crash or kill) "
                         f"{job.attempts} time(s); the file may crash the worker")
                continue
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


def claim_one(session: Session, job_id: str, *, worker: str, lease_s: float) -> Job | None:
    """Lease this one job to this worker if it is queued and nothing else runs for its item and stage."""
    now = utcnow()
    job = session.execute(select(Job).where(Job.id == job_id, Job.status == "queued")
                          .with_for_update(skip_locked=True)).scalar_one_or_none()
    if job is None or session.execute(select(Job.id).where(
            Job.item_id == job.item_id, Job.stage == job.stage, Job.status == "running",
            Job.lease_until >= now).limit(1)).first() is not None:
        return None
    job.status, job.worker, job.attempts = "running", worker, job.attempts + 1
    job.lease_until, job.updated_at, job.error = now + dt.timedelta(seconds=lease_s), now, None
    item = session.get(Item, job.item_id)
    if item is not None:
        item.status, item.progress, item.error = "running", 0.0, None
    session.flush()
    return job


def heartbeat(session: Session, job_id: str, *, worker: str, lease_s: float,
              fraction: float | None = None) -> bool:
    """Extend the lease (and store progress); False when the job is no longer this worker's."""
    job = session.get(Job, job_id)
    if job is None or job.status != "running" or job.worker != worker:
        return False
    now = utcnow()
    job.lease_until = now + dt.timedelta(seconds=lease_s)
    job.updated_at = now
    if fraction is not None:
        job.progress = max(0.0, min(1.0, fraction))
        item = session.get(Item, job.item_id)
        if item is not None:
            item.progress = job.progress
    return True


def settle(session: Session, item_id: str, stage: str, *, up_to_version: int) -> None:
    """Mark pending jobs of this stage done when what they ask for is already reflected (e.g. the index holds
    the item at ``up_to_version``): a later reader need not wait for them."""
    for job in session.execute(select(Job).where(Job.item_id == item_id, Job.stage == stage,
                                                 Job.status.in_(PENDING), Job.version <= up_to_version)).scalars():
        job.status, job.progress, job.lease_until, job.updated_at = "done", 1.0, None, utcnow()
        job.error = None


def complete(session: Session, job: Job, *, follow: str | None) -> Job | None:
    """The job succeeded: mark it done and queue the next stage (same version and urgency), if any."""
    now = utcnow()
    job.status, job.progress, job.lease_until, job.updated_at = "done", 1.0, None, now
    _note(job, now, "done")
    item = session.get(Item, job.item_id)
    if follow is not None:
        if item is not None:
            item.status, item.progress = "queued", 0.0
        return enqueue(session, job.item_id, follow, version=job.version, urgent=job.urgent)
    if item is not None and not _pending_for(session, job.item_id, exclude=job.id):
        item.status, item.progress = "done", 1.0
    return None


def _pending_for(session: Session, item_id: str, *, exclude: str) -> bool:
    return session.execute(select(Job.id).where(Job.item_id == item_id, Job.id != exclude,
                                                Job.status.in_(PENDING)).limit(1)).first() is not None


def fail(session: Session, job: Job, reason: str, *, permanent: bool = False, transient: bool = False) -> None:
    """Record the failure on the job and the item; retry later unless permanent or out of attempts."""
    now = utcnow()
    job.error, job.updated_at, job.lease_until = reason, now, None
    _note(job, now, "transient" if transient else "permanent" if permanent else "failed", reason)
    item = session.get(Item, job.item_id)
    if transient and job.transient_failures < TRANSIENT_LIMIT:
        job.transient_failures += 1
        job.attempts = max(0, job.attempts - 1)  # an unavailable part is not the input's fault
        delay = min(TRANSIENT_BASE_S * 2 ** min(job.transient_failures - 1, 8), TRANSIENT_MAX_S)
        job.status, job.run_after = "queued", now + dt.timedelta(seconds=delay)
        if item is not None:
            item.status, item.error = "queued", f"waiting for an unavailable service, retrying: {reason}"
        return
    if not permanent and not transient and job.attempts < job.max_attempts:
        delay = min(BACKOFF_BASE_S * 2 ** (job.attempts - 1), BACKOFF_MAX_S)
        job.status, job.run_after = "queued", now + dt.timedelta(seconds=delay)
        if item is not None:
            item.status, item.error = "queued", f"attempt {job.attempts} failed, retrying: {reason}"
        return
    _give_up(session, job, now, reason)


def _give_up(session: Session, job: Job, now: dt.datetime, reason: str) -> None:
    job.status, job.error, job.lease_until, job.updated_at = "failed", reason, None, now
    item = session.get(Item, job.item_id)
    if item is not None:
        item.status, item.error = "failed", reason
    custody.record(session, actor=SYSTEM, action="job_failed", object_type="item", object_id=job.item_id,
                   reason=reason, details={"job": job.id, "stage": job.stage, "attempts": job.attempts,
                                           "history": job.history})


def retry(session: Session, job: Job, *, actor: Actor = SYSTEM, reason: str = "") -> Job:
    """Put a failed job back in the queue (after the cause was fixed); logged."""
    job.status, job.attempts, job.transient_failures = "queued", 0, 0
    job.run_after, job.error, job.urgent = utcnow(), None, True
    item = session.get(Item, job.item_id)
    if item is not None:
        item.status, item.error = "queued", None
    custody.record(session, actor=actor, action="job_retry", object_type="item" if item is not None else "claimant",
                   object_id=job.item_id,
                   reason=reason, details={"job": job.id, "stage": job.stage})
    return job


def describe(job: Job) -> dict[str, Any]:
    return {"id": job.id, "item": job.item_id, "stage": job.stage, "status": job.status,
            "progress": job.progress, "attempts": job.attempts, "max_attempts": job.max_attempts,
            "error": job.error, "worker": job.worker, "updated_at": job.updated_at.isoformat(),
            "history": list(job.history or [])}
