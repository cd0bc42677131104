"""Fixtures for the archive: a real database, object store and search index, the app, users of every role.

By default the embedded archive (SQLite, local objects, tantivy). With TEMOIN_TEST_DB=postgresql,
TEMOIN_TEST_STORAGE=s3 (moto's S3 server over HTTP) and TEMOIN_TEST_SEARCH=elasticsearch (osmem-server over
HTTP) the same suite runs on the production parts; `make test` runs both ways.
"""

from __future__ import annotations

import io
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import text

from archive.api import create_app
from archive.auth import issue_token
from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.db import make_engine
from archive.models import Base
from archive.settings import Settings
from archive.storage import LocalStore, ObjectStore
from archive.users.service import create_user
from search import SearchBackend

PG_ADMIN_DSN = os.environ.get("TEMOIN_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct horse battery staple"


def _backend() -> str:
    return os.environ.get("TEMOIN_TEST_DB", "sqlite")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A throw-away PostgreSQL database for this test session (None when testing on SQLite)."""
    if _backend() != "postgresql":
        yield None
        return
    name = f"temoin_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    if os.environ.get("TEMOIN_TEST_STORAGE", "local") != "s3":
        yield None
        return
    from tests.archive.storage.conftest import start_moto, stop

    process, endpoint = start_moto(tmp_path_factory.mktemp("moto-archive") / "server.log")
    yield endpoint
    stop(process)


@pytest.fixture(scope="session")
def es_url() -> Iterator[str | None]:
    if os.environ.get("TEMOIN_TEST_SEARCH", "embedded") != "elasticsearch":
        yield None
        return
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server.url
    server.close()
    for stream in (server.process.stdout, server.process.stdin):
        if stream is not None:
            stream.close()


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Whisper base assembled once for the whole session, not once per archive."""
    return tmp_path_factory.mktemp("archive-models")


def build_settings(data_dir: Path, *, database_url: str | None, s3_endpoint: str | None, es_url: str | None,
                   model_cache: Path, **more: object) -> Settings:
    """Settings of a test archive on the parts this run tests (embedded, or PostgreSQL + S3 + Elasticsearch)."""
    unique = uuid.uuid4().hex[:12]
    extra: dict[str, object] = {}
    if s3_endpoint:
        extra.update(storage="s3", s3_endpoint=s3_endpoint, s3_access_key="temoin-test-access",
                     s3_secret_key=SecretStr("moto-accepts-any-secret-" + "s" * 24), s3_bucket=f"temoin-{unique}",
                     s3_region="us-east-1")
    if es_url:
        extra.update(search_backend="elasticsearch", elasticsearch_url=es_url, elasticsearch_index=f"t{unique}")
    values: dict[str, object] = {"jwt_secret": SecretStr("x" * 48), "max_upload_bytes": 8 * 1024 * 1024,
                                 "login_max_failures": 3, **extra, **more}
    return Settings(data_dir=data_dir, database_url=database_url, model_cache_dir=model_cache,
                    **values)  # type: ignore[arg-type]


@contextmanager
def own_database() -> Iterator[str | None]:
    """A PostgreSQL database of its own (for an archive seeded once per module), or None on SQLite."""
    if _backend() != "postgresql":
        yield None
        return
    name = f"temoin_mod_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(tmp_path: Path, pg_database: str | None, s3_endpoint: str | None, es_url: str | None,
             model_cache: Path) -> Iterator[Settings]:
    yield build_settings(tmp_path / "data", database_url=pg_database, s3_endpoint=s3_endpoint, es_url=es_url,
                         model_cache=model_cache)
    if pg_database:  # the next test starts from an empty PostgreSQL database too
        engine = make_engine(pg_database)
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment a `temoin` subprocess needs to open the same archive (search stays embedded there:
    the Elasticsearch stand-in needs the test-only HTTP node, which only in-process archives get)."""
    env = {**os.environ, "TEMOIN_DATA_DIR": str(settings.data_dir), "TEMOIN_LANG": "en",
           "TEMOIN_MODEL_CACHE_DIR": str(settings.resolved_model_cache_dir)}
    if settings.database_url:
        env["TEMOIN_DATABASE_URL"] = settings.database_url
    if settings.storage == "s3":
        env.update(TEMOIN_STORAGE="s3", TEMOIN_S3_ENDPOINT=settings.s3_endpoint,
                   TEMOIN_S3_ACCESS_KEY=settings.s3_access_key,
                   TEMOIN_S3_SECRET_KEY=settings.s3_secret_key.get_secret_value(),
                   TEMOIN_S3_BUCKET=settings.s3_bucket, TEMOIN_S3_REGION=settings.s3_region or "")
    return env


def search_for_tests(settings: Settings) -> SearchBackend | None:
    """The Elasticsearch backend through the test-only HTTP node (osmem answers 406 to the 9.x media types);
    None (the configured backend) otherwise."""
    if settings.search_backend != "elasticsearch":
        return None
    from search import init_search
    from tests.search.osmem_node import PlainJsonNode

    return init_search(backend="elasticsearch", url=settings.elasticsearch_url, index=settings.elasticsearch_index,
                       node_class=PlainJsonNode)


@pytest.fixture
def archive(settings: Settings) -> Iterator[Archive]:
    arch = Archive.open(settings, search=search_for_tests(settings))
    yield arch
    arch.close()


@pytest.fixture
def client(archive: Archive) -> Iterator[TestClient]:
    with TestClient(create_app(archive)) as c:
        yield c


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    id: str
    token: str

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.id)

    @property
    def headers(self) -> dict[str, str]:
        """The token, and English messages (tests of the French catalogue ask for French themselves)."""
        return {"Authorization": f"Bearer {self.token}", "Accept-Language": "en"}


class Accounts:
    """Create users of any role on demand, with a valid token each."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def make(self, role: str, username: str | None = None) -> Account:
        username = username or f"{role}-{uuid.uuid4().hex[:6]}"
        with self.archive.db.session() as session:
            user = create_user(session, actor=SYSTEM, username=username, role=role, password=PASSWORD)
            token = issue_token(user, secret=self.archive.jwt_secret, ttl_minutes=30)
            return Account(user.username, user.role, user.id, token)


@pytest.fixture
def accounts(archive: Archive) -> Accounts:
    return Accounts(archive)


def tamper_object(store: ObjectStore, sha256: str, data: bytes | None) -> None:
    """Play the intruder on the object store: overwrite an object's bytes (or delete it, data=None)."""
    if isinstance(store, LocalStore):
        path = store.path_of(sha256)
        if data is None:
            path.unlink()
            return
        os.chmod(path, 0o644)
        path.write_bytes(data)
        return
    from archive.storage.s3 import S3Store

    assert isinstance(store, S3Store)
    name = store.object_name(sha256)
    if data is None:
        for version in store._client.list_objects(store.bucket, prefix=name, include_version=True):
            if version.object_name == name:
                store._client.remove_object(store.bucket, name, version_id=version.version_id)
        return
    store._client.put_object(store.bucket, name, io.BytesIO(data), len(data))


def web_client(app: Any, username: str) -> TestClient:
    """A browser-like client of the web pages, logged in as ``username`` (password ``PASSWORD``), past the
    content warning; the caller closes it (``__exit__``)."""
    client = TestClient(app, base_url="http://testserver")
    client.__enter__()
    page = client.get("/ui/login").text
    csrf = re.search(r'name="csrf" value="([^"]*)"', page)
    assert csrf
    r = client.post("/ui/login", data={"username": username, "password": PASSWORD, "csrf": csrf.group(1)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    home = client.get("/ui/").text
    token = re.search(r'name="csrf" value="([^"]*)"', home)
    assert token
    client.post("/ui/warning", data={"csrf": token.group(1), "next": "/ui/"})  # content warning seen once
    return client
