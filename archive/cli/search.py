"""`temoin search` and `temoin reindex`."""

from __future__ import annotations

import typer

from archive.cli.app import app
from archive.cli.common import AS_OPTION, JSON_OPTION, emit_json, err, opened_archive, out, resolve_actor, say


@app.command("search")
def search(
    query: str = typer.Argument(..., help="Words, \"phrases\", AND/OR/NOT (ET/OU/SAUF), prefix*."),
    as_user: str | None = AS_OPTION,
    filters: list[str] = typer.Option([], "--filter", help="FIELD=VALUE (case, region, violation_type, "
                                      "testimony_type, language, media_type, consent_scope); repeatable."),
    sort: str = typer.Option("relevance", help="relevance, date_desc or date_asc."),
    page: int = typer.Option(1, help="Page number."),
    size: int = typer.Option(10, help="Hits per page."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Search the testimonies you may see; every search is logged."""
    from archive.searches.query import build_query
    from archive.searches.service import result_json, run_search
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        result = result_json(run_search(archive, actor=actor,
                                        query=build_query(query, filters=filters, sort=sort, page=page, size=size)))
    if as_json:
        emit_json(result)
        return
    out.print(say("cli.results", n=result["total"]))
    for hit in result["hits"]:
        where = say("cli.hit", case=hit["case"], score=f"{hit['score']:.2f}")
        number = f"{hit['evidence_number']} " if hit["evidence_number"] else ""
        out.print(f"{number}[bold]{hit['item']}[/] ({where})", highlight=False)
        for snippet, source in zip(hit["snippets"], hit["sources"], strict=True):
            cited = f" [{source['cite']}]" if source["cite"] and source["cite"] != hit["evidence_number"] else ""
            out.print(f"   … {snippet} …{cited}", highlight=False)


@app.command("reindex")
def reindex_cmd(as_json: bool = JSON_OPTION) -> None:
    """Rebuild the search index from the system of record (the new index is swapped in when complete)."""
    from rich.progress import BarColumn, Progress, TextColumn

    from archive.pipeline.index import reindex
    with opened_archive() as archive, Progress(TextColumn("reindex"), BarColumn(),
                                               TextColumn("{task.percentage:>3.0f}%"), console=err,
                                               transient=True) as bar:
        task = bar.add_task("reindex", total=1.0)
        count = reindex(archive, progress=lambda f: bar.update(task, completed=f))
    if as_json:
        emit_json({"indexed": count})
    else:
        out.print(say("cli.indexed", n=count))
