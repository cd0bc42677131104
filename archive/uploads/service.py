"""Resumable uploads: a file sent in chunks that survives a dropped connection.

The server keeps every chunk that arrived whole in ``<data_dir>/incoming/resumable-<id>`` and remembers
the offset; the client asks for it and goes on from there. The SHA-256 is computed as chunks arrive; the
running hash state lives in this process (``hashlib`` objects cannot be saved), and after a restart it is
rebuilt by re-reading the partial file once, in fixed-size blocks (memory stays flat). On completion the
file goes through ``add_item``, the same path as a one-shot upload: custody entry, dedupe, ingest job.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.custody import Actor
from archive.errors import Conflict, Invalid, NotFound, PermissionDenied
from archive.items.incoming import ReceivedFile, UploadTooLarge, safe_filename
from archive.items.schemas import ConsentGrant, Intake
from archive.items.service import EmptyUpload, add_item, check_upload
from archive.models import Item, utcnow
from archive.storage.base import CHUNK
from archive.uploads.models import UploadSession

if TYPE_CHECKING:
    from archive.context import Archive

PREFIX = "resumable-"
UnitOfWork = Callable[[], AbstractContextManager[Session]]
ABANDONED_AFTER = dt.timedelta(days=1)


class OffsetMismatch(Conflict):
    """A chunk does not start where the server's copy ends; the client must resume from `offset`."""

    def __init__(self, key: str, /, *, offset: int, **params: object) -> None:
        super().__init__(key, offset=offset, **params)
        self.offset = offset


class NotFinished(Conflict):
    """Completion asked for before every byte arrived."""

    def __init__(self, key: str, /, *, offset: int, **params: object) -> None:
        super().__init__(key, offset=offset, **params)
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
    if not header:
        raise Invalid("content_range_missing")
    unit, _, spec = header.strip().partition(" ")
    span, _, total = spec.partition("/")
    first, _, last = span.partition("-")
    if unit != "bytes" or not (first.isdigit() and last.isdigit() and total.isdigit()):
        raise Invalid("content_range_unreadable", header=header)
    rng = ContentRange(int(first), int(last), int(total))
    if rng.end < rng.start or rng.end >= rng.total:
        raise Invalid("content_range_invalid", header=header, total=rng.total)
    return rng


@contextmanager
def part_locked(path: Path, *, wait: bool) -> Iterator[None]:
    """One writer at a time on a session's partial file, whichever process of `temoin serve` the chunk reached:
    an ``flock`` on the file itself (each holder opens it, so threads and processes exclude each other alike).
    ``wait=False`` raises ``BlockingIOError`` at once when another writer has it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise Conflict("upload_partial_gone") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)  # releases the lock


class _HashStates:
    """Running SHA-256 per session, with the offset it covers (this process's; another process that took a
    chunk since re-reads the file: the offset it covers then differs from the session's)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._states: dict[str, tuple[int, Any]] = {}

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
                    raise Conflict("upload_partial_short")
                digest.update(block)
                remaining -= len(block)
        return digest

    def put(self, session_id: str, offset: int, digest: Any) -> None:
        with self._guard:
            self._states[session_id] = (offset, digest)

    def forget(self, session_id: str) -> None:
        with self._guard:
            self._states.pop(session_id, None)


HASHES = _HashStates()


def part_path(uploads_dir: Path, session_id: str) -> Path:
    return uploads_dir / f"{PREFIX}{session_id}"


def start_upload(*, session: Session, uploads_dir: Path, actor: Actor, case_id: str, filename: str, size: int,
                 limit: int, intake: Intake, consent: list[ConsentGrant]) -> UploadSession:
    """Open a session after the same checks as a one-shot upload (permission, case, size, metadata)."""
    check_upload(session, actor=actor, case_id=case_id)
    if size <= 0:
        raise EmptyUpload("upload_empty", file=filename or "—")
    if size > limit:
        raise UploadTooLarge("upload_too_large", limit=limit)
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
        raise NotFound("upload_session", id=upload_id)
    if actor.role != "system" and (actor.user_id is None or actor.user_id != record.user_id):
        raise PermissionDenied("upload_not_yours")
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
        raise NotFinished("upload_already_complete", offset=offset)
    if content_range.total != size:
        raise Invalid("content_range_total", total=content_range.total, size=size)
    try:
        with part_locked(part_path(uploads_dir, upload_id), wait=False):
            return await _write_chunk(db_session, uploads_dir, upload_id, offset, content_range, body)
    except BlockingIOError:
        raise OffsetMismatch("upload_chunk_busy", offset=offset) from None


async def _write_chunk(db_session: UnitOfWork, uploads_dir: Path, upload_id: str, offset: int, rng: ContentRange,
                       body: AsyncIterator[bytes]) -> int:
    if rng.start != offset:
        raise OffsetMismatch("upload_offset_mismatch", offset=offset, start=rng.start)
    path = part_path(uploads_dir, upload_id)
    if not path.exists():
        raise Conflict("upload_partial_gone")
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
                raise Invalid("upload_chunk_long", length=rng.length)
            digest.update(block)
            os.write(fd, block)
        if received != rng.length:
            raise Invalid("upload_chunk_cut", received=received, length=rng.length, offset=offset)
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


def complete_upload(*, archive: Archive, actor: Actor, upload_id: str) -> dict[str, Any]:
    """Verify the size, hash, then add the item exactly as a one-shot upload does; the same receipt. The item
    and the completed mark commit together: completing twice gives the same receipt, never a second item."""
    with archive.db.session() as session:
        record = get_upload(session, actor=actor, upload_id=upload_id)
        if record.status == "completed" and record.item_id:  # the client lost the answer: same receipt again
            item = session.get(Item, record.item_id)
            if item is None:
                raise NotFound("upload_item_gone", id=upload_id)
            earlier = session.execute(select(Item.id).where(Item.sha256 == item.sha256, Item.id != item.id,
                                                            Item.created_at < item.created_at)).scalars()
            return _receipt(item, list(earlier))
        if record.offset != record.size:
            raise NotFinished("upload_not_finished", offset=record.offset, size=record.size)
        size, filename, case_id = record.size, record.filename, record.case_id
        intake = Intake.model_validate(record.intake)
        consent = [ConsentGrant.model_validate(c) for c in record.consent]
    path = part_path(archive.settings.uploads_dir, upload_id)
    on_disk = path.stat().st_size if path.exists() else -1
    if on_disk != size:
        raise Conflict("upload_size_differs", received=on_disk, size=size)
    with part_locked(path, wait=True):
        sha256 = HASHES.get(upload_id, path, size).hexdigest()

    def mark_completed(session: Session, item: Item) -> None:
        record = session.get(UploadSession, upload_id, with_for_update=True)
        if record is None or record.status == "completed":
            raise Conflict("upload_already_complete", offset=size)  # a concurrent completion won: roll back
        record.status, record.item_id, record.updated_at = "completed", item.id, utcnow()

    added = add_item(archive=archive, actor=actor, case_id=case_id, received=ReceivedFile(path, sha256, size, filename),
                     intake=intake, consent=consent, on_recorded=mark_completed)
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
