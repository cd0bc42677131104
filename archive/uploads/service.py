"""Resumable uploads: a file sent in chunks that survives a dropped connection.

The server keeps every chunk that arrived whole in ``<data_dir>/incoming/resumable-<id>`` and remembers
the offset; the client asks for it and goes on from there. The SHA-256 is computed as chunks arrive; the
running hash state lives in this process (``hashlib`` objects cannot be saved), and after a restart it is
rebuilt by re-reading the partial file once, in fixed-size blocks (memory stays flat). On completion the
file goes through ``add_item``, the same path as a one-shot upload: custody entry, dedupe, ingest job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.auth import PermissionDenied, require
from archive.custody import Actor
from archive.items.incoming import ReceivedFile, UploadTooLarge, safe_filename
from archive.items.schemas import ConsentGrant, Intake
from archive.items.service import EmptyUpload, add_item, get_case
from archive.models import Item, utcnow
from archive.storage.base import CHUNK, ObjectStore
from archive.uploads.models import UploadSession

PREFIX = "resumable-"
UnitOfWork = Callable[[], AbstractContextManager[Session]]
ABANDONED_AFTER = dt.timedelta(days=1)


class OffsetMismatch(Exception):
    """A chunk does not start where the server's copy ends; the client must resume from `offset`."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class NotFinished(Exception):
    """Completion asked for before every byte arrived."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class ContentRange:
    start: int
    end: int  # inclusive, as in HTTP
    total: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def parse_content_range(header: str | None) -> ContentRange:
    """`bytes START-END/TOTAL` (END inclusive), with a message saying what is wrong otherwise."""
    example = "send 'Content-Range: bytes START-END/TOTAL', e.g. 'bytes 0-1048575/5000000'"
    if not header:
        raise ValueError(f"missing Content-Range header: {example}")
    unit, _, spec = header.strip().partition(" ")
    span, _, total = spec.partition("/")
    first, _, last = span.partition("-")
    if unit != "bytes" or not (first.isdigit() and last.isdigit() and total.isdigit()):
        raise ValueError(f"unreadable Content-Range {header!r}: {example}")
    rng = ContentRange(int(first), int(last), int(total))
    if rng.end < rng.start or rng.end >= rng.total:
        raise ValueError(f"Content-Range {header!r} is not a valid byte range of a {rng.total}-byte file")
    return rng


class _HashStates:
    """Running SHA-256 per session, with the offset it covers; one lock per session for writers."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._states: dict[str, tuple[int, Any]] = {}
        self._locks: dict[str, threading.Lock] = {}

    def lock(self, session_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(session_id, threading.Lock())

    def get(self, session_id: str, path: Path, offset: int) -> Any:
        """A copy of the hash of the first `offset` bytes (re-read from disk if this process lacks it)."""
        with self._guard:
            state = self._states.get(session_id)
        if state is not None and state[0] == offset:
            return state[1].copy()
        digest = hashlib.sha256()
        remaining = offset
        with path.open("rb") as fh:
            while remaining:
                block = fh.read(min(CHUNK, remaining))
                if not block:
                    raise ValueError(f"the partial upload {path.name} is shorter than recorded; start again")
                digest.update(block)
                remaining -= len(block)
        return digest

    def put(self, session_id: str, offset: int, digest: Any) -> None:
        with self._guard:
            self._states[session_id] = (offset, digest)

    def forget(self, session_id: str) -> None:
        with self._guard:
            self._states.pop(session_id, None)
            self._locks.pop(session_id, None)


HASHES = _HashStates()


def part_path(uploads_dir: Path, session_id: str) -> Path:
    return uploads_dir / f"{PREFIX}{session_id}"


def start_upload(*, session: Session, uploads_dir: Path, actor: Actor, case_id: str, filename: str, size: int,
                 limit: int, intake: Intake, consent: list[ConsentGrant]) -> UploadSession:
    """Open a session after the same checks as a one-shot upload (permission, case, size, metadata)."""
    require(actor, "items.upload")
    get_case(session, case_id)
    if size <= 0:
        raise EmptyUpload(f"{filename or 'the file'} is empty (0 bytes): check the file and choose it again")
    if size > limit:
        raise UploadTooLarge(limit)
    record = UploadSession(
        case_id=case_id, user_id=actor.user_id, username=actor.name, filename=safe_filename(filename), size=size,
        offset=0, intake=intake.model_dump(mode="json"), consent=[c.model_dump(mode="json") for c in consent],
    )
    session.add(record)
    session.flush()
    uploads_dir.mkdir(parents=True, exist_ok=True)
    part_path(uploads_dir, record.id).touch()
    return record


def get_upload(session: Session, *, actor: Actor, upload_id: str) -> UploadSession:
    """The session, only for the user who opened it."""
    record = session.get(UploadSession, upload_id)
    if record is None:
        raise LookupError(f"no upload session {upload_id!r} (it may have been completed or abandoned for a day)")
    if actor.role != "system" and (actor.user_id is None or actor.user_id != record.user_id):
        raise PermissionDenied("this upload session belongs to another user")
    return record


def _set_offset(session: Session, upload_id: str, offset: int) -> None:
    record = session.get(UploadSession, upload_id)
    if record is not None:
        record.offset, record.updated_at = offset, utcnow()


async def append_chunk(*, db_session: UnitOfWork, uploads_dir: Path, actor: Actor, upload_id: str,
                       content_range: ContentRange, body: AsyncIterator[bytes]) -> int:
    """Append one chunk whose start is the current offset; keep it only if it arrived whole.

    `db_session` is a callable returning a unit-of-work context manager (``Database.session``): the body
    is read between two short transactions so no database lock is held while bytes travel.
    """
    with db_session() as session:
        record = get_upload(session, actor=actor, upload_id=upload_id)
        size, offset, status = record.size, record.offset, record.status
    if status != "open":
        raise NotFinished("this upload is already complete", offset)
    if content_range.total != size:
        raise ValueError(f"Content-Range says the file has {content_range.total} bytes but the session was "
                         f"opened for {size}: open a new upload session")
    lock = HASHES.lock(upload_id)
    if not lock.acquire(blocking=False):
        raise OffsetMismatch("another chunk of this upload is being received: ask for the offset and retry",
                             offset)
    try:
        return await _write_chunk(db_session, uploads_dir, upload_id, offset, content_range, body)
    finally:
        lock.release()


async def _write_chunk(db_session: UnitOfWork, uploads_dir: Path, upload_id: str, offset: int, rng: ContentRange,
                       body: AsyncIterator[bytes]) -> int:
    if rng.start != offset:
        raise OffsetMismatch(f"this chunk starts at byte {rng.start} but the server has {offset} bytes: "
                             f"resume from byte {offset}", offset)
    path = part_path(uploads_dir, upload_id)
    if not path.exists():
        raise LookupError(f"the partial file of upload {upload_id!r} is gone: start the upload again")
    digest = HASHES.get(upload_id, path, offset)
    received = 0
    complete = False
    fd = os.open(path, os.O_WRONLY)
    try:
        os.ftruncate(fd, offset)  # bytes of an earlier chunk cut off half-way are not kept
        os.lseek(fd, offset, os.SEEK_SET)
        async for block in body:
            if not block:
                continue
            received += len(block)
            if received > rng.length:
                raise ValueError(f"the chunk body is longer than its Content-Range ({rng.length} bytes)")
            digest.update(block)
            os.write(fd, block)
        if received != rng.length:
            raise ValueError(f"the chunk was cut off: {received} of {rng.length} bytes arrived; resume from "
                             f"byte {offset}")
        os.fsync(fd)
        complete = True
    finally:
        if not complete:
            os.ftruncate(fd, offset)
        os.close(fd)
    new_offset = offset + received
    with db_session() as session:
        _set_offset(session, upload_id, new_offset)
    HASHES.put(upload_id, new_offset, digest)
    return new_offset


def _receipt(item: Item, duplicate_of: list[str]) -> dict[str, Any]:
    return {
        "id": item.id, "case": item.case_id, "sha256": item.sha256, "size": item.size,
        "media_type": item.media_type, "status": item.status, "filename": item.filename,
        "duplicate_of": duplicate_of, "possible_reinterview": bool(duplicate_of),
    }


def complete_upload(*, session: Session, store: ObjectStore, uploads_dir: Path, actor: Actor,
                    upload_id: str) -> dict[str, Any]:
    """Verify the size, hash, then add the item exactly as a one-shot upload does; the same receipt."""
    record = get_upload(session, actor=actor, upload_id=upload_id)
    if record.status == "completed" and record.item_id:  # the client lost the answer: same receipt again
        item = session.get(Item, record.item_id)
        if item is None:
            raise LookupError(f"the item of upload {upload_id!r} no longer exists")
        earlier = session.execute(select(Item.id).where(Item.sha256 == item.sha256, Item.id != item.id,
                                                        Item.created_at < item.created_at)).scalars()
        return _receipt(item, list(earlier))
    if record.offset != record.size:
        raise NotFinished(f"only {record.offset} of {record.size} bytes have arrived: send the rest first",
                          record.offset)
    path = part_path(uploads_dir, upload_id)
    on_disk = path.stat().st_size if path.exists() else -1
    if on_disk != record.size:
        raise ValueError(f"the received file has {on_disk} bytes instead of {record.size}: start the upload again")
    with HASHES.lock(upload_id):
        sha256 = HASHES.get(upload_id, path, record.size).hexdigest()
    received = ReceivedFile(path, sha256, record.size, record.filename)
    added = add_item(session=session, store=store, actor=actor, case_id=record.case_id, received=received,
                     intake=Intake.model_validate(record.intake),
                     consent=[ConsentGrant.model_validate(c) for c in record.consent])
    record.status, record.item_id, record.updated_at = "completed", added.item.id, utcnow()
    HASHES.forget(upload_id)
    return _receipt(added.item, list(added.duplicate_of))


def clean_abandoned(session: Session, uploads_dir: Path, *, older_than: dt.timedelta = ABANDONED_AFTER,
                    now: dt.datetime | None = None) -> int:
    """Forget sessions untouched for a day (open ones lose their partial file); return how many."""
    cutoff = (now or utcnow()) - older_than
    stale = session.execute(select(UploadSession).where(UploadSession.updated_at < cutoff)).scalars().all()
    for record in stale:
        part_path(uploads_dir, record.id).unlink(missing_ok=True)
        HASHES.forget(record.id)
        session.delete(record)
    return len(stale)
