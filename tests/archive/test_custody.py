"""The custody log is append-only and hash-chained: any alteration, removal or reordering is named."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from archive import custody
from archive.context import Archive
from archive.custody import GENESIS, SYSTEM, Actor
from archive.models import CustodyEntry


def _seed(archive: Archive, n: int = 5) -> None:
    with archive.db.session() as session:
        for i in range(n):
            custody.record(session, actor=Actor(f"officer{i}", "documentation_officer"), action="create",
                           object_type="case", object_id=f"case-{i}", reason=f"reason {i}",
                           details={"i": i, "note": "é"})


def test_when_entries_are_appended_then_each_links_to_the_previous_hash(archive: Archive) -> None:
    _seed(archive)
    with archive.db.session() as session:
        rows = session.execute(select(CustodyEntry).order_by(CustodyEntry.seq)).scalars().all()
        assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
        assert rows[0].prev_hash == GENESIS
        for before, after in itertools.pairwise(rows):
            assert after.prev_hash == before.entry_hash
        assert all(custody.entry_hash(r) == r.entry_hash for r in rows)
        report = custody.verify_chain(session)
    assert report.ok and report.entries == 5


def test_when_an_action_is_rolled_back_then_its_entry_is_gone_and_the_chain_still_verifies(archive: Archive) -> None:
    _seed(archive, 2)
    with pytest.raises(RuntimeError), archive.db.session() as session:
        custody.record(session, actor=SYSTEM, action="create", object_type="case", object_id="x")
        raise RuntimeError("crash before commit")
    _seed(archive, 1)
    with archive.db.session() as session:
        assert custody.verify_chain(session).ok


def _alter_reason(session: Session) -> None:
    session.execute(update(CustodyEntry).where(CustodyEntry.seq == 3).values(reason="edited"))


def _alter_actor(session: Session) -> None:
    session.execute(update(CustodyEntry).where(CustodyEntry.seq == 3).values(actor="someone else"))


def _remove_middle(session: Session) -> None:
    session.execute(delete(CustodyEntry).where(CustodyEntry.seq == 3))


def _remove_last(session: Session) -> None:
    session.execute(delete(CustodyEntry).where(CustodyEntry.seq == 5))


def _swap(session: Session) -> None:
    a = session.get(CustodyEntry, 3)
    b = session.get(CustodyEntry, 4)
    assert a is not None and b is not None
    fields = ("at", "actor", "role", "action", "object_type", "object_id", "reason", "details", "prev_hash",
              "entry_hash")
    va, vb = ({f: getattr(x, f) for f in fields} for x in (a, b))
    for f in fields:
        setattr(a, f, vb[f])
        setattr(b, f, va[f])


@pytest.mark.parametrize(
    ("tamper", "first_bad", "word"),
    [
        (_alter_reason, 3, "altered"),
        (_alter_actor, 3, "altered"),
        (_remove_middle, 3, "missing"),
        (_remove_last, 5, "removed"),
        (_swap, 3, "link"),
    ],
    ids=["altered-reason", "altered-actor", "removed-middle", "removed-last", "reordered"],
)
def test_when_the_log_is_tampered_then_verify_names_the_first_bad_entry(
    archive: Archive, tamper: Callable[[Session], None], first_bad: int, word: str
) -> None:
    _seed(archive)
    with archive.db.session() as session:
        tamper(session)
    with archive.db.session() as session:
        report = custody.verify_chain(session)
    assert not report.ok
    assert report.first_bad_seq == first_bad
    assert report.problem is not None and word in report.problem


def test_when_an_unknown_action_is_recorded_then_it_is_refused(archive: Archive) -> None:
    with pytest.raises(ValueError, match="unknown custody action"), archive.db.session() as session:
        custody.record(session, actor=SYSTEM, action="teleport", object_type="case", object_id="x")
