"""The worker: claims jobs, runs each stage's handler while a heartbeat keeps its lease, records the outcome.

Failure is data: whatever goes wrong is written on the job and the item and the worker moves on. What to run
for each stage and which stage follows are given to the worker (``pipeline.stages``): this is plumbing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from archive.jobs import queue
from archive.models import Job
from archive.storage.base import StorageError
from search import SearchUnavailable

if TYPE_CHECKING:
    from archive.context import Archive

log = logging.getLogger("temoin.worker")

Progress = Callable[[float], None]
Handler = Callable[["Archive", str, Progress], None]  # (archive, item_id, progress)
PROGRESS_EVERY_S = 1.0
NextStage = Callable[[str, tuple[str, ...]], "str | None"]
#: Exceptions meaning "a part is unavailable", not "the input is bad": retried over minutes, no attempt spent.
TRANSIENT: tuple[type[BaseException], ...] = (queue.TransientFailure, StorageError, SearchUnavailable,
                                              OperationalError, ConnectionError, TimeoutError)


def _chain() -> NextStage:
    from archive.pipeline.stages import next_stage

    return next_stage


@dataclass
class Worker:
    archive: Archive
    handlers: dict[str, Handler]
    name: str = ""
    next_stage: NextStage = field(default_factory=_chain)

    def __post_init__(self) -> None:
        self.name = self.name or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"

    @property
    def stages(self) -> tuple[str, ...]:
        from archive.pipeline.stages import STAGES, STANDALONE

        return tuple(s for s in (*STAGES, *STANDALONE) if s in self.handlers)

    @property
    def lease(self) -> float:
        return float(self.archive.settings.job_lease_seconds)

    def run_once(self, *, item_ids: Iterable[str] | None = None) -> bool:
        """Run one ready job if there is one; True if a job was run (whatever its outcome)."""
        with self.archive.db.session() as session:
            job = queue.claim(session, worker=self.name, lease_s=self.lease, stages=self.stages)
            if job is None:
                return False
            job_id, item_id, stage = job.id, job.item_id, job.stage
        self._run(job_id, item_id, stage)
        return True

    def run_job(self, job_id: str) -> bool:
        """Run this one job now if it is still queued (the process that scheduled it runs it at once)."""
        with self.archive.db.session() as session:
            job = queue.claim_one(session, job_id, worker=self.name, lease_s=self.lease)
            if job is None:
                return False
            item_id, stage = job.item_id, job.stage
        self._run(job_id, item_id, stage)
        return True

    def _run(self, job_id: str, item_id: str, stage: str) -> None:
        latest: list[float | None] = [None]
        written = [0.0]

        def progress(fraction: float) -> None:
            latest[0] = fraction
            now = time.monotonic()
            if now - written[0] >= PROGRESS_EVERY_S or fraction >= 1.0:  # at most once a second
                written[0] = now
                with self.archive.db.session() as session:
                    queue.heartbeat(session, job_id, worker=self.name, lease_s=self.lease, fraction=fraction)

        stop = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(job_id, latest, stop), daemon=True,
                                name=f"heartbeat-{job_id[:8]}")
        beat.start()
        try:
            self.handlers[stage](self.archive, item_id, progress)
        except queue.PermanentFailure as exc:
            self._finish(job_id, reason=str(exc), permanent=True)
        except TRANSIENT as exc:
            log.warning("job %s (%s of item %s) waits for an unavailable part: %s", job_id, stage, item_id, exc)
            self._finish(job_id, reason=f"{type(exc).__name__}: {exc}", transient=True)
        except Exception as exc:  # failure is data: record it, retry later, move on
            log.warning("job %s (%s of item %s) failed: %s", job_id, stage, item_id, exc)
            log.debug("%s", traceback.format_exc())
            self._finish(job_id, reason=f"{type(exc).__name__}: {exc}")
        else:
            with self.archive.db.session() as session:
                job = session.get(Job, job_id)
                # "done" already: the index stage settled its own job (and any other it made current)
                if job is not None and job.worker == self.name and job.status in ("running", "done"):
                    queue.complete(session, job, follow=self.next_stage(stage, self.stages))
        finally:
            stop.set()
            beat.join()

    def _heartbeat(self, job_id: str, latest: list[float | None], stop: threading.Event) -> None:
        """Keep the lease alive (and the progress shown) while the handler works."""
        every = max(0.2, min(self.lease / 3, 1.0))
        while not stop.wait(every):
            try:
                with self.archive.db.session() as session:
                    queue.heartbeat(session, job_id, worker=self.name, lease_s=self.lease, fraction=latest[0])
            except Exception as exc:  # the database may be briefly unavailable: the next beat tries again
                log.debug("heartbeat of job %s failed: %s", job_id, exc)

    def _finish(self, job_id: str, *, reason: str, permanent: bool = False, transient: bool = False) -> None:
        with self.archive.db.session() as session:
            job = session.get(Job, job_id)
            if job is not None and job.status == "running" and job.worker == self.name:
                queue.fail(session, job, reason, permanent=permanent, transient=transient)

    def run_until_idle(self, *, max_jobs: int | None = None) -> int:
        done = 0
        while (max_jobs is None or done < max_jobs) and self.run_once():
            done += 1
        return done

    def run_forever(self, stop: threading.Event, *, poll_s: float = 1.0) -> None:
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception:  # the database may be briefly unavailable: wait and go on
                log.exception("worker loop error")
                busy = False
            if not busy:
                stop.wait(poll_s)


def pending(archive: Archive, item_ids: Iterable[str]) -> list[Job]:
    from sqlalchemy import select

    ids = list(item_ids)
    with archive.db.session() as session:
        return list(session.execute(
            select(Job).where(Job.item_id.in_(ids), Job.status.in_(queue.PENDING))
        ).scalars())


def start_background(archive: Archive, handlers: dict[str, Handler] | None = None) -> threading.Event:
    """Run a worker in a daemon thread (used by `temoin serve`); set the returned event to stop it."""
    from archive.pipeline.stages import handlers as stage_handlers

    stop = threading.Event()
    worker = Worker(archive, handlers or stage_handlers())
    threading.Thread(target=worker.run_forever, args=(stop,), name="temoin-worker", daemon=True).start()
    return stop
