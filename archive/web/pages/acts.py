"""The coding page beside the review page (select a passage -> new act; the acts with their passages at the
reader's level; a timeline), and the statistics page. Same service calls as the API and the CLI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response
from markupsafe import escape
from sqlalchemy.orm import Session

from archive.acts.charts import Mark, bar_chart, timeline
from archive.acts.persons import (
    PersonFields,
    add_incident,
    add_person,
    case_pseudonyms,
    link_person,
    list_incidents,
    list_persons,
    set_incident,
)
from archive.acts.query import ActFilter, cross_table, facets, find_acts
from archive.acts.reads import act_read
from archive.acts.report import report_html, report_pdf
from archive.acts.schemas import ActCreate, ActFullRead, ActRedactedRead, PassageIn, StatsRead
from archive.acts.service import add_act, get_act, list_acts, review_act
from archive.acts.stats import statistics
from archive.acts.terms import VOCABULARIES, delete_term, labeller, set_term, terms
from archive.acts.views import stats_csv_text
from archive.acts.vocabulary import AGE_BANDS, PERSON_ROLES, STAT_FIELDS, VICTIM_SEXES
from archive.auth import require
from archive.consent import decide_access
from archive.errors import Invalid
from archive.items.artefacts import item_text
from archive.items.service import get_item
from archive.vocabulary import regions
from archive.web.page import Page, PageDep, PageRoute
from archive.web.session import warning_seen

router = APIRouter(route_class=PageRoute, include_in_schema=False)


TermLabels = Callable[[str | None, str | None], str]


def live_codes(session: Session, vocabulary: str) -> list[str]:
    return [t.code for t in terms(session, vocabulary, include_deprecated=False)]


def act_marks(labels: TermLabels, reads: list[ActFullRead | ActRedactedRead]) -> list[Mark]:
    return [Mark(r.id, r.date_year, r.date_month, r.act_type, labels("act_type", r.act_type)) for r in reads]


@router.get("/ui/items/{item_id}/acts")
def acts_page(item_id: str, page: PageDep) -> Response:
    archive = page.archive
    with archive.db.session() as session:
        item = get_item(session, item_id)
        seen = warning_seen(page.request, archive)
        view = decide_access(session, actor=page.actor, item=item, purpose="read").view  # refuses like the item
        reads = [act_read(v) for v in list_acts(session=session, archive=archive, actor=page.actor, item=item)] \
            if seen else []
        may_code = seen and view == "full" and page.can("acts.code")
        text = item_text(session, archive.store, item) if may_code else None
        persons = list_persons(session, actor=page.actor, case_id=item.case_id) if may_code else []
        known = {p.pseudonym for p in persons}
        candidates = [p for p in case_pseudonyms(session, archive, actor=page.actor, case_id=item.case_id)
                      if p not in known] if may_code else []
        incidents = list_incidents(session, actor=page.actor, case_id=item.case_id) if may_code else []
        labels = labeller(session, page.lang)
        return page.render(
            "acts.html", item={"id": item.id, "case": item.case_id}, warning=not seen, acts=reads,
            text=escape(text.text) if text else None, may_code=may_code, act_types=live_codes(session, "act_type"),
            groups=live_codes(session, "perpetrator_group"), sexes=VICTIM_SEXES, label=labels,
            bands=AGE_BANDS, regions=list(regions().values()),
            roles=PERSON_ROLES, persons=[{"id": p.id, "pseudonym": p.pseudonym, "sex": p.sex} for p in persons],
            candidates=candidates, incidents=[{"id": i.id, "label": i.label, "year": i.date_year} for i in incidents],
            chart=timeline(act_marks(labels, reads), undated=page.t("acts.undated")),
        )


@router.post("/ui/items/{item_id}/acts")
def create(item_id: str, page: PageDep, act_type: Annotated[str, Form()],
           start: Annotated[int | None, Form()] = None, end: Annotated[int | None, Form()] = None,
           date: Annotated[str, Form()] = "", region: Annotated[str, Form()] = "",
           place: Annotated[str, Form(max_length=200)] = "", perpetrator_group: Annotated[str, Form()] = "",
           victim_sex: Annotated[str, Form()] = "unknown", victim_age_band: Annotated[str, Form()] = "",
           csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    archive = page.archive
    passages = [PassageIn(start=start, end=end)] if start is not None and end is not None and end > start else []
    data = ActCreate(act_type=act_type, date=date or None, region=region or None, place=place or None,
                     perpetrator_group=perpetrator_group or None, victim_sex=victim_sex or "unknown",
                     victim_age_band=victim_age_band or None, passages=passages)
    with archive.db.session() as session:
        act = add_act(session=session, archive=archive, actor=page.actor, item=get_item(session, item_id), data=data)
        act_id = act.id
    return RedirectResponse(f"/ui/items/{item_id}/acts#act-{act_id}", status_code=303)


@router.post("/ui/cases/{case_id}/persons")
def person(case_id: str, page: PageDep, pseudonym: Annotated[str, Form(max_length=80)],
           back: Annotated[str, Form()], sex: Annotated[str, Form()] = "unknown",
           age_band: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    """One click: this pseudonym (found by redaction) is a person of this case."""
    page.check_csrf(csrf)
    archive = page.archive
    with archive.db.session() as session:
        add_person(session=session, archive=archive, actor=page.actor, case_id=case_id, pseudonym=pseudonym,
                   fields=PersonFields(sex=sex or "unknown", age_band=age_band or None))
        item = get_item(session, back)
        item_id = item.id
    return RedirectResponse(f"/ui/items/{item_id}/acts#persons", status_code=303)


@router.post("/ui/acts/{act_id}/persons")
def person_in_act(act_id: str, page: PageDep, person: Annotated[str, Form()], role: Annotated[str, Form()],
                  csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        act = get_act(session, act_id)
        link_person(session=session, actor=page.actor, act=act, person_id=person, role=role)
        item_id = act.item_id
    return RedirectResponse(f"/ui/items/{item_id}/acts#act-{act_id}", status_code=303)


@router.post("/ui/cases/{case_id}/incidents")
def incident(case_id: str, page: PageDep, label: Annotated[str, Form(max_length=200)],
             back: Annotated[str, Form()], date: Annotated[str, Form()] = "", region: Annotated[str, Form()] = "",
             csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        add_incident(session=session, actor=page.actor, case_id=case_id, label=label, date=date or None,
                     region=region or None)
        item_id = get_item(session, back).id
    return RedirectResponse(f"/ui/items/{item_id}/acts#incidents", status_code=303)


@router.post("/ui/acts/{act_id}/incident")
def act_incident(act_id: str, page: PageDep, incident: Annotated[str, Form()] = "",
                 csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        act = set_incident(session=session, actor=page.actor, act_id=act_id, incident_id=incident or None)
        item_id = act.item_id
    return RedirectResponse(f"/ui/items/{item_id}/acts#act-{act_id}", status_code=303)


@router.post("/ui/acts/{act_id}/status")
def review(act_id: str, page: PageDep, status: Annotated[str, Form()], csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        act = review_act(session=session, actor=page.actor, act=get_act(session, act_id), status=status)
        item_id = act.item_id
    return RedirectResponse(f"/ui/items/{item_id}/acts#act-{act_id}", status_code=303)


def _year(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise Invalid("acts_year_format", value=value)
    return int(value)


@router.get("/ui/acts")
def find_page(page: PageDep, case: str = "", act_type: str = "", perpetrator_group: str = "", year_from: str = "",
              year_to: str = "", region: str = "", victim_sex: str = "", victim_age_band: str = "",
              rows: str = "violation_type", columns: str = "year") -> Response:
    """Acts by coded fields for a case or a filter, in the reader's scope: a timeline, counts by two fields,
    counts per value of each field, and the acts (each opens its passages)."""
    filters = ActFilter(case_id=case or None, act_type=act_type or None, perpetrator_group=perpetrator_group or None,
                        year_from=_year(year_from), year_to=_year(year_to), region=region or None,
                        victim_sex=victim_sex or None, victim_age_band=victim_age_band or None)
    with page.archive.db.session() as session:
        reads = find_acts(session=session, archive=page.archive, actor=page.actor, filters=filters)
        labels = labeller(session, page.lang)
        types = [t.code for t in terms(session, "act_type")]
        groups = [t.code for t in terms(session, "perpetrator_group")]
    row_values, col_values, cells = cross_table(reads, rows, columns)
    return page.render("acts_find.html", f=filters, acts=reads, act_types=types, groups=groups, label=labels,
                       sexes=VICTIM_SEXES, bands=AGE_BANDS, regions=list(regions().values()), fields=STAT_FIELDS,
                       rows=rows, columns=columns, row_values=row_values, col_values=col_values, cells=cells,
                       facet_counts=facets(reads), chart=timeline(act_marks(labels, reads),
                                                                  undated=page.t("acts.undated")))


@router.get("/ui/cases/{case_id}/acts")
def case_acts(case_id: str, page: PageDep) -> Response:
    return RedirectResponse(f"/ui/acts?case={case_id}", status_code=303)


def _table(page: Page, by: str, case: str, min_cell: str) -> StatsRead:
    if min_cell and not min_cell.isdigit():
        raise Invalid("stats_min_cell_format", value=min_cell)
    with page.archive.db.session() as session:
        return statistics(session=session, actor=page.actor, by=by, case_id=case or None,
                          min_cell=int(min_cell) if min_cell else None, floor=page.archive.settings.stats_min_cell)


@router.get("/ui/stats")
def stats_page(page: PageDep, by: Annotated[str, Query()] = "", case: Annotated[str, Query()] = "",
               min_cell: Annotated[str, Query()] = "") -> Response:
    table = _table(page, by, case, min_cell) if by else None
    with page.archive.db.session() as session:
        labels = labeller(session, page.lang)
    chart = None
    if table is not None and len(table.by) == 1:
        field = table.by[0]
        kind = {"violation_type": "act_type", "perpetrator_group": "perpetrator"}.get(field)
        chart = bar_chart([(labels(kind, c.key[field]) if kind else c.key[field], c.count) for c in table.cells],
                          page.t("stats.masked"))
    return page.render("stats.html", table=table, by=by, case=case, min_cell=min_cell, fields=STAT_FIELDS,
                       floor=page.archive.settings.stats_min_cell, chart=chart, label=labels)


@router.get("/ui/stats/report.html")
def stats_report_html(page: PageDep, by: Annotated[str, Query()], case: Annotated[str, Query()] = "",
                      min_cell: Annotated[str, Query()] = "") -> Response:
    table = _table(page, by, case, min_cell)
    with page.archive.db.session() as session:
        body = report_html(table, lang=page.lang, case_id=case or None, labels=labeller(session, page.lang))
    return Response(body, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})


@router.get("/ui/stats/report.pdf")
def stats_report_pdf(page: PageDep, by: Annotated[str, Query()], case: Annotated[str, Query()] = "",
                     min_cell: Annotated[str, Query()] = "") -> Response:
    table = _table(page, by, case, min_cell)
    with page.archive.db.session() as session:
        body = report_pdf(table, lang=page.lang, case_id=case or None, labels=labeller(session, page.lang))
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": "attachment; filename=statistiques.pdf",
                             "Cache-Control": "no-store"})


@router.get("/ui/stats.csv")
def stats_csv(page: PageDep, by: Annotated[str, Query()], case: Annotated[str, Query()] = "",
              min_cell: Annotated[str, Query()] = "") -> Response:
    table = _table(page, by, case, min_cell)
    return Response(stats_csv_text(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=statistiques.csv",
                             "Cache-Control": "no-store"})


@router.get("/ui/vocabularies")
def vocabularies_page(page: PageDep, done: str = "", code: str = "") -> Response:
    """The editable vocabularies (administrators): labels and definitions in French and English, origin,
    deprecation; deleting a term in use deprecates it."""
    require(page.actor, "vocabularies.manage")
    with page.archive.db.session() as session:
        lists = {v: [{"code": t.code, "origin": t.origin, "label_fr": t.label_fr, "label_en": t.label_en,
                      "definition_fr": t.definition_fr, "definition_en": t.definition_en,
                      "deprecated": t.deprecated} for t in terms(session, v)] for v in VOCABULARIES}
    notice = page.t(f"vocab.outcome_{done}", code=code) if done in ("deleted", "deprecated") else ""
    return page.render("vocabularies.html", lists=lists, notice=notice)


@router.post("/ui/vocabularies/{vocabulary}")
def vocabulary_save(vocabulary: str, page: PageDep, code: Annotated[str, Form(max_length=60)],
                    label_fr: Annotated[str, Form(max_length=120)], label_en: Annotated[str, Form(max_length=120)],
                    definition_fr: Annotated[str, Form(max_length=1000)] = "",
                    definition_en: Annotated[str, Form(max_length=1000)] = "",
                    origin: Annotated[str, Form(max_length=40)] = "", action: Annotated[str, Form()] = "save",
                    csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        if action == "delete":
            outcome = delete_term(session=session, actor=page.actor, vocabulary=vocabulary, code=code)
            return RedirectResponse(f"/ui/vocabularies?done={outcome}&code={code}", status_code=303)
        set_term(session=session, actor=page.actor, vocabulary=vocabulary, code=code, label_fr=label_fr,
                 label_en=label_en, definition_fr=definition_fr, definition_en=definition_en,
                 origin=origin or None, deprecated={"restore": False, "deprecate": True}.get(action))
    return RedirectResponse(f"/ui/vocabularies#term-{vocabulary}-{code}", status_code=303)
