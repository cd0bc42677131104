"""Counts of coded acts kept ready for statistics: one row per combination of one to three coded fields, case and
values (``act_cells``), over the acts of the items listed in ``act_cell_items`` (items whose ``aggregate_stats``
consent is granted without an expiry and that are not under seal).

A query never trusts the list blindly: it works out, at the instant of the query, which items count now (the
latest consent event in force, no seal) and corrects the ready counts by the acts of the items that differ
(counted live through the acts' item index): a grant with an expiry, a withdrawal recorded by a path that did
not resynchronise the list, an expiry that has just passed. So statistics are exact at once, and fast when the
list is up to date (the services keep it so: coding an act, a victim's details, a consent change).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from sqlalchemy import ColumnElement, String, cast, delete, func, insert, literal, or_, select
from sqlalchemy.orm import Session

from archive.acts.models import Act, ActCell, ActCellItem
from archive.acts.vocabulary import STAT_FIELDS
from archive.models import ConsentEvent, Item, utcnow

STATS_SCOPE = "aggregate_stats"
UNKNOWN = "unknown"
COLUMNS: dict[str, Any] = {
    "violation_type": Act.act_type, "region": Act.region, "year": Act.date_year,
    "perpetrator_group": Act.perpetrator_group, "victim_sex": Act.victim_sex, "victim_age_band": Act.victim_age_band,
}
#: Every set of one to three fields, in the order of ``STAT_FIELDS`` (its name: the fields joined by commas).
SUBSETS: tuple[tuple[str, ...], ...] = tuple(c for k in (1, 2, 3) for c in combinations(STAT_FIELDS, k))
Key = tuple[str, ...]


def subset_of(by: Sequence[str]) -> tuple[str, ...]:
    return tuple(f for f in STAT_FIELDS if f in by)


def _text(value: object) -> str:
    return UNKNOWN if value is None else str(value)


def _latest_stats_events() -> Any:
    """The latest aggregate_stats event of each item (a subquery: item_id, status, expires_at)."""
    latest = (select(func.max(ConsentEvent.id)).where(ConsentEvent.scope == STATS_SCOPE)
              .group_by(ConsentEvent.item_id))
    return (select(ConsentEvent.item_id, ConsentEvent.status, ConsentEvent.expires_at)
            .where(ConsentEvent.id.in_(latest)).subquery())


def counted_now(session: Session, case_id: str | None) -> set[str]:
    """Items whose acts statistics count at this instant: a grant in force now, not under seal."""
    events = _latest_stats_events()
    query = (select(events.c.item_id).join(Item, Item.id == events.c.item_id)
             .where(events.c.status == "granted", Item.confidentiality != "sealed",
                    or_(events.c.expires_at.is_(None), events.c.expires_at > utcnow())))
    if case_id is not None:
        query = query.where(Item.case_id == case_id)
    return set(session.execute(query).scalars())


def _belongs(session: Session, item_id: str) -> bool:
    """Whether an item's acts belong in the ready counts: a grant without expiry, no seal."""
    events = _latest_stats_events()
    row = session.execute(select(events.c.status, events.c.expires_at, Item.confidentiality)
                          .join(Item, Item.id == events.c.item_id).where(events.c.item_id == item_id)).first()
    return row is not None and row[0] == "granted" and row[1] is None and row[2] != "sealed"


def _listed(session: Session, case_id: str | None) -> set[str]:
    query = select(ActCellItem.item_id)
    if case_id is not None:
        query = query.where(ActCellItem.case_id == case_id)
    return set(session.execute(query).scalars())


def _upsert(session: Session, deltas: dict[tuple[str, str, str, str, str], int]) -> None:
    """Add ``deltas`` ((subset, case, v1, v2, v3) -> n) to the ready counts; a count that reaches 0 goes."""
    rows = [{"subset": k[0], "case_id": k[1], "v1": k[2], "v2": k[3], "v3": k[4], "n": n}
            for k, n in deltas.items() if n]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(ActCell)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(ActCell)
    stmt = stmt.on_conflict_do_update(index_elements=["subset", "case_id", "v1", "v2", "v3"],
                                      set_={"n": ActCell.n + stmt.excluded.n})
    for first in range(0, len(rows), 500):
        session.execute(stmt, rows[first:first + 500])
    session.execute(delete(ActCell).where(ActCell.n == 0))


def _deltas(acts: Iterable[Act], sign: int) -> dict[tuple[str, str, str, str, str], int]:
    out: dict[tuple[str, str, str, str, str], int] = defaultdict(int)
    for act in acts:
        values = {f: _text(getattr(act, COLUMNS[f].key)) for f in STAT_FIELDS}
        for subset in SUBSETS:
            vs = [values[f] for f in subset] + [""] * (3 - len(subset))
            out[(",".join(subset), act.case_id, vs[0], vs[1], vs[2])] += sign
    return out


def act_added(session: Session, act: Act) -> None:
    """A new act: counted at once if its item is listed, else the item is resynchronised."""
    if session.get(ActCellItem, act.item_id) is not None:
        _upsert(session, _deltas([act], +1))
    else:
        resync_item(session, act.item_id)


def act_changing(session: Session, act: Act) -> None:
    """Before a counted field of an act changes: take it out (``act_changed`` puts it back)."""
    if session.get(ActCellItem, act.item_id) is not None:
        _upsert(session, _deltas([act], -1))


def act_changed(session: Session, act: Act) -> None:
    if session.get(ActCellItem, act.item_id) is not None:
        _upsert(session, _deltas([act], +1))


def resync_item(session: Session, item_id: str) -> None:
    """Bring one item in or out of the ready counts after its consent or seal changed."""
    session.flush()
    listed = session.get(ActCellItem, item_id)
    belongs = _belongs(session, item_id)
    if belongs == (listed is not None):
        return
    acts = session.execute(select(Act).where(Act.item_id == item_id)).scalars().all()
    _upsert(session, _deltas(acts, +1 if belongs else -1))
    if belongs:
        item = session.get(Item, item_id)
        assert item is not None
        session.add(ActCellItem(item_id=item_id, case_id=item.case_id))
    else:
        session.delete(listed)
    session.flush()


def rebuild(session: Session) -> int:
    """Compute the ready counts again from the acts (after a bulk load or a restore). Returns the rows."""
    session.execute(delete(ActCell))
    session.execute(delete(ActCellItem))
    events = _latest_stats_events()
    members = (select(Item.id, Item.case_id).join(events, events.c.item_id == Item.id)
               .where(events.c.status == "granted", events.c.expires_at.is_(None), Item.confidentiality != "sealed"))
    session.execute(insert(ActCellItem).from_select(["item_id", "case_id"], members))
    listed = select(ActCellItem.item_id)
    for subset in SUBSETS:
        values: list[ColumnElement[Any]] = [func.coalesce(cast(COLUMNS[f], String), UNKNOWN) for f in subset]
        values += [literal("")] * (3 - len(subset))
        query = (select(literal(",".join(subset)), Act.case_id, *values, func.count())
                 .where(Act.item_id.in_(listed)).group_by(Act.case_id, *(COLUMNS[f] for f in subset)))
        session.execute(insert(ActCell).from_select(["subset", "case_id", "v1", "v2", "v3", "n"], query))
    session.flush()
    return int(session.execute(select(func.count()).select_from(ActCell)).scalar_one())


def _live(session: Session, by: Sequence[str], item_ids: set[str]) -> dict[Key, int]:
    """Counts straight from the acts of these items (few: the ones the ready counts do not reflect)."""
    out: dict[Key, int] = defaultdict(int)
    ids = sorted(item_ids)
    columns = [COLUMNS[f] for f in by]
    for first in range(0, len(ids), 500):
        query = (select(*columns, func.count()).where(Act.item_id.in_(ids[first:first + 500]))
                 .group_by(*columns))
        for row in session.execute(query):
            out[tuple(_text(v) for v in row[:-1])] += int(row[-1])
    return out


def count(session: Session, by: Sequence[str], case_id: str | None) -> dict[Key, int]:
    """Acts by ``by`` (one to three fields) over the items counted now, ``case_id`` or every case."""
    subset = subset_of(by)
    order = [subset.index(f) for f in by]
    slots = [ActCell.v1, ActCell.v2, ActCell.v3][:len(subset)]
    query = select(*slots, func.sum(ActCell.n)).where(ActCell.subset == ",".join(subset)).group_by(*slots)
    if case_id is not None:
        query = query.where(ActCell.case_id == case_id)
    cells: dict[Key, int] = defaultdict(int)
    for row in session.execute(query):
        cells[tuple(str(row[i]) for i in order)] += int(row[-1])
    now = counted_now(session, case_id)
    listed = _listed(session, case_id)
    for key, n in _live(session, by, now - listed).items():
        cells[key] += n
    for key, n in _live(session, by, listed - now).items():
        cells[key] -= n
    return {k: n for k, n in cells.items() if n > 0}
