"""The duplicate check of a registration, as a job after the commit (never inside the registration's transaction).

    register_claim(...)  ->  schedule_check(session, claimant_id)      # same transaction: the outbox row
    commit               ->  run_duplicate_check(archive, claimant_id)  # right after, or by any worker

The check scores the new claimant against the register with the matcher's latest trained parameters
(``MatcherModel``, stored by every training run): only the candidates the blocking rules give for that one
record are compared, nothing is trained. The model is trained again by ``temoin claims scan`` and, in a check,
when there is none yet or the register has grown by a quarter since. A claim cannot be decided while a check of
its claimant is pending (queued, running or failed): a failed check is re-run by ``temoin jobs retry`` or settled
by a full scan.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.claims.models import MatcherModel
from archive.db import RUN_AFTER_COMMIT
from archive.jobs import queue
from archive.models import Job, utcnow

STAGE = "duplicates"
#: A check trains the model again when the register has grown past this factor of the model's training size.
RETRAIN_GROWTH = 1.25
NOT_DONE = ("queued", "running", "failed")


def schedule_check(session: Session, claimant_id: str) -> Job:
    """Queue the duplicate check of a new claimant in the caller's transaction; it runs once that commits."""
    job = queue.enqueue(session, claimant_id, STAGE)
    session.info.setdefault(RUN_AFTER_COMMIT, []).append(job.id)
    return job


def pending_checks(session: Session, claimant_ids: Sequence[str]) -> list[Job]:
    """Duplicate checks of these claimants not done yet (queued, running, or failed and waiting for a retry)."""
    return list(session.execute(select(Job).where(Job.stage == STAGE, Job.item_id.in_(list(claimant_ids)),
                                                  Job.status.in_(NOT_DONE))).scalars())


def settle_checks(session: Session, claimant_ids: Sequence[str]) -> int:
    """A full scan covered these claimants: their pending checks have nothing left to do."""
    jobs = pending_checks(session, claimant_ids)
    for job in jobs:
        job.status, job.progress, job.lease_until, job.updated_at, job.error = "done", 1.0, None, utcnow(), None
    return len(jobs)


def latest_model(session: Session) -> MatcherModel | None:
    return session.execute(select(MatcherModel).order_by(MatcherModel.trained_at.desc()).limit(1)).scalar_one_or_none()


def needs_training(model: MatcherModel | None, register_size: int) -> bool:
    return model is None or register_size > model.records * RETRAIN_GROWTH
