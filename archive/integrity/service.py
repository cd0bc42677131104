"""Fixity (re-hash every stored object) and custody-chain verification."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive import custody
from archive.custody import Actor, ChainReport
from archive.models import Artefact, Blob, Item
from archive.storage.base import ObjectMissing, ObjectStore, StorageError
from archive.storage.verify import hash_object


@dataclass(frozen=True)
class FixityProblem:
    sha256: str
    kind: str  # missing | mismatch | sidecar_mismatch | unreadable
    detail: str
    items: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "kind": self.kind, "detail": self.detail, "items": list(self.items)}


@dataclass
class FixityReport:
    checked: int = 0
    bytes: int = 0
    problems: list[FixityProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "bytes": self.bytes,
                "problems": [p.as_dict() for p in self.problems]}


def _owners(session: Session, sha256: str) -> tuple[str, ...]:
    items = session.execute(select(Item.id).where(Item.sha256 == sha256)).scalars().all()
    arts = session.execute(select(Artefact.item_id).where(Artefact.sha256 == sha256)).scalars().all()
    return tuple(dict.fromkeys([*items, *arts]))


def check_blob(store: ObjectStore, blob: Blob) -> tuple[str, str] | None:
    """(kind, detail) of what is wrong with one stored object, or None if it is intact."""
    try:
        digest, size = hash_object(store, blob.sha256)
    except ObjectMissing:
        return "missing", "the object is missing from the store"
    except StorageError as exc:
        return "unreadable", str(exc)
    if digest != blob.sha256:
        return "mismatch", f"content hashes to {digest} ({size} bytes), expected {blob.sha256}"
    recorded = store.recorded_sha256(blob.sha256)
    if recorded is not None and recorded != blob.sha256:
        return "sidecar_mismatch", f"the hash recorded beside the object says {recorded}"
    return None


def run_fixity(session: Session, store: ObjectStore, *, actor: Actor,
               progress: Callable[[int, int], None] | None = None) -> FixityReport:
    report = FixityReport()
    total = session.execute(select(func.count()).select_from(Blob)).scalar_one()
    last = ""
    while True:
        blobs = session.execute(select(Blob).where(Blob.sha256 > last).order_by(Blob.sha256).limit(500)).scalars()
        batch = list(blobs)
        if not batch:
            break
        for blob in batch:
            problem = check_blob(store, blob)
            if problem:
                report.problems.append(FixityProblem(blob.sha256, *problem, _owners(session, blob.sha256)))
            report.checked += 1
            report.bytes += blob.size
            if progress:
                progress(report.checked, total)
        last = batch[-1].sha256
    custody.record(session, actor=actor, action="fixity", object_type="archive", object_id="objects",
                   details={"checked": report.checked, "problems": len(report.problems)})
    return report


def verify_custody(session: Session) -> ChainReport:
    return custody.verify_chain(session)
