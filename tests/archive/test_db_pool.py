"""Pooled connections are checked before use only when they sat idle (archive/db.py): a connection that died
while waiting is replaced before the request sees it, and a busy pool pays no round trip per unit of work."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from archive.db import _ping_when_idle


def _pool_with_a_dead_connection(path: Path, idle_s: float) -> Engine:
    engine = create_engine(f"sqlite:///{path}", pool_size=1, max_overflow=0)
    _ping_when_idle(engine, idle_s)
    with engine.connect() as conn:
        conn.execute(text("select 1"))
        raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.close()  # the server side went away while the connection waited in the pool (a restart, a time-out)
    return engine


def test_when_an_idle_pooled_connection_died_then_the_next_unit_of_work_gets_a_fresh_one(tmp_path: Path) -> None:
    engine = _pool_with_a_dead_connection(tmp_path / "a.db", idle_s=0.05)
    time.sleep(0.1)
    with engine.connect() as conn:
        assert conn.execute(text("select 1")).scalar_one() == 1
    engine.dispose()


def test_when_a_connection_was_used_a_moment_ago_then_it_is_not_pinged_again(tmp_path: Path) -> None:
    """The other side of the trade: no check right after use (the dead one is met, and then replaced)."""
    engine = _pool_with_a_dead_connection(tmp_path / "b.db", idle_s=60.0)
    with pytest.raises(SQLAlchemyError), engine.connect() as conn:
        conn.execute(text("select 1"))
    with engine.connect() as conn:
        assert conn.execute(text("select 1")).scalar_one() == 1
    engine.dispose()
