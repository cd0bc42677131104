"""The triggers: what each kind of change schedules, called by the services inside the change's transaction.

Views never call these; services do, so the same change made through any door has the same consequences.
Every trigger bumps the item's revision (what the follow-up must reflect) and writes jobs in the caller's
transaction; urgent ones are also handed to ``Database.session`` to run as soon as the transaction commits.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from archive.db import RUN_AFTER_COMMIT
from archive.jobs import queue
from archive.models import Artefact, Item, Job


def bump(session: Session, item_id: str) -> int:
    """Raise the item's revision in the database (atomic, whatever the state of a loaded instance)."""
    revision = int(session.execute(
        update(Item).where(Item.id == item_id).values(revision=Item.revision + 1).returning(Item.revision)
    ).scalar_one())
    loaded = session.identity_map.get(session.identity_key(Item, item_id))
    if loaded is not None:
        set_committed_value(loaded, "revision", revision)
    return revision


def _schedule(session: Session, item: Item, stage: str, *, urgent: bool, now: bool | None = None) -> Job:
    """A follow-up job. ``now``: run it in this process right after the commit (default: urgent index updates;
    a person's own correction is redacted at once too, while propagation to a whole case goes to the worker)."""
    revision = bump(session, item.id)
    job = queue.enqueue(session, item.id, stage, version=revision, urgent=urgent)
    if now if now is not None else (urgent and stage == "index"):
        session.info.setdefault(RUN_AFTER_COMMIT, []).append(job.id)
    return job


def item_added(session: Session, item: Item) -> Job:
    """A new original: extract its text (then redact, then index)."""
    return _schedule(session, item, "extract", urgent=False)


def consent_changed(session: Session, item: Item) -> Job:
    """A scope granted or withdrawn: every search must see it before it answers again."""
    return _schedule(session, item, "index", urgent=True)


def redaction_refreshed(session: Session, item: Item, *, now: bool = True) -> Job:
    """The redacted text changed (a reviewer's decision, a new pass): the index follows at once. ``now=False``:
    the worker's redact stage, whose next stage is the index (run after the whole stage, the free text
    included): the job waits for it and that follow-up is absorbed into it, one index update instead of two.
    It is urgent either way, so no search answers before it is done."""
    return _schedule(session, item, "index", urgent=True, now=now)


def text_corrected(session: Session, item: Item) -> None:
    """A new text version: its redaction must be computed again; until then the old redacted text is withheld
    (it belongs to another text), and the index drops it now."""
    _schedule(session, item, "index", urgent=True)
    _schedule(session, item, "redact", urgent=True, now=True)


def names_learnt(session: Session, case_id: str, *, except_item: str | None) -> list[str]:
    """The case's vault learnt a name: the case's other items may hold it unredacted. Their redacted texts are
    stale from now on (withheld until redone) and each is redacted again; the index drops them before any
    search answers (an urgent index update: every search brings those in first).

    One index update per item, not two: the index job is queued after the redact job and not run at the
    commit, so the redo's own index update (``redaction_refreshed``) is absorbed into it (a queued job of a
    stage takes later requests, raising its version). Run at once, it was done before the redo asked again:
    two index jobs per item each time the case learnt a name (1,562 rows for a case of 40 items)."""
    others = session.execute(
        select(Item).where(Item.case_id == case_id, Item.id != (except_item or ""))
        .where(Item.id.in_(select(Artefact.item_id).where(Artefact.kind == "text")))
    ).scalars().all()
    for other in others:
        _schedule(session, other, "redact", urgent=True)
        _schedule(session, other, "index", urgent=True, now=False)
    return [o.id for o in others]


def acts_changed(session: Session, item: Item) -> Job:
    """An act coded from this item (or its victim) changed: its coded fields in the index follow at once."""
    return _schedule(session, item, "index", urgent=True)


def case_renamed(session: Session, case_id: str) -> None:
    """A case title is part of every index entry of its items; its redacted form (dropped by the change) is
    made again by the redact stage of one of its items that has a text (``archive.freetext``)."""
    items = session.execute(select(Item).where(Item.case_id == case_id).order_by(Item.created_at)).scalars().all()
    for item in items:
        _schedule(session, item, "index", urgent=True)
    with_text = session.execute(select(Artefact.item_id).where(Artefact.kind == "text",
                                                               Artefact.item_id.in_([i.id for i in items]))
                                ).scalars().first()
    first = next((i for i in items if i.id == with_text), None)
    if first is not None:
        _schedule(session, first, "redact", urgent=True, now=True)
