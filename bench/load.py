"""The archive under load, and a worker's death (issue 12), on SQLite and on PostgreSQL.

Figures: upload (100 KB files) and search p50/p95 with 20 uploading + 20 searching clients for 30 s, against the
same requests from one client alone in the same run (goal: p95 under load <= 5x alone, and no error); every
receipt checked against the stored items; the time from a worker's kill -9 to its job running again in another
worker. Run: `python -m bench.load [--quick]` (8 + 8 clients for 10 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.report import write_section
from tests.archive.conftest import PG_ADMIN_DSN
from tests.archive.load_clients import (
    LoadRun,
    percentile,
    receipts_match,
    run_load,
    seed,
    served,
    server_env,
    stored_items,
    token,
)

SIZE = 100_000
ALONE_S = 8.0


@dataclass(frozen=True)
class Figures:
    backend: str
    alone_upload: LoadRun
    alone_search: LoadRun
    loaded: LoadRun
    problems: list[str]


@contextmanager
def _postgres() -> Iterator[str | None]:
    name = f"temoin_bench_load_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        yield None  # no PostgreSQL here: the section says so
        return
    try:
        yield PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(data: Path, database_url: str | None) -> dict[str, str]:
    env = {**os.environ, "TEMOIN_DATA_DIR": str(data)}
    env.pop("TEMOIN_DATABASE_URL", None)
    if database_url:
        env["TEMOIN_DATABASE_URL"] = database_url
    return server_env(env)


def measure(backend: str, database_url: str | None, work: Path, *, clients: int, seconds: float) -> Figures:
    env = _env(work / backend, database_url)
    names, case_id = seed(env, 4)
    with served(env) as base:
        tokens = [token(base, name) for name in names]
        alone_upload = run_load(base, tokens=tokens[:1], case_id=case_id, uploaders=1, searchers=0,
                                seconds=ALONE_S, size=SIZE)
        alone_search = run_load(base, tokens=tokens[:1], case_id=case_id, uploaders=0, searchers=1,
                                seconds=ALONE_S, size=SIZE)
        loaded = run_load(base, tokens=tokens, case_id=case_id, uploaders=clients, searchers=clients,
                          seconds=seconds, size=SIZE)
    url = database_url or f"sqlite:///{work / backend / 'temoin.db'}"
    everything = LoadRun(answers=alone_upload.answers + loaded.answers)
    return Figures(backend, alone_upload, alone_search, loaded, receipts_match(everything, stored_items(url, case_id)))


def _db_job(url: str) -> tuple[str, str, int] | None:
    """The running job: (id, worker, attempts)."""
    from sqlalchemy import select

    from archive.db import make_engine
    from archive.models import Job

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(select(Job.id, Job.worker, Job.attempts).where(Job.status == "running")
                               .order_by(Job.updated_at.desc()).limit(1)).first()
    finally:
        engine.dispose()
    return (row[0], row[1] or "", int(row[2])) if row else None


def worker_takeover(work: Path) -> tuple[float, float]:
    """kill -9 a worker while it runs a job, start another: seconds until the job runs in the new one, and the
    lease the archive uses."""
    from archive.settings import Settings

    env = _env(work / "takeover", None)
    names, case_id = seed(env, 1)
    lease = float(Settings(data_dir=work / "takeover").job_lease_seconds)  # type: ignore[call-arg]
    url = f"sqlite:///{work / 'takeover' / 'temoin.db'}"
    text = work / "takeover.txt"
    text.write_text("Témoignage recueilli à Gao. Les hommes sont venus la nuit au marché.\n" * 200, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "archive", "ingest", str(text), "--case", case_id, "--as", names[0],
                    "--no-wait"], env=env, check=True, capture_output=True)
    cmd = [sys.executable, "-m", "archive", "worker"]
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second: subprocess.Popen[bytes] | None = None
    try:
        deadline = time.monotonic() + 300
        while (running := _db_job(url)) is None:
            if time.monotonic() > deadline:
                raise RuntimeError("no job ever ran")
            time.sleep(0.05)
        job_id, _, attempts = running
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        killed = time.monotonic()
        second = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            now = _db_job(url)
            if now is not None and now[0] == job_id and f":{second.pid}:" in now[1]:
                return time.monotonic() - killed, lease
            if time.monotonic() - killed > lease * 3 + 120:
                raise RuntimeError(f"job {job_id} (attempt {attempts}) was never taken over")
            time.sleep(0.1)
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)


def _row(f: Figures, seconds: float) -> list[str]:
    up_alone = [a.seconds for a in f.alone_upload.of("upload")]
    se_alone = [a.seconds for a in f.alone_search.of("search")]
    up = [a.seconds for a in f.loaded.of("upload")]
    se = [a.seconds for a in f.loaded.of("search")]
    errors = len(f.loaded.server_errors) + len(f.alone_upload.server_errors) + len(f.alone_search.server_errors)
    gave_up = len(f.loaded.gave_up)
    ratio_up = percentile(up, 95) / percentile(up_alone, 95)
    ratio_se = percentile(se, 95) / percentile(se_alone, 95)
    rate_alone = (len(up_alone) + len(se_alone)) / (2 * ALONE_S)
    rate_loaded = (len(up) + len(se)) / seconds
    ok = errors == 0 and gave_up == 0 and not f.problems and ratio_up <= 5 and ratio_se <= 5
    return [
        f"| {f.backend} | upload 100 KB | {percentile(up_alone, 50) * 1000:.0f} / {percentile(up_alone, 95) * 1000:.0f}"
        f" | {percentile(up, 50) * 1000:.0f} / {percentile(up, 95) * 1000:.0f} | {len(up)} | **{ratio_up:.1f}x** |",
        f"| {f.backend} | search | {percentile(se_alone, 50) * 1000:.0f} / {percentile(se_alone, 95) * 1000:.0f}"
        f" | {percentile(se, 50) * 1000:.0f} / {percentile(se, 95) * 1000:.0f} | {len(se)} | **{ratio_se:.1f}x** |",
        f"| {f.backend} | errors | 5xx: {errors}, time-outs: {gave_up}, receipts: "
        f"{'all match one stored item' if not f.problems else '; '.join(f.problems)} | | | "
        f"{'✅' if ok else '❌'} |",
        f"| {f.backend} | throughput (requests/s) | {rate_alone:.1f} | {rate_loaded:.1f} | | |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="8 + 8 clients for 10 s instead of 20 + 20 for 30 s")
    args = parser.parse_args()
    clients, seconds = (8, 10.0) if args.quick else (20, 30.0)
    work = Path(tempfile.mkdtemp(prefix="temoin-bench-load-"))
    try:
        results = [measure("SQLite", None, work, clients=clients, seconds=seconds)]
        with _postgres() as pg:
            if pg is not None:
                results.append(measure("PostgreSQL", pg, work, clients=clients, seconds=seconds))
        takeover, lease = worker_takeover(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [line for f in results for line in _row(f, seconds)]
    table = "\n".join(rows)
    missing = "" if len(results) == 2 else "\nPostgreSQL was not reachable at 127.0.0.1:5432: only SQLite measured.\n"
    write_section("load", f"""## Under load, and after a worker's death (issue 12)

{clients} uploading + {clients} searching clients for {seconds:.0f} s against one `temoin serve` on 127.0.0.1 (no
in-process worker), each client one connection sending one request after another; the same requests from one
client alone ({ALONE_S:.0f} s each) in the same run. Times in ms, p50 / p95. Goal: p95 under load <= 5x alone, no
5xx, no time-out (30 s), every receipt naming exactly one stored item with the bytes sent. On this shared 2-core
machine the server is CPU-bound under load: latency then follows from throughput (Little's law: clients /
requests per second), so the throughput row says whether the archive holds up or collapses.

| database | request | one client alone | under load | requests under load | p95 ratio |
| --- | --- | --- | --- | --- | --- |
{table}
{missing}
**Worker death** (SQLite): a worker killed with SIGKILL while it runs a job; another worker started at once took
the job over after **{takeover:.1f} s** (lease {lease:.0f} s, renewed by the heartbeat every third of it: the
take-over waits for the dead worker's lease to run out).
""")
    print(table)
    print(f"worker take-over {takeover:.1f} s (lease {lease:.0f} s)")


if __name__ == "__main__":
    main()
