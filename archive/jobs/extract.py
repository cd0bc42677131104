"""The `extract` stage: original -> text (+ pages, transcript segments, metadata) as a derived artefact.

The original is read, never modified. The artefact is its own content-addressed object, linked to the
item with the tool that made it; a re-run that produces the same bytes adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.context import Archive
from archive.custody import SYSTEM
from archive.jobs.queue import PermanentFailure
from archive.models import Artefact, Blob, Item
from archive.storage.base import CHUNK, ObjectStore
from archive.storage.verify import IntegrityError, verify_object
from ingest.base import Extraction, IngestOptions
from ingest.exc import IngestError
from ingest.registry import extract

ARTEFACT_MEDIA_TYPE = "application/vnd.temoin.extraction+json"


@contextmanager
def materialise(store: ObjectStore, sha256: str, work_dir: Path) -> Iterator[Path]:
    """A local path to read the object from: the stored file itself, or a temporary copy."""
    path_of = getattr(store, "path_of", None)
    if callable(path_of):
        yield Path(path_of(sha256))
        return
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        target = Path(tmp) / sha256
        with store.open(sha256) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
        yield target


def extraction_document(result: Extraction) -> dict[str, Any]:
    data = asdict(result)
    data["sensitive_keys"] = sorted(result.sensitive_keys)
    data["metadata"] = dict(result.metadata)
    return data


def store_json_artefact(session: Session, store: ObjectStore, work_dir: Path, *, item_id: str, kind: str,
                        document: dict[str, Any], tool: str, actor_name: str,
                        version: int | None = None) -> tuple[Artefact, bool]:
    """Store a JSON artefact (content-addressed); returns (artefact, created). Same bytes -> no new row."""
    payload = json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    sha = hashlib.sha256(payload).hexdigest()
    existing = session.execute(
        select(Artefact).where(Artefact.item_id == item_id, Artefact.kind == kind, Artefact.sha256 == sha)
    ).scalar_one_or_none()
    if existing is not None:
        return existing, False
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


def ingest_options(archive: Archive, item: Item) -> IngestOptions:
    settings = archive.settings
    return IngestOptions(language=item.language, asr_model_dir=settings.asr_model,
                         model_cache_dir=settings.data_dir / "models")


def run_extract(archive: Archive, item_id: str, progress: Callable[[float], None]) -> None:
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        if item is None:
            raise PermanentFailure(f"item {item_id} no longer exists")
        if session.execute(select(Artefact.id).where(Artefact.item_id == item_id, Artefact.kind == "text")
                           .limit(1)).first():
            return  # already extracted (a re-run after a crash between storing and completing)
        sha, media_type, options = item.sha256, item.media_type, ingest_options(archive, item)
    try:
        verify_object(archive.store, sha)
    except IntegrityError as exc:
        raise PermanentFailure(f"the original no longer matches its SHA-256: {exc}") from exc
    work = archive.settings.data_dir / "work"
    try:
        with materialise(archive.store, sha, work) as path:
            result = extract(path, media_type=media_type, options=options, progress=progress)
    except IngestError as exc:
        raise PermanentFailure(str(exc)) from exc
    document = extraction_document(result)
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        if item is None:
            raise PermanentFailure(f"item {item_id} no longer exists")
        art, created = store_json_artefact(session, archive.store, work, item_id=item_id, kind="text",
                                           document=document, tool=f"{result.ingestor} ({result.tool})",
                                           actor_name=SYSTEM.name, version=1)
        item.extracted = {"metadata": document["metadata"], "sensitive_keys": document["sensitive_keys"],
                          "language": result.language, "language_note": result.language_note,
                          "ingestor": result.ingestor, "tool": result.tool}
        if not item.language and result.language:
            item.language = result.language if len(result.language) <= 12 else None
        if created:
            custody.record(session, actor=SYSTEM, action="artefact", object_type="item", object_id=item_id,
                           details={"kind": "text", "sha256": art.sha256, "derived_from": sha,
                                    "tool": art.tool, "version": art.version})
