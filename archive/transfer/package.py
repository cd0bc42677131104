"""The transfer package format (``temoin-transfer/1``) and its verification.

A ZIP holding::

    manifest.json          what is inside: every other file with its SHA-256 and size, the origin archive,
                           the custody segment (first/last seq, the hash before it, the head hash)
    manifest.sig           Ed25519 signature of manifest.json's exact bytes by the origin archive's key
    rows/<table>.json      the rows, one JSON list per table (datetimes as ISO 8601 UTC)
    custody.json           the origin's custody entries of the period, each with its entry_hash
    blobs/<sha256>         the objects (originals and artefacts), content-addressed
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Table
from sqlalchemy.types import TypeDecorator

from archive.disclosures.models import EvidenceNumber
from archive.errors import Conflict
from archive.exports.signing import fingerprint, load_public, signature_valid
from archive.models import Artefact, Blob, Case, ConsentEvent, Item, RedactionSpan

FORMAT = "temoin-transfer/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CUSTODY = "custody.json"
CUSTODY_MEDIA_TYPE = "application/vnd.temoin.custody+json"
#: Tables carried, parents first (the order rows are merged in).
TABLES: tuple[Table, ...] = tuple(m.__table__ for m in (Blob, Case, Item, ConsentEvent, Artefact, RedactionSpan,  # type: ignore[misc]
                                                        EvidenceNumber))
#: Tables a package made before they existed may lack (merged as empty).
OPTIONAL_TABLES = frozenset({"evidence_numbers"})


class TransferRefused(Conflict, ValueError):
    """The package is damaged, altered, unsigned by the expected key, or not a transfer package (``err.transfer_*``)."""


def rows_name(table: Table) -> str:
    return f"rows/{table.name}.json"


def blob_name(sha256: str) -> str:
    return f"blobs/{sha256}"


def encode_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for k, v in row.items()}


def decode_row(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    """A row as the database layer wants it (dates and datetimes parsed back); unknown columns refused."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in table.c:
            raise TransferRefused("transfer_column", rows=rows_name(table), column=key)
        declared = table.c[key].type
        kind: Any = declared.impl if isinstance(declared, TypeDecorator) else declared
        if value is not None and isinstance(kind, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = dt.date.fromisoformat(value)
        out[key] = value
    return out


def sha256_of(zf: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with zf.open(name) as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


@dataclass(frozen=True)
class VerifiedPackage:
    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    key_fingerprint: str
    key_pem: bytes

    @property
    def origin(self) -> str:
        return str(self.manifest["archive_id"])


def verify_package(path: Path, *, key_pem: bytes | None, key_source: str = "--key") -> VerifiedPackage:
    """Check the signature (with ``key_pem``, else the key inside, which the caller must then trust) and every
    file's SHA-256 and size; raise ``TransferRefused`` naming the first file that does not match."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TransferRefused("transfer_not_zip", path=path, detail=exc) from exc
    with zf:
        names = set(zf.namelist())
        for needed in (MANIFEST, SIGNATURE):
            if needed not in names:
                raise TransferRefused("transfer_lacks", path=path, needed=needed)
        raw = zf.read(MANIFEST)
        try:
            manifest = json.loads(raw)
            if manifest.get("format") != FORMAT:
                raise ValueError(f"format {manifest.get('format')!r}, expected {FORMAT!r}")
            files: dict[str, dict[str, Any]] = manifest["files"]
            embedded = str(manifest["public_key"]).encode("ascii")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TransferRefused("transfer_manifest", path=path, manifest=MANIFEST, detail=exc) from exc
        key = load_public(key_pem if key_pem is not None else embedded, source=key_source)
        if not signature_valid(key, zf.read(SIGNATURE), raw):
            raise TransferRefused("transfer_signature", path=path, manifest=MANIFEST, fingerprint=fingerprint(key),
                                  source=key_source)
        for extra in sorted(names - set(files) - {MANIFEST, SIGNATURE}):
            raise TransferRefused("transfer_extra", path=path, name=extra)
        for name, meta in sorted(files.items()):
            if name not in names:
                raise TransferRefused("transfer_missing", path=path, name=name)
            digest, size = sha256_of(zf, name)
            if (digest, size) != (meta.get("sha256"), meta.get("size")):
                raise TransferRefused("transfer_altered", path=path, name=name, digest=digest, size=size,
                                      signed=meta.get("sha256"), signed_size=meta.get("size"))
    return VerifiedPackage(path, manifest, hashlib.sha256(raw).hexdigest(), fingerprint(key),
                           key_pem if key_pem is not None else embedded)
