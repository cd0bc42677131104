"""HTTP views for coded acts and their statistics: parse, call the service, return the schema of the level."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from archive.acts.persons import PersonFields, case_pseudonyms, link_person, list_incidents, list_persons, set_incident
from archive.acts.persons import add_incident as add_incident_to_case
from archive.acts.persons import add_person as add_person_to_case
from archive.acts.query import ActFilter, cross_table, facets, find_acts
from archive.acts.reads import act_read, incident_read, person_read
from archive.acts.report import report_html, report_pdf
from archive.acts.schemas import (
    ActCreate,
    ActIncident,
    ActList,
    ActRead,
    ActReview,
    CrossCell,
    CrossTable,
    IncidentCreate,
    IncidentRead,
    PersonCreate,
    PersonLink,
    PersonRead,
    StatsRead,
    TermDeleted,
    TermRead,
    TermWrite,
)
from archive.acts.service import add_act, get_act, list_acts, review_act, show_act
from archive.acts.stats import statistics
from archive.acts.terms import delete_term, labeller, set_term, terms
from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.i18n import accept_language
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


@router.get("/acts", response_model=ActList,
            summary="Acts matching coded-field filters (a case or the archive) that you may read, with counts per "
                    "value of each field and, with rows and columns, a table of counts by two fields")
def find(actor: ActorDep, archive: ArchiveDep, session: SessionDep, case: str | None = None,
         act_type: str | None = None, perpetrator_group: str | None = None, year_from: int | None = None,
         year_to: int | None = None, region: str | None = None, victim_sex: str | None = None,
         victim_age_band: str | None = None, rows: str | None = None, columns: str | None = None) -> Any:
    filters = ActFilter(case_id=case, act_type=act_type, perpetrator_group=perpetrator_group, year_from=year_from,
                        year_to=year_to, region=region, victim_sex=victim_sex, victim_age_band=victim_age_band)
    reads = find_acts(session=session, archive=archive, actor=actor, filters=filters)
    table = None
    if rows and columns:
        _, _, cells = cross_table(reads, rows, columns)
        table = CrossTable(rows=rows, columns=columns,
                           cells=[CrossCell(row=r, column=c, count=n) for (r, c), n in sorted(cells.items())])
    return ActList(acts=reads, facets=facets(reads), table=table)


@router.get("/acts/{act_id}", response_model=ActRead, summary="One act with the passages behind it")
def one(act_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    return act_read(show_act(session=session, archive=archive, actor=actor, act_id=act_id))


@router.put("/acts/{act_id}/status", response_model=ActRead,
            summary="Review (a second officer) or finalise an act")
def review(act_id: str, body: ActReview, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    review_act(session=session, actor=actor, act=get_act(session, act_id), status=body.status)
    return act_read(show_act(session=session, archive=archive, actor=actor, act_id=act_id))


@router.get("/cases/{case_id}/pseudonyms", response_model=list[str],
            summary="The person pseudonyms redaction found in this case (candidates for persons; no names)")
def pseudonyms(case_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    return case_pseudonyms(session, archive, actor=actor, case_id=case_id)


@router.post("/cases/{case_id}/persons", status_code=201, response_model=PersonRead,
             summary="This pseudonym is a person of this case (the name stays in the sealed case vault)")
def add_person(case_id: str, body: PersonCreate, actor: ActorDep, archive: ArchiveDep,
               session: SessionDep) -> Any:
    fields = PersonFields(sex=body.sex, age_band=body.age_band, birth_year=body.birth_year,
                          origin_region=body.origin_region, origin_place=body.origin_place)
    return person_read(add_person_to_case(session=session, archive=archive, actor=actor, case_id=case_id,
                           pseudonym=body.pseudonym, fields=fields))


@router.get("/cases/{case_id}/persons", response_model=list[PersonRead], summary="The persons of a case")
def persons(case_id: str, actor: ActorDep, session: SessionDep) -> Any:
    return [person_read(p) for p in list_persons(session, actor=actor, case_id=case_id)]


@router.post("/acts/{act_id}/persons", response_model=ActRead,
             summary="Name a person of the case in this act, with a role")
def link(act_id: str, body: PersonLink, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    link_person(session=session, actor=actor, act=get_act(session, act_id), person_id=body.person, role=body.role)
    return act_read(show_act(session=session, archive=archive, actor=actor, act_id=act_id))


@router.post("/cases/{case_id}/incidents", status_code=201, response_model=IncidentRead,
             summary="An incident (event) of the case that groups acts")
def add_incident(case_id: str, body: IncidentCreate, actor: ActorDep, session: SessionDep) -> Any:
    incident = add_incident_to_case(session=session, actor=actor, case_id=case_id, label=body.label,
                                    date=body.date, region=body.region)
    return incident_read(incident)


@router.get("/cases/{case_id}/incidents", response_model=list[IncidentRead], summary="The incidents of a case")
def incidents(case_id: str, actor: ActorDep, session: SessionDep) -> Any:
    return [incident_read(i) for i in list_incidents(session, actor=actor, case_id=case_id)]


@router.put("/acts/{act_id}/incident", response_model=ActRead, summary="Group this act into an incident")
def incident(act_id: str, body: ActIncident, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    set_incident(session=session, actor=actor, act_id=act_id, incident_id=body.incident)
    return act_read(show_act(session=session, archive=archive, actor=actor, act_id=act_id))


def _term_read(t: Any) -> TermRead:
    return TermRead(vocabulary=t.vocabulary, code=t.code, origin=t.origin, label_fr=t.label_fr, label_en=t.label_en,
                    definition_fr=t.definition_fr, definition_en=t.definition_en, deprecated=t.deprecated)


@router.get("/vocabularies/{vocabulary}", response_model=list[TermRead],
            summary="The terms of a vocabulary of coded acts (act_type, perpetrator_group), deprecated ones included")
def vocabulary(vocabulary: str, actor: ActorDep, session: SessionDep) -> Any:
    return [_term_read(t) for t in terms(session, vocabulary)]


@router.put("/vocabularies/{vocabulary}/{code}", response_model=TermRead,
            summary="Add a term or change its labels, definitions, origin or deprecation (administrators)")
def put_term(vocabulary: str, code: str, body: TermWrite, actor: ActorDep, session: SessionDep) -> Any:
    return _term_read(set_term(session=session, actor=actor, vocabulary=vocabulary, code=code,
                               label_fr=body.label_fr, label_en=body.label_en, definition_fr=body.definition_fr,
                               definition_en=body.definition_en, origin=body.origin, deprecated=body.deprecated))


@router.delete("/vocabularies/{vocabulary}/{code}", response_model=TermDeleted,
               summary="Delete a term no act uses; a term in use is deprecated instead (administrators)")
def remove_term(vocabulary: str, code: str, actor: ActorDep, session: SessionDep) -> Any:
    outcome = delete_term(session=session, actor=actor, vocabulary=vocabulary, code=code)
    return TermDeleted(vocabulary=vocabulary, code=code, outcome=outcome)


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


def _report(kind: str, request: Request, actor: Any, archive: Any, session: Any, by: str, case: str | None,
            min_cell: int | None) -> Response:
    table = statistics(session=session, actor=actor, by=by, case_id=case, min_cell=min_cell,
                       floor=archive.settings.stats_min_cell)
    lang = accept_language(request.headers.get("accept-language"))
    labels = labeller(session, lang)
    if kind == "html":
        return Response(report_html(table, lang=lang, case_id=case, labels=labels),
                        media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})
    return Response(report_pdf(table, lang=lang, case_id=case, labels=labels), media_type="application/pdf",
                    headers={"Content-Disposition": "attachment; filename=statistiques.pdf",
                             "Cache-Control": "no-store"})


@router.get("/stats/report.html", summary="The same table as a standalone HTML report with a chart, in your "
            "language (Accept-Language)")
def stats_report_html(request: Request, actor: ActorDep, archive: ArchiveDep, session: SessionDep, by: str,
                      case: str | None = None, min_cell: int | None = None) -> Response:
    return _report("html", request, actor, archive, session, by, case, min_cell)


@router.get("/stats/report.pdf", summary="The same table as a PDF report with a chart, in your language")
def stats_report_pdf(request: Request, actor: ActorDep, archive: ArchiveDep, session: SessionDep, by: str,
                     case: str | None = None, min_cell: int | None = None) -> Response:
    return _report("pdf", request, actor, archive, session, by, case, min_cell)


@router.get("/stats.csv", summary="The same table as CSV (a suppressed count is an empty field)")
def stats_csv(actor: ActorDep, archive: ArchiveDep, session: SessionDep, by: str,
              case: str | None = None, min_cell: int | None = None) -> Response:
    table = statistics(session=session, actor=actor, by=by, case_id=case, min_cell=min_cell,
                       floor=archive.settings.stats_min_cell)
    return Response(stats_csv_text(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=statistiques.csv"})
