"""Counts of coded acts by up to three dimensions, over acts whose testimony has ``aggregate_stats`` consent in
force at the instant of the query (a withdrawal or an expiry drops them at once; no job), never an item under
seal. Small cells are suppressed (``archive/acts/suppression.py``); every query is logged in custody."""

from __future__ import annotations

from sqlalchemy.orm import Session

from archive import custody
from archive.acts.cells import count as cells_count
from archive.acts.schemas import StatsCell, StatsRead
from archive.acts.suppression import Key, suppress
from archive.acts.vocabulary import STAT_FIELDS
from archive.auth import require
from archive.custody import Actor
from archive.errors import Invalid, NotFound
from archive.models import Case


def parse_by(value: str | list[str]) -> list[str]:
    fields = [f.strip() for f in (value.split(",") if isinstance(value, str) else value) if f.strip()]
    if not 1 <= len(fields) <= 3 or len(set(fields)) != len(fields):
        raise Invalid("stats_by_count", by=",".join(fields))
    for f in fields:
        if f not in STAT_FIELDS:
            raise Invalid("stats_field_unknown", field=f, fields=", ".join(STAT_FIELDS))
    return fields


def count_cells(session: Session, by: list[str], case_id: str | None) -> dict[Key, int]:
    """Acts by ``by`` over the items counted at this instant (``archive/acts/cells.py``)."""
    return cells_count(session, by, case_id)


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
