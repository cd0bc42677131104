"""The durable job queue: leases, retries with back-off, failures recorded, stages in order."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import select

from archive.context import Archive
from archive.items.incoming import IncomingFile
from archive.items.schemas import Intake
from archive.items.service import add_item
from archive.jobs import queue
from archive.jobs.worker import Worker
from archive.models import Item, Job, utcnow
from archive.pipeline.stages import STAGES
from tests.archive.conftest import Accounts

Progress = Callable[[float], None]


def _item(archive: Archive, accounts: Accounts, text: str = "témoignage") -> str:
    officer = accounts.make("documentation_officer")
    from archive.cases.service import create_case

    with archive.db.session() as s:
        case_id = create_case(session=s, actor=officer.actor, title="Dossier").id
    with IncomingFile(archive.settings.uploads_dir, limit=10**6, filename="t.txt") as inc:
        inc.write(text.encode())
        received = inc.finish()
    return add_item(archive=archive, actor=officer.actor, case_id=case_id,
                    received=received, intake=Intake()).item.id


def _job(archive: Archive, item_id: str, stage: str = "extract") -> Job:
    with archive.db.session() as s:
        return s.execute(select(Job).where(Job.item_id == item_id, Job.stage == stage)).scalar_one()


def test_when_a_stage_succeeds_then_the_next_enabled_stage_is_queued_and_the_item_ends_done(
    archive: Archive, accounts: Accounts
) -> None:
    item_id = _item(archive, accounts)
    seen: list[tuple[str, str]] = []

    def handler(stage: str) -> Callable[[Archive, str, Progress], None]:
        def run(_a: Archive, iid: str, progress: Progress) -> None:
            progress(0.5)
            seen.append((stage, iid))
        return run

    worker = Worker(archive, {"extract": handler("extract"), "index": handler("index")})
    assert worker.run_until_idle() == 2
    assert seen == [("extract", item_id), ("index", item_id)]
    with archive.db.session() as s:
        item = s.get(Item, item_id)
        assert item is not None and item.status == "done" and item.progress == 1.0


def test_when_a_handler_raises_then_the_job_is_retried_with_backoff_and_finally_failed_with_the_reason(
    archive: Archive, accounts: Accounts
) -> None:
    item_id = _item(archive, accounts)
    calls = []

    def flaky(_a: Archive, _i: str, _p: Progress) -> None:
        calls.append(1)
        raise OSError("disk unavailable")

    worker = Worker(archive, {"extract": flaky})
    assert worker.run_once()
    job = _job(archive, item_id)
    assert job.status == "queued" and job.attempts == 1 and job.run_after > utcnow()
    assert not worker.run_once()  # backing off: not ready yet
    for _ in range(2):
        with archive.db.session() as s:
            j = s.get(Job, job.id)
            assert j is not None
            j.run_after = utcnow() - dt.timedelta(seconds=1)
        assert worker.run_once()
    job = _job(archive, item_id)
    assert job.status == "failed" and job.attempts == 3 and len(calls) == 3
    with archive.db.session() as s:
        item = s.get(Item, item_id)
        assert item is not None and item.status == "failed" and "disk unavailable" in (item.error or "")


def test_when_the_input_is_the_problem_then_the_job_fails_at_once_without_retry(
    archive: Archive, accounts: Accounts
) -> None:
    item_id = _item(archive, accounts)

    def corrupt(_a: Archive, _i: str, _p: Progress) -> None:
        raise queue.PermanentFailure("corrupt PDF: no cross-reference table")

    Worker(archive, {"extract": corrupt}).run_until_idle()
    job = _job(archive, item_id)
    assert job.status == "failed" and job.attempts == 1
    with archive.db.session() as s:
        item = s.get(Item, item_id)
        assert item is not None and item.error == "corrupt PDF: no cross-reference table"


def test_when_a_worker_vanishes_then_its_job_is_taken_again_after_the_lease(
    archive: Archive, accounts: Accounts
) -> None:
    item_id = _item(archive, accounts)
    with archive.db.session() as s:
        job = queue.claim(s, worker="dead-worker", lease_s=60, stages=STAGES)
        assert job is not None
    with archive.db.session() as s:
        assert queue.claim(s, worker="other", lease_s=60, stages=STAGES) is None  # leased
    later = utcnow() + dt.timedelta(seconds=61)
    with archive.db.session() as s:
        again = queue.claim(s, worker="other", lease_s=60, stages=STAGES, now=later)
        assert again is not None and again.item_id == item_id and again.attempts == 2


def test_when_the_same_stage_is_enqueued_twice_then_one_job_waits(archive: Archive, accounts: Accounts) -> None:
    item_id = _item(archive, accounts)
    with archive.db.session() as s:
        first = queue.enqueue(s, item_id, "extract")
        second = queue.enqueue(s, item_id, "extract")
        assert first.id == second.id
        assert len(s.execute(select(Job).where(Job.item_id == item_id)).scalars().all()) == 1


def test_when_several_workers_share_the_queue_then_each_job_runs_once(archive: Archive, accounts: Accounts) -> None:
    item_ids = [_item(archive, accounts, f"témoignage {i}") for i in range(12)]
    runs: list[str] = []
    lock = threading.Lock()

    def record(_a: Archive, iid: str, _p: Progress) -> None:
        with lock:
            runs.append(iid)

    workers = [Worker(archive, {"extract": record}, name=f"w{i}") for i in range(4)]
    threads = [threading.Thread(target=w.run_until_idle) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(runs) == sorted(item_ids)


@pytest.mark.parametrize("fraction", [0.25, 0.8])
def test_when_a_handler_reports_progress_then_job_and_item_show_it(
    archive: Archive, accounts: Accounts, fraction: float
) -> None:
    _item(archive, accounts)
    seen: dict[str, float] = {}

    def slow(a: Archive, iid: str, progress: Progress) -> None:
        progress(fraction)
        with a.db.session() as s:
            job = s.execute(select(Job).where(Job.item_id == iid, Job.stage == "extract")).scalar_one()
            item = s.get(Item, iid)
            assert item is not None
            seen["job"], seen["item"] = job.progress, item.progress

    Worker(archive, {"extract": slow}).run_until_idle()
    assert seen == {"job": fraction, "item": fraction}
