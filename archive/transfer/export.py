"""`temoin transfer export --since`: what a field office recorded since a date, as a signed package."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive import custody
from archive.context import Archive
from archive.custody import GENESIS, Actor
from archive.disclosures.models import EvidenceNumber
from archive.errors import Conflict, Invalid
from archive.exports.signing import archive_id, current_public, sign
from archive.models import Artefact, Blob, Case, ConsentEvent, CustodyEntry, Item, RedactionSpan
from archive.transfer.package import CUSTODY, FORMAT, MANIFEST, SIGNATURE, blob_name, encode_row


@dataclass(frozen=True)
class TransferExport:
    path: Path
    sha256: str
    manifest_sha256: str
    key_fingerprint: str
    archive_id: str
    counts: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path)}


def _row(obj: Any) -> dict[str, Any]:
    return encode_row({c.key: getattr(obj, c.key) for c in obj.__table__.columns})


def select_rows(session: Session, since: dt.datetime) -> dict[str, list[Any]]:
    """The rows created (or reviewed) since ``since``, with the items and cases they hang on."""
    consent = session.execute(select(ConsentEvent).where(ConsentEvent.recorded_at >= since)
                              .order_by(ConsentEvent.id)).scalars().all()
    artefacts = session.execute(select(Artefact).where(Artefact.created_at >= since)).scalars().all()
    spans = session.execute(select(RedactionSpan).where(or_(RedactionSpan.created_at >= since,
                                                            RedactionSpan.reviewed_at >= since))).scalars().all()
    item_ids = set(session.execute(select(Item.id).where(Item.created_at >= since)).scalars())
    item_ids |= {c.item_id for c in consent} | {a.item_id for a in artefacts} | {s.item_id for s in spans}
    items = session.execute(select(Item).where(Item.id.in_(item_ids)).order_by(Item.id)).scalars().all()
    case_ids = {i.case_id for i in items} | set(session.execute(select(Case.id).where(Case.created_at >= since))
                                                 .scalars())
    cases = session.execute(select(Case).where(Case.id.in_(case_ids)).order_by(Case.id)).scalars().all()
    shas = {i.sha256 for i in items} | {a.sha256 for a in artefacts}
    blobs = session.execute(select(Blob).where(Blob.sha256.in_(shas)).order_by(Blob.sha256)).scalars().all()
    numbers = session.execute(select(EvidenceNumber).where(EvidenceNumber.item_id.in_([i.id for i in items]))
                              .order_by(EvidenceNumber.item_id)).scalars().all()
    return {"blobs": list(blobs), "cases": list(cases), "items": list(items), "consent_events": list(consent),
            "artefacts": list(artefacts), "redaction_spans": list(spans), "evidence_numbers": list(numbers)}


def custody_segment(session: Session, since: dt.datetime) -> tuple[list[dict[str, Any]], str]:
    """Every entry from the first one at or after ``since`` to the head (contiguous), and the hash before it."""
    first = session.execute(select(CustodyEntry.seq).where(CustodyEntry.at >= since.astimezone(dt.UTC).isoformat())
                            .order_by(CustodyEntry.seq).limit(1)).scalar_one_or_none()
    if first is None:
        return [], GENESIS
    entries = [custody.as_dict(e) for e in session.execute(
        select(CustodyEntry).where(CustodyEntry.seq >= first).order_by(CustodyEntry.seq)).scalars()]
    return entries, str(entries[0]["prev_hash"])


def export_since(archive: Archive, *, actor: Actor, since: dt.datetime, dst: Path,
                 progress: Callable[[float], None] | None = None) -> TransferExport:
    """Write the package to ``dst`` (via a temporary file: a failure leaves nothing behind)."""
    if since.tzinfo is None:
        raise Invalid("since_format")
    settings = archive.settings
    files: dict[str, dict[str, Any]] = {}
    temp = dst.with_name(f".{dst.name}.partial")
    with archive.db.session() as session:
        rows = select_rows(session, since)
        entries, start_prev = custody_segment(session, since)
    total = max(1, len(rows["blobs"]))
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        def add(name: str, data: bytes) -> None:
            zf.writestr(name, data)
            files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

        for table, objs in rows.items():
            add(f"rows/{table}.json", json.dumps([_row(o) for o in objs], ensure_ascii=False, sort_keys=True)
                .encode("utf-8"))
        add(CUSTODY, json.dumps(entries, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        for n, blob in enumerate(rows["blobs"], start=1):
            digest, size = hashlib.sha256(), 0
            with archive.store.open(blob.sha256) as src, zf.open(zipfile.ZipInfo(blob_name(blob.sha256)), "w",
                                                                  force_zip64=True) as out:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if digest.hexdigest() != blob.sha256:
                temp.unlink(missing_ok=True)
                raise Conflict("object_damaged", sha256=blob.sha256, actual=digest.hexdigest())
            files[blob_name(blob.sha256)] = {"sha256": blob.sha256, "size": size}
            if progress:
                progress(n / total * 0.95)
        public = current_public(settings)
        manifest: dict[str, Any] = {
            "format": FORMAT, "archive_id": archive_id(settings), "archive_name": settings.archive_name,
            "since": since.isoformat(), "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "public_key": public.pem.decode("ascii"), "key_fingerprint": public.fingerprint,
            "counts": {t: len(o) for t, o in rows.items()} | {"custody": len(entries)},
            "custody": {"first_seq": entries[0]["seq"] if entries else 0,
                        "last_seq": entries[-1]["seq"] if entries else 0,
                        "start_prev": start_prev, "head_hash": entries[-1]["entry_hash"] if entries else GENESIS},
            "files": files,
        }
        raw = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        zf.writestr(MANIFEST, raw)
        zf.writestr(SIGNATURE, sign(settings, raw))
    digest = hashlib.sha256()
    with temp.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    package_sha = digest.hexdigest()
    temp.replace(dst)
    with archive.db.session() as session:
        custody.record(session, actor=actor, action="export", object_type="transfer", object_id=package_sha,
                       details={"since": since.isoformat(), "manifest_sha256": hashlib.sha256(raw).hexdigest(),
                                "counts": manifest["counts"]})
    if progress:
        progress(1.0)
    return TransferExport(dst, package_sha, hashlib.sha256(raw).hexdigest(), public.fingerprint,
                          str(manifest["archive_id"]), dict(manifest["counts"]))

