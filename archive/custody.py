"""The custody log: append-only, hash-chained entries.

Each entry's hash is the SHA-256 of a canonical JSON encoding of its fields *including the previous
entry's hash*, so altering, removing or reordering any entry breaks the chain at that point.
Entries are written in the same transaction as the action they record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import CustodyEntry, CustodyHead

GENESIS = "0" * 64
_append_lock = threading.Lock()  # SQLite: one writer at a time inside this process too

ACTIONS = frozenset(
    {
        "create", "read", "download", "search", "export", "login", "login_failed", "consent_change",
        "permission_change", "user_create", "assign", "upload", "extract", "artefact", "verify",
        "redact", "review", "resolve_pseudonym", "revoke", "fixity", "transcript_correct", "job_failed",
        "index", "import", "migrate", "key_rotate",
    }
)


@dataclass(frozen=True)
class Actor:
    """Who acts: a user name and their role, or the local system/operator."""

    name: str
    role: str
    user_id: str | None = None


SYSTEM = Actor("system", "system")


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _fields(entry: CustodyEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "role": entry.role,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "reason": entry.reason,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }


def entry_hash(entry: CustodyEntry) -> str:
    return hashlib.sha256(canonical(_fields(entry))).hexdigest()


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> CustodyEntry:
    """Append one entry in the caller's transaction (committed or rolled back with the action)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown custody action {action!r}")
    with _append_lock:
        head = session.execute(
            select(CustodyHead).where(CustodyHead.id == 1).with_for_update()
        ).scalar_one_or_none()
        if head is None:
            head = CustodyHead(id=1, seq=0, entry_hash=GENESIS)
            session.add(head)
            session.flush()
        entry = CustodyEntry(
            seq=head.seq + 1,
            at=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            actor=actor.name,
            role=actor.role,
            action=action,
            object_type=object_type,
            object_id=object_id,
            reason=reason,
            details=canonical(details or {}).decode("utf-8"),
            prev_hash=head.entry_hash,
        )
        entry.entry_hash = entry_hash(entry)
        session.add(entry)
        head.seq = entry.seq
        head.entry_hash = entry.entry_hash
        session.flush()
        return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head_hash": self.head_hash,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
        }


def verify_entries(entries: Iterable[CustodyEntry], *, expected_head: tuple[int, str] | None = None,
                   start_prev: str = GENESIS, start_seq: int = 1) -> ChainReport:
    """Walk entries in stored order; report the first one that was altered, removed or reordered."""
    prev_hash, expected_seq, count = start_prev, start_seq, 0
    for entry in entries:
        if entry.seq != expected_seq:
            kind = "removed" if entry.seq > expected_seq else "reordered or duplicated"
            return ChainReport(False, count, prev_hash, expected_seq,
                               f"entry {expected_seq} is missing: found entry {entry.seq} in its place "
                               f"(entries {kind})")
        if entry.prev_hash != prev_hash:
            return ChainReport(False, count, prev_hash, entry.seq,
                               f"entry {entry.seq} does not follow entry {entry.seq - 1}: its previous-hash "
                               "link is broken (an earlier entry was altered, removed or reordered)")
        if entry_hash(entry) != entry.entry_hash:
            return ChainReport(False, count, prev_hash, entry.seq,
                               f"entry {entry.seq} was altered: its content no longer matches its hash")
        prev_hash, expected_seq, count = entry.entry_hash, expected_seq + 1, count + 1
    if expected_head is not None and (count + start_seq - 1, prev_hash) != expected_head:
        seq = count + start_seq
        return ChainReport(False, count, prev_hash, seq,
                           f"the log ends at entry {seq - 1} but the chain head records entry "
                           f"{expected_head[0]}: the last entries were removed")
    return ChainReport(True, count, prev_hash)


def iter_entries(session: Session, *, batch: int = 5000) -> Iterator[CustodyEntry]:
    last = 0
    while True:
        rows = session.execute(
            select(CustodyEntry).where(CustodyEntry.seq > last).order_by(CustodyEntry.seq).limit(batch)
        ).scalars().all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify_chain(session: Session) -> ChainReport:
    head = session.get(CustodyHead, 1)
    expected = (head.seq, head.entry_hash) if head else (0, GENESIS)
    return verify_entries(iter_entries(session), expected_head=expected)


def entries_for(session: Session, object_ids: Iterable[str]) -> list[CustodyEntry]:
    ids = list(object_ids)
    return list(
        session.execute(
            select(CustodyEntry).where(CustodyEntry.object_id.in_(ids)).order_by(CustodyEntry.seq)
        ).scalars()
    )


def as_dict(entry: CustodyEntry) -> dict[str, Any]:
    data = _fields(entry)
    data["entry_hash"] = entry.entry_hash
    return data
