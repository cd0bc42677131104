"""The custody log: append-only, hash-chained entries.

Each entry's hash is the SHA-256 of a canonical JSON encoding of its fields *including the previous
entry's hash*, so altering, removing or reordering any entry breaks the chain at that point.
Entries are written in the same transaction as the action they record.

Identifying words a log entry must keep (a search's query, an upload's file name, later free-text reasons) are
**sealed**: ``details["sealed"][name]`` holds a keyed hash of the value (an auditor can check a claimed value
with ``temoin audit check``-style tools given the archive key, and compare two entries) and the value itself
encrypted with the archive key (AES-GCM). The chain hashes the sealed form, so an auditor verifies the chain
without reading the words; ``unseal`` returns them to a role holding ``custody.unseal`` and logs that it did.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import CustodyEntry, CustodyHead

GENESIS = "0" * 64

ACTIONS = frozenset(
    {
        "create", "read", "download", "search", "export", "login", "login_failed", "consent_change",
        "permission_change", "permission_change_requested", "user_create", "assign", "unassign", "upload", "extract",
        "artefact", "verify",
        "redact", "review", "resolve_pseudonym", "revoke", "fixity", "transcript_correct", "job_failed",
        "index", "import", "migrate", "key_rotate", "job_retry", "unseal", "claim", "merge", "unmerge",
        "act_code", "act_review", "act_person", "act_incident", "vocabulary_edit", "stats", "media_check",
        "disclose", "lift", "recipient_create", "lift_reason_edit", "case_edit",
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


def _derive(key: bytes, purpose: bytes) -> bytes:
    return hmac.new(key, b"temoin-custody-" + purpose, hashlib.sha256).digest()


def seal_value(value: str, key: bytes) -> dict[str, str]:
    """A value as a custody entry keeps it: keyed hash (to check a claim) and AES-GCM box (to unseal)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data = value.encode("utf-8")
    nonce = os.urandom(12)
    box = nonce + AESGCM(_derive(key, b"seal-v1")).encrypt(nonce, data, b"custody")
    return {"hmac": hmac.new(_derive(key, b"hmac-v1"), data, hashlib.sha256).hexdigest(),
            "box": base64.b64encode(box).decode("ascii")}


def sealed_matches(sealed: dict[str, str], value: str, key: bytes) -> bool:
    """Whether a sealed value is ``value`` (checked by its keyed hash, without unsealing)."""
    expected = hmac.new(_derive(key, b"hmac-v1"), value.encode("utf-8"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, sealed.get("hmac", ""))


def open_sealed(sealed: dict[str, str], key: bytes) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    box = base64.b64decode(sealed["box"])
    return AESGCM(_derive(key, b"seal-v1")).decrypt(box[:12], box[12:], b"custody").decode("utf-8")


def typed(name: str, value: str) -> dict[str, str] | None:
    """A free text a person typed (a reason, a note), to pass as ``sealed=``: never kept in clear (it may name
    anyone: ``archive/freetext/fields.py``). None when empty."""
    return {name: value} if value.strip() else None


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
    sealed: dict[str, str] | None = None,
    key: bytes | None = None,
) -> CustodyEntry:
    """Append one entry in the caller's transaction (committed or rolled back with the action). ``sealed``
    values are kept only in sealed form (needs the archive ``key``)."""
    return append(session, prepare(actor=actor, action=action, object_type=object_type, object_id=object_id,
                                   reason=reason, details=details, sealed=sealed, key=key))


@dataclass(frozen=True)
class Prepared:
    """An entry checked and sealed, not yet chained: sealing (AES-GCM) is done before the chain head is taken."""

    actor: Actor
    action: str
    object_type: str
    object_id: str
    reason: str
    details: str  # canonical JSON, as hashed


def prepare(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
    sealed: dict[str, str] | None = None,
    key: bytes | None = None,
) -> Prepared:
    if action not in ACTIONS:
        raise ValueError(f"unknown custody action {action!r}")
    if sealed:
        if key is None:
            raise ValueError("sealed custody details need the archive key")
        details = {**(details or {}), "sealed": {name: seal_value(value, key) for name, value in sealed.items()}}
    return Prepared(actor, action, object_type, object_id, reason, canonical(details or {}).decode("utf-8"))


def append(session: Session, *entries: Prepared) -> CustodyEntry:
    """Chain prepared entries, in order, in the caller's transaction (one head lock for all); the last one."""
    if not entries:
        raise ValueError("nothing to append to the custody log")
    # The head row is locked (FOR UPDATE on PostgreSQL; SQLite write transactions are serialised by the
    # database itself): read and extend the chain in this one short transaction, no process lock held.
    head = session.execute(
        select(CustodyHead).where(CustodyHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = CustodyHead(id=1, seq=0, entry_hash=GENESIS)
        session.add(head)
        session.flush()
    for prepared in entries:
        entry = CustodyEntry(
            seq=head.seq + 1,
            at=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            actor=prepared.actor.name,
            role=prepared.actor.role,
            action=prepared.action,
            object_type=prepared.object_type,
            object_id=prepared.object_id,
            reason=prepared.reason,
            details=prepared.details,
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


def unseal(session: Session, key: bytes, *, actor: Actor, seq: int, name: str, reason: str) -> str:
    """The sealed value ``name`` of entry ``seq``, for a role holding ``custody.unseal``; the unsealing is itself
    logged (who, which entry, why)."""
    from archive.auth import require
    from archive.errors import Invalid, NotFound

    require(actor, "custody.unseal")
    if not reason.strip():
        raise Invalid("reason_required")
    entry = session.get(CustodyEntry, seq)
    sealed = (json.loads(entry.details).get("sealed") or {}).get(name) if entry is not None else None
    if sealed is None:
        raise NotFound("sealed_value", seq=seq, name=name)
    value = open_sealed(sealed, key)
    record(session, actor=actor, action="unseal", object_type="custody", object_id=str(seq), reason=reason,
           details={"field": name})
    return value
