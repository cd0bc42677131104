"""Objects in an S3 bucket (MinIO or any S3 server), through the ``minio`` client.

Layout in the bucket: ``objects/ab/<sha256>`` (the bytes, with the SHA-256 also in the user metadata
``x-amz-meta-sha256``) and ``objects/ab/<sha256>.sha256`` (the sidecar, one line of JSON). The bucket
is created on first write if missing, with object lock when the server offers it, and versioning is
switched on, so an overwritten object keeps its earlier versions.

A put is atomic because S3 makes an object visible only when its single PUT or its multipart upload
completes; an interrupted multipart upload stays invisible until ``cleanup_partial()`` aborts it.
Object-lock retention (GOVERNANCE) is set in a separate ``PutObjectRetention`` call once the bytes are
stored and verified: minio-py signs plain-HTTP uploads with ``x-amz-content-sha256`` and sends no
``Content-MD5``, which AWS and moto require on a put that carries retention headers; the separate
call carries its own Content-MD5 and works on AWS, MinIO and moto alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import ENABLED, GOVERNANCE
from minio.datatypes import Object
from minio.error import MinioException, S3Error, ServerError
from minio.helpers import check_bucket_name
from minio.retention import Retention
from minio.versioningconfig import VersioningConfig
from urllib3 import BaseHTTPResponse

from archive.storage.base import (
    SHA256_RE,
    ObjectMissing,
    Progress,
    PutResult,
    Sidecar,
    StorageError,
    check_key,
    check_source,
)

MIB = 1024 * 1024
PREFIX = "objects/"
SIDECAR_SUFFIX = ".sha256"
DEFAULT_PARTIAL_AGE = dt.timedelta(hours=24)
# A bucket not created yet (it is made on first write) holds no object: reads report them missing.
_MISSING_CODES = frozenset({"NoSuchKey", "NoSuchObject", "NoSuchVersion", "ResourceNotFound", "NoSuchBucket"})
_CREDENTIAL_CODES = frozenset(
    {
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "AccessDenied",
        "InvalidToken",
        "ExpiredToken",
        "InvalidSecurity",
        "AuthorizationHeaderMalformed",
    }
)
_NO_LOCK_CODES = frozenset(
    {
        "NotImplemented",
        "InvalidRequest",
        "InvalidArgument",
        "InvalidBucketState",
        "ObjectLockConfigurationNotFoundError",
    }
)


class _HashingReader:
    """Feeds the file to minio part by part while hashing it and reporting progress."""

    def __init__(self, raw: BinaryIO, total: int, progress: Progress | None) -> None:
        self._raw = raw
        self._total = max(total, 1)
        self._progress = progress
        self._digest = hashlib.sha256()
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._digest.update(data)
        self.done += len(data)
        if self._progress and data:
            self._progress(min(self.done / self._total, 1.0) * 0.99)
        return data

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class _ObjectStream(io.RawIOBase):
    """An object's HTTP response as a binary stream whose failures are ``StorageError``s."""

    def __init__(self, response: BaseHTTPResponse, failed: Callable[[Exception], StorageError]) -> None:
        super().__init__()
        self._response = response
        self._failed = failed

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        try:
            return self._response.read(None if size is None or size < 0 else size)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise self._failed(exc) from exc

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._response.close()
            self._response.release_conn()
        super().close()


class S3Store:
    """Objects in an S3/MinIO bucket, versioned, optionally under object-lock retention."""

    name = "s3"

    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        *,
        secure: bool = False,
        region: str | None = None,
        retention_days: int = 0,
        part_size: int = 8 * MIB,
        parallel_uploads: int = 1,
        connect_timeout: float = 5.0,
        read_timeout: float = 120.0,
        retries: int = 3,
    ) -> None:
        if part_size < 5 * MIB:
            raise StorageError(f"S3 multipart part size {part_size} is below the S3 minimum of 5 MiB")
        if retention_days < 0:
            raise StorageError(f"retention_days must be 0 (none) or a number of days, not {retention_days}")
        try:
            check_bucket_name(bucket, strict=True)
        except ValueError as exc:
            raise StorageError(
                f"{bucket!r} is not a valid S3 bucket name ({exc}): use 3-63 lowercase "
                "letters, digits, dots or hyphens (TEMOIN_S3_BUCKET)"
            ) from exc
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
            maxsize=max(4, parallel_uploads + 2),
            cert_reqs="CERT_REQUIRED",
            ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
            retries=urllib3.Retry(total=retries, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        )
        try:
            self._client = Minio(
                endpoint,
                access_key=access_key,
                secret_key=secret_key,
                secure=secure,
                region=region,
                http_client=http,
            )
        except ValueError as exc:
            raise StorageError(
                f"{endpoint!r} is not a usable S3 endpoint ({exc}): give host:port without "
                "http:// (TEMOIN_S3_ENDPOINT) and set TEMOIN_S3_SECURE for HTTPS"
            ) from exc
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region
        self.retention_days = retention_days
        self.part_size = part_size
        self.parallel_uploads = parallel_uploads
        self._ready = False

    def __repr__(self) -> str:
        return f"S3Store({self.endpoint!r}, bucket={self.bucket!r})"

    # -- names and errors --------------------------------------------------------------------------

    @staticmethod
    def object_name(sha256: str) -> str:
        """The object's name in the bucket."""
        key = check_key(sha256)
        return f"{PREFIX}{key[:2]}/{key}"

    def _sidecar_name(self, sha256: str) -> str:
        return self.object_name(sha256) + SIDECAR_SUFFIX

    @contextlib.contextmanager
    def _talking(self, action: str) -> Iterator[None]:
        """Turn what the client raises into a ``StorageError`` a person can act on."""
        try:
            yield
        except S3Error as exc:
            raise self._explain_s3(exc, action) from exc
        except ServerError as exc:
            raise StorageError(
                f"the S3 server at {self.endpoint} failed while {action} (HTTP "
                f"{exc.status_code}): look at the server's logs, then retry"
            ) from exc
        except (urllib3.exceptions.HTTPError, MinioException) as exc:
            # keep the last clause, e.g. "[Errno 111] Connection refused"
            reason = str(getattr(exc, "reason", None) or exc).rsplit(": ", 1)[-1]
            raise StorageError(
                f"cannot reach the S3 server at {self.endpoint} while {action} ({reason}): check "
                "that MinIO is running and that TEMOIN_S3_ENDPOINT (host:port) and "
                "TEMOIN_S3_SECURE are right"
            ) from exc

    def _explain_s3(self, exc: S3Error, action: str) -> StorageError:
        if exc.code == "NoSuchBucket":
            return StorageError(
                f"the bucket {self.bucket!r} does not exist on {self.endpoint} (while {action}): "
                "Témoin creates it on first write when its credentials allow; otherwise "
                f"create it with object lock, e.g. `mc mb --with-lock ALIAS/{self.bucket}`"
            )
        if exc.code in _CREDENTIAL_CODES:
            return StorageError(
                f"the S3 server at {self.endpoint} refused the credentials ({exc.code}) while "
                f"{action}: check TEMOIN_S3_ACCESS_KEY and TEMOIN_S3_SECRET_KEY and that this "
                f"user may read and write the bucket {self.bucket!r}"
            )
        return StorageError(
            f"the S3 server at {self.endpoint} answered {exc.code} ({exc.message}) while "
            f"{action} on bucket {self.bucket!r}"
        )

    def _stat(self, name: str) -> Object | None:
        try:
            return self._client.stat_object(self.bucket, name)
        except S3Error as exc:
            if exc.code in _MISSING_CODES:
                return None
            raise

    # -- the bucket --------------------------------------------------------------------------------

    def ensure_bucket(self) -> None:
        """Create the bucket if missing (with object lock when offered) and switch versioning on."""
        if self._ready:
            return
        with self._talking(f"preparing the bucket {self.bucket!r}"):
            if not self._client.bucket_exists(self.bucket):
                self._make_bucket()
            if self._client.get_bucket_versioning(self.bucket).status != ENABLED:
                self._client.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED))
            locked = self._has_object_lock()
        if self.retention_days and not locked:
            raise StorageError(self._no_lock_message())
        self._ready = True

    def _make_bucket(self) -> None:
        try:
            self._client.make_bucket(self.bucket, location=self.region, object_lock=True)
        except S3Error as exc:
            if exc.code in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                return  # created meanwhile by another process
            if exc.code not in _NO_LOCK_CODES:
                raise
            self._client.make_bucket(self.bucket, location=self.region)  # server without object lock

    def _has_object_lock(self) -> bool:
        try:
            self._client.get_object_lock_config(self.bucket)
        except S3Error as exc:
            if exc.code in _NO_LOCK_CODES:
                return False
            raise
        return True

    def _no_lock_message(self) -> str:
        return (
            f"TEMOIN_S3_RETENTION_DAYS is {self.retention_days} but the bucket {self.bucket!r} on "
            f"{self.endpoint} has no object lock, so retention cannot be applied: either set it to 0, or use "
            "a bucket created with object lock (object lock cannot be switched on for an existing bucket)"
        )

    # -- writing -----------------------------------------------------------------------------------

    def put(
        self,
        sha256: str,
        source: Path,
        *,
        media_type: str = "application/octet-stream",
        move: bool = False,
        progress: Progress | None = None,
    ) -> PutResult:
        name = self.object_name(sha256)
        source = Path(source)
        size = check_source(source)
        self.ensure_bucket()
        with self._talking(f"storing {sha256}"):
            existing = self._stat(name)
            if existing is not None:
                lock_mode = (existing.metadata or {}).get("x-amz-object-lock-mode")
                if self.retention_days and not lock_mode:
                    self._retain(name, existing.version_id)  # an earlier put stopped before retention
                created = False
                size = existing.size or 0
            else:
                self._upload(sha256, source, size, media_type, progress)
                created = True
        if move:
            source.unlink(missing_ok=True)
        if progress:
            progress(1.0)
        return PutResult(sha256=sha256, size=size, created=created)

    def _upload(
        self, sha256: str, source: Path, size: int, media_type: str, progress: Progress | None
    ) -> None:
        """Sidecar first, then the bytes (hashed on the way), then retention on both."""
        name = self.object_name(sha256)
        sidecar = Sidecar(
            sha256=sha256,
            size=size,
            media_type=media_type,
            stored_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        ).encode()
        side = self._client.put_object(
            self.bucket,
            name + SIDECAR_SUFFIX,
            io.BytesIO(sidecar),
            len(sidecar),
            content_type="application/json",
        )
        try:
            with source.open("rb") as raw:
                reader = _HashingReader(raw, size, progress)
                stored = self._client.put_object(
                    self.bucket,
                    name,
                    cast(BinaryIO, reader),
                    size,
                    content_type=media_type,
                    metadata={"sha256": sha256},
                    part_size=self.part_size,
                    num_parallel_uploads=self.parallel_uploads,
                )
        except BaseException as exc:
            with contextlib.suppress(MinioException, urllib3.exceptions.HTTPError):
                self._client.remove_object(self.bucket, name + SIDECAR_SUFFIX, version_id=side.version_id)
            if isinstance(exc, OSError) and not isinstance(exc, urllib3.exceptions.HTTPError):
                raise StorageError(
                    f"could not read {source} while uploading it ({exc}); nothing was stored: "
                    "check that the file is complete and readable, then retry"
                ) from exc
            raise
        if reader.hexdigest() != sha256:
            self._client.remove_object(self.bucket, name, version_id=stored.version_id)
            self._client.remove_object(self.bucket, name + SIDECAR_SUFFIX, version_id=side.version_id)
            raise StorageError(
                f"the bytes of {source} hash to {reader.hexdigest()}, not to the key {sha256}: "
                "the file changed after it was hashed, or the wrong hash was passed; "
                "nothing was stored"
            )
        if self.retention_days:
            self._retain(name, stored.version_id)
            self._retain(name + SIDECAR_SUFFIX, side.version_id)

    def _retain(self, name: str, version_id: str | None) -> None:
        until = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=self.retention_days)
        self._client.set_object_retention(
            self.bucket, name, Retention(GOVERNANCE, until), version_id=version_id
        )

    # -- reading -----------------------------------------------------------------------------------

    def exists(self, sha256: str) -> bool:
        name = self.object_name(sha256)
        with self._talking(f"looking for {sha256}"):
            return self._stat(name) is not None

    def size(self, sha256: str) -> int:
        name = self.object_name(sha256)
        with self._talking(f"looking for {sha256}"):
            found = self._stat(name)
        if found is None:
            raise self._missing(sha256)
        return found.size or 0

    @contextlib.contextmanager
    def open(self, sha256: str) -> Iterator[BinaryIO]:
        """Stream the current version; the HTTP response is closed and its connection released."""
        name = self.object_name(sha256)
        with self._talking(f"reading {sha256}"):
            try:
                response = self._client.get_object(self.bucket, name)
            except S3Error as exc:
                if exc.code in _MISSING_CODES:
                    raise self._missing(sha256) from None
                raise

        def failed(exc: Exception) -> StorageError:
            return StorageError(
                f"reading object {sha256} from the S3 server at {self.endpoint} broke off ({exc}): the "
                "transfer is incomplete; check the server and the network, then retry"
            )

        with _ObjectStream(response, failed) as stream:
            yield cast(BinaryIO, stream)

    def recorded_sha256(self, sha256: str) -> str | None:
        name = self._sidecar_name(sha256)
        with self._talking(f"reading the sidecar of {sha256}"):
            try:
                response = self._client.get_object(self.bucket, name)
            except S3Error as exc:
                if exc.code in _MISSING_CODES:
                    return None
                raise
            try:
                data = response.read()
            finally:
                response.close()
                response.release_conn()
        return Sidecar.decode(data, where=f"s3://{self.bucket}/{name}").sha256

    def keys(self) -> Iterator[str]:
        with self._talking("listing objects"):
            try:
                for item in self._client.list_objects(self.bucket, prefix=PREFIX, recursive=True):
                    key = (item.object_name or "").rsplit("/", 1)[-1]
                    if SHA256_RE.match(key) and item.object_name == self.object_name(key):
                        yield key
            except S3Error as exc:
                if exc.code != "NoSuchBucket":
                    raise

    def _missing(self, sha256: str) -> ObjectMissing:
        return ObjectMissing(
            f"object {sha256} is not in the bucket {self.bucket!r} on {self.endpoint} (expected "
            f"as {self.object_name(sha256)}); if the database lists it, restore an earlier "
            "version or restore it from backup"
        )

    # -- maintenance -------------------------------------------------------------------------------

    def check(self) -> None:
        with self._talking(f"checking the bucket {self.bucket!r}"):
            if not self._client.bucket_exists(self.bucket):
                raise StorageError(
                    f"the bucket {self.bucket!r} does not exist on {self.endpoint}: Témoin "
                    "creates it on first write when its credentials allow; otherwise create it "
                    f"with object lock, e.g. `mc mb --with-lock ALIAS/{self.bucket}`"
                )
            versioning = self._client.get_bucket_versioning(self.bucket).status
            locked = self._has_object_lock()
        if versioning != ENABLED:
            raise StorageError(
                f"versioning is off on the bucket {self.bucket!r} ({self.endpoint}): an "
                "overwritten original could not be recovered; switch it on, e.g. "
                f"`mc version enable ALIAS/{self.bucket}`"
            )
        if self.retention_days and not locked:
            raise StorageError(self._no_lock_message())

    def cleanup_partial(self, *, older_than: dt.timedelta | None = None) -> int:
        """Abort multipart uploads begun more than ``older_than`` ago (default 24 h) and remove sidecars
        whose object never arrived; both are invisible under any key. Returns how many were removed."""
        cutoff = dt.datetime.now(dt.UTC) - (older_than if older_than is not None else DEFAULT_PARTIAL_AGE)
        removed = 0
        with self._talking("cleaning up interrupted uploads"):
            if not self._client.bucket_exists(self.bucket):
                return 0
            stale: list[tuple[str, str]] = []
            marker: str | None = None
            while True:
                # minio-py 7.2 keeps ListMultipartUploads private; we page by key marker only.
                page = self._client._list_multipart_uploads(self.bucket, prefix=PREFIX, key_marker=marker)
                stale += [
                    (u.object_name, u.upload_id)
                    for u in page.uploads
                    if u.object_name and u.upload_id and u.initiated_time and u.initiated_time <= cutoff
                ]
                if not page.is_truncated or not page.next_key_marker:
                    break
                marker = page.next_key_marker
            for object_name, upload_id in stale:
                self._client._abort_multipart_upload(self.bucket, object_name, upload_id)
                removed += 1
            removed += self._remove_orphan_sidecars(cutoff)
        return removed

    def _remove_orphan_sidecars(self, cutoff: dt.datetime) -> int:
        objects: set[str] = set()
        sidecars: dict[str, dt.datetime | None] = {}
        for item in self._client.list_objects(self.bucket, prefix=PREFIX, recursive=True):
            name = item.object_name or ""
            if name.endswith(SIDECAR_SUFFIX):
                sidecars[name[: -len(SIDECAR_SUFFIX)]] = item.last_modified
            else:
                objects.add(name)
        removed = 0
        for name, modified in sidecars.items():
            if name not in objects and (modified is None or modified <= cutoff):
                self._client.remove_object(self.bucket, name + SIDECAR_SUFFIX)
                removed += 1
        return removed
