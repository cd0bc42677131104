"""Migrate an embedded archive of typed texts to PostgreSQL + S3 (moto server): items/s and verification cost.

    python -m bench.migrate            # 10,000 items
    python -m bench.migrate --quick    # 1,000 items

Same run, same objects, each into its own fresh database and bucket:
1. `migrate` as shipped: rows, objects put and read back and re-hashed (bytes and sidecar), custody verified;
2. `migrate` with the read-back verification switched off (the put still hashes what it uploads);
3. the raw engine: a plain `minio` put of each object's file, no sidecar, no hash, no database.
The search index is left out of the timed runs (a separate figure in docs/benchmarks.md covers indexing).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from minio import Minio
from pydantic import SecretStr

from archive.cases.service import create_case
from archive.cli.migrate import target_settings
from archive.context import Archive
from archive.custody import SYSTEM
from archive.items.incoming import ReceivedFile
from archive.items.schemas import ConsentGrant, Intake
from archive.items.service import add_item
from archive.migrate import migrate, object_list
from archive.settings import Settings
from bench.report import write_section
from tests.archive.conftest import PG_ADMIN_DSN
from tests.archive.storage.conftest import start_moto, stop

WORDS = ("témoin", "village", "puits", "marché", "soldats", "nuit", "famille", "route", "camp", "champ", "pluie",
         "enfants", "mosquée", "frontière", "troupeau", "école")


def seed(archive: Archive, count: int, work: Path) -> None:
    """Typed texts straight through the item service (upload, consent, custody, queued job), 500 per commit."""
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Banc d'essai").id
    for start in range(0, count, 500):
        with archive.db.session() as session:
            for n in range(start, min(count, start + 500)):
                text = f"Témoignage {n}: " + " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(40))
                path = work / f"t{n}.txt"
                path.write_text(text, encoding="utf-8")
                data = path.read_bytes()
                add_item(archive=archive, actor=SYSTEM, case_id=case_id,
                         received=ReceivedFile(path, hashlib.sha256(data).hexdigest(), len(data), path.name),
                         intake=Intake(language="fr"), consent=[ConsentGrant(scope="internal_case_use")],
                         kind="typed_text")


@contextmanager
def pg_database() -> Iterator[str]:
    name = f"temoin_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed_migrate(source: Archive, endpoint: str, *, verify: bool) -> tuple[float, float]:
    """(total seconds, seconds spent on objects) of one migration into a fresh database and bucket."""
    (source.settings.data_dir / "migrate-state.json").unlink(missing_ok=True)
    marks: dict[str, float] = {}

    def step(what: str, done: int, total: int) -> None:
        if what == "objects":
            marks.setdefault("first", time.perf_counter())
            marks["last"] = time.perf_counter()

    with pg_database() as url:
        storage = f"s3://bench:bench-secret@{endpoint}/temoin-{uuid.uuid4().hex[:12]}?region=us-east-1"
        target = Archive.open(target_settings(source.settings, to=url, storage=storage, search="embedded"),
                              migrate=False)
        try:
            started = time.perf_counter()
            migrate(source, target, step=step, verify=verify, reindex=False)
            total = time.perf_counter() - started
        finally:
            target.close()
    return total, marks["last"] - marks["first"]


def raw_copy(source: Archive, endpoint: str) -> float:
    client = Minio(endpoint, "bench", "bench-secret", secure=False, region="us-east-1")
    bucket = f"raw-{uuid.uuid4().hex[:12]}"
    client.make_bucket(bucket)
    keys = [k for k, _m, _s in object_list(source)]
    started = time.perf_counter()
    for key in keys:
        client.fput_object(bucket, f"objects/{key[:2]}/{key}", str(source.store.path_of(key)))  # type: ignore[attr-defined]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 items instead of 10,000")
    args = parser.parse_args()
    count = 1_000 if args.quick else 10_000
    with tempfile.TemporaryDirectory(prefix="bench-migrate-") as tmp:
        root = Path(tmp)
        process, endpoint = start_moto(root / "moto.log")
        source = Archive.open(Settings(data_dir=root / "data", jwt_secret=SecretStr("b" * 48)))
        try:
            (root / "texts").mkdir()
            started = time.perf_counter()
            seed(source, count, root / "texts")
            seeding = time.perf_counter() - started
            objects = len(object_list(source))
            bare_total, bare_objects = timed_migrate(source, endpoint, verify=False)
            full_total, full_objects = timed_migrate(source, endpoint, verify=True)
            raw = raw_copy(source, endpoint)
        finally:
            source.close()
            stop(process)
    rows = [
        ("`temoin migrate` (verified: read back + re-hash)", full_total, full_objects),
        ("`migrate` without read-back verification", bare_total, bare_objects),
        ("raw `minio` put of the same files (objects only)", raw, raw),
    ]
    table = "\n".join(f"| {name} | {total:.1f} s | {count / total:,.0f} | {objs:.1f} s | {objs / raw:.2f}x |"
                      for name, total, objs in rows)
    quick = " Quick mode (--quick)." if args.quick else ""
    write_section("migrate", f"""## Migrate {count:,} items to PostgreSQL + S3 (`bench/migrate.py`)

{count:,} typed-text items ({objects:,} objects, custody and consent rows) moved from the embedded archive
(SQLite + local objects) to PostgreSQL 15 and a moto S3 server on the same machine; each run gets a fresh
database and bucket. Seeding through the item service took {seeding:.0f} s.{quick}

| run | total | items/s | object phase | object phase vs raw put |
| --- | --- | --- | --- | --- |
{table}

Verification overhead (verified vs unverified object phase, same run): **{full_objects / bare_objects:.2f}x**.
Our put also writes a sidecar and checks the bucket state per object, so even unverified it does more requests
than the raw put; moto answers far slower than MinIO, so the ratios, not the seconds, carry over.
""")


if __name__ == "__main__":
    main()
