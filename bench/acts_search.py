"""Faceted search over coded fields (issue 15), each backend next to its bare engine in the same run: a scoped
search (reparations officer: role and consent filters, per-hit re-check, snippets) filtered by a coded field
and counting the six coded fields, against the same text query, filter and term counts sent bare (no scope,
no re-check, no snippets). Called from ``bench/acts_stats.py``."""

from __future__ import annotations

import dataclasses
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tantivy

from bench.search import REPARATIONS, percentiles, testimonies, two_term_queries
from search import Query, SearchDocument, init_search
from search.base import CODED_FIELDS
from search.elastic.dsl import render_text
from search.query import parse
from search.stored import TEXT_FIELDS

TYPES = ("killing", "arbitrary_detention", "torture", "rape", "looting", "abduction", "displacement")
GROUPS = ("fama", "jnim", "eigs", "mnla", "unidentified_armed_men", "other")
REGIONS = ("Mopti", "Gao", "Tombouctou", "Ségou", "Kidal", "Ménaka")
RUNS = 200


def coded_documents(count: int) -> list[SearchDocument]:
    rng = random.Random(15)
    docs = []
    for doc in testimonies(count):
        acts = rng.randint(1, 4)
        coded = {
            "act_type": tuple(sorted({rng.choice(TYPES) for _ in range(acts)})),
            "perpetrator_group": tuple(sorted({rng.choice(GROUPS) for _ in range(acts)})),
            "act_year": tuple(sorted({str(rng.randint(2012, 2024)) for _ in range(acts)})),
            "act_region": (rng.choice(REGIONS),),
            "victim_sex": tuple(sorted({rng.choice(("f", "m", "unknown")) for _ in range(acts)})),
            "victim_age_band": (rng.choice(("12-17", "18-25", "26-40", "41-60")),),
        }
        docs.append(dataclasses.replace(doc, coded=coded))
    return docs


def _runs(count: int) -> list[tuple[str, str, str]]:
    rng = random.Random(3)
    return [(a, b, rng.choice(TYPES)) for a, b, _ in two_term_queries(count)]


def _timed(make: Callable[[str, str, str], Callable[[], object]], runs: list[tuple[str, str, str]]) -> float:
    samples = []
    for run in runs:
        call = make(*run)
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)[1]


def _scoped(backend: Any) -> Callable[[str, str, str], Callable[[], object]]:
    def make(a: str, b: str, act_type: str) -> Callable[[], object]:
        query = Query(text=f"{a} {b}", filters={"act_type": (act_type,)}, size=10, facets=CODED_FIELDS)
        return lambda: backend.search(query, REPARATIONS)

    return make


def _bare_tantivy(backend: Any) -> Callable[[str, str, str], Callable[[], object]]:
    def make(a: str, b: str, act_type: str) -> Callable[[], object]:
        text = backend.renderer.text(parse(f"{a} {b}"), TEXT_FIELDS["redacted"])
        bare = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, text),
            (tantivy.Occur.Must, tantivy.Query.term_query(backend.schema, "act_type", act_type)),
        ])
        aggs = {name: {"terms": {"field": name, "size": 200}} for name in CODED_FIELDS}

        def call() -> object:
            searcher = backend._fresh().index.searcher()
            return searcher.search(bare, 10, count=True), searcher.aggregate(bare, aggs)

        return call

    return make


def _bare_es(backend: Any) -> Callable[[str, str, str], Callable[[], object]]:
    def make(a: str, b: str, act_type: str) -> Callable[[], object]:
        body = {"bool": {"must": [render_text(parse(f"{a} {b}"), TEXT_FIELDS["redacted"])],
                         "filter": [{"terms": {"act_type": [act_type]}}]}}
        aggs = {name: {"terms": {"field": name, "size": 200}} for name in CODED_FIELDS}
        return lambda: backend.client.search(index=backend.alias, query=body, size=10, track_total_hits=True,
                                             aggs=aggs)

    return make


def _measure(name: str, backend: Any, docs: list[SearchDocument], bare: Callable[[Any], Any]) -> str:
    backend.rebuild(docs)
    runs = _runs(RUNS)
    _timed(_scoped(backend), runs[:20])
    _timed(bare(backend), runs[:20])
    ours, raw = _timed(_scoped(backend), runs), _timed(bare(backend), runs)
    return f"| {name} | {len(docs):,} | {ours:.1f} ms | {raw:.1f} ms | {ours / raw:.2f} |"


def faceted_search(*, quick: bool = False) -> str:
    count, es_count = (10_000, 500) if quick else (100_000, 2_000)
    docs = coded_documents(count)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        embedded = init_search(backend="embedded", path=Path(tmp) / "index")
        rows.append(_measure("embedded (tantivy)", embedded, docs, _bare_tantivy))
        embedded.close()
        from osmem_server import OsmemServer

        from tests.search.osmem_node import PlainJsonNode

        server = OsmemServer.start(japanese=False)
        try:
            es = init_search(backend="elasticsearch", url=server.url, index="bench-acts", node_class=PlainJsonNode,
                             request_timeout=600)
            rows.append(_measure("osmem-server (ES protocol, in-memory stand-in)", es, docs[:es_count], _bare_es))
            es.close()
        finally:
            server.close()
    return (
        "### Faceted search over coded fields\n\n"
        f"Synthetic testimonies (the search figure's generator) each with 1-4 coded acts; {RUNS} two-term queries "
        "filtered by an act type, counting the six coded fields (act type, perpetrator group, year, region, "
        "victim sex, age band). *Ours*: the scoped search of a reparations officer (role and consent filters, "
        "per-hit re-check, snippets); *bare*: the same text query, filter and term counts sent to the engine "
        "without scope, re-check or snippets. p95.\n\n"
        "| backend | items | ours p95 | bare p95 | ratio |\n| --- | --- | --- | --- | --- |\n" + "\n".join(rows) + "\n"
    )
