"""Fixtures for the archive: a real database (SQLite, or PostgreSQL when TEMOIN_TEST_DB=postgresql),
a real object store, the FastAPI app, and users of every role.

`make test` runs this suite on both databases.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import text

from archive.api import create_app
from archive.auth import create_user, issue_token
from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.models import Base
from archive.settings import Settings

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


@pytest.fixture
def settings(tmp_path: Path, pg_database: str | None) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=pg_database,
        jwt_secret=SecretStr("x" * 48),
        max_upload_bytes=8 * 1024 * 1024,
        login_max_failures=3,
    )


def _wipe(archive: Archive) -> None:
    with archive.db.engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def archive(settings: Settings) -> Iterator[Archive]:
    arch = Archive.open(settings)
    yield arch
    if arch.db.is_postgres:
        _wipe(arch)
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
        return {"Authorization": f"Bearer {self.token}"}


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
