"""`temoin transfer import`: verify a field office's package, then merge it without duplicates.

Rows merge by id (consent events, whose ids are local counters, by content), objects by SHA-256. The central
custody chain gets new ``import`` entries that point at the field office's entries by (origin archive id, seq,
entry_hash); the field office's entries themselves are kept, as sent, as a content-addressed object (see
``archive.transfer.foreign``), so both chains stay verifiable.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from archive import custody
from archive.context import Archive
from archive.custody import Actor, verify_entries
from archive.disclosures import evidence
from archive.exports.signing import archive_id
from archive.jobs import queue
from archive.models import Artefact, Blob, CustodyEntry
from archive.storage.base import StorageError
from archive.transfer.foreign import FIELD_KEYS, entry_from_dict, pinned_key, store_copy
from archive.transfer.package import (
    CUSTODY,
    OPTIONAL_TABLES,
    TABLES,
    TransferRefused,
    VerifiedPackage,
    blob_name,
    decode_row,
    rows_name,
    verify_package,
)

_CONSENT_IDENTITY = ("item_id", "scope", "status", "recorded_at", "recorded_by")


@dataclass
class TransferImport:
    origin: str
    manifest_sha256: str
    key_fingerprint: str
    custody_entries: int = 0
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    objects_stored: int = 0
    import_entries: int = 0
    already_imported: bool = False
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _origin_of(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            return str(json.loads(zf.read("manifest.json"))["archive_id"])
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise TransferRefused("transfer_unreadable", path=path, detail=exc) from exc


def _verified(archive: Archive, path: Path, key_pem: bytes | None, key_source: str) -> VerifiedPackage:
    pinned = pinned_key(archive.settings, _origin_of(path))
    if key_pem is None and pinned is None:
        raise TransferRefused("transfer_unknown_key", path=path)
    return verify_package(path, key_pem=key_pem if key_pem is not None else pinned,
                          key_source=key_source if key_pem is not None else "the key pinned at the first import")


def _exists(session: Session, table: Table, row: dict[str, Any]) -> bool:
    if table.name == "consent_events":
        where = [table.c[k] == row[k] for k in _CONSENT_IDENTITY]
    elif table.name == "artefacts":  # same id, or the same (item, kind, version) made elsewhere
        found = session.execute(select(Artefact.id).where(
            (Artefact.id == row["id"]) | ((Artefact.item_id == row["item_id"]) & (Artefact.kind == row["kind"])
                                          & (Artefact.version == row["version"])))).first()
        return found is not None
    else:
        where = [col == row[col.key] for col in table.primary_key.columns]
    return session.execute(select(*table.primary_key.columns).where(*where).limit(1)).first() is not None


def _store_objects(archive: Archive, pkg: VerifiedPackage, zf: zipfile.ZipFile, report: TransferImport,
                   progress: Callable[[float], None] | None) -> None:
    blobs = json.loads(zf.read(rows_name(Blob.__table__)))  # type: ignore[arg-type]
    work = archive.settings.uploads_dir
    work.mkdir(parents=True, exist_ok=True)
    for n, blob in enumerate(blobs, start=1):
        sha = str(blob["sha256"])
        if not archive.store.exists(sha):
            with tempfile.NamedTemporaryFile(dir=work, prefix="transfer-") as tmp:
                with zf.open(blob_name(sha)) as src:
                    while chunk := src.read(1 << 20):
                        tmp.write(chunk)
                tmp.flush()
                archive.store.put(sha, Path(tmp.name), media_type=str(blob["media_type"]))
            report.objects_stored += 1
        if progress:
            progress(n / max(1, len(blobs)) * 0.8)


def import_package(archive: Archive, *, actor: Actor, path: Path, key_pem: bytes | None = None,
                   key_source: str = "--key", progress: Callable[[float], None] | None = None) -> TransferImport:
    """Verify ``path`` (hashes, signature, the origin's custody segment), then merge it in one transaction."""
    pkg = _verified(archive, path, key_pem, key_source)
    if pkg.origin == archive_id(archive.settings):
        raise TransferRefused("transfer_own_package", path=path, origin=pkg.origin)
    report = TransferImport(pkg.origin, pkg.manifest_sha256, pkg.key_fingerprint)
    with zipfile.ZipFile(path) as zf:
        raw_custody = zf.read(CUSTODY)
        entries = json.loads(raw_custody)
        seg = pkg.manifest["custody"]
        chain = verify_entries((entry_from_dict(e) for e in entries), start_prev=str(seg["start_prev"]),
                               start_seq=int(seg["first_seq"]) or 1,
                               expected_head=(int(seg["last_seq"]), str(seg["head_hash"])) if entries else None)
        if not chain.ok:
            raise TransferRefused("transfer_custody", path=path, problem=chain.problem)
        report.custody_entries = chain.entries
        with archive.db.session() as session:
            if session.execute(select(CustodyEntry.seq).where(
                    CustodyEntry.action == "import", CustodyEntry.object_type == "transfer",
                    CustodyEntry.object_id == pkg.manifest_sha256)).first() is not None:
                report.already_imported = True
                return report
        try:
            _store_objects(archive, pkg, zf, report, progress)
        except StorageError as exc:
            raise TransferRefused("transfer_object", path=path, detail=exc) from exc
        with archive.db.session() as session:
            added = _merge_rows(session, zf, report)
            copy_sha = store_copy(session, archive.store, archive.settings.uploads_dir, raw_custody)
            _record(session, actor, pkg, entries, added, copy_sha, report)
    (archive.settings.keys_dir / FIELD_KEYS).mkdir(parents=True, exist_ok=True, mode=0o700)
    (archive.settings.keys_dir / FIELD_KEYS / f"{pkg.origin}.pem").write_bytes(pkg.key_pem)
    if progress:
        progress(1.0)
    return report


def _merge_rows(session: Session, zf: zipfile.ZipFile, report: TransferImport) -> dict[str, list[str]]:
    added: dict[str, list[str]] = {}
    for table in TABLES:
        if table.name in OPTIONAL_TABLES and rows_name(table) not in zf.namelist():
            continue
        rows = [decode_row(table, r) for r in json.loads(zf.read(rows_name(table)))]
        if table.name == "evidence_numbers":  # kept as numbered at the field office; a collision is refused
            new_ids = evidence.adopt(session, rows)
            report.added[table.name], report.skipped[table.name] = len(new_ids), len(rows) - len(new_ids)
            added[table.name] = new_ids
            continue
        new = [r for r in rows if not _exists(session, table, r)]
        if table.name == "consent_events":
            for r in new:
                r.pop("id", None)  # a local counter: the central archive numbers its own
        if new:
            session.execute(table.insert(), new)
        session.flush()
        if table.name == "consent_events":  # the ready counts of statistics follow (archive/acts/cells.py)
            from archive.acts.cells import resync_item

            for item_id in sorted({str(r["item_id"]) for r in new if r.get("scope") == "aggregate_stats"}):
                resync_item(session, item_id)
        report.added[table.name], report.skipped[table.name] = len(new), len(rows) - len(new)
        added[table.name] = [str(r.get("id", r.get("sha256", ""))) for r in new]
        if table.name == "items":
            sealed = sum(1 for r in new if r.get("confidentiality") == "sealed")
            if sealed:
                report.warnings.append(f"{sealed} item(s) under seal arrived without named users (those are the "
                                       "field office's accounts): nobody but the operator sees them until an "
                                       "administrator names central users")
    return added


def _record(session: Session, actor: Actor, pkg: VerifiedPackage, entries: list[dict[str, Any]],
            added: dict[str, list[str]], copy_sha: str, report: TransferImport) -> None:
    by_object: dict[str, list[list[Any]]] = {}
    for e in entries:
        by_object.setdefault(str(e["object_id"]), []).append([e["seq"], e["entry_hash"]])
    for object_type, table in (("case", "cases"), ("item", "items")):
        for object_id in added.get(table, []):
            custody.record(session, actor=actor, action="import", object_type=object_type, object_id=object_id,
                           details={"origin": pkg.origin, "manifest_sha256": pkg.manifest_sha256,
                                    "refs": by_object.get(object_id, [])})
            report.import_entries += 1
    for item_id in added.get("items", []):
        queue.enqueue(session, item_id, "index")
        # The forms of the typed titles were made (and keyed) by the field office: redacted-only readers here
        # see them withheld until this archive has made its own.
        queue.enqueue(session, item_id, "freetext")
    seg = pkg.manifest["custody"]
    custody.record(session, actor=actor, action="import", object_type="transfer", object_id=pkg.manifest_sha256,
                   details={"origin": pkg.origin, "archive_name": pkg.manifest.get("archive_name", ""),
                            "key_fingerprint": pkg.key_fingerprint, "custody_copy": copy_sha,
                            "first_seq": seg["first_seq"], "last_seq": seg["last_seq"],
                            "start_prev": seg["start_prev"], "head_hash": seg["head_hash"], "added": report.added})
    report.import_entries += 1
