"""Running follow-ups now: right after the transaction that scheduled them, and before a search answers.

``run_now`` is what ``Database.session`` calls after a commit with the urgent jobs that transaction wrote:
their index updates go out in one batch before the request (or command) returns. If that fails (the index
is down), the jobs stay queued and ``catch_up_index`` makes every later search bring them in first, or refuse
to answer: nothing a committed change took away can be found in the meantime.
"""

from __future__ import annotations

import logging
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.context import Archive
from archive.errors import Unavailable
from archive.jobs.queue import PENDING
from archive.models import Job
from archive.pipeline.index import index_items

log = logging.getLogger("temoin.pipeline")


def run_now(archive: Archive, job_ids: list[str]) -> None:
    """Run these jobs here, now: other stages first (each through the worker's own claim, so no other worker
    runs them twice), then every index update they and the change asked for, in one batch."""
    from archive.jobs.worker import Worker
    from archive.pipeline.stages import handlers

    with archive.db.session() as session:
        jobs = session.execute(select(Job.id, Job.item_id, Job.stage).where(Job.id.in_(job_ids))).all()
    worker = Worker(archive, handlers(), name=f"after-commit:{os.getpid()}")
    for job_id, _item, stage in jobs:
        if stage != "index":
            worker.run_job(job_id)
    items = list(dict.fromkeys(item for _id, item, _stage in jobs))
    with archive.db.session() as session:
        items = list(session.execute(select(Job.item_id).where(Job.item_id.in_(items), Job.stage == "index",
                                                               Job.status == "queued")).scalars())
    if not items:
        return
    try:
        index_items(archive, items)
    except Exception as exc:  # the index is down: the jobs stay queued; searches catch up or refuse
        log.warning("index update after a change failed, left queued for catch-up: %s", exc)
        with archive.db.session() as session:
            for job in session.execute(select(Job).where(Job.item_id.in_(items), Job.stage == "index",
                                                         Job.status == "queued")).scalars():
                job.error = f"not yet in the index: {exc}"


def urgent_index_items(session: Session) -> list[str]:
    """Items with an urgent index update still pending (asked by every search, in its read-only unit of work)."""
    return list(dict.fromkeys(session.execute(
        select(Job.item_id).where(Job.stage == "index", Job.status.in_(PENDING), Job.urgent.is_(True))
    ).scalars()))


def pending_urgent_index(archive: Archive) -> list[str]:
    with archive.db.reader() as session:  # a read that never waits for a writer
        return urgent_index_items(session)


def catch_up_index(archive: Archive, *, pending: list[str] | None = None) -> None:
    """Bring every urgent index update still pending into the index, or refuse (``Unavailable``). ``pending``:
    the items already read by the caller (``urgent_index_items``), to spare a unit of work per search."""
    items = pending_urgent_index(archive) if pending is None else pending
    if not items:
        return
    try:
        index_items(archive, items)
    except Exception as exc:
        log.warning("search refused: the index could not catch up with %d change(s): %s", len(items), exc)
        raise Unavailable("index_catching_up") from exc
