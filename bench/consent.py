"""Figure "consent": what a consent change costs and what the time-aware scope costs searches (issue 11).

    python -m bench.consent            # embedded: 10,000 and 100,000 items; Elasticsearch: 2,000 and 10,000
    python -m bench.consent --quick    # embedded 10,000; Elasticsearch 2,000

1. **Consent change → every read reflects it.** The index holds N synthetic testimonies (``bench.search``'s
   generator) plus a few real items ingested through the archive (extract → redact → index). An officer
   withdraws ``share_reparations`` on one of them through the consent service; the clock runs until the
   reparations officer's search (the archive's ``run_search``, every read's gate) no longer returns it. Side
   by side: the raw engine writing the same one document (``backend.index``) in the same run.
2. **Search p95 with the time-aware scope vs before.** The same 300 scoped queries as a reparations officer,
   once with consent judged at the instant of the search (a range on ``consent_until_<scope>``, as shipped)
   and once with the keyword-only scope used before (``consent_scope`` holds the scope). Target: ratio ≤ 1.1.

osmem-server stands in for Elasticsearch (in-memory, ~200 docs/s to index): it gets smaller sizes.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import search.elastic.backend as es_module
import search.embedded as embedded_module
from archive.cases.service import create_case
from archive.consent import set_consent
from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.items.incoming import IncomingFile
from archive.items.schemas import ConsentGrant, Intake
from archive.items.service import add_item, get_item
from archive.jobs.worker import Worker
from archive.pipeline.stages import handlers
from archive.searches.query import build_query
from archive.searches.service import run_search
from archive.settings import Settings
from archive.users.service import create_user
from bench.report import write_section
from bench.search import scoped_call, testimonies, timed, two_term_queries
from search import SearchBackend, init_search
from search.scope import CONSENT_SCOPE, AccessScope, AllOf, AnyOf, Filter, InForce, KeywordIn, NoneOf, scope_for

CHANGES = 5
TEXT = ("Témoignage de Awa Traoré, née le 3 mars 1984 à Sévaré. Le 12 juin 2012, des hommes armés ont "
        "arrêté mon mari devant la mosquée et l'ont détenu onze jours. Mot témoin {n}.")


def _keyword_only(flt: Filter) -> Filter:
    """The scope as it was before: a granted scope is a keyword, whatever its expiry."""
    if isinstance(flt, InForce):
        return KeywordIn(CONSENT_SCOPE, frozenset({flt.scope}))
    if isinstance(flt, AllOf):
        return AllOf(tuple(_keyword_only(p) for p in flt.parts))
    if isinstance(flt, AnyOf):
        return AnyOf(tuple(_keyword_only(p) for p in flt.parts))
    if isinstance(flt, NoneOf):
        return NoneOf(_keyword_only(flt.part))
    return flt


def _keyword_scope_for(principal: Any, now: Any = None) -> AccessScope:
    scope = scope_for(principal, now)
    return AccessScope(full_text=_keyword_only(scope.full_text), redacted_text=_keyword_only(scope.redacted_text))


@contextmanager
def keyword_only_scope() -> Iterator[None]:
    modules = (embedded_module, es_module)
    saved = [getattr(module, "scope_for") for module in modules]  # noqa: B009 (not re-exported)
    for module in modules:
        setattr(module, "scope_for", _keyword_scope_for)  # noqa: B010
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            setattr(module, "scope_for", original)  # noqa: B010


def _fill(backend: SearchBackend, count: int) -> None:
    batch = []
    for doc in testimonies(count):
        batch.append(doc)
        if len(batch) == 1000:
            backend.index(batch)
            batch = []
    if batch:
        backend.index(batch)


def _ingest(archive: Archive, officer: Actor, case_id: str, n: int) -> str:
    with IncomingFile(archive.settings.uploads_dir, limit=10**6, filename="temoignage.txt") as incoming:
        incoming.write(TEXT.format(n=n).encode())
        received = incoming.finish()
    try:
        return add_item(archive=archive, actor=officer, case_id=case_id, received=received,
                        intake=Intake(language="fr", region="Mopti"),
                        consent=[ConsentGrant(scope=s, method="oral")
                                 for s in ("internal_case_use", "share_reparations")]).item.id
    finally:
        received.path.unlink(missing_ok=True)


def _visible(archive: Archive, reader: Actor, n: int) -> bool:
    result = run_search(archive, actor=reader, query=build_query(f"\"Mot témoin {n}\""))
    return result.total > 0


def consent_change(backend_name: str, backend: SearchBackend, count: int, work: Path) -> dict[str, float]:
    """Median and max seconds from a withdrawal to the search no longer showing the item; raw one-doc write."""
    _fill(backend, count)
    settings = Settings(data_dir=work / "data", worker_in_process=False)
    archive = Archive.open(settings, search=backend)
    try:
        with archive.db.session() as session:
            officer_user = create_user(session, actor=SYSTEM, username="agent", role="documentation_officer",
                                       password="bench-password-0123456789")
            reader_user = create_user(session, actor=SYSTEM, username="reparations", role="reparations_officer",
                                      password="bench-password-0123456789")
        officer = Actor(officer_user.username, officer_user.role, officer_user.id)
        reader = Actor(reader_user.username, reader_user.role, reader_user.id)
        with archive.db.session() as session:
            case_id = create_case(session=session, actor=officer, title="Dossier banc").id
        ids = [_ingest(archive, officer, case_id, n) for n in range(CHANGES)]
        worker = Worker(archive, handlers())
        while worker.run_once(item_ids=ids):
            pass
        assert all(_visible(archive, reader, n) for n in range(CHANGES)), "items not searchable after ingest"
        elapsed = []
        for n, item_id in enumerate(ids):
            started = time.perf_counter()
            with archive.db.session() as session:
                set_consent(session, actor=officer, item=get_item(session, item_id), scope="share_reparations",
                            status="withdrawn", method="oral")
            while _visible(archive, reader, n):
                time.sleep(0.005)
            elapsed.append(time.perf_counter() - started)
        sample = next(iter(testimonies(1)))
        raw = []
        for i in range(CHANGES):
            doc = dataclasses.replace(sample, item_id=f"raw-{uuid.uuid4().hex}", version=i + 1)
            started = time.perf_counter()
            backend.index([doc])
            raw.append(time.perf_counter() - started)
    finally:
        archive.close()
    return {"median": statistics.median(elapsed), "max": max(elapsed), "raw": statistics.median(raw)}


def search_ratio(backend: SearchBackend, runs: list[tuple[str, str, str]]) -> tuple[float, float]:
    """p95 ms of the scoped search: time-aware (as shipped) and keyword-only (before), interleaved twice."""
    time_aware: list[float] = []
    keyword: list[float] = []
    for _ in range(2):
        time_aware.append(timed(lambda: None, runs, scoped_call(backend))[1])
        with keyword_only_scope():
            keyword.append(timed(lambda: None, runs, scoped_call(backend))[1])
    return min(time_aware), min(keyword)


def _backends(work: Path) -> Iterator[tuple[str, Callable[[str], SearchBackend], Callable[[], None]]]:
    yield "embedded (tantivy)", lambda name: init_search(backend="embedded", path=work / name), lambda: None
    from osmem_server import OsmemServer

    from tests.search.osmem_node import PlainJsonNode

    server = OsmemServer.start(japanese=False)
    yield ("osmem-server (ES protocol, in-memory stand-in)",
           lambda name: init_search(backend="elasticsearch", url=server.url, index=name, node_class=PlainJsonNode,
                                    request_timeout=600),
           server.close)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    sizes = {"embedded (tantivy)": [10_000] if args.quick else [10_000, 100_000],
             "osmem-server (ES protocol, in-memory stand-in)": [2_000] if args.quick else [2_000, 10_000]}
    runs = two_term_queries(args.queries)
    change_rows: list[str] = []
    search_rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, open_backend, stop in _backends(work):
            try:
                for count in sizes[label]:
                    name = f"b{count}-{uuid.uuid4().hex[:6]}"
                    backend = open_backend(name)
                    figures = consent_change(label, backend, count, work / name)
                    change_rows.append(
                        f"| {label} | {count:,} | {figures['median'] * 1000:.0f} | {figures['max'] * 1000:.0f} | "
                        f"{figures['raw'] * 1000:.0f} | {figures['median'] / figures['raw']:.1f} |")
                    reopened = open_backend(name)
                    time_aware, keyword = search_ratio(reopened, runs)
                    reopened.close()
                    mark = "✅" if time_aware / keyword <= 1.1 else "❌"
                    search_rows.append(f"| {label} | {count:,} | {time_aware:.2f} | {keyword:.2f} | "
                                       f"**{time_aware / keyword:.2f}** {mark} |")
                    print(change_rows[-1], search_rows[-1], sep="\n", flush=True)
            finally:
                stop()
    markdown = "\n".join([
        "## Consent changes and the time-aware scope (issue 11)", "",
        f"{CHANGES} real items (ingested, redacted, indexed through the archive) among N synthetic testimonies; "
        "an officer withdraws `share_reparations` through the consent service and the clock runs until the "
        "reparations officer's search no longer returns the item (the withdrawal's re-index runs after the "
        "commit; a search also catches up any pending index work before answering). *Raw write* is the engine "
        "indexing one document, same run. The SQL database holds only the real items (the index holds N).", "",
        "| backend | items in index | withdrawal → search reflects it, median ms | max ms | raw one-document "
        "write ms | ratio |", "|---|---|---|---|---|---|", *change_rows, "",
        f"Scoped search, {len(runs)} two-term queries with a region filter as a reparations officer, best p95 "
        "of two interleaved rounds. *Time-aware*: consent judged at the instant of the search (a range on the "
        "scope's expiry, as shipped); *keyword*: the scope before this issue (a granted scope is a keyword). "
        "Target: ratio ≤ 1.1.", "",
        "| backend | items | time-aware p95 ms | keyword p95 ms | ratio |", "|---|---|---|---|---|", *search_rows,
    ])
    write_section("consent", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
