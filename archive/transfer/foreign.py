"""Field offices' custody entries kept on the central archive, and their verification.

Each import stores the origin's custody segment exactly as sent (canonical JSON, a content-addressed object
with a ``blobs`` row, so ``temoin fixity`` watches it) and records an ``import`` entry of type ``transfer``
naming it. ``verify_foreign`` re-walks every stored segment and checks that each ``import`` entry's
references (origin, seq, entry_hash) point at an entry that is there.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.custody import verify_entries
from archive.models import Blob, CustodyEntry
from archive.settings import Settings
from archive.storage.base import ObjectStore
from archive.transfer.package import CUSTODY_MEDIA_TYPE

FIELD_KEYS = "field-offices"


def pinned_key(settings: Settings, origin: str) -> bytes | None:
    """The public key remembered for this field office at its first import, if any."""
    path = settings.keys_dir / FIELD_KEYS / f"{Path(origin).name}.pem"
    return path.read_bytes() if path.is_file() else None


def entry_from_dict(data: dict[str, Any]) -> CustodyEntry:
    """A detached custody entry (never added to a session) rebuilt from its exported fields."""
    return CustodyEntry(**{k: data[k] for k in ("seq", "at", "actor", "role", "action", "object_type",
                                                "object_id", "reason", "details", "prev_hash", "entry_hash")})


def store_copy(session: Session, store: ObjectStore, work_dir: Path, raw: bytes) -> str:
    """Keep the origin's entries as sent; return the object's SHA-256."""
    sha = hashlib.sha256(raw).hexdigest()
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=work_dir, prefix="custody-") as tmp:
        tmp.write(raw)
        tmp.flush()
        store.put(sha, Path(tmp.name), media_type=CUSTODY_MEDIA_TYPE)
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=len(raw), media_type=CUSTODY_MEDIA_TYPE))
        session.flush()
    return sha


@dataclass
class ForeignReport:
    ok: bool = True
    segments: int = 0
    entries: int = 0
    references: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _load(store: ObjectStore, sha: str) -> list[dict[str, Any]]:
    with store.open(sha) as fh:
        raw = fh.read()
    if hashlib.sha256(raw).hexdigest() != sha:
        raise ValueError(f"the stored copy {sha} of a field office's custody entries was altered")
    data: list[dict[str, Any]] = json.loads(raw)
    return data


def verify_foreign(session: Session, store: ObjectStore) -> ForeignReport:
    """Re-verify every field office's stored custody segment and every reference the central chain makes."""
    report = ForeignReport()
    known: dict[str, dict[int, str]] = {}
    imports = session.execute(select(CustodyEntry).where(CustodyEntry.action == "import")
                              .order_by(CustodyEntry.seq)).scalars().all()
    for entry in imports:
        details = json.loads(entry.details)
        if entry.object_type != "transfer":
            continue
        report.segments += 1
        try:
            entries = _load(store, str(details["custody_copy"]))
        except (ValueError, KeyError, OSError) as exc:
            report.problems.append(f"import entry {entry.seq}: {exc}")
            continue
        chain = verify_entries((entry_from_dict(e) for e in entries), start_prev=str(details["start_prev"]),
                               start_seq=int(details["first_seq"]) or 1,
                               expected_head=(int(details["last_seq"]), str(details["head_hash"])) if entries else None)
        if not chain.ok:
            report.problems.append(f"field office {details['origin']}, segment of import entry {entry.seq}: "
                                   f"{chain.problem}")
        report.entries += chain.entries
        known.setdefault(str(details["origin"]), {}).update({int(e["seq"]): str(e["entry_hash"]) for e in entries})
    for entry in imports:
        details = json.loads(entry.details)
        for seq, entry_hash in details.get("refs", []):
            report.references += 1
            if known.get(str(details["origin"]), {}).get(int(seq)) != entry_hash:
                report.problems.append(f"import entry {entry.seq} refers to entry {seq} ({entry_hash}) of "
                                       f"{details['origin']}, which no stored segment holds")
    report.ok = not report.problems
    return report
