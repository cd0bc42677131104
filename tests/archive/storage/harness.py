"""Test-side access to each backend's insides: damage an object, list leftovers, rebuild a store.

This is the edge the contract tests need and the stores deliberately do not offer (there is no
public way to overwrite a stored object).
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minio import Minio

from archive.storage import LocalStore
from archive.storage.base import ObjectStore
from archive.storage.s3 import S3Store

MIB = 1024 * 1024


def write_file(path: Path, size: int, seed: str = "témoin") -> str:
    """Write ``size`` deterministic pseudo-random bytes to ``path`` in 1 MiB steps; return their SHA-256."""
    digest = hashlib.sha256()
    block = hashlib.sha512(seed.encode()).digest() * (MIB // 64)
    with path.open("wb") as out:
        left, counter = size, 0
        while left:
            chunk = (counter.to_bytes(8, "big") + block)[: min(MIB, left)]
            out.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
            counter += 1
    return digest.hexdigest()


def build_store(spec: dict[str, Any]) -> ObjectStore:
    """Rebuild a store from a plain description (also used by the child process of crash tests)."""
    if spec["kind"] == "local":
        return LocalStore(Path(spec["root"]))
    return S3Store(
        spec["endpoint"],
        "testing",
        "testing",
        spec["bucket"],
        region="us-east-1",
        retention_days=int(spec.get("retention_days", 0)),
        connect_timeout=2.0,
        read_timeout=30.0,
        retries=1,
    )


@dataclass
class LocalHarness:
    store: LocalStore
    spec: dict[str, Any]
    kind: str = "local"

    def tamper_bytes(self, sha256: str, data: bytes) -> None:
        """What an intruder or a failing disk does: make the file writable and change its bytes."""
        path = self.store.path_of(sha256)
        os.chmod(path, 0o644)
        with path.open("r+b") as out:
            out.write(data)

    def tamper_sidecar(self, sha256: str, data: bytes) -> None:
        path = self.store.path_of(sha256).with_name(sha256 + ".sha256")
        os.chmod(path, 0o644)
        path.write_bytes(data)

    def sidecar_bytes(self, sha256: str) -> bytes:
        return self.store.path_of(sha256).with_name(sha256 + ".sha256").read_bytes()

    def fingerprint(self, sha256: str) -> object:
        """Changes whenever the object is rewritten."""
        info = self.store.path_of(sha256).stat()
        return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns)

    def leftovers(self) -> list[str]:
        """Files a put left behind that are not a stored object with its sidecar."""
        found = []
        keys = set(self.store.keys())
        for path in self.store.root.rglob("*"):
            if not path.is_file():
                continue
            is_object = path.name in keys
            is_sidecar = path.name.endswith(".sha256") and path.with_name(path.name[:-7]).exists()
            if not (is_object or is_sidecar):
                found.append(str(path.relative_to(self.store.root)))
        return sorted(found)


@dataclass
class S3Harness:
    store: S3Store
    spec: dict[str, Any]
    client: Minio
    kind: str = "s3"

    @property
    def bucket(self) -> str:
        return self.store.bucket

    def tamper_bytes(self, sha256: str, data: bytes) -> None:
        """Overwrite the object through the S3 API (a new current version), keeping its length."""
        name = self.store.object_name(sha256)
        with self.store.open(sha256) as stream:
            original = stream.read()
        damaged = data + original[len(data) :]
        self.client.put_object(self.bucket, name, io.BytesIO(damaged), len(damaged))

    def tamper_sidecar(self, sha256: str, data: bytes) -> None:
        name = self.store.object_name(sha256) + ".sha256"
        self.client.put_object(self.bucket, name, io.BytesIO(data), len(data))

    def sidecar_bytes(self, sha256: str) -> bytes:
        response = self.client.get_object(self.bucket, self.store.object_name(sha256) + ".sha256")
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def fingerprint(self, sha256: str) -> list[tuple[str, bool]]:
        name = self.store.object_name(sha256)
        return sorted(
            (v.version_id or "", v.is_delete_marker)
            for v in self.client.list_objects(self.bucket, prefix=name, include_version=True)
            if v.object_name == name
        )

    def leftovers(self) -> list[str]:
        """Incomplete multipart uploads and sidecars without their object."""
        if not self.client.bucket_exists(self.bucket):
            return []
        uploads = self.client._list_multipart_uploads(self.bucket, prefix="objects/").uploads
        names = [
            item.object_name or ""
            for item in self.client.list_objects(self.bucket, prefix="objects/", recursive=True)
        ]
        orphans = [n for n in names if n.endswith(".sha256") and n[:-7] not in names]
        return sorted([f"upload:{u.object_name}" for u in uploads] + orphans)


Harness = LocalHarness | S3Harness
