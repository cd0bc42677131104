"""What only the S3 backend promises: bucket set-up, metadata, versions, object lock, plain errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from minio import Minio
from minio.commonconfig import ENABLED
from minio.error import S3Error

from archive.storage import StorageError
from archive.storage.s3 import S3Store
from tests.archive.storage.conftest import free_port, start_moto, stop
from tests.archive.storage.harness import MIB, S3Harness, write_file

MakeS3 = Callable[..., S3Harness]


def _stored(harness: S3Harness, files: Path, content: bytes = b"Temoignage de Oumar Diallo, Gao.") -> str:
    source = files / "t.txt"
    source.write_bytes(content)
    sha = hashlib.sha256(content).hexdigest()
    harness.store.put(sha, source, media_type="text/plain")
    return sha


def test_when_the_first_object_is_put_then_the_bucket_is_created_locked_and_versioned(
    make_s3: MakeS3, raw_client: Minio, files: Path
) -> None:
    harness = make_s3()
    assert not raw_client.bucket_exists(harness.bucket)

    _stored(harness, files)

    assert raw_client.get_bucket_versioning(harness.bucket).status == ENABLED
    assert raw_client.get_object_lock_config(harness.bucket) is not None
    harness.store.check()


def test_when_an_object_is_stored_then_its_hash_and_type_are_in_the_metadata(
    make_s3: MakeS3, raw_client: Minio, files: Path
) -> None:
    harness = make_s3()
    sha = _stored(harness, files)

    info = raw_client.stat_object(harness.bucket, f"objects/{sha[:2]}/{sha}")

    assert info.metadata is not None and info.metadata["x-amz-meta-sha256"] == sha
    assert info.content_type == "text/plain"


def _lock(raw_client: Minio, bucket: str, name: str) -> tuple[str | None, dt.datetime | None]:
    metadata = raw_client.stat_object(bucket, name).metadata or {}
    until = metadata.get("x-amz-object-lock-retain-until-date")
    return metadata.get("x-amz-object-lock-mode"), dt.datetime.fromisoformat(until) if until else None


def test_when_retention_is_set_then_object_and_sidecar_are_locked_in_governance_mode(
    make_s3: MakeS3, raw_client: Minio, files: Path
) -> None:
    harness = make_s3(retention_days=3)
    sha = _stored(harness, files)
    name = harness.store.object_name(sha)

    for stored in (name, name + ".sha256"):
        mode, until = _lock(raw_client, harness.bucket, stored)
        assert mode == "GOVERNANCE"
        assert until is not None
        assert abs(until - (dt.datetime.now(dt.UTC) + dt.timedelta(days=3))) < dt.timedelta(minutes=5)
    version = raw_client.stat_object(harness.bucket, name).version_id
    with pytest.raises(S3Error, match="AccessDenied"):
        raw_client.remove_object(harness.bucket, name, version_id=version)


def test_when_an_object_stored_without_retention_is_put_again_then_retention_is_added(
    make_s3: MakeS3, raw_client: Minio, files: Path
) -> None:
    sha = _stored(make_s3(), files)
    locked = make_s3(retention_days=1)

    again = _stored(locked, files)

    assert again == sha
    assert _lock(raw_client, locked.bucket, locked.store.object_name(sha))[0] == "GOVERNANCE"
    assert len(locked.fingerprint(sha)) == 1, "retention added without a new version"


def test_when_retention_is_asked_of_a_bucket_without_object_lock_then_put_and_check_refuse(
    make_s3: MakeS3, raw_client: Minio, files: Path
) -> None:
    harness = make_s3(retention_days=7)
    raw_client.make_bucket(harness.bucket)

    with pytest.raises(StorageError, match="has no object lock, so retention cannot be applied"):
        _stored(harness, files)
    with pytest.raises(StorageError, match="TEMOIN_S3_RETENTION_DAYS is 7"):
        harness.store.check()
    assert list(harness.store.keys()) == []


def test_when_versioning_is_off_then_check_says_so_and_the_first_put_turns_it_on(
    make_s3: MakeS3, raw_client: Minio, files: Path
) -> None:
    harness = make_s3()
    raw_client.make_bucket(harness.bucket)

    with pytest.raises(StorageError, match="versioning is off"):
        harness.store.check()
    _stored(harness, files)
    harness.store.check()


def test_when_an_object_is_overwritten_then_the_original_version_is_still_there(
    make_s3: MakeS3, raw_client: Minio, files: Path
) -> None:
    harness = make_s3()
    content = b"Original: Fatoumata Coulibaly, Mopti."
    sha = _stored(harness, files, content)
    name = harness.store.object_name(sha)

    harness.tamper_bytes(sha, b"FALSIFIE")

    versions = [
        v
        for v in raw_client.list_objects(harness.bucket, prefix=name, include_version=True)
        if v.object_name == name
    ]
    assert len(versions) == 2
    originals = []
    for version in versions:
        response = raw_client.get_object(harness.bucket, name, version_id=version.version_id)
        originals.append(response.read())
        response.close()
        response.release_conn()
    assert content in originals


def test_when_the_bucket_does_not_exist_then_check_explains_and_reads_find_nothing(make_s3: MakeS3) -> None:
    store = make_s3().store

    with pytest.raises(StorageError, match=r"bucket 'temoin-[0-9a-f]+' does not exist .*mc mb --with-lock"):
        store.check()
    assert list(store.keys()) == []
    assert store.cleanup_partial() == 0


def test_when_the_server_is_down_then_check_says_so_quickly() -> None:
    endpoint = f"127.0.0.1:{free_port()}"  # nothing listens there
    store = S3Store(
        endpoint, "testing", "testing", "temoin", region="us-east-1", connect_timeout=1.0, retries=0
    )

    started = time.monotonic()
    with pytest.raises(StorageError, match=f"cannot reach the S3 server at {endpoint}.*Connection refused"):
        store.check()
    with pytest.raises(StorageError, match="cannot reach the S3 server"):
        list(store.keys())
    assert time.monotonic() - started < 5


@pytest.fixture(scope="module")
def strict_moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second moto server that checks credentials (only its IAM users may sign requests)."""
    log = tmp_path_factory.mktemp("strict-moto") / "server.log"
    process, endpoint = start_moto(log, {"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    yield endpoint
    stop(process)


def test_when_the_credentials_are_wrong_then_check_says_so(strict_moto: str) -> None:
    store = S3Store(strict_moto, "not-a-key", "not-a-secret", "temoin", region="us-east-1", retries=0)

    with pytest.raises(StorageError, match=r"refused the credentials.*TEMOIN_S3_ACCESS_KEY"):
        store.check()
    with pytest.raises(StorageError, match=r"refused the credentials \(InvalidAccessKeyId\)"):
        list(store.keys())


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            lambda: S3Store("127.0.0.1:9000", "k", "s", "Temoin_Archive"),
            "not a valid S3 bucket name",
            id="bad bucket name",
        ),
        pytest.param(
            lambda: S3Store("http://127.0.0.1:9000", "k", "s", "temoin"),
            "give host:port without http://",
            id="scheme in endpoint",
        ),
        pytest.param(
            lambda: S3Store("127.0.0.1:9000", "k", "s", "temoin", part_size=MIB),
            "below the S3 minimum of 5 MiB",
            id="tiny parts",
        ),
        pytest.param(
            lambda: S3Store("127.0.0.1:9000", "k", "s", "temoin", retention_days=-1),
            "retention_days must be 0",
            id="negative retention",
        ),
    ],
)
def test_when_the_configuration_is_wrong_then_the_store_refuses_to_start(
    build: Callable[[], S3Store], message: str
) -> None:
    with pytest.raises(StorageError, match=message):
        build()


def test_when_a_put_is_cut_off_then_no_sidecar_is_left(make_s3: MakeS3, files: Path) -> None:
    harness = make_s3()
    source = files / "cut.bin"
    sha = write_file(source, 10 * MIB)

    def cut(fraction: float) -> None:
        if fraction > 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        harness.store.put(sha, source, progress=cut)

    assert harness.leftovers() == []
    assert not harness.store.exists(sha)


def test_when_the_sidecar_is_damaged_then_reading_it_names_it(
    make_s3: MakeS3, raw_client: Minio, files: Path
) -> None:
    harness = make_s3()
    sha = _stored(harness, files)
    raw_client.put_object(
        harness.bucket, harness.store.object_name(sha) + ".sha256", io.BytesIO(b"not json"), 8
    )

    with pytest.raises(StorageError, match=r"sidecar s3://temoin-[0-9a-f]+/objects/.* is damaged"):
        harness.store.recorded_sha256(sha)


def test_when_the_server_dies_mid_read_then_the_read_fails_as_a_storage_error(
    tmp_path: Path, files: Path
) -> None:
    process, endpoint = start_moto(tmp_path / "dying.log")
    try:
        store = S3Store(endpoint, "testing", "testing", "temoin-dying", region="us-east-1", retries=0,
                        read_timeout=5.0)
        source = files / "long.bin"
        sha = write_file(source, 32 * MIB)
        store.put(sha, source)
        broke_off = f"reading object {sha} .* broke off"
        with pytest.raises(StorageError, match=broke_off), store.open(sha) as stream:
            stream.read(MIB)
            process.kill()
            process.wait()
            while stream.read(MIB):
                pass
        assert stream.closed
    finally:
        stop(process)
