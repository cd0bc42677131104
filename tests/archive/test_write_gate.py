"""SQLite's writers take turns through the write gate (archive/db.py): the turn passes on at once when a
transaction ends, whichever thread ends it, and readers never wait for it (issue 12, under load)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select

from archive import custody
from archive.context import Archive
from archive.custody import SYSTEM
from archive.models import CustodyEntry


def _write(archive: Archive, note: str) -> None:
    with archive.db.session() as session:
        custody.record(session, actor=SYSTEM, action="verify", object_type="test", object_id=note)


def _in_thread(work: Callable[[], object], timeout: float = 10.0) -> float:
    """Run `work` in another thread; seconds it took (fails the test if it did not end in time)."""
    done: list[float] = []
    started = time.monotonic()

    def run() -> None:
        work()
        done.append(time.monotonic() - started)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout)
    assert done, f"still waiting after {timeout} s"
    return done[0]


def test_when_a_write_transaction_is_open_then_a_reader_does_not_wait_and_a_writer_waits_its_turn(
    archive: Archive,
) -> None:
    _write(archive, "first")
    session = archive.db.sessions()
    custody.record(session, actor=SYSTEM, action="verify", object_type="test", object_id="held")
    session.flush()  # BEGIN IMMEDIATE: this unit of work holds the turn

    def read() -> None:
        with archive.db.reader() as reader:
            assert reader.execute(select(CustodyEntry.object_id)).scalars().all()

    assert _in_thread(read) < 2.0
    second = threading.Thread(target=_write, args=(archive, "second"))
    second.start()
    time.sleep(0.3)
    assert second.is_alive()  # waiting for the turn, not failing
    session.commit()
    session.close()
    second.join(10)
    assert not second.is_alive()
    with archive.db.reader() as reader:
        assert reader.execute(select(CustodyEntry.object_id).order_by(CustodyEntry.seq)).scalars().all()[-2:] == [
            "held", "second"]


def test_when_a_transaction_begins_in_one_thread_and_ends_in_another_then_the_turn_passes_on(
    archive: Archive,
) -> None:
    """What a request does: its unit of work opens in one worker thread and commits in another."""
    session = archive.db.sessions()
    _in_thread(lambda: custody.record(session, actor=SYSTEM, action="verify", object_type="test", object_id="a"))

    def end() -> None:
        session.commit()
        session.close()

    _in_thread(end)
    assert _in_thread(lambda: _write(archive, "b")) < 5.0


def test_when_a_transaction_fails_then_the_turn_passes_on(archive: Archive) -> None:
    with pytest.raises(RuntimeError), archive.db.session() as session:
        custody.record(session, actor=SYSTEM, action="verify", object_type="test", object_id="rolled back")
        raise RuntimeError("the work failed")
    assert _in_thread(lambda: _write(archive, "after")) < 5.0
    with archive.db.reader() as reader:
        assert "rolled back" not in reader.execute(select(CustodyEntry.object_id)).scalars().all()
