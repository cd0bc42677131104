"""A signed extract of the disclosure register, for a court: which recipient received which bundle (its
SHA-256), when, at which profile, which evidence numbers, which redactions were lifted and why.

Format ``temoin-register/1`` (one JSON document)::

    {"format", "body": {"archive_id", "archive_name", "created_at", "by", "filter": {"recipient", "case"},
                        "public_key_fingerprint", "disclosures": [{..., "row_sha256"}]},
     "public_key": PEM, "signature": hex Ed25519 over the canonical JSON of "body"}

``verify_extract`` names what does not hold: the format, a disclosure row whose content no longer matches its
hash, the key, the signature, or a bundle file whose SHA-256 the register does not list.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import custody
from archive.custody import Actor
from archive.disclosures.schemas import ExtractCheck
from archive.disclosures.service import disclosure_details
from archive.i18n import Lang, translate
from archive.models import utcnow

if TYPE_CHECKING:
    from archive.context import Archive

FORMAT = "temoin-register/1"


def canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _row_hash(row: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({k: v for k, v in row.items() if k != "row_sha256"})).hexdigest()


def register_extract(archive: Archive, *, actor: Actor, recipient: str | None = None,
                     case_id: str | None = None) -> bytes:
    """The register (filtered by recipient and/or case), signed with the archive's key; logged as ``export``."""
    from archive.exports.signing import archive_id, current_public, sign

    settings = archive.settings
    with archive.db.session() as session:
        rows = [d.model_dump(mode="json") for d in disclosure_details(session, actor=actor, recipient=recipient,
                                                                       case_id=case_id)]
        for row in rows:
            row["row_sha256"] = _row_hash(row)
        public = current_public(settings)
        body = {"archive_id": archive_id(settings), "archive_name": settings.archive_name,
                "created_at": utcnow().isoformat(timespec="seconds"), "by": actor.name,
                "filter": {"recipient": recipient, "case": case_id}, "public_key_fingerprint": public.fingerprint,
                "disclosures": rows}
        signature = sign(settings, canonical(body))
        custody.record(session, actor=actor, action="export", object_type="register",
                       object_id=case_id or recipient or "all",
                       details={"disclosures": [r["id"] for r in rows],
                                "body_sha256": hashlib.sha256(canonical(body)).hexdigest()})
    document = {"format": FORMAT, "body": body, "public_key": public.pem.decode("ascii"),
                "signature": signature.hex()}
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _fail(lang: Lang, count: int, fp: str | None, key: str, **params: object) -> ExtractCheck:
    return ExtractCheck(ok=False, problem=translate(lang, f"disc.verify.{key}", **params), disclosures=count,
                        fingerprint=fp)


def verify_extract(data: bytes, *, key_pem: bytes | None = None, bundles: tuple[Path, ...] = (),
                   lang: Lang = "fr") -> ExtractCheck:
    from cryptography.exceptions import InvalidSignature

    from archive.errors import Invalid
    from archive.exports.signing import fingerprint, load_public

    try:
        document = json.loads(data)
        body, rows = document["body"], document["body"]["disclosures"]
        if document.get("format") != FORMAT or not isinstance(rows, list):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return _fail(lang, 0, None, "format")
    for row in rows:
        if not isinstance(row, dict) or row.get("row_sha256") != _row_hash(row):
            return _fail(lang, len(rows), None, "row", id=row.get("id", "?") if isinstance(row, dict) else "?")
    try:
        key = load_public(key_pem or str(document["public_key"]).encode("ascii"), source="--key")
    except (Invalid, KeyError):
        return _fail(lang, len(rows), None, "key")
    fp = fingerprint(key)
    if fp != body.get("public_key_fingerprint"):
        return _fail(lang, len(rows), fp, "fingerprint", fingerprint=fp)
    try:
        key.verify(bytes.fromhex(str(document["signature"])), canonical(body))
    except (InvalidSignature, ValueError, KeyError):
        return _fail(lang, len(rows), fp, "signature")
    from archive.exports.zipper import sha256_file

    listed = {r.get("bundle_sha256") for r in rows}
    for path in bundles:
        digest = sha256_file(path)
        if digest not in listed:
            return _fail(lang, len(rows), fp, "bundle", file=path.name, sha256=digest)
    return ExtractCheck(ok=True, problem=None, disclosures=len(rows), fingerprint=fp)
