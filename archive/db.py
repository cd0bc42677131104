"""Engine and sessions for the system of record (SQLite WAL by default, PostgreSQL at scale)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from archive.settings import Settings

log = logging.getLogger("temoin.db")
#: ``session.info`` key of the follow-up jobs a transaction asks to run as soon as it commits.
RUN_AFTER_COMMIT = "run_after_commit"
#: Execution option of a read-only unit of work (``Database.reader``).
READ_ONLY = "temoin_read_only"


def session_fetch(session: Session) -> Callable[[str, Mapping[str, object]], Sequence[Sequence[Any]]]:
    """A read model's ``fetch`` (``archive.cases.listing.Fetch``) over an ORM session, in its transaction."""
    def fetch(sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
        return session.execute(text(sql), dict(params)).all()

    return fetch


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # Let SQLAlchemy issue BEGIN itself so that every write transaction is IMMEDIATE:
            # two writers never both read the custody chain head and then collide.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
            # A read-only unit of work takes no lock at all (WAL: readers never block the writer nor wait).
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


class Database:
    """The engine plus a session factory; one per process, built from Settings."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.resolved_database_url
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        #: Called with the job ids a committed transaction scheduled to run at once (``run_after_commit``).
        self.after_commit: Callable[[list[str]], None] | None = None

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error. Once committed, the follow-ups
        it scheduled with ``run_after_commit`` run (their failure leaves them queued, never undoes the work)."""
        session = self.sessions()
        try:
            yield session
            session.commit()
            scheduled = list(dict.fromkeys(session.info.pop(RUN_AFTER_COMMIT, [])))
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        if scheduled and self.after_commit is not None:
            self.after_commit(scheduled)

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only unit of work: it never takes SQLite's write lock (readers and the writer never wait on each
        other in WAL mode) and refuses to write. Use it for reads that may take time (building an index entry)."""
        session = self.sessions()
        session.connection(execution_options={READ_ONLY: True})
        session.info[READ_ONLY] = True
        try:
            yield session
            if session.new or session.dirty or session.deleted:
                raise RuntimeError("a read-only unit of work tried to write: use Database.session()")
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
