"""Counts of coded acts by up to three dimensions, over acts whose testimony has ``aggregate_stats`` consent in
force at the instant of the query (a withdrawal or an expiry drops them at once; no job), never an item under
seal. Small cells are suppressed (``archive/acts/suppression.py``); every query is logged in custody."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from archive import custody
from archive.acts.models import Act
from archive.acts.schemas import StatsCell, StatsRead
from archive.acts.suppression import Key, suppress
from archive.acts.vocabulary import STAT_FIELDS
from archive.auth import require
from archive.custody import Actor
from archive.errors import Invalid, NotFound
from archive.models import Case, ConsentEvent, Item, utcnow

STATS_SCOPE = "aggregate_stats"
UNKNOWN = "unknown"
COLUMNS: dict[str, Any] = {
    "violation_type": Act.act_type, "region": Act.region, "year": Act.date_year,
    "perpetrator_group": Act.perpetrator_group, "victim_sex": Act.victim_sex, "victim_age_band": Act.victim_age_band,
}


def parse_by(value: str | list[str]) -> list[str]:
    fields = [f.strip() for f in (value.split(",") if isinstance(value, str) else value) if f.strip()]
    if not 1 <= len(fields) <= 3 or len(set(fields)) != len(fields):
        raise Invalid("stats_by_count", by=",".join(fields))
    for f in fields:
        if f not in STAT_FIELDS:
            raise Invalid("stats_field_unknown", field=f, fields=", ".join(STAT_FIELDS))
    return fields


def _consented() -> ColumnElement[bool]:
    """Items whose latest aggregate_stats event is a grant in force now."""
    latest = (select(func.max(ConsentEvent.id)).where(ConsentEvent.scope == STATS_SCOPE)
              .group_by(ConsentEvent.item_id).scalar_subquery())
    in_force = select(ConsentEvent.item_id).where(
        ConsentEvent.id.in_(latest), ConsentEvent.status == "granted",
        or_(ConsentEvent.expires_at.is_(None), ConsentEvent.expires_at > utcnow()))
    return Act.item_id.in_(in_force)


def count_cells(session: Session, by: list[str], case_id: str | None) -> dict[Key, int]:
    columns = [COLUMNS[f] for f in by]
    query = (select(*columns, func.count()).select_from(Act).join(Item, Item.id == Act.item_id)
             .where(_consented(), Item.confidentiality != "sealed").group_by(*columns))
    if case_id is not None:
        query = query.where(Act.case_id == case_id)
    cells: dict[Key, int] = {}
    for row in session.execute(query):
        key = tuple(UNKNOWN if v is None else str(v) for v in row[:-1])
        cells[key] = cells.get(key, 0) + int(row[-1])
    return cells


def statistics(*, session: Session, actor: Actor, by: str | list[str], case_id: str | None = None,
               min_cell: int | None = None, floor: int = 5) -> StatsRead:
    """The suppressed table. ``floor`` is the archive's threshold (setting ``stats_min_cell``): a query may ask
    for a higher one, never a lower one. With ``case_id`` the same table over every case is computed too, so
    that a cell cannot be recovered by subtracting this table from that one."""
    require(actor, "stats.read")
    fields = parse_by(by)
    threshold = floor if min_cell is None else min_cell
    if threshold < floor:
        raise Invalid("stats_min_cell_below", min_cell=threshold, floor=floor)
    if case_id is not None and session.get(Case, case_id) is None:
        raise NotFound("case", id=case_id)
    cells = count_cells(session, fields, case_id)
    wider = count_cells(session, fields, None) if case_id is not None else None
    table = suppress(cells, threshold, wider=wider)
    out = [StatsCell(key=dict(zip(fields, key, strict=True)), count=count) for key, count in table.items()]
    suppressed = sum(1 for c in out if c.count is None)
    custody.record(session, actor=actor, action="stats", object_type="case" if case_id else "archive",
                   object_id=case_id or "*", details={"by": fields, "min_cell": threshold, "cells": len(out),
                                                      "suppressed": suppressed})
    return StatsRead(by=fields, min_cell=threshold, cells=out, suppressed_cells=suppressed)
