"""The archive's Ed25519 signing key, its public keys past and present, and the archive's stable id.

The private key lives in ``<keys>/signing.ed25519.pem`` (mode 0600). Every public key the archive ever
signed with is kept in ``<keys>/public/<fingerprint>.pem``, so a bundle signed before a rotation still
verifies with ``temoin verify --key``. A fingerprint is the hex SHA-256 of the 32 raw public-key bytes.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from archive.errors import Invalid
from archive.keys import _private_file
from archive.settings import Settings

SIGNING_KEY = "signing.ed25519.pem"
ARCHIVE_ID = "archive.id"
PUBLIC_DIR = "public"


@dataclass(frozen=True)
class PublicKey:
    pem: bytes
    fingerprint: str


def _new_private_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public(pem: bytes, *, source: str) -> Ed25519PublicKey:
    """Parse an Ed25519 public key (PEM); a clear error naming ``source`` otherwise."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as exc:
        raise Invalid("key_not_pem", source=source) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise Invalid("key_not_ed25519", source=source)
    return key


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The current signing key, created on first use; its public half is kept in the public-key directory."""
    path = settings.keys_dir / SIGNING_KEY
    pem = _private_file(path, _new_private_pem())
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise Invalid("signing_key_damaged", path=path) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise Invalid("signing_key_damaged", path=path)
    _keep_public(settings, key.public_key())
    return key


def current_public(settings: Settings) -> PublicKey:
    key = signing_key(settings).public_key()
    return PublicKey(public_pem(key), fingerprint(key))


def _keep_public(settings: Settings, key: Ed25519PublicKey) -> Path:
    folder = settings.keys_dir / PUBLIC_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{fingerprint(key)}.pem"
    if not path.exists():
        path.write_bytes(public_pem(key))
    return path


def known_publics(settings: Settings) -> list[PublicKey]:
    """Every public key this archive has signed with (current one included), oldest file first."""
    folder = settings.keys_dir / PUBLIC_DIR
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.pem"), key=lambda p: p.stat().st_mtime)
    return [PublicKey(p.read_bytes(), p.stem) for p in paths]


def rotate(settings: Settings) -> tuple[PublicKey | None, PublicKey]:
    """Replace the signing key with a new one; the old public key stays in the public-key directory."""
    path = settings.keys_dir / SIGNING_KEY
    old = current_public(settings) if path.exists() else None
    fresh = settings.keys_dir / f".{SIGNING_KEY}.new"
    fresh.unlink(missing_ok=True)
    _private_file(fresh, _new_private_pem())
    os.replace(fresh, path)
    return old, current_public(settings)


def sign(settings: Settings, data: bytes) -> bytes:
    return signing_key(settings).sign(data)


def signature_valid(key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


_known_ids: dict[tuple[str, int, int], str] = {}


def archive_id(settings: Settings) -> str:
    """A stable id for this archive, made once and kept in the keys directory (back it up with the keys).

    Every intake asks for it (its evidence number names the office): once read, one ``stat`` tells whether the
    file is still the one read (same inode and modification time), instead of opening and reading it again."""
    path = settings.keys_dir / ARCHIVE_ID
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    if info is not None and not info.st_mode & 0o077:  # a file opened to others is refused below, as always
        known = _known_ids.get((str(path), info.st_ino, info.st_mtime_ns))
        if known is not None:
            return known
    value = _private_file(path, str(uuid.uuid4()).encode("ascii")).decode("ascii").strip()
    info = path.stat()
    _known_ids[(str(path), info.st_ino, info.st_mtime_ns)] = value
    return value
