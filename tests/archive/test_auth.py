"""Logins, tokens, roles as data, and the JWT secret."""

from __future__ import annotations

import datetime as dt
import os
import stat

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from archive.auth import load_jwt_secret, roles
from archive.context import Archive
from archive.errors import Invalid
from archive.models import CustodyEntry
from archive.settings import Settings
from archive.users.models import LoginThrottle
from archive.users.throttle import block_seconds
from tests.archive.conftest import PASSWORD, Accounts


def test_when_credentials_are_right_then_login_returns_a_jwt_that_opens_the_api(
    client: TestClient, accounts: Accounts
) -> None:
    officer = accounts.make("documentation_officer", "aminata")
    r = client.post("/auth/login", json={"username": "aminata", "password": PASSWORD})
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    me = client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {"username": "aminata", "role": "documentation_officer", "id": officer.id}


def test_when_the_password_is_wrong_then_401_and_the_failure_is_logged_and_counted(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    accounts.make("lawyer", "maitre")
    for _ in range(2):
        r = client.post("/auth/login", json={"username": "maitre", "password": "wrong password!"})
        assert r.status_code == 401 and r.json()["code"] == "login_wrong" and "incorrect" in r.json()["error"]
    with archive.db.session() as s:
        failure = s.get(LoginThrottle, "user:maitre")
        assert failure is not None and failure.failures == 2
        actions = list(s.execute(select(CustodyEntry.action).order_by(CustodyEntry.seq)).scalars())
    assert actions.count("login_failed") == 2
    assert client.post("/auth/login", json={"username": "maitre", "password": PASSWORD}).status_code == 200
    with archive.db.session() as s:
        assert s.get(LoginThrottle, "user:maitre") is None


@pytest.mark.parametrize(("failures", "delay"), [(0, 0.0), (2, 0.0), (3, 1.0), (4, 2.0), (6, 8.0), (40, 30.0)])
def test_when_failures_accumulate_then_each_block_is_longer(failures: int, delay: float) -> None:
    assert block_seconds(failures, threshold=3) == delay


def _forged(secret: str, **claims: object) -> str:
    base = {"sub": "someone", "role": "admin", "exp": dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)}
    return jwt.encode({**base, **claims}, secret, algorithm="HS256")


@pytest.mark.parametrize(
    ("make_token", "message"),
    [
        (lambda a: _forged("not-the-archive-secret-but-long-enough-000000"), "token_invalid"),
        (lambda a: _forged(a.jwt_secret, sub=a.user_id, exp=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)),
         "session_expired"),
        (lambda a: "not.a.jwt", "token_invalid"),
        (lambda a: jwt.encode({"sub": a.user_id, "exp": 9999999999}, None, algorithm="none"), "token_invalid"),
    ],
    ids=["forged", "expired", "garbage", "alg-none"],
)
def test_when_the_token_is_forged_or_expired_then_401(
    client: TestClient, accounts: Accounts, archive: Archive, make_token, message: str  # type: ignore[no-untyped-def]
) -> None:
    officer = accounts.make("documentation_officer")

    class Ctx:
        jwt_secret = archive.jwt_secret
        user_id = officer.id

    r = client.get("/cases", headers={"Authorization": f"Bearer {make_token(Ctx)}"})
    assert r.status_code == 401
    assert r.json()["code"] == message


def test_when_no_token_is_sent_then_401_says_how_to_log_in(client: TestClient) -> None:
    r = client.get("/cases")
    assert r.status_code == 401 and "/auth/login" in r.json()["error"] and r.json()["code"] == "login_first"


def test_when_a_token_claims_another_role_then_the_database_role_wins(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    auditor = accounts.make("auditor")
    token = _forged(archive.jwt_secret, sub=auditor.id, role="admin")
    r = client.get("/users", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403


@pytest.mark.parametrize("secret", ["changeme", "secret", "short-secret"])
def test_when_the_configured_secret_is_a_default_then_startup_refuses(tmp_path, secret: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid, match="TEMOIN_JWT_SECRET"):
        Archive.open(Settings(data_dir=tmp_path, jwt_secret=SecretStr(secret)))


def test_when_no_secret_is_configured_then_one_is_generated_with_mode_0600_and_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path)
    first = load_jwt_secret(settings)
    path = tmp_path / "keys" / "jwt.secret"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(first) >= 48 and load_jwt_secret(settings) == first
    os.chmod(path, 0o644)
    with pytest.raises(Invalid, match="chmod 600"):
        load_jwt_secret(settings)


def test_when_roles_are_loaded_then_they_come_from_data_with_the_documented_limits() -> None:
    r = roles()
    assert set(r) >= {"admin", "documentation_officer", "lawyer", "reparations_officer", "auditor"}
    assert "items.read" not in r["admin"].permissions and "users.manage" in r["admin"].permissions
    assert r["auditor"].permissions == frozenset({"custody.read"})
    assert "items.read" not in r["reparations_officer"].permissions


@pytest.mark.parametrize(
    ("role", "method", "path", "status"),
    [
        ("documentation_officer", "get", "/users", 403),
        ("auditor", "post", "/cases", 403),
        ("reparations_officer", "get", "/custody", 403),
        ("admin", "get", "/custody", 403),
        ("auditor", "get", "/custody", 200),
        ("admin", "get", "/users", 200),
    ],
)
def test_when_a_role_calls_an_endpoint_then_permissions_from_data_decide(
    client: TestClient, accounts: Accounts, role: str, method: str, path: str, status: int
) -> None:
    account = accounts.make(role)
    kwargs = {"json": {"title": "x"}} if method == "post" else {}
    r = getattr(client, method)(path, headers=account.headers, **kwargs)
    assert r.status_code == status, r.text
    if status == 403:
        assert r.json()["code"] == "permission_missing" and "does not allow" in r.json()["error"]


def test_when_the_archive_key_is_asked_again_then_it_is_the_same_bytes_read_once(archive: Archive) -> None:
    first = archive.key
    assert len(first) == 32 and archive.key is first  # every upload and search asks: no file read each time


def test_when_the_archive_id_file_is_replaced_then_the_new_id_is_read(settings: Settings) -> None:
    from archive.exports.signing import ARCHIVE_ID, archive_id

    first = archive_id(settings)
    assert archive_id(settings) == first
    path = settings.keys_dir / ARCHIVE_ID
    path.unlink()  # a restore of another archive's keys, say
    replaced = archive_id(settings)
    assert replaced != first and path.read_text(encoding="utf-8").strip() == replaced
    os.chmod(path, 0o644)
    with pytest.raises(Invalid):  # a key file opened to others is still refused, cached or not
        archive_id(settings)
