"""Choosing the backend from Settings."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from pydantic import SecretStr

from archive.settings import Settings
from archive.storage import LocalStore, init_storage, verify_object
from archive.storage.s3 import S3Store

REPO = Path(__file__).resolve().parents[3]


def test_when_storage_is_local_then_objects_go_under_the_data_dir(tmp_path: Path) -> None:
    store = init_storage(Settings(data_dir=tmp_path, storage="local"))

    assert isinstance(store, LocalStore) and store.root == tmp_path / "objects"
    assert not store.root.exists(), "choosing a backend does no I/O"


def test_when_a_storage_dir_is_set_then_the_local_store_uses_it(tmp_path: Path) -> None:
    store = init_storage(Settings(data_dir=tmp_path, storage="local", storage_dir=tmp_path / "vault"))

    assert isinstance(store, LocalStore) and store.root == tmp_path / "vault"


def test_when_storage_is_s3_then_the_s3_settings_reach_the_store(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        storage="s3",
        s3_endpoint="minio.example:9000",
        s3_access_key="ak",
        s3_secret_key=SecretStr("sk"),
        s3_bucket="temoin-archive",
        s3_secure=True,
        s3_region="eu-west-1",
        s3_retention_days=30,
    )

    store = init_storage(settings)

    assert isinstance(store, S3Store)
    assert (store.endpoint, store.bucket, store.region, store.retention_days) == (
        "minio.example:9000",
        "temoin-archive",
        "eu-west-1",
        30,
    )
    assert "sk" not in repr(store)


def test_when_storage_is_local_then_minio_is_never_imported(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from archive.settings import Settings; "
        "from archive.storage import init_storage; "
        f"init_storage(Settings(data_dir=Path({str(tmp_path)!r}))); "
        "assert 'minio' not in sys.modules, 'minio was imported'"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr


def test_when_s3_settings_point_at_a_server_then_the_store_round_trips(
    tmp_path: Path, moto_endpoint: str, bucket_name: str
) -> None:
    settings = Settings(data_dir=tmp_path, storage="s3", s3_endpoint=moto_endpoint, s3_access_key="testing",
                        s3_secret_key=SecretStr("testing"), s3_bucket=bucket_name)
    store = init_storage(settings)
    source = tmp_path / "entretien.txt"
    source.write_text("Entretien avec Ibrahim Touré, Kidal, 2013.", encoding="utf-8")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()

    assert store.put(sha, source, media_type="text/plain").created
    assert verify_object(store, sha) == source.stat().st_size
    store.check()
