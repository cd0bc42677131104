"""`temoin doctor`: a healthy archive passes; each broken part fails with a plain explanation and a fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from archive.context import Archive
from archive.doctor import CHECK_NAMES, CheckResult, diagnose
from archive.settings import Settings
from archive.storage.s3 import S3Store
from tests.archive.storage.conftest import free_port, start_moto, stop

STRONG = SecretStr("k" * 40)


def _only(settings: Settings, name: str) -> CheckResult:
    (result,) = diagnose(settings, only=[name], lang="en").checks
    assert result.name == name
    return result


def _with(settings: Settings, **changes: object) -> Settings:
    return Settings.model_validate({**settings.model_dump(), **changes})


@pytest.fixture(scope="module")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, endpoint = start_moto(tmp_path_factory.mktemp("moto") / "server.log")
    yield endpoint
    stop(process)


def test_when_the_embedded_archive_is_healthy_then_every_check_passes(tmp_path: Path, model_cache: Path) -> None:
    embedded = Settings(data_dir=tmp_path / "embedded", jwt_secret=SecretStr("y" * 48), model_cache_dir=model_cache)
    Archive.open(embedded).close()  # an archive that has started once: schema, keys
    report = diagnose(embedded, lang="en")
    assert [c.name for c in report.checks] == list(CHECK_NAMES)
    assert report.ok, [c for c in report.checks if not c.ok]
    assert all(c.detail and not c.fix for c in report.checks)
    assert report.as_json()["ok"] is True


@pytest.mark.parametrize(
    ("url", "detail", "fix"),
    [
        ("postgresql+psycopg://temoin:pw-9f2c@127.0.0.1:{closed}/temoin", "cannot connect to", "TEMOIN_DATABASE_URL"),
        ("this is not a url", "is not a database URL", "postgresql+psycopg://"),
        ("sqlite:///{tmp}/nowhere/temoin.db", "this archive was never started", "temoin serve"),
        ("mysql+nosuchdriver://u@h/db", "cannot connect to", "TEMOIN_DATABASE_URL"),
    ],
)
def test_when_the_database_url_is_wrong_then_the_database_check_explains(
    settings: Settings, tmp_path: Path, url: str, detail: str, fix: str
) -> None:
    started = time.monotonic()
    result = _only(_with(settings, database_url=url.format(closed=free_port(), tmp=tmp_path)), "database")
    assert not result.ok
    assert detail in result.detail and fix in result.fix
    assert "pw-9f2c" not in result.detail  # never print the password
    assert time.monotonic() - started < 15


@pytest.mark.parametrize(
    ("version", "detail"),
    [(None, "holds no Témoin schema"), ("9999_from_the_future", "does not know")],
)
def test_when_the_schema_is_not_at_the_head_then_the_database_check_says_so(
    archive: Archive, version: str | None, detail: str
) -> None:
    with archive.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        if version:
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})
    result = _only(archive.settings, "database")
    assert not result.ok and detail in result.detail and result.fix


def test_when_the_schema_is_behind_then_the_check_asks_for_a_backup_and_a_start(archive: Archive) -> None:
    with archive.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    result = _only(archive.settings, "database")
    assert not result.ok and "the latest is" in result.detail
    assert "back up" in result.fix and "migrations run at start" in result.fix


@pytest.mark.parametrize("layout", ["below a file", "is a file"])
def test_when_the_storage_dir_is_unwritable_then_the_storage_check_explains(
    settings: Settings, tmp_path: Path, layout: str
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    storage_dir = blocker / "objects" if layout == "below a file" else blocker
    result = _only(_with(settings, storage="local", storage_dir=storage_dir), "storage")
    assert not result.ok
    assert str(blocker) in result.detail
    assert "TEMOIN_STORAGE_DIR" in result.detail + result.fix


def test_when_the_asr_model_dir_is_missing_then_the_whisper_check_names_it(settings: Settings) -> None:
    result = _only(_with(settings, asr_model=Path("/nonexistent")), "model.whisper")
    assert not result.ok
    assert "/nonexistent does not exist" in result.detail and "TEMOIN_ASR_MODEL" in result.fix


def test_when_the_asr_model_dir_lacks_the_weights_then_the_check_names_the_file(
    settings: Settings, tmp_path: Path
) -> None:
    model = tmp_path / "whisper"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    result = _only(_with(settings, asr_model=model), "model.whisper")
    assert not result.ok and "lacks model.bin" in result.detail


def test_when_the_s3_endpoint_is_closed_then_the_storage_check_fails_fast(settings: Settings) -> None:
    s3 = _with(settings, storage="s3", s3_endpoint=f"127.0.0.1:{free_port()}", s3_access_key="temoin-app",
               s3_secret_key=STRONG)
    started = time.monotonic()
    result = _only(s3, "storage")
    assert not result.ok
    assert "cannot reach the S3 server" in result.detail and "MinIO" in result.fix
    assert time.monotonic() - started < 15


def test_when_the_s3_bucket_is_ready_then_the_storage_check_passes(settings: Settings, moto_endpoint: str) -> None:
    s3 = _with(settings, storage="s3", s3_endpoint=moto_endpoint, s3_access_key="testing",
               s3_secret_key=SecretStr("testing-secret-key-0123"), s3_region="us-east-1", s3_bucket="doctor-ok")
    missing = _only(s3, "storage")
    assert not missing.ok and "does not exist" in missing.detail and "--with-lock" in missing.detail
    S3Store(moto_endpoint, "testing", "testing-secret-key-0123", "doctor-ok", region="us-east-1").ensure_bucket()
    assert _only(s3, "storage").ok


def test_when_elasticsearch_is_unreachable_then_the_search_check_fails_fast(settings: Settings) -> None:
    es = _with(settings, search_backend="elasticsearch", elasticsearch_url=f"http://127.0.0.1:{free_port()}",
               elasticsearch_username="elastic", elasticsearch_password=STRONG)
    started = time.monotonic()
    result = _only(es, "search")
    assert not result.ok
    assert "unreachable" in result.detail and "TEMOIN_ELASTICSEARCH_URL" in result.fix
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"jwt_secret": SecretStr("changeme")}, "TEMOIN_JWT_SECRET"),
        ({"jwt_secret": SecretStr("short-but-random-91")}, "TEMOIN_JWT_SECRET"),
        ({"storage": "s3", "s3_access_key": "app", "s3_secret_key": SecretStr("changeme")}, "TEMOIN_S3_SECRET_KEY"),
        ({"search_backend": "elasticsearch", "elasticsearch_username": "elastic"}, "TEMOIN_ELASTICSEARCH_PASSWORD"),
        ({"database_url": "postgresql+psycopg://temoin:changeme@db/temoin"}, "password in TEMOIN_DATABASE_URL"),
    ],
)
def test_when_a_secret_is_a_placeholder_then_the_settings_check_refuses_it(
    settings: Settings, changes: dict[str, object], named: str
) -> None:
    result = _only(_with(settings, **changes), "settings")
    assert not result.ok and named in result.detail and "openssl rand" in result.fix


def test_when_a_key_file_is_readable_by_others_then_the_keys_check_asks_for_chmod(archive: Archive) -> None:
    archive.settings.keys_dir.mkdir(mode=0o700, exist_ok=True)
    key = archive.settings.keys_dir / "signing.key"
    key.write_bytes(b"not really a key")
    key.chmod(0o644)
    result = _only(archive.settings, "keys")
    assert not result.ok and str(key) in result.detail and "chmod 600" in result.fix
    key.chmod(0o600)
    assert _only(archive.settings, "keys").ok


def test_when_an_unknown_check_is_asked_then_the_error_lists_the_known_ones(settings: Settings) -> None:
    with pytest.raises(ValueError, match="unknown check"):
        diagnose(settings, only=["nope"], lang="en")


def _doctor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archive", "doctor", *args], capture_output=True, text=True,
                          env={**os.environ, "TEMOIN_LANG": "en", **env}, timeout=120, check=False)


def test_when_doctor_runs_on_a_healthy_archive_then_json_says_ok_and_exit_is_zero(archive: Archive) -> None:
    env = {"TEMOIN_DATA_DIR": str(archive.settings.data_dir)}
    if archive.settings.database_url:
        env["TEMOIN_DATABASE_URL"] = archive.settings.database_url
    done = _doctor(env, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert {c["name"] for c in report["checks"]} == set(CHECK_NAMES)
    assert all(set(c) == {"name", "ok", "detail", "fix"} for c in report["checks"])


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ("FAIL", "/nonexistent does not exist", "needs attention", "what to do", "unset it")),
    ("fr", ("ÉCHEC", "/nonexistent n'existe pas", "à corriger", "correction", "retirez-la")),
])
def test_when_doctor_finds_a_problem_then_it_exits_one_and_the_table_says_how_to_fix(
        archive: Archive, lang: str, said: tuple[str, ...]) -> None:
    env = {"TEMOIN_DATA_DIR": str(archive.settings.data_dir), "TEMOIN_ASR_MODEL": "/nonexistent",
           "COLUMNS": "300", "TEMOIN_LANG": lang}
    if archive.settings.database_url:
        env["TEMOIN_DATABASE_URL"] = archive.settings.database_url
    done = _doctor(env, "--check", "model.whisper", "--check", "database")
    assert done.returncode == 1
    assert all(words in done.stdout for words in said), done.stdout


@pytest.mark.parametrize(
    ("env", "args", "code", "said"),
    [
        ({"TEMOIN_STORAGE": "ftp"}, ["--json"], 1, "TEMOIN_STORAGE"),
        ({}, ["--check", "nope"], 2, "unknown check"),
    ],
)
def test_when_doctor_gets_bad_input_then_it_says_what_is_wrong(
    tmp_path: Path, env: dict[str, str], args: list[str], code: int, said: str
) -> None:
    done = _doctor({"TEMOIN_DATA_DIR": str(tmp_path / "data"), **env}, *args)
    assert done.returncode == code
    assert said in done.stdout + done.stderr
