"""`temoin migrate`: an embedded archive (SQLite + local objects + tantivy) moved to PostgreSQL + S3 (moto)
+ embedded or Elasticsearch (osmem), verified, resumed after a SIGKILL half way through the objects."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from archive import custody
from archive.cases.service import create_case
from archive.cli.migrate import target_settings
from archive.context import Archive
from archive.custody import SYSTEM
from archive.items.schemas import Intake
from archive.migrate import STATE_FILE, MigrationFailed, MigrationRefused, migrate, tables
from archive.models import Artefact, Blob, ConsentEvent, CustodyEntry, Item, RedactionSpan
from archive.searches.query import build_query
from archive.searches.service import run_search
from archive.settings import Settings
from tests.archive.conftest import PG_ADMIN_DSN, search_for_tests
from tests.archive.exports_seed import FIRST, PDF_TEXT, SECOND, add_file, add_text, render_pdf, work

TEMOIN = [sys.executable, "-m", "archive"]
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Seed:
    data_dir: Path
    case_id: str


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """One processed embedded archive (texts, a PDF, consent, artefacts, spans), copied by each test."""
    root = tmp_path_factory.mktemp("migrate-seed")
    archive = Archive.open(Settings(data_dir=root / "data", jwt_secret=SecretStr("x" * 48)))
    try:
        with archive.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier Mopti 2013").id
        add_text(archive, SYSTEM, case_id, FIRST, root, intake=Intake(language="fr", region="Mopti"))
        add_text(archive, SYSTEM, case_id, SECOND, root, scopes=("internal_case_use",))
        for n in range(4):
            add_text(archive, SYSTEM, case_id, f"Témoignage {n} : le puits de Kona a été incendié en mars.", root)
        add_file(archive, SYSTEM, case_id, render_pdf(root / "declaration.pdf", PDF_TEXT))
        work(archive)
    finally:
        archive.close()
    return Seed(root / "data", case_id)


@pytest.fixture(scope="module")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.archive.storage.conftest import start_moto, stop

    process, endpoint = start_moto(tmp_path_factory.mktemp("moto-migrate") / "server.log")
    yield endpoint
    stop(process)


@pytest.fixture
def pg_url() -> Iterator[str]:
    name = f"temoin_migrate_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source(seed: Seed, tmp_path: Path) -> Iterator[Archive]:
    data = tmp_path / "data"
    shutil.copytree(seed.data_dir, data)
    archive = Archive.open(Settings(data_dir=data, jwt_secret=SecretStr("x" * 48)))
    yield archive
    archive.close()


def _s3_url(endpoint: str) -> str:
    return f"s3://migrate-access:moto-accepts-any-secret@{endpoint}/temoin-{uuid.uuid4().hex[:12]}?region=us-east-1"


def _open_target(source: Archive, *, to: str, storage: str, search: str = "embedded") -> Archive:
    settings = target_settings(source.settings, to=to, storage=storage, search=search)
    return Archive.open(settings, migrate=False, search=search_for_tests(settings))


def _counts(archive: Archive) -> dict[str, int]:
    with archive.db.engine.connect() as conn:
        return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables()}


def _cli(target: Archive, *args: str) -> Any:
    s = target.settings
    env = {**os.environ, "TEMOIN_DATA_DIR": str(s.data_dir), "TEMOIN_DATABASE_URL": s.resolved_database_url,
           "TEMOIN_JWT_SECRET": "x" * 48, "TEMOIN_STORAGE": s.storage, "TEMOIN_SEARCH_DIR": str(s.resolved_search_dir)}
    if s.storage == "s3":
        env.update(TEMOIN_S3_ENDPOINT=s.s3_endpoint, TEMOIN_S3_ACCESS_KEY=s.s3_access_key,
                   TEMOIN_S3_SECRET_KEY=s.s3_secret_key.get_secret_value(), TEMOIN_S3_BUCKET=s.s3_bucket,
                   TEMOIN_S3_REGION=s.s3_region or "")
    else:
        env["TEMOIN_STORAGE_DIR"] = str(s.resolved_storage_dir)
    proc = subprocess.run([*TEMOIN, *args, "--json"], capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return json.loads(proc.stdout)


def test_when_an_embedded_archive_moves_to_postgresql_and_s3_then_everything_arrives_and_verifies(
        source: Archive, pg_url: str, moto: str) -> None:
    before = _counts(source)
    target = _open_target(source, to=pg_url, storage=_s3_url(moto))
    try:
        report = migrate(source, target)
        after = _counts(target)
        with target.db.session() as session:
            chain = custody.verify_chain(session)
            last = session.execute(select(CustodyEntry).order_by(CustodyEntry.seq.desc()).limit(1)).scalar_one()
        with source.db.session() as session:
            source_chain = custody.verify_chain(session)
        found = run_search(target, actor=SYSTEM, query=build_query("puits Kona"))
    finally:
        target.close()
    assert all(before[k] > 0 for k in ("items", "artefacts", "consent_events", "redaction_spans", "case_vaults"))
    assert {k: v for k, v in after.items() if k != "custody"} == {k: v for k, v in before.items() if k != "custody"}
    assert after["custody"] == before["custody"] + 1  # the migration itself, at the end of the copied chain
    assert chain.ok and source_chain.ok and last.action == "migrate" and chain.entries == source_chain.entries + 1
    assert report.objects == before["blobs"] and report.verified and report.indexed == before["items"]
    assert found.total == 4
    assert _cli(target, "fixity")["ok"] is True
    assert _cli(target, "audit", "verify")["ok"] is True


def test_when_the_migration_is_killed_half_way_through_the_objects_then_a_rerun_finishes_it(
        source: Archive, pg_url: str, moto: str, tmp_path: Path) -> None:
    storage = _s3_url(moto)
    script = (
        "import os, signal, sys\n"
        "from pydantic import SecretStr\n"
        "from archive.cli.migrate import target_settings\n"
        "from archive.context import Archive\n"
        "from archive.migrate import migrate\n"
        "from archive.settings import Settings\n"
        "src = Archive.open(Settings(data_dir=sys.argv[1], jwt_secret=SecretStr('x' * 48)))\n"
        "dst = Archive.open(target_settings(src.settings, to=sys.argv[2], storage=sys.argv[3], "
        "search='embedded'), migrate=False)\n"
        "def step(what, done, total):\n"
        "    if what == 'objects' and done >= total // 2:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "migrate(src, dst, step=step)\n"
        "sys.exit('the migration finished: the crash never happened')\n")
    proc = subprocess.run([sys.executable, "-c", script, str(source.settings.data_dir), pg_url, storage],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == -9, proc.stderr
    state = json.loads((source.settings.data_dir / STATE_FILE).read_text())
    blobs = _counts(source)["blobs"]
    assert len(state["tables_done"]) == len(tables()) and 0 < state["objects_done"] < blobs
    target = _open_target(source, to=pg_url, storage=storage)
    try:
        report = migrate(source, target)
        again = migrate(source, target)
    finally:
        target.close()
    assert report.tables_resumed == len(tables()) and report.objects_resumed == state["objects_done"]
    assert report.chain["ok"] and again.already_done
    assert _cli(target, "fixity") == {"ok": True, "checked": blobs, "bytes": report.bytes, "problems": []}
    assert _cli(target, "audit", "verify")["ok"] is True


def test_when_the_target_holds_another_archive_then_the_migration_is_refused(
        source: Archive, pg_url: str, tmp_path: Path) -> None:
    other = Archive.open(Settings(data_dir=tmp_path / "other", jwt_secret=SecretStr("x" * 48)))
    try:
        with other.db.session() as session:
            create_case(session=session, actor=SYSTEM, title="Dossier Gao")
        first = _open_target(other, to=pg_url, storage=f"local:{tmp_path / 'objects'}")
        migrate(other, first, reindex=False)
        first.close()
    finally:
        other.close()
    target = _open_target(source, to=pg_url, storage=f"local:{tmp_path / 'objects'}")
    try:
        with pytest.raises(MigrationRefused, match="not this archive's"):
            migrate(source, target)
    finally:
        target.close()


def test_when_a_source_object_is_damaged_then_the_migration_stops_naming_it(
        source: Archive, tmp_path: Path) -> None:
    with source.db.session() as session:
        sha = session.execute(select(Item.sha256).limit(1)).scalar_one()
    path = source.store.path_of(sha)  # type: ignore[attr-defined]
    os.chmod(path, 0o644)
    path.write_bytes(b"altered bytes")
    target = _open_target(source, to=f"sqlite:///{tmp_path / 'target.db'}", storage=f"local:{tmp_path / 'objects'}")
    try:
        with pytest.raises(MigrationFailed, match=sha):
            migrate(source, target)
    finally:
        target.close()


def test_when_migrating_to_elasticsearch_then_the_target_index_answers(
        source: Archive, pg_url: str, moto: str) -> None:
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    try:
        host = server.url.split("://", 1)[1].rstrip("/")
        target = _open_target(source, to=pg_url, storage=_s3_url(moto), search=f"elasticsearch+http://{host}/migr")
        try:
            report = migrate(source, target)
            found = run_search(target, actor=SYSTEM, query=build_query("incendié"))
            with target.db.session() as session:
                counts = [session.execute(select(func.count()).select_from(m)).scalar_one()
                          for m in (Blob, Artefact, ConsentEvent, RedactionSpan)]
        finally:
            target.close()
    finally:
        server.close()
        for stream in (server.process.stdout, server.process.stdin):
            if stream is not None:
                stream.close()
    assert report.indexed == _counts(source)["items"] and found.total == 4
    assert counts == [_counts(source)[t] for t in ("blobs", "artefacts", "consent_events", "redaction_spans")]


@pytest.mark.parametrize(("to", "storage", "search", "expected"), [
    ("postgresql://temoin@db:5432/temoin", "s3://AK:S%2FK@minio:9000/archive?secure=1", "embedded",
     {"database_url": "postgresql+psycopg://temoin@db:5432/temoin", "storage": "s3", "s3_endpoint": "minio:9000",
      "s3_access_key": "AK", "s3_bucket": "archive", "s3_secure": True, "search_backend": "embedded"}),
    ("sqlite:////tmp/t.db", "local:/srv/objects", "elasticsearch+https://elastic:pw@es:9243/cvjr",
     {"storage": "local", "storage_dir": Path("/srv/objects"), "search_backend": "elasticsearch",
      "elasticsearch_url": "https://es:9243", "elasticsearch_index": "cvjr", "elasticsearch_username": "elastic"}),
    ("postgresql://t@db/t", "s3://minio:9000/archive", "elasticsearch+http://es:9200",
     {"s3_access_key": "from-env", "s3_endpoint": "minio:9000", "elasticsearch_index": "temoin",
      "elasticsearch_username": None}),
])
def test_when_target_urls_are_given_then_the_target_settings_follow(
        tmp_path: Path, to: str, storage: str, search: str, expected: dict[str, Any]) -> None:
    env = {"TEMOIN_MIGRATE_S3_ACCESS_KEY": "from-env", "TEMOIN_MIGRATE_S3_SECRET_KEY": "secret-from-env"}
    got = target_settings(Settings(data_dir=tmp_path), to=to, storage=storage, search=search, env=env)
    assert {k: getattr(got, k) for k in expected} == expected


@pytest.mark.parametrize(("to", "storage", "search", "message"), [
    ("db.example", "local:/x", "embedded", "not a database URL"),
    ("sqlite:////tmp/t.db", "ftp://host/bucket", "embedded", "s3://ACCESS:SECRET@HOST:PORT/BUCKET"),
    ("sqlite:////tmp/t.db", "s3://minio:9000/archive", "embedded", "TEMOIN_MIGRATE_S3_ACCESS_KEY"),
    ("sqlite:////tmp/t.db", "local:/x", "solr://host", "elasticsearch\\+http"),
])
def test_when_a_target_url_is_wrong_then_the_error_says_what_to_give(
        tmp_path: Path, to: str, storage: str, search: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        target_settings(Settings(data_dir=tmp_path), to=to, storage=storage, search=search, env={})
