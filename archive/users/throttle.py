"""Failed-login throttling in the database: per user name and per client address, refused, never slept.

A guessed password costs the guesser time, not the archive: once a user name (or a client address) has failed
too often, the next attempts are refused at once with the number of seconds to wait (HTTP 429 + Retry-After)
until the block ends. The counts live in the system of record (table ``login_throttle``), so every process of
``temoin serve`` (and every API host on one PostgreSQL) sees the same ones: a guesser cannot multiply their
attempts by the number of processes.

Nothing here holds anything while anyone waits: the check is a read (``Database.reader``: never SQLite's write
lock), a failure is counted in the short transaction that logs it (``log_in``), and no one sleeps. Other
people's logins and requests are never slowed. The table stays bounded: a count whose last failure is older than
``FORGET_AFTER`` is forgotten (and its row removed the next time anyone fails), so a flood of invented user
names only lives a day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from archive.models import utcnow
from archive.users.models import LoginThrottle

#: An address may serve several people (an office behind one router): it gets this many times more attempts.
ADDRESS_FACTOR = 5
MAX_BLOCK_S = 30.0
#: A run of failures older than this is forgotten: the next failure counts from one again.
FORGET_AFTER = dt.timedelta(days=1)


def block_seconds(failures: int, threshold: int) -> float:
    """How long a name (or address) is refused after `failures` consecutive failures (doubling, capped)."""
    if failures < threshold:
        return 0.0
    return float(min(2 ** (failures - threshold), MAX_BLOCK_S))


def name_key(username: str) -> str:
    return f"user:{username.strip().casefold()[:120]}"


def _keys(username: str, address: str | None, threshold: int) -> list[tuple[str, int]]:
    keys = [(name_key(username), threshold)]
    if address:
        keys.append((f"addr:{address[:100]}", threshold * ADDRESS_FACTOR))
    return keys


def retry_after(session: Session, *, username: str, address: str | None, threshold: int,
                now: dt.datetime | None = None) -> float:
    """Seconds before this name may try again from this address (0: go ahead). A read: use a reader session."""
    now = now or utcnow()
    limits = dict(_keys(username, address, threshold))
    rows = session.execute(select(LoginThrottle).where(LoginThrottle.key.in_(limits))).scalars()
    waits = [(row.last_at + dt.timedelta(seconds=block_seconds(row.failures, limits[row.key])) - now)
             .total_seconds() for row in rows if now - row.last_at < FORGET_AFTER]
    return max([0.0, *waits])


def _locked(session: Session, key: str, now: dt.datetime) -> LoginThrottle:
    """The row of this key, created if missing (two processes may create it at once: neither fails), locked
    until the transaction ends (FOR UPDATE on PostgreSQL; SQLite write transactions are serialised)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(LoginThrottle).values(key=key, failures=0, last_at=now)
                    .on_conflict_do_nothing(index_elements=["key"]))
    return session.execute(select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one()


def failed(session: Session, *, username: str, address: str | None, threshold: int,
           now: dt.datetime | None = None) -> int:
    """Count one failure for the name and the address (in the caller's short transaction); return the name's
    consecutive failures."""
    now = now or utcnow()
    session.execute(delete(LoginThrottle).where(LoginThrottle.last_at < now - FORGET_AFTER))
    counts = []
    for key, _limit in _keys(username, address, threshold):
        row = _locked(session, key, now)
        row.failures = 1 if now - row.last_at >= FORGET_AFTER else row.failures + 1
        row.last_at = now
        counts.append(row.failures)
    session.flush()
    return counts[0]


def succeeded(session: Session, *, username: str) -> None:
    """The right password: the name's count starts again (the address keeps its count: one valid account
    must not let an address go on guessing others' passwords)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == name_key(username)))


def entries(session: Session) -> int:
    """How many names and addresses are counted now (the table's size)."""
    return len(session.execute(select(LoginThrottle.key)).all())
