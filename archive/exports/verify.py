"""Check a bundle offline: every file against the manifest, the signature, and the custody entries.

Order of the checks, so the first thing reported is the first that does not match: the manifest must be
readable; the signature must verify over the manifest's exact bytes with the embedded public key (or the
one given); each file listed must be in the ZIP with the listed SHA-256 (in manifest order), and no other
file may be; each custody entry's hash must match its content, consecutive entries must link, and no
entry may be newer than the chain head recorded at export time.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive import custody
from archive.errors import Invalid
from archive.exports import manifest as mf
from archive.exports.signing import fingerprint, load_public, signature_valid

CHUNK = 1024 * 1024
_ENTRY_FIELDS = ("seq", "at", "actor", "role", "action", "object_type", "object_id", "reason", "details",
                 "prev_hash")


@dataclass
class VerifyReport:
    bundle: str
    ok: bool = True
    first_bad: str | None = None
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)
    bundle_id: str | None = None
    fingerprint: str | None = None
    files_checked: int = 0
    custody_entries: int = 0

    def fail(self, name: str, problem: str) -> VerifyReport:
        self.ok, self.first_bad, self.problem = False, name, problem
        return self

    def as_dict(self) -> dict[str, Any]:
        return {"bundle": self.bundle, "ok": self.ok, "first_bad": self.first_bad, "problem": self.problem,
                "warnings": self.warnings, "bundle_id": self.bundle_id, "fingerprint": self.fingerprint,
                "files_checked": self.files_checked, "custody_entries": self.custody_entries}


class _Bad(Exception):
    def __init__(self, name: str, problem: str) -> None:
        super().__init__(problem)
        self.name, self.problem = name, problem


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        return zf.read(name)
    except KeyError:
        raise _Bad(name, f"{name} is missing from the bundle") from None
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise _Bad(name, f"{name} is damaged inside the ZIP ({exc})") from exc


def _member_sha(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    try:
        with zf.open(name) as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
    except KeyError:
        raise _Bad(name, f"{name} is listed in the manifest but missing from the bundle") from None
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise _Bad(name, f"{name} was altered (the ZIP's own checksum fails: {exc})") from exc
    return digest.hexdigest()


def _signature_problem(zf: zipfile.ZipFile, manifest: bytes, signature: bytes) -> _Bad:
    """Which of the two changed, from the unsigned hints in the ZIP comment."""
    try:
        hints = json.loads(zf.comment.decode("ascii") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        hints = {}
    if hints.get("manifest_sha256") not in (None, hashlib.sha256(manifest).hexdigest()):
        return _Bad(mf.MANIFEST, "manifest.json was altered: the signature does not cover these bytes")
    return _Bad(mf.SIGNATURE, "signature.ed25519 does not verify over manifest.json with this key (the "
                "signature was altered, or the bundle was signed with another key: try --key)")


def _key(zf: zipfile.ZipFile, manifest: dict[str, Any], key_pem: bytes | None, key_source: str,
         report: VerifyReport) -> Any:
    embedded_pem = _read(zf, mf.PUBLIC_KEY)
    try:
        embedded = load_public(embedded_pem, source=mf.PUBLIC_KEY)
    except Invalid as exc:
        if key_pem is None:
            raise _Bad(mf.PUBLIC_KEY, f"{exc}: the embedded key was altered") from exc
        embedded = None
    if key_pem is None:
        assert embedded is not None
        if fingerprint(embedded) != manifest.get("public_key_fingerprint"):
            raise _Bad(mf.PUBLIC_KEY, "public_key.pem does not match the fingerprint in the manifest: altered")
        report.fingerprint = fingerprint(embedded)
        return embedded
    given = load_public(key_pem, source=key_source)
    report.fingerprint = fingerprint(given)
    if embedded is None or fingerprint(embedded) != fingerprint(given):
        report.warnings.append(f"the key embedded in the bundle is not the key given ({key_source}, "
                               f"fingerprint {fingerprint(given)}); checking with the key given")
    return given


def _check_custody(data: bytes, head: dict[str, Any], report: VerifyReport) -> None:
    previous: dict[str, Any] | None = None
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            fields = {k: entry[k] for k in _ENTRY_FIELDS}
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise _Bad(mf.CUSTODY, f"custody.jsonl line {number} is not a custody entry ({exc})") from exc
        seq = entry["seq"]
        if hashlib.sha256(custody.canonical(fields)).hexdigest() != entry.get("entry_hash"):
            raise _Bad(mf.CUSTODY, f"custody.jsonl entry {seq} was altered: its content no longer matches its hash")
        if previous is not None and seq == previous["seq"] + 1 and entry["prev_hash"] != previous["entry_hash"]:
            raise _Bad(mf.CUSTODY, f"custody.jsonl entry {seq} does not link to entry {previous['seq']}")
        if previous is not None and seq <= previous["seq"]:
            raise _Bad(mf.CUSTODY, f"custody.jsonl entries are out of order at entry {seq}")
        if seq > int(head.get("seq", 0)):
            raise _Bad(mf.CUSTODY, f"custody.jsonl entry {seq} is newer than the chain head at export time")
        previous = entry
        report.custody_entries += 1


def _check(zf: zipfile.ZipFile, report: VerifyReport, key_pem: bytes | None, key_source: str) -> None:
    manifest_bytes = _read(zf, mf.MANIFEST)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        files = manifest["files"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise _Bad(mf.MANIFEST, f"manifest.json is not a bundle manifest ({exc}): altered or damaged") from exc
    report.bundle_id = manifest.get("bundle_id")
    signature = _read(zf, mf.SIGNATURE)
    key = _key(zf, manifest, key_pem, key_source, report)
    if not signature_valid(key, signature, manifest_bytes):
        raise _signature_problem(zf, manifest_bytes, signature)
    listed = {mf.MANIFEST, mf.SIGNATURE}
    for row in files:
        name = row["name"]
        listed.add(name)
        if _member_sha(zf, name) != row["sha256"]:
            raise _Bad(name, f"{name} was altered: its SHA-256 does not match the manifest")
        report.files_checked += 1
    extra = [n for n in zf.namelist() if n not in listed]
    if extra:
        raise _Bad(extra[0], f"{extra[0]} is in the bundle but not in the manifest: added after signing")
    custody_info = manifest.get("custody") or {}
    _check_custody(_read(zf, custody_info.get("file", mf.CUSTODY)), custody_info.get("head_at_export") or {},
                   report)


def verify_bundle(path: Path, *, key_pem: bytes | None = None, key_source: str = "--key") -> VerifyReport:
    report = VerifyReport(str(path))
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return report.fail(path.name, f"{path} is not a readable ZIP bundle ({exc})")
    with zf:
        try:
            _check(zf, report, key_pem, key_source)
        except _Bad as bad:
            return report.fail(bad.name, bad.problem)
        except Invalid as exc:  # a --key that is not an Ed25519 PEM key
            return report.fail(key_source, str(exc))
    return report
