# mypy: disallow-untyped-calls=False
# (pymupdf leaves most methods unannotated.)
"""The statistics report, as a standalone HTML page and as a PDF, in French or English: the parameters of the
query, what suppression did, a bar chart of the cells (a suppressed cell draws no bar) and the table. It shows
exactly the suppressed table the service returned (no total, no marginal the table does not already give), so
it cannot reveal more than the table. The PDF is drawn with pymupdf (already locked for the export summaries):
text and table through its Story, the chart from the same inline SVG as the HTML (vector, nothing fetched)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from markupsafe import Markup, escape

from archive.acts.charts import bar_chart
from archive.acts.schemas import StatsRead
from archive.i18n import Lang, translate

Labeller = Callable[[str | None, str | None], str]
CHART_CELLS = 40
KINDS = {"violation_type": "act_type", "perpetrator_group": "perpetrator", "victim_sex": "sex"}


def _words(table: StatsRead, labels: Labeller, field: str, value: str) -> str:
    kind = KINDS.get(field)
    return labels(kind, value) if kind else value


def chart(table: StatsRead, *, lang: Lang, labels: Labeller) -> Markup:
    rows = [(" · ".join(_words(table, labels, f, c.key[f]) for f in table.by), c.count)
            for c in table.cells[:CHART_CELLS]]
    return bar_chart(rows, translate(lang, "stats.masked"), label_width=320)


def _body(table: StatsRead, *, lang: Lang, case_id: str | None, labels: Labeller, now: dt.datetime,
          with_chart: bool) -> str:
    def t(key: str, **values: object) -> Markup:
        return escape(translate(lang, key, **values))

    by = ", ".join(translate(lang, f"acts.field_{f}") for f in table.by)
    head = "".join(f"<th>{t('acts.field_' + f)}</th>" for f in table.by) + f"<th>{t('stats.count')}</th>"
    rows = []
    for c in table.cells:
        cells = "".join(f"<td>{escape(_words(table, labels, f, c.key[f]))}</td>" for f in table.by)
        count = f"<em>{t('stats.masked')}</em>" if c.count is None else str(c.count)
        rows.append(f"<tr>{cells}<td class=\"count\">{count}</td></tr>")
    if not rows:
        rows.append(f"<tr><td colspan=\"{len(table.by) + 1}\">{t('stats.none')}</td></tr>")
    figure = f"<h2>{t('report.chart')}</h2><div id=\"report-chart\">{chart(table, lang=lang, labels=labels)}</div>" \
        if with_chart and table.cells else ""
    return (
        f"<h1>{t('stats.title')}</h1>"
        f"<p>{t('report.query', by=by, case=case_id or translate(lang, 'report.all_cases'))}</p>"
        f"<p>{t('report.generated', at=now.strftime('%Y-%m-%d %H:%M UTC'))}</p>"
        f"<p id=\"report-suppressed\">{t('stats.suppressed', n=table.suppressed_cells, min=table.min_cell)}</p>"
        f"<p>{t('stats.help')} {t('report.method')}</p>"
        f"{figure}"
        f"<h2>{t('report.table')}</h2>"
        f"<table id=\"report-table\"><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


STYLE = ("body{font-family:sans-serif;font-size:11pt;margin:2em}table{border-collapse:collapse}"
         "td,th{border:1px solid #999;padding:2px 6px;text-align:left}td.count{text-align:right}"
         "h1{font-size:16pt}h2{font-size:13pt}")


def report_html(table: StatsRead, *, lang: Lang, case_id: str | None, labels: Labeller,
                now: dt.datetime | None = None) -> str:
    """A standalone page (inline style and chart: it opens offline and prints as it shows)."""
    body = _body(table, lang=lang, case_id=case_id, labels=labels, now=now or dt.datetime.now(dt.UTC),
                 with_chart=True)
    title = escape(translate(lang, "stats.title"))
    return (f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>")


def report_pdf(table: StatsRead, *, lang: Lang, case_id: str | None, labels: Labeller,
               now: dt.datetime | None = None) -> bytes:
    """The same report as a PDF (A4; the chart on a page of its own after the text), no document metadata."""
    import io

    import pymupdf  # loads only when a report is written

    from archive.pdf import html_pdf

    when = now or dt.datetime.now(dt.UTC)
    html = (f"<html><body>{_body(table, lang=lang, case_id=case_id, labels=labels, now=when, with_chart=False)}"
            "</body></html>")
    buffer = io.BytesIO()
    html_pdf(html, buffer, user_css=STYLE.replace("margin:2em", ""))
    paper = pymupdf.paper_rect("a4")
    document = pymupdf.open("pdf", buffer.getvalue())
    if table.cells:
        svg = str(chart(table, lang=lang, labels=labels))
        drawn = pymupdf.open("pdf", pymupdf.open(stream=svg.encode("utf-8"), filetype="svg").convert_to_pdf())
        page = document.new_page(width=paper.width, height=paper.height)
        page.insert_text((36, 54), translate(lang, "report.chart"), fontsize=13)
        box = drawn[0].rect
        scale = min((paper.width - 72) / box.width, (paper.height - 120) / box.height, 1.0)
        page.show_pdf_page(pymupdf.Rect(36, 72, 36 + box.width * scale, 72 + box.height * scale), drawn, 0)
    document.set_metadata({})
    return bytes(document.tobytes(garbage=3, deflate=True))
