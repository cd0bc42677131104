"""Statistics figure (issue 15): counts of coded acts by two dimensions with consent filtering and small-cell
suppression (``archive.acts.stats.statistics``) against the same GROUP BY run bare, on SQLite and PostgreSQL,
over generated acts (1,000,000; ``--quick``: 100,000); then faceted search over coded fields (100,000 items on
the embedded engine, 2,000 on the ES-protocol stand-in; ``--quick``: 10,000 / 500) against the bare engine.

    .venv/bin/python -m bench.acts_stats [--quick] [--no-postgres] [--no-search]
"""

from __future__ import annotations

import argparse
import random
import statistics as stats_lib
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import func, insert, select

from archive.acts.cells import rebuild
from archive.acts.models import Act
from archive.acts.stats import statistics
from archive.acts.vocabulary import ACT_TYPES, AGE_BANDS, PERPETRATOR_GROUPS
from archive.context import Archive
from archive.custody import SYSTEM
from archive.models import Blob, Case, ConsentEvent, Item, utcnow
from archive.settings import Settings
from bench.report import write_section

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ITEMS = 2000
RUNS = 20


def _seed(archive: Archive, count: int) -> float:
    """Generated acts on ITEMS items (one in ten with aggregate_stats withdrawn), loaded in bulk, then the ready
    counts rebuilt as after a restore; returns the seconds the rebuild took."""
    rng = random.Random(15)
    regions = ["Mopti", "Gao", "Tombouctou", "Ségou", "Kidal", "Ménaka", "Bamako", "Sikasso"]
    with archive.db.session() as session:
        session.add(Case(id="bench-case", title="Bench", created_by="bench"))
        session.add(Blob(sha256="0" * 64, size=1, media_type="text/plain"))
        session.flush()
        session.execute(insert(Item), [{"id": f"item-{i}", "case_id": "bench-case", "sha256": "0" * 64, "size": 1,
                                        "media_type": "text/plain", "uploaded_by": "bench", "revision": 0,
                                        "confidentiality": "confidential", "violation_types": [], "provenance": {},
                                        "extracted": {}, "created_at": utcnow()} for i in range(ITEMS)])
        session.execute(insert(ConsentEvent), [
            {"item_id": f"item-{i}", "scope": "aggregate_stats", "status": "granted" if i % 10 else "withdrawn",
             "recorded_by": "bench", "recorded_at": utcnow(), "note": ""} for i in range(ITEMS)])
    types, groups = list(ACT_TYPES), list(PERPETRATOR_GROUPS)
    batch = 50_000
    now = utcnow()
    for first in range(0, count, batch):
        rows = [{"id": str(uuid.UUID(int=rng.getrandbits(128))), "case_id": "bench-case",
                 "item_id": f"item-{rng.randrange(ITEMS)}", "act_type": rng.choice(types),
                 "date_year": rng.randint(2012, 2024), "region": rng.choice(regions),
                 "perpetrator_group": rng.choice(groups), "victim_sex": rng.choice(("f", "m", "unknown")),
                 "victim_age_band": rng.choice(AGE_BANDS), "status": "final", "created_by": "bench",
                 "created_at": now} for _ in range(min(batch, count - first))]
        with archive.db.session() as session:
            session.execute(insert(Act), rows)
    started = time.perf_counter()
    with archive.db.session() as session:
        rebuild(session)
    return time.perf_counter() - started


def _p95(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return stats_lib.quantiles(times, n=20)[18]


def _measure(archive: Archive) -> tuple[float, float, int]:
    def ours() -> object:
        with archive.db.session() as session:
            return statistics(session=session, actor=SYSTEM, by="violation_type,region", floor=5)

    def bare() -> object:
        with archive.db.session() as session:
            return session.execute(select(Act.act_type, Act.region, func.count()).group_by(Act.act_type, Act.region)
                                   ).all()

    ours()
    bare()  # warm caches for both
    cells = len(ours().cells)  # type: ignore[attr-defined]
    return _p95(ours), _p95(bare), cells


def _run(name: str, data_dir: Path, count: int, database_url: str | None) -> str:
    settings = Settings(data_dir=data_dir, database_url=database_url, jwt_secret=SecretStr("b" * 48),
                        worker_in_process=False)
    archive = Archive.open(settings)
    try:
        started = time.perf_counter()
        rebuilt = _seed(archive, count)
        seeded = time.perf_counter() - started
        ours, bare, cells = _measure(archive)
    finally:
        archive.close()
    return (f"| {name} | {count:,} | {cells} | {ours:.0f} ms | {bare:.0f} ms | {ours / bare:.2f} | {seeded:.0f} s "
            f"| {rebuilt:.1f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 acts instead of 1,000,000")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-search", action="store_true", help="no faceted-search part")
    args = parser.parse_args()
    count = 100_000 if args.quick else 1_000_000
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(_run("SQLite", Path(tmp) / "sqlite", count, None))
        if not args.no_postgres:
            import psycopg

            name = f"temoin_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
                rows.append(_run("PostgreSQL", Path(tmp) / "pg", count, url))
            finally:
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    markdown = (
        "## Statistics of coded acts (issue 15)\n\n"
        f"Counts by two dimensions (violation type x region) over generated acts on {ITEMS:,} items (one in ten "
        "with `aggregate_stats` withdrawn): `archive.acts.stats.statistics` (latest consent event per item in "
        "force now, no sealed item, small-cell and complementary suppression, custody entry) against the same "
        f"GROUP BY run bare in the same run; p95 of {RUNS} runs each.\n\n"
        "Statistics read ready counts (`act_cells`, kept by the services; rebuilt here after the bulk load) and "
        "correct them live by the acts of the items whose consent state differs from the ready list at the "
        "instant of the query (none here).\n\n"
        "| database | acts | cells | ours p95 | bare GROUP BY p95 | ratio | seeding | rebuild of ready counts |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows) + "\n"
        + ("\nQuick mode (--quick).\n" if args.quick else "")
    )
    if not args.no_search:
        from bench.acts_search import faceted_search

        markdown += "\n" + faceted_search(quick=args.quick)
    write_section("acts_stats", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
