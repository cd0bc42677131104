"""The `extract` stage: original -> text (+ pages, transcript segments, metadata) as a derived artefact.

The original is read, never modified. The artefact is its own content-addressed object, linked to the
item with the tool that made it; a re-run that produces the same bytes adds nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive import custody
from archive.context import Archive
from archive.custody import SYSTEM
from archive.items.artefacts import store_json_artefact
from archive.jobs.queue import PermanentFailure, TransientFailure
from archive.models import Artefact, Item
from archive.storage.base import CHUNK, ObjectStore
from archive.storage.verify import IntegrityError, verify_object
from ingest.base import Extraction, IngestOptions
from ingest.exc import IngestError, ToolUnavailable
from ingest.registry import extract


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


def ingest_options(archive: Archive, item: Item) -> IngestOptions:
    settings = archive.settings
    return IngestOptions(language=item.language, asr_model_dir=settings.asr_model,
                         model_cache_dir=settings.resolved_model_cache_dir / "whisper-base")


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
    except ToolUnavailable as exc:  # an installation problem (missing model or language pack), not bad input
        raise TransientFailure(str(exc)) from exc
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
