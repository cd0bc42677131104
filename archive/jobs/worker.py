"""The worker: claims jobs, runs each stage's handler, records progress, success or failure.

Failure is data: whatever goes wrong is written on the job and the item and the worker moves on.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archive.context import Archive
from archive.jobs import queue
from archive.models import Job

log = logging.getLogger("temoin.worker")

Progress = Callable[[float], None]
Handler = Callable[[Archive, str, Progress], None]  # (archive, item_id, progress)
PROGRESS_EVERY_S = 1.0


def default_handlers() -> dict[str, Handler]:
    from archive.jobs.extract import run_extract
    from archive.jobs.redact import run_redact
    from archive.searches.service import run_index

    return {"extract": run_extract, "redact": run_redact, "index": run_index}


@dataclass
class Worker:
    archive: Archive
    handlers: dict[str, Handler]
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"

    @property
    def stages(self) -> tuple[str, ...]:
        return tuple(s for s in queue.STAGES if s in self.handlers)

    def run_once(self) -> bool:
        """Run one ready job if there is one; True if a job was run (whatever its outcome)."""
        lease = float(self.archive.settings.job_lease_seconds)
        with self.archive.db.session() as session:
            job = queue.claim(session, worker=self.name, lease_s=lease, stages=self.stages)
            if job is None:
                return False
            job_id, item_id, stage = job.id, job.item_id, job.stage
        self._run(job_id, item_id, stage, lease)
        return True

    def _run(self, job_id: str, item_id: str, stage: str, lease: float) -> None:
        last = [0.0]

        def progress(fraction: float) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY_S and fraction < 1.0:
                return
            last[0] = now
            with self.archive.db.session() as s:
                queue.report_progress(s, job_id, fraction, lease_s=lease)

        try:
            self.handlers[stage](self.archive, item_id, progress)
        except queue.PermanentFailure as exc:
            self._finish(job_id, reason=str(exc), permanent=True)
        except Exception as exc:  # failure is data: record it, retry later, move on
            log.warning("job %s (%s of item %s) failed: %s", job_id, stage, item_id, exc)
            reason = f"{type(exc).__name__}: {exc}"
            log.debug("%s", traceback.format_exc())
            self._finish(job_id, reason=reason, permanent=False)
        else:
            with self.archive.db.session() as session:
                job = session.get(Job, job_id)
                if job is not None and job.worker == self.name and job.status == "running":
                    queue.complete(session, job, enabled=self.stages)

    def _finish(self, job_id: str, *, reason: str, permanent: bool) -> None:
        with self.archive.db.session() as session:
            job = session.get(Job, job_id)
            if job is not None and job.status == "running":
                queue.fail(session, job, reason, permanent=permanent)

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
            select(Job).where(Job.item_id.in_(ids), Job.status.in_(("queued", "running")))
        ).scalars())


def start_background(archive: Archive, handlers: dict[str, Handler] | None = None) -> threading.Event:
    """Run a worker in a daemon thread (used by `temoin serve`); set the returned event to stop it."""
    stop = threading.Event()
    worker = Worker(archive, handlers or default_handlers())
    threading.Thread(target=worker.run_forever, args=(stop,), name="temoin-worker", daemon=True).start()
    return stop
