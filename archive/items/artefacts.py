"""Derived artefacts (extracted text, transcripts, corrections): content-addressed JSON objects, versioned."""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Artefact, Blob, Item
from archive.storage.base import ObjectStore
from archive.storage.verify import verify_object

ARTEFACT_MEDIA_TYPE = "application/vnd.temoin.extraction+json"


def latest_artefact(session: Session, item_id: str, kind: str) -> Artefact | None:
    return session.execute(
        select(Artefact).where(Artefact.item_id == item_id, Artefact.kind == kind)
        .order_by(Artefact.version.desc()).limit(1)
    ).scalar_one_or_none()


def read_json_artefact(store: ObjectStore, artefact: Artefact) -> dict[str, Any]:
    """The artefact's document, verified against its SHA-256 first."""
    verify_object(store, artefact.sha256)
    with store.open(artefact.sha256) as fh:
        data: dict[str, Any] = json.loads(fh.read().decode("utf-8"))
    return data


def store_json_artefact(session: Session, store: ObjectStore, work_dir: Path, *, item_id: str, kind: str,
                        document: dict[str, Any], tool: str, actor_name: str,
                        version: int | None = None) -> tuple[Artefact, bool]:
    """Store a JSON artefact (content-addressed); returns (artefact, created). The same bytes as the latest
    version -> no new row; the bytes of an older version (a decision undone) -> a new version of them."""
    payload = json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    sha = hashlib.sha256(payload).hexdigest()
    latest = latest_artefact(session, item_id, kind)
    if latest is not None and latest.sha256 == sha:
        return latest, False  # the same bytes again: nothing new (an earlier version coming back is new)
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=work_dir, prefix="upload-", delete=False) as fh:
        fh.write(payload)
        tmp = Path(fh.name)
    try:
        store.put(sha, tmp, media_type=ARTEFACT_MEDIA_TYPE)
    finally:
        tmp.unlink(missing_ok=True)
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=len(payload), media_type=ARTEFACT_MEDIA_TYPE))
        session.flush()  # the blob row before the artefact that refers to it
    if version is None:
        last = session.execute(
            select(Artefact.version).where(Artefact.item_id == item_id, Artefact.kind == kind)
            .order_by(Artefact.version.desc()).limit(1)
        ).scalar_one_or_none()
        version = (last or 0) + 1
    art = Artefact(item_id=item_id, kind=kind, version=version, sha256=sha, media_type=ARTEFACT_MEDIA_TYPE,
                   tool=tool[:200], created_by=actor_name)
    session.add(art)
    session.flush()
    return art, True


@dataclass(frozen=True)
class ItemText:
    text: str
    sha256: str
    document: dict[str, Any]


def item_text(session: Session, store: ObjectStore, item: Item) -> ItemText | None:
    art = latest_artefact(session, item.id, "text")
    if art is None:
        return None
    doc = read_json_artefact(store, art)
    return ItemText(str(doc["text"]), art.sha256, doc)


def redacted_view(session: Session, store: ObjectStore, item: Item) -> dict[str, Any] | None:
    art = latest_artefact(session, item.id, "redacted")
    return read_json_artefact(store, art) if art is not None else None


def piece_starts(full: str, pieces: list[str]) -> list[int]:
    """Where each page or transcript segment of an item's text starts in the full text (they appear in order;
    a piece not found starts where the previous one ended). The index and the evidence citations both use it."""
    out, cursor = [], 0
    for piece in pieces:
        found = full.find(piece.strip(), cursor) if piece.strip() else -1
        at = found if found >= 0 else cursor
        out.append(at)
        cursor = at + len(piece.strip())
    return out
