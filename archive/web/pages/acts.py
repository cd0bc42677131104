"""The coding page beside the review page (select a passage -> new act; the acts with their passages at the
reader's level; a timeline), and the statistics page. Same service calls as the API and the CLI."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup, escape

from archive.acts.reads import act_read
from archive.acts.schemas import ActCreate, PassageIn, StatsRead
from archive.acts.service import add_act, get_act, list_acts, review_act
from archive.acts.stats import statistics
from archive.acts.views import stats_csv_text
from archive.acts.vocabulary import ACT_TYPES, AGE_BANDS, PERPETRATOR_GROUPS, STAT_FIELDS, VICTIM_SEXES
from archive.consent import decide_access
from archive.errors import Invalid
from archive.items.artefacts import item_text
from archive.items.service import get_item
from archive.vocabulary import regions
from archive.web.page import Page, PageDep, PageRoute
from archive.web.session import warning_seen

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def bar_chart(rows: list[tuple[str, int | None]], masked: str) -> Markup:
    """A horizontal bar chart as inline SVG (no script, nothing fetched); a suppressed count draws no bar."""
    if not rows:
        return Markup("")
    top = max((n for _, n in rows if n is not None), default=1) or 1
    height = 22 * len(rows) + 4
    parts = [Markup('<svg class="chart" role="img" width="520" height="{}" viewBox="0 0 520 {}">').format(
        height, height)]
    for i, (name, n) in enumerate(rows):
        y = 4 + 22 * i
        width = 0 if n is None else max(2, round(300 * n / top))
        parts.append(Markup('<text x="0" y="{}" font-size="12">{}</text>').format(y + 13, name[:24]))
        parts.append(Markup('<rect x="180" y="{}" width="{}" height="16" fill="#6b5b95"></rect>').format(y, width))
        parts.append(Markup('<text x="{}" y="{}" font-size="12">{}</text>').format(
            186 + width, y + 13, masked if n is None else n))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


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
        timeline = Counter(str(r.date_year) if r.date_year else page.t("acts.unknown") for r in reads)
        return page.render(
            "acts.html", item={"id": item.id, "case": item.case_id}, warning=not seen, acts=reads,
            text=escape(text.text) if text else None, may_code=may_code, act_types=list(ACT_TYPES),
            groups=PERPETRATOR_GROUPS, sexes=VICTIM_SEXES, bands=AGE_BANDS, regions=list(regions().values()),
            chart=bar_chart(sorted(timeline.items()), page.t("stats.masked")),
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


@router.post("/ui/acts/{act_id}/status")
def review(act_id: str, page: PageDep, status: Annotated[str, Form()], csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        act = review_act(session=session, actor=page.actor, act=get_act(session, act_id), status=status)
        item_id = act.item_id
    return RedirectResponse(f"/ui/items/{item_id}/acts#act-{act_id}", status_code=303)


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
    chart = None
    if table is not None and len(table.by) == 1:
        chart = bar_chart([(c.key[table.by[0]], c.count) for c in table.cells], page.t("stats.masked"))
    return page.render("stats.html", table=table, by=by, case=case, min_cell=min_cell, fields=STAT_FIELDS,
                       floor=page.archive.settings.stats_min_cell, chart=chart)


@router.get("/ui/stats.csv")
def stats_csv(page: PageDep, by: Annotated[str, Query()], case: Annotated[str, Query()] = "",
              min_cell: Annotated[str, Query()] = "") -> Response:
    table = _table(page, by, case, min_cell)
    return Response(stats_csv_text(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=statistiques.csv",
                             "Cache-Control": "no-store"})
