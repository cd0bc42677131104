"""Figure "search": indexing rate and scoped query latency, each next to the bare engine, same run.

    python -m bench.search            # 100,000 synthetic French testimonies (~300 words each)
    python -m bench.search --quick    # 10,000

Backends: the embedded engine (tantivy) and Elasticsearch, played here by osmem-server (an in-memory
stand-in speaking the Elasticsearch protocol, NOT Elasticsearch: its figures say nothing about a real
cluster). Queries: two terms + a region filter, top 10 with snippets, as a reparations officer (redacted
text only), against the same query sent bare to the same index (no scope filters, no per-hit re-check),
with and without the same snippet step. SQLite FTS5 (unicode61, diacritics removed, no stemmer) is measured
on the same documents for the engine choice in docs/search.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import tantivy

from bench.report import write_section
from search import Principal, Query, SearchDocument, init_search
from search.elastic.backend import ElasticsearchSearch
from search.elastic.dsl import render_text
from search.embedded import EmbeddedSearch
from search.embedded_query import register_analyzers
from search.highlight import patterns, snippets
from search.query import parse
from search.stored import TEXT_FIELDS, from_record


def _split(text: str) -> list[str]:
    return text.split()


REGIONS = [
    "Kayes",
    "Koulikoro",
    "Sikasso",
    "Ségou",
    "Mopti",
    "Tombouctou",
    "Gao",
    "Kidal",
    "Bamako",
    "Ménaka",
]
VIOLATIONS = [
    "detention",
    "torture",
    "killing",
    "abduction",
    "sexual_violence",
    "destruction",
    "displacement",
]
WORDS = _split(
    "soldats armée camp arrêté arrêtés détenu détention prison nuit matin village maison famille "
    "frère sœur mère père enfants femmes hommes marché route véhicule pick-up armes coups blessé "
    "blessés tués morts incendié brûlé fui réfugiés déplacés frontière fleuve puits champ troupeau "
    "bétail école mosquée chef interrogatoire questions menaces argent téléphone papiers carte "
    "identité gendarmerie poste contrôle rebelles groupe armé hommes armés milice jihadistes "
    "patrouille hélicoptère tirs balles cris silence jours semaines mois année saison pluies "
    "sécheresse faim soif malade médecin hôpital soins blessure témoin raconte souvient voir "
    "entendu emmené libéré relâché disparu retrouvé enterré tombe cimetière justice vérité "
    "réparation plainte avocat tribunal commission peur honte douleur espoir pardon paix "
)
FILLER = _split("le la les de des du un une et à au il elle ils ont a été était sont dans sur avec pour")
NAMES = ["Awa", "Moussa", "Fatoumata", "Ibrahim", "Mariam", "Oumar", "Kadia", "Seydou", "Aminata", "Bakary"]
FAMILY = ["Traoré", "Keïta", "Diarra", "Coulibaly", "Touré", "Cissé", "Maïga", "Sidibé", "Konaté", "Dembélé"]


def testimonies(count: int, seed: int = 7) -> Iterator[SearchDocument]:
    """Seeded synthetic testimonies: ~300 words, names and villages replaced in the redacted text."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    start = datetime(2023, 1, 1, tzinfo=UTC)
    for i in range(count):
        person = f"{rng.choice(NAMES)} {rng.choice(FAMILY)}"
        village = f"Village{rng.randrange(5000)}"
        full: list[str] = []
        redacted: list[str] = []
        while len(full) < 300:
            roll = rng.random()
            if roll < 0.02:
                full.append(person)
                redacted.append("[PERSONNE-1]")
            elif roll < 0.03:
                full.append(village)
                redacted.append("[LIEU-1]")
            else:
                word = rng.choices(WORDS, weights)[0] if roll < 0.6 else rng.choice(FILLER)
                full.append(word)
                redacted.append(word)
        scopes = {"share_prosecution"} | ({"share_reparations"} if rng.random() < 0.7 else set())
        yield SearchDocument(
            item_id=f"item-{i:06d}",
            case_id=f"CASE-{i % 40:03d}",
            collected_by=f"doc-{i % 12}",
            text=" ".join(full) + ".",
            redacted_text=" ".join(redacted) + ".",
            media_type="text",
            collected_at=start + timedelta(minutes=i),
            consent_scopes=frozenset(scopes),
            confidentiality="public",
            region=rng.choice(REGIONS),
            violation_types=(rng.choice(VIOLATIONS),),
            testimony_type="written",
            language="fr",
            incident_date=date(2012, 1, 1) + timedelta(days=i % 4000),
        )


def two_term_queries(count: int, seed: int = 11) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    middle = WORDS[5:60]  # frequent enough to co-occur, rare enough to select
    return [(*rng.sample(middle, 2), rng.choice(REGIONS)) for _ in range(count)]  # type: ignore[misc]


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def timed(
    fn: Callable[[], object], runs: list[tuple[str, str, str]], make: Callable[..., Callable[[], object]]
) -> tuple[float, float]:
    samples = []
    for run in runs:
        call = make(*run)
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


REPARATIONS = Principal("rep-bench", "reparations_officer")


def scoped_call(backend: Any, facets: tuple[str, ...] = ()) -> Callable[..., Callable[[], object]]:
    def make(a: str, b: str, region: str) -> Callable[[], object]:
        query = Query(text=f"{a} {b}", filters={"region": (region,)}, size=10, facets=facets)
        return lambda: backend.search(query, REPARATIONS)

    return make


def raw_tantivy_call(backend: EmbeddedSearch, with_snippets: bool) -> Callable[..., Callable[[], object]]:
    def make(a: str, b: str, region: str) -> Callable[[], object]:
        text = backend.renderer.text(parse(f"{a} {b}"), TEXT_FIELDS["redacted"])
        assert text is not None
        bare = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, text),
                (tantivy.Occur.Must, tantivy.Query.term_query(backend.schema, "region", region)),
            ]
        )
        wanted = patterns(parse(f"{a} {b}"), "fr")

        def call() -> object:
            searcher = backend._fresh().index.searcher()
            found = searcher.search(bare, 10, count=True)
            if not with_snippets:
                return found
            return [
                snippets(
                    from_record(json.loads(bytes(searcher.doc(addr).get_first("record") or b"{}"))).view(
                        "redacted"
                    ),
                    "fr",
                    wanted,
                )
                for _, addr in found.hits
            ]

        return call

    return make


def raw_es_call(backend: ElasticsearchSearch, with_snippets: bool) -> Callable[..., Callable[[], object]]:
    def make(a: str, b: str, region: str) -> Callable[[], object]:
        body = {
            "bool": {
                "must": [render_text(parse(f"{a} {b}"), TEXT_FIELDS["redacted"])],
                "filter": [{"terms": {"region": [region]}}],
            }
        }
        wanted = patterns(parse(f"{a} {b}"), "fr")

        def call() -> object:
            found = backend.client.search(index=backend.alias, query=body, size=10, track_total_hits=True)
            if not with_snippets:
                return found
            return [
                snippets(from_record(h["_source"]).view("redacted"), "fr", wanted)
                for h in found["hits"]["hits"]
            ]

        return call

    return make


def raw_tantivy_indexing(docs: list[SearchDocument], workdir: Path) -> float:
    """Docs/s of bare tantivy on the same redacted texts: one French field, one keyword, no stored record."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="temoin_fr")
    builder.add_text_field("region", tokenizer_name="raw", fast=True)
    index = tantivy.Index(builder.build(), path=str(workdir))
    register_analyzers(index)
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    start = time.perf_counter()
    for doc in docs:
        writer.add_document(tantivy.Document(body=doc.redacted_text, region=doc.region or ""))
    writer.commit()
    writer.wait_merging_threads()
    return len(docs) / (time.perf_counter() - start)


def fts5(docs: list[SearchDocument], runs: list[tuple[str, str, str]], workdir: Path) -> dict[str, float]:
    db = sqlite3.connect(workdir / "fts.sqlite")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, region UNINDEXED, tokenize='unicode61 remove_diacritics 2')"
    )
    start = time.perf_counter()
    db.executemany("INSERT INTO t(body, region) VALUES (?, ?)", ((d.redacted_text, d.region) for d in docs))
    db.commit()
    rate = len(docs) / (time.perf_counter() - start)

    def make(a: str, b: str, region: str) -> Callable[[], object]:
        sql = (
            "SELECT rowid, snippet(t, 0, '<mark>', '</mark>', '…', 24) FROM t "
            "WHERE t MATCH ? AND region = ? ORDER BY rank LIMIT 10"
        )
        return lambda: db.execute(sql, (f'"{a}" "{b}"', region)).fetchall()

    p50, p95 = timed(lambda: None, runs, make)
    db.close()
    return {"rate": rate, "p50": p50, "p95": p95}


def measure(
    name: str,
    backend: Any,
    docs: list[SearchDocument],
    runs: list[tuple[str, str, str]],
    raw: Callable[[Any, bool], Callable[..., Callable[[], object]]],
) -> list[str]:
    start = time.perf_counter()
    backend.rebuild(docs)
    rate = len(docs) / (time.perf_counter() - start)
    warm = runs[:20]
    for make in (scoped_call(backend), raw(backend, True)):
        timed(lambda: None, warm, make)
    ours = timed(lambda: None, runs, scoped_call(backend))
    bare = timed(lambda: None, runs, raw(backend, False))
    bare_snippets = timed(lambda: None, runs, raw(backend, True))
    faceted = timed(lambda: None, runs, scoped_call(backend, ("region", "violation_type", "case")))
    return [
        f"| {name} | indexing (rebuild) | {rate:,.0f} docs/s | | |",
        f"| {name} | bare query, top 10 ids | {bare[0]:.2f} | {bare[1]:.2f} | |",
        f"| {name} | bare query + same snippets | {bare_snippets[0]:.2f} | {bare_snippets[1]:.2f} | 1.00 |",
        f"| {name} | **scoped search, reparations officer** | {ours[0]:.2f} | {ours[1]:.2f} | "
        f"**{ours[1] / bare_snippets[1]:.2f}** |",
        f"| {name} | scoped search + 3 facets | {faceted[0]:.2f} | {faceted[1]:.2f} | "
        f"{faceted[1] / bare_snippets[1]:.2f} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 documents instead of 100,000")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    count = 10_000 if args.quick else 100_000
    es_count = 2_000 if args.quick else 10_000  # osmem-server indexes ~100 docs/s on this machine
    docs = list(testimonies(count))
    runs = two_term_queries(args.queries)
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        embedded = init_search(backend="embedded", path=work / "index")
        rows += measure("embedded (tantivy)", embedded, docs, runs, raw_tantivy_call)
        embedded.close()
        (work / "raw").mkdir()
        rows.append(
            f"| bare tantivy, 1 text field | indexing | {raw_tantivy_indexing(docs, work / 'raw'):,.0f} "
            "docs/s | | |"
        )
        lite = fts5(docs, runs, work)
        rows.append(f"| SQLite FTS5 | indexing | {lite['rate']:,.0f} docs/s | | |")
        rows.append(f"| SQLite FTS5 | bare query + snippet() | {lite['p50']:.2f} | {lite['p95']:.2f} | |")
        from osmem_server import OsmemServer

        from tests.search.osmem_node import PlainJsonNode

        server = OsmemServer.start(japanese=False)
        try:
            es = init_search(
                backend="elasticsearch",
                url=server.url,
                index="bench",
                node_class=PlainJsonNode,
                request_timeout=600,
            )
            label = f"osmem-server, {es_count:,} docs (ES protocol, in-memory stand-in)"
            rows += measure(label, es, docs[:es_count], runs, raw_es_call)
            es.close()
        finally:
            server.close()
    table = "\n".join(
        [
            "| engine | measure | p50 ms | p95 ms | p95 ratio to bare + snippets |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    markdown = (
        "## search\n\n"
        f"{count:,} synthetic French testimonies (~300 words, seeded generator), {len(runs)} two-term "
        "queries with a region filter, top 10 with snippets, as a reparations officer (redacted text "
        "only; ~70 % of items carry share_reparations). *Bare* is the same query sent to the same index "
        "without scoping "
        "(no access filters, no per-hit re-check; the same text rendering over the three redacted-text "
        "fields and the same region filter). osmem-server is an in-memory stand-in for Elasticsearch, "
        f"not Elasticsearch, and indexes ~100 docs/s, so it gets the first {es_count:,} documents only."
        f"{' Quick mode (--quick).' if args.quick else ''}\n\n{table}\n"
    )
    write_section("search", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
