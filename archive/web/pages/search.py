"""The search page: query box, facets with counts that add a filter, highlighted snippets, sort, pages.

It calls `run_search` like `GET /search` does: scoping (role, assignment, consent, redacted-only) happens
inside `search/` on every query, so a reparations officer's page only ever holds redacted snippets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.auth import require
from archive.cases.reads import case_labels
from archive.disclosures.evidence import cite
from archive.errors import DomainError
from archive.i18n.explain import query_problem
from archive.items.service import summarise_items
from archive.models import Case, Item
from archive.searches.query import build_query
from archive.searches.service import run_search
from archive.web.page import Page, PageDep, PageRoute
from search import FILTER_FIELDS, InvalidQuery, SearchError, SearchResult

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PAGE_SIZE = 10
#: Facets shown, in this order, and the vocabulary that gives their values a label (None: shown as is).
FACETS: tuple[tuple[str, str | None], ...] = (
    ("case", None), ("region", None), ("violation_type", "violation"), ("testimony_type", "testimony"),
    ("language", "language"), ("media_type", None),
)
SORTS = ("relevance", "date_desc", "date_asc")
_MARK = re.compile(r"</?mark>")


def snippet_markup(text: str) -> Markup:
    """A snippet from `search.highlight`: escaped there, with only `<mark>` added. Checked again here: any
    other tag means the contract changed, and the whole snippet is escaped rather than trusted."""
    if "<" in _MARK.sub("", text):
        return escape(text)
    return Markup(text)  # escaped by search.highlight._render; checked just above


def clock(seconds: float | None) -> str:
    """An audio position as people read it: 1:05, 1:02:09."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@dataclass(frozen=True)
class SearchForm:
    q: str
    filters: tuple[str, ...]
    sort: str
    page: int

    def url(self, **change: Any) -> str:
        values = {"q": self.q, "filter": list(self.filters), "sort": self.sort, "page": self.page, **change}
        params = [("q", values["q"])] + [("filter", f) for f in values["filter"]]
        if values["sort"] != "relevance":
            params.append(("sort", values["sort"]))
        if values["page"] != 1:
            params.append(("page", str(values["page"])))
        return "/ui/search?" + urlencode(params)

    def adding(self, field: str, value: str) -> str:
        pair = f"{field}={value}"
        return self.url(filter=[*self.filters, pair] if pair not in self.filters else list(self.filters), page=1)

    def removing(self, pair: str) -> str:
        return self.url(filter=[f for f in self.filters if f != pair], page=1)


def _titles(session: Session, page: Page, case_ids: set[str]) -> dict[str, str]:
    """Case id -> the name this reader may see (the redacted form for redacted-only roles)."""
    cases = session.execute(select(Case).where(Case.id.in_(case_ids))).scalars()
    return case_labels(session, page.actor, cases, page.lang)


def _hits(page: Page, result: SearchResult) -> list[dict[str, Any]]:
    """Each hit with what may be shown about its item to this reader (its title as the reader may see it; no
    names, no file names)."""
    ids = [h.item_id for h in result.hits]
    with page.archive.db.session() as session:
        found = list(session.execute(select(Item).where(Item.id.in_(ids))).scalars())
        items = {i.id: i for i in found}
        summaries = {s.id: s for s in summarise_items(session, actor=page.actor, items=found, lang=page.lang)}
        titles = _titles(session, page, {h.case_id for h in result.hits})
    rows = []
    for hit in result.hits:
        item = items.get(hit.item_id)
        summary = summaries.get(hit.item_id)
        rows.append({
            "id": hit.item_id, "case": hit.case_id, "case_title": titles.get(hit.case_id, hit.case_id[:8]),
            "evidence_number": hit.evidence_number,
            "label": summary.label if summary else hit.item_id[:8],
            "type_label": summary.type_label if summary else "",
            "media_type": item.media_type if item else "", "region": item.region if item else None,
            "collected_at": (item.collected_at or item.created_at) if item else None,
            "snippets": [{"html": snippet_markup(s.text), "page": s.page, "clock": clock(s.seconds),
                          "cite": cite(hit.evidence_number, page=s.page, seconds=s.seconds)
                          if hit.evidence_number else None,
                          "anchor": f"#t={s.seconds:g}" if s.seconds is not None
                          else (f"#page={s.page}" if s.page is not None else "")} for s in hit.snippets],
        })
    return rows


def _case_titles(page: Page, result: SearchResult) -> dict[str, str]:
    ids = set(result.facets.get("case", {}))
    with page.archive.db.session() as session:
        return _titles(session, page, ids)


def _facets(page: Page, form: SearchForm, result: SearchResult) -> list[dict[str, Any]]:
    titles = _case_titles(page, result)
    shown = []
    for field, vocabulary in FACETS:
        values = result.facets.get(field, {})
        if not values:
            continue
        entries = []
        for value, count in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])):
            name = titles.get(value, value[:8]) if field == "case" else value
            entries.append({"value": value, "name": name, "vocabulary": vocabulary, "count": count,
                            "active": f"{field}={value}" in form.filters, "url": form.adding(field, value)})
        shown.append({"field": field, "values": entries})
    return shown


def _active(form: SearchForm, result: SearchResult | None, page: Page) -> list[dict[str, str]]:
    titles = _case_titles(page, result) if result is not None else {}
    active = []
    for pair in form.filters:
        field, _, value = pair.partition("=")
        vocabulary = dict(FACETS).get(field)
        name = titles.get(value, value) if field == "case" else value
        active.append({"pair": pair, "field": field if field in FILTER_FIELDS else "", "value": value, "name": name,
                       "vocabulary": vocabulary or "",
                       "url": form.removing(pair)})
    return active


@router.get("/ui/search")
async def search_page(page: PageDep, q: str = "", filter: Annotated[list[str] | None, Query()] = None,
                      sort: str = "relevance", p: Annotated[int, Query(alias="page")] = 1) -> Response:
    require(page.actor, "search")
    form = SearchForm(q=q.strip(), filters=tuple(filter or ()), sort=sort if sort in SORTS else "relevance",
                      page=max(p, 1))
    asked = "q" in page.request.query_params or bool(form.filters)
    result: SearchResult | None = None
    error = ""
    if asked:
        try:
            query = build_query(form.q, filters=form.filters, sort=form.sort, page=form.page, size=PAGE_SIZE)
            result = await run_in_threadpool(run_search, page.archive, actor=page.actor, query=query)
        except DomainError as exc:
            error = exc.message(page.lang)
        except InvalidQuery as exc:
            error = query_problem(page.lang, exc)
        except SearchError as exc:  # the index cannot answer now (a bug's ScopeViolation refuses everything)
            error = page.t("err.search_unavailable", detail=str(exc))
    pages = math.ceil(result.total / PAGE_SIZE) if result is not None else 0
    return page.render(
        "search.html", form=form, result=result, error=error, sorts=SORTS, pages=pages,
        hits=_hits(page, result) if result is not None else [],
        facets=_facets(page, form, result) if result is not None else [],
        active=_active(form, result, page),
        page_links=[(n, form.url(page=n)) for n in range(max(1, form.page - 3), min(pages, form.page + 3) + 1)],
        redacted_only=not page.can("items.read"),
    )
