"""HTTP views for coded acts and their statistics: parse, call the service, return the schema of the level."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from archive.acts.reads import act_read
from archive.acts.schemas import ActCreate, ActRead, ActReview, StatsRead
from archive.acts.service import add_act, get_act, list_acts, review_act, show_act
from archive.acts.stats import statistics
from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.items.service import get_item

router = APIRouter(tags=["acts"])


@router.post("/items/{item_id}/acts", status_code=201, response_model=ActRead,
             summary="Code an act from this testimony, citing passages of its current text")
def create(item_id: str, body: ActCreate, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    act = add_act(session=session, archive=archive, actor=actor, item=get_item(session, item_id), data=body)
    return act_read(show_act(session=session, archive=archive, actor=actor, act_id=act.id))


@router.get("/items/{item_id}/acts", response_model=list[ActRead],
            summary="The acts coded from this testimony, at your visibility level, with their passages")
def acts_of_item(item_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    return [act_read(v) for v in list_acts(session=session, archive=archive, actor=actor,
                                           item=get_item(session, item_id))]


@router.get("/acts/{act_id}", response_model=ActRead, summary="One act with the passages behind it")
def one(act_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    return act_read(show_act(session=session, archive=archive, actor=actor, act_id=act_id))


@router.put("/acts/{act_id}/status", response_model=ActRead,
            summary="Review (a second officer) or finalise an act")
def review(act_id: str, body: ActReview, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    review_act(session=session, actor=actor, act=get_act(session, act_id), status=body.status)
    return act_read(show_act(session=session, archive=archive, actor=actor, act_id=act_id))


@router.get("/stats", summary="Counts of coded acts by 1-3 dimensions, small cells suppressed")
def stats(actor: ActorDep, archive: ArchiveDep, session: SessionDep,
          by: str = Query(description="violation_type, region, year, perpetrator_group, victim_sex, "
                                      "victim_age_band: one to three, comma-separated"),
          case: str | None = None, min_cell: int | None = None) -> StatsRead:
    return statistics(session=session, actor=actor, by=by, case_id=case, min_cell=min_cell,
                      floor=archive.settings.stats_min_cell)


def stats_csv_text(table: StatsRead) -> str:
    """One row per cell; a suppressed count is written as an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*table.by, "count"])
    for cell in table.cells:
        writer.writerow([*(cell.key[f] for f in table.by), "" if cell.count is None else cell.count])
    return buffer.getvalue()


@router.get("/stats.csv", summary="The same table as CSV (a suppressed count is an empty field)")
def stats_csv(actor: ActorDep, archive: ArchiveDep, session: SessionDep, by: str,
              case: str | None = None, min_cell: int | None = None) -> Response:
    table = statistics(session=session, actor=actor, by=by, case_id=case, min_cell=min_cell,
                       floor=archive.settings.stats_min_cell)
    return Response(stats_csv_text(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=statistiques.csv"})
