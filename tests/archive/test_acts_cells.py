"""The ready counts of statistics (``archive/acts/cells.py``) always equal a plain GROUP BY over the acts of the
items counted at that instant: after coding, a victim's details, consent granted, withdrawn, granted with an
expiry that passes, an event recorded behind the service's back, a seal, with and without a case filter."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from sqlalchemy import insert, select

from archive.acts import cells
from archive.acts.models import Act
from archive.acts.vocabulary import ACT_TYPES, AGE_BANDS, PERPETRATOR_GROUPS
from archive.consent import set_consent
from archive.context import Archive
from archive.custody import SYSTEM
from archive.models import Blob, Case, ConsentEvent, Item, utcnow

BYS = (["violation_type"], ["region", "year"], ["victim_sex", "violation_type", "perpetrator_group"],
       ["victim_age_band", "region"])


def _naive(archive: Archive, by: list[str], case_id: str | None) -> dict[tuple[str, ...], int]:
    now = utcnow()
    with archive.db.session() as session:
        latest: dict[str, ConsentEvent] = {}
        for e in session.execute(select(ConsentEvent).where(ConsentEvent.scope == "aggregate_stats")
                                 .order_by(ConsentEvent.id)).scalars():
            latest[e.item_id] = e
        sealed = set(session.execute(select(Item.id).where(Item.confidentiality == "sealed")).scalars())
        counted = {i for i, e in latest.items() if e.status == "granted" and i not in sealed
                   and (e.expires_at is None or e.expires_at > now)}
        out: Counter[tuple[str, ...]] = Counter()
        for act in session.execute(select(Act)).scalars():
            if act.item_id in counted and (case_id is None or act.case_id == case_id):
                out[tuple("unknown" if getattr(act, cells.COLUMNS[f].key) is None
                          else str(getattr(act, cells.COLUMNS[f].key)) for f in by)] += 1
    return dict(out)


def _check(archive: Archive) -> None:
    for by in BYS:
        for case_id in (None, "case-a", "case-b"):
            with archive.db.session() as session:
                ready = cells.count(session, by, case_id)
            assert ready == _naive(archive, by, case_id), (by, case_id)


def test_when_acts_and_consent_change_then_the_ready_counts_equal_the_plain_group_by(archive: Archive) -> None:
    rng = random.Random(7)
    with archive.db.session() as session:
        session.add_all([Case(id=c, title=c, created_by="t") for c in ("case-a", "case-b")])
        session.add(Blob(sha256="0" * 64, size=1, media_type="text/plain"))
        session.flush()
        session.execute(insert(Item), [{"id": f"item-{i}", "case_id": "case-a" if i % 2 else "case-b",
                                        "sha256": "0" * 64, "size": 1, "media_type": "text/plain",
                                        "uploaded_by": "t", "revision": 0, "violation_types": [], "provenance": {},
                                        "confidentiality": "sealed" if i == 7 else "confidential",
                                        "extracted": {}, "created_at": utcnow()} for i in range(12)])
    with archive.db.session() as session:
        for i in range(12):
            item = session.get(Item, f"item-{i}")
            assert item is not None
            if i % 4 != 3:  # a quarter never consented
                set_consent(session, actor=SYSTEM, item=item, scope="aggregate_stats", status="granted",
                            at_intake=True)

    def code(n: int) -> None:
        with archive.db.session() as session:
            for _ in range(n):
                item_id = f"item-{rng.randrange(12)}"
                act = Act(case_id="case-a" if int(item_id.split("-")[1]) % 2 else "case-b", item_id=item_id,
                          act_type=rng.choice(list(ACT_TYPES)), date_year=rng.choice([None, 2012, 2013, 2019]),
                          region=rng.choice([None, "Mopti", "Gao"]), perpetrator_group=rng.choice(PERPETRATOR_GROUPS),
                          victim_sex=rng.choice(["f", "m", "unknown"]), victim_age_band=rng.choice([None, *AGE_BANDS]),
                          status="draft", created_by="t")
                session.add(act)
                session.flush()
                cells.act_added(session, act)

    code(150)
    _check(archive)
    with archive.db.session() as session:  # a victim's details change
        act = session.execute(select(Act).where(Act.item_id == "item-1")).scalars().first()
        assert act is not None
        cells.act_changing(session, act)
        act.victim_sex, act.victim_age_band = "f", "12-17"
        cells.act_changed(session, act)
    with archive.db.session() as session:  # withdrawn through the service; granted with an expiry
        for i, status, expires in ((1, "withdrawn", None), (2, "granted", utcnow() + dt.timedelta(hours=1)),
                                   (3, "granted", None)):
            item = session.get(Item, f"item-{i}")
            assert item is not None
            set_consent(session, actor=SYSTEM, item=item, scope="aggregate_stats", status=status,
                        expires_at=expires, at_intake=True)
    code(60)
    _check(archive)
    with archive.db.session() as session:  # behind the service's back: an expiry already passed, a withdrawal
        session.add(ConsentEvent(item_id="item-5", scope="aggregate_stats", status="granted", recorded_by="t",
                                 expires_at=utcnow() - dt.timedelta(seconds=1), note=""))
        session.add(ConsentEvent(item_id="item-6", scope="aggregate_stats", status="withdrawn", recorded_by="t",
                                 note=""))
    _check(archive)
    with archive.db.session() as session:
        assert cells.rebuild(session) > 0
    _check(archive)
