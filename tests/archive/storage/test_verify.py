"""Re-hashing stored objects (downloads, `temoin fixity`), on every backend."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from archive.storage import IntegrityError, ObjectMissing, Sidecar, StorageError, hash_object, verify_object
from tests.archive.storage.harness import MIB, Harness, write_file


@pytest.mark.parametrize("size", [0, 1, MIB, 3 * MIB + 5])
def test_when_an_object_is_intact_then_it_hashes_to_its_key(backend: Harness, files: Path, size: int) -> None:
    source = files / "item.bin"
    sha = write_file(source, size)
    backend.store.put(sha, source)
    seen: list[float] = []

    assert hash_object(backend.store, sha, progress=seen.append) == (sha, size)
    assert verify_object(backend.store, sha) == size
    assert seen[-1] == 1.0 and seen == sorted(seen)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b"\xff", id="one byte changed"),
        pytest.param(b"Faux temoignage", id="words rewritten"),
    ],
)
def test_when_the_bytes_were_tampered_with_then_verify_names_both_hashes(
    backend: Harness, files: Path, damage: bytes
) -> None:
    source = files / "original.bin"
    sha = write_file(source, 2 * MIB + 3)
    backend.store.put(sha, source)
    with backend.store.open(sha) as stream:
        original = stream.read()
    damaged = damage + original[len(damage) :]
    assert damaged != original
    backend.tamper_bytes(sha, damage)

    with pytest.raises(IntegrityError) as caught:
        verify_object(backend.store, sha)

    actual = hashlib.sha256(damaged).hexdigest()
    message = str(caught.value)
    assert sha in message and actual in message and "restore" in message
    assert (caught.value.sha256, caught.value.actual) == (sha, actual)
    assert hash_object(backend.store, sha) == (actual, len(original))


def test_when_the_sidecar_records_another_hash_then_verify_refuses(backend: Harness, files: Path) -> None:
    source = files / "a.txt"
    source.write_bytes(b"Hawa Maiga")
    sha = hashlib.sha256(b"Hawa Maiga").hexdigest()
    backend.store.put(sha, source)
    forged = Sidecar(sha256="f" * 64, size=10, media_type="text/plain", stored_at="2026-01-01T00:00:00Z")
    backend.tamper_sidecar(sha, forged.encode())

    with pytest.raises(IntegrityError, match=f"{sha} .*sidecar records {'f' * 64}"):
        verify_object(backend.store, sha)


def test_when_the_sidecar_is_garbage_then_verify_reports_it_unreadable(backend: Harness, files: Path) -> None:
    source = files / "b.txt"
    source.write_bytes(b"Seydou Kone")
    sha = hashlib.sha256(b"Seydou Kone").hexdigest()
    backend.store.put(sha, source)
    backend.tamper_sidecar(sha, b"\xff\xfe not json")

    with pytest.raises(IntegrityError, match="unreadable sidecar"):
        verify_object(backend.store, sha)


def test_when_the_object_is_gone_then_verify_says_missing_not_damaged(backend: Harness) -> None:
    sha = hashlib.sha256(b"never stored").hexdigest()

    with pytest.raises(ObjectMissing):
        verify_object(backend.store, sha)
    with pytest.raises(ObjectMissing):
        hash_object(backend.store, sha)


def test_when_an_integrity_error_is_raised_then_callers_catching_storage_errors_see_it() -> None:
    error = IntegrityError("damaged", sha256="a" * 64, actual="b" * 64)

    assert isinstance(error, StorageError)
