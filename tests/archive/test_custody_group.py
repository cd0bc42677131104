"""Searches' custody entries chained in groups: each request returns only once its own entry is committed, a
failed group fails every request in it, and the chain verifies like any other."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from archive import custody, custody_group
from archive.context import Archive
from archive.custody import Actor
from archive.models import CustodyEntry


def _entry(n: int) -> custody.Prepared:
    return custody.prepare(actor=Actor(f"officer{n}", "documentation_officer"), action="search",
                           object_type="search", object_id="-", details={"results": n},
                           sealed={"query": f"mots {n}"}, key=b"k" * 32)


def test_when_many_requests_log_at_once_then_every_entry_is_chained_and_committed_before_its_request_returns(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_append = custody.append
    groups: list[int] = []

    def slow_append(session: Any, *entries: custody.Prepared) -> CustodyEntry:
        groups.append(len(entries))
        threading.Event().wait(0.05)  # a slow commit: the other requests queue meanwhile
        return real_append(session, *entries)

    monkeypatch.setattr(custody, "append", slow_append)
    seen_committed: dict[int, bool] = {}

    def request(n: int) -> None:
        custody_group.log(archive.db, _entry(n))
        with archive.db.reader() as session:  # another connection: only committed rows are visible
            rows = session.execute(select(CustodyEntry.details).where(CustodyEntry.actor == f"officer{n}")).all()
        seen_committed[n] = len(rows) == 1

    threads = [threading.Thread(target=request, args=(n,)) for n in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert seen_committed == {n: True for n in range(24)}
    assert sum(groups) == 24 and len(groups) < 24  # grouped: fewer head locks and commits than requests
    with archive.db.session() as session:
        report = custody.verify_chain(session)
        actors = session.execute(select(CustodyEntry.actor).order_by(CustodyEntry.seq)).scalars().all()
    assert report.ok and report.entries == 24
    assert sorted(actors) == sorted(f"officer{n}" for n in range(24))


def test_when_a_group_fails_to_commit_then_every_request_in_it_fails_and_the_next_one_logs(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_append = custody.append
    entered, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def append(session: Any, *entries: custody.Prepared) -> CustodyEntry:
        calls.append(len(entries))
        if len(calls) == 1:  # the first group holds the head while the others queue behind it
            entered.set()
            assert release.wait(30)
        if len(calls) == 2:  # the group formed meanwhile fails to commit
            raise OSError("disk full")
        return real_append(session, *entries)

    monkeypatch.setattr(custody, "append", append)
    errors: dict[int, BaseException | None] = {}

    def request(n: int) -> None:
        try:
            custody_group.log(archive.db, _entry(n))
            errors[n] = None
        except BaseException as exc:  # the test records what each request saw
            errors[n] = exc

    first = threading.Thread(target=request, args=(0,))
    first.start()
    assert entered.wait(30)
    queued = [threading.Thread(target=request, args=(n,)) for n in range(1, 4)]
    for t in queued:
        t.start()
    threading.Event().wait(0.3)  # the three are queued behind the first group
    release.set()
    for t in (first, *queued):
        t.join(30)
    assert calls[:2] == [1, 3]
    assert errors[0] is None
    assert all(errors[n] is not None for n in (1, 2, 3))  # none of them may answer: its entry is not logged
    request(4)
    assert errors[4] is None
    with archive.db.session() as session:
        logged = session.execute(select(CustodyEntry.actor)).scalars().all()
        assert custody.verify_chain(session).ok
    assert sorted(logged) == ["officer0", "officer4"]
