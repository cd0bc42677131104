"""Engine and sessions for the system of record (SQLite WAL by default, PostgreSQL at scale)."""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from archive.settings import Settings

log = logging.getLogger("temoin.db")
#: ``session.info`` key of the follow-up jobs a transaction asks to run as soon as it commits.
RUN_AFTER_COMMIT = "run_after_commit"
#: Execution option of a read-only unit of work (``Database.reader``).
READ_ONLY = "temoin_read_only"
BUSY_TIMEOUT_S = 60.0
#: A pooled PostgreSQL connection unused for longer than this is pinged before use (see ``_ping_when_idle``).
IDLE_PING_S = 2.0


def session_fetch(session: Session) -> Callable[[str, Mapping[str, object]], Sequence[Sequence[Any]]]:
    """A read model's ``fetch`` (``archive.cases.listing.Fetch``) over an ORM session, in its transaction."""
    def fetch(sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
        return session.execute(text(sql), dict(params)).all()

    return fetch


class WriteGate:
    """Who may open SQLite's one write transaction next: a queue instead of SQLite's busy loop.

    SQLite lets one writer at a time and makes the others poll, sleeping up to 100 ms between tries: under load
    a writer can lose the race again and again (seconds of waiting while the lock was free most of the time).
    The gate hands the turn over at once instead: a lock in this process (threads wait on it, woken on release)
    and an ``flock`` on ``<database>.write-gate`` between processes (the kernel wakes a waiting process), both
    taken *before* ``BEGIN IMMEDIATE`` and released right after ``COMMIT`` or ``ROLLBACK``. Nobody holding the
    gate waits for anything but SQLite's write lock, which only a gate holder asks for: no cycle, no deadlock.
    Readers never touch it (WAL: they read a snapshot). The lock is not tied to a thread: a request's
    transaction may begin in one worker thread and end in another.
    """

    def __init__(self, path: Path) -> None:
        self._turn = threading.Lock()
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self._holders: set[int] = set()
        weakref.finalize(self, os.close, self._fd)  # with its engine (the engine's listeners hold the gate)

    def enter(self, dbapi_conn: object) -> None:
        if not self._turn.acquire(timeout=BUSY_TIMEOUT_S):  # as long as SQLite itself would have waited
            raise sqlite3.OperationalError(f"database is locked (no write turn in {BUSY_TIMEOUT_S:.0f} s)")
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._turn.release()
            raise
        self._holders.add(_raw_id(dbapi_conn))

    def leave(self, dbapi_conn: object) -> None:
        key = _raw_id(dbapi_conn)
        if key not in self._holders:
            return  # a read-only transaction, or a rollback on a connection with none open
        self._holders.discard(key)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._turn.release()


def _raw_id(conn: object) -> int:
    """The driver's connection behind a pool proxy (commit and rollback get the proxy, events the driver's)."""
    return id(getattr(conn, "dbapi_connection", None) or conn)


def make_engine(url: str, *, idle_ping_s: float = IDLE_PING_S) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        on_disk = bool(path) and path != ":memory:" and not path.startswith("file:")
        if on_disk:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                    "timeout": BUSY_TIMEOUT_S})
        gate = WriteGate(Path(f"{path}.write-gate")) if on_disk else None

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
            if conn.get_execution_options().get(READ_ONLY):
                conn.exec_driver_sql("BEGIN")
                return
            dbapi_conn = conn.connection.dbapi_connection
            if gate is not None:
                gate.enter(dbapi_conn)
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                if gate is not None:
                    gate.leave(dbapi_conn)
                raise

        if gate is not None:
            _release_after(engine, gate)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=10)
    _ping_when_idle(engine, idle_ping_s)
    return engine


def _ping_when_idle(engine: Engine, idle_s: float = IDLE_PING_S) -> None:
    """Check a pooled connection before use only if it sat unused for ``idle_s`` (SQLAlchemy's ``pool_pre_ping``
    checks at every checkout: a round trip per unit of work, four per search, a third of a search's time on
    PostgreSQL under load). A connection used a moment ago is alive; one that waited through a server restart
    is found dead here and replaced, the request never sees it."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn, record):  # type: ignore[no-untyped-def]
        record.info["temoin_returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn, record, _proxy):  # type: ignore[no-untyped-def]
        returned = record.info.get("temoin_returned_at")
        if returned is None or time.monotonic() - returned < idle_s:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # the driver says how it is dead; the pool only needs to know it is
            raise DisconnectionError(f"pooled connection dead after {idle_s:.0f} s idle: {exc}") from exc
        if not alive:
            raise DisconnectionError("pooled connection dead")  # the pool opens a fresh one and retries


def _release_after(engine: Engine, gate: WriteGate) -> None:
    """Hand the gate on once the transaction has ended (SQLAlchemy has no event after COMMIT/ROLLBACK ran)."""
    dialect = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(dbapi_conn: Any) -> None:
        try:
            commit(dbapi_conn)
        finally:
            gate.leave(dbapi_conn)

    def do_rollback(dbapi_conn: Any) -> None:
        try:
            rollback(dbapi_conn)
        finally:
            gate.leave(dbapi_conn)

    dialect.do_commit = do_commit  # type: ignore[method-assign,assignment]
    dialect.do_rollback = do_rollback  # type: ignore[method-assign,assignment]

    @event.listens_for(engine, "close")
    def _closed(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        gate.leave(dbapi_conn)  # a connection closed inside its transaction: SQLite rolled it back


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
