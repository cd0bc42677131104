"""The read-only path of simple listing commands (issue 18): no ORM, no mapped models, no settings library.

On an archive whose schema is at the latest revision, ``reading()`` gives a ``fetch`` over one read transaction:
the standard library's ``sqlite3`` for the embedded default, a SQLAlchemy Core connection (no ORM) for a server
database. Whenever it cannot answer — no database yet, a schema to migrate, an unknown or disabled ``--as`` user,
any driver error — it gives None and the command takes the full path (``opened_archive``), which migrates,
explains and refuses exactly as every other command does. The rules themselves live in the services' read
models (``archive.cases.listing``), which the full path runs too.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from archive.cases.listing import Fetch
from archive.location import database_url
from archive.schema import head_revisions

SQLITE_PREFIX = "sqlite:///"
T = TypeVar("T")


def _at_head(fetch: Fetch) -> bool:
    return frozenset(str(r[0]) for r in fetch("SELECT version_num FROM alembic_version", {})) == head_revisions()


@contextmanager
def _sqlite(path: str) -> Iterator[Fetch | None]:
    if not Path(path).is_file():
        yield None
        return
    conn = sqlite3.connect(path, timeout=10)
    try:
        conn.execute("BEGIN")  # one snapshot for every query of the command

        def fetch(sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
            return conn.execute(sql, dict(params)).fetchall()

        try:
            ready = _at_head(fetch)
        except sqlite3.Error:
            ready = False
        yield fetch if ready else None
    finally:
        conn.close()


@contextmanager
def _server(url: str) -> Iterator[Fetch | None]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    try:
        engine = create_engine(url, poolclass=NullPool)
    except (SQLAlchemyError, ImportError, ValueError):
        yield None
        return
    try:
        # one snapshot for every query of the command, as SQLite's BEGIN gives
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            def fetch(sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
                return conn.execute(text(sql), dict(params)).all()

            try:
                ready = _at_head(fetch)
            except SQLAlchemyError:
                ready = False
            yield fetch if ready else None
    finally:
        engine.dispose()


@contextmanager
def reading(url: str | None = None) -> Iterator[Fetch | None]:
    """A ``fetch`` over the archive's database (``url``, else the settings' one), or None: take the full path."""
    url = url or database_url(os.environ)
    with _sqlite(url[len(SQLITE_PREFIX):]) if url.startswith(SQLITE_PREFIX) else _server(url) as fetch:
        yield fetch


def acting(fetch: Fetch, username: str | None) -> tuple[str, str | None] | None:
    """(role, user id) of ``--as USER`` (the local operator, ``system``, without it); None for a user the full
    path must explain (unknown or disabled)."""
    if username is None:
        return "system", None
    rows = fetch("SELECT id, role, active FROM users WHERE username = :name", {"name": username})
    if not rows or not rows[0][2]:
        return None
    return str(rows[0][1]), str(rows[0][0])


def _driver_errors() -> tuple[type[Exception], ...]:
    exc = sys.modules.get("sqlalchemy.exc")
    return (sqlite3.Error, *((exc.SQLAlchemyError,) if exc is not None else ()))


def answer(username: str | None, query: Callable[[Fetch, str, str | None], T]) -> T | None:
    """``query(fetch, role, user_id)`` on the read-only path, acting as ``username``; None: take the full path."""
    try:
        with reading() as fetch:
            if fetch is None:
                return None
            actor = acting(fetch, username)
            return None if actor is None else query(fetch, *actor)
    except _driver_errors():
        return None
