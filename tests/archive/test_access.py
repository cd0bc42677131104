"""Access is denied unless role, assignment, seal and the survivor's consent all allow it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.archive.conftest import Account, Accounts

TEXT = "Témoignage de Fatoumata Diarra, arrêtée à Sévaré en 2013.".encode()


@pytest.fixture
def officer(accounts: Accounts) -> Account:
    return accounts.make("documentation_officer")


def _item(client: TestClient, officer: Account, consent: list[dict[str, Any]], **metadata: Any) -> tuple[str, str]:
    case_id = client.post("/cases", json={"title": "Dossier"}, headers=officer.headers).json()["id"]
    r = client.post(f"/cases/{case_id}/items", files={"file": ("t.txt", TEXT, "text/plain")},
                    data={"consent": json.dumps(consent), "metadata": json.dumps(metadata)},
                    headers=officer.headers)
    assert r.status_code == 201, r.text
    return case_id, r.json()["id"]


def _assign(client: TestClient, accounts: Accounts, case_id: str, user: Account) -> None:
    admin = accounts.make("admin")
    r = client.post(f"/cases/{case_id}/assignments", json={"username": user.username}, headers=admin.headers)
    assert r.status_code == 201, r.text


def _consent(client: TestClient, officer: Account, item_id: str, scope: str, status: str, **extra: Any) -> None:
    r = client.put(f"/items/{item_id}/consent", json={"scope": scope, "status": status, **extra},
                   headers=officer.headers)
    assert r.status_code == 200, r.text


def test_when_no_consent_was_recorded_then_even_the_collecting_officer_is_refused(
    client: TestClient, officer: Account
) -> None:
    _, item_id = _item(client, officer, [])
    r = client.get(f"/items/{item_id}/original", headers=officer.headers)
    assert r.status_code == 403 and r.json()["code"] == "consent_missing" and "internal case use" in r.json()["error"]
    shown = client.get(f"/items/{item_id}", headers=officer.headers).json()  # the record, to add consent
    assert shown["view"] == "metadata" and "text" not in shown and "internal case use" in shown["refused"]


def test_when_consent_is_withdrawn_between_two_requests_then_the_second_is_refused(
    client: TestClient, officer: Account
) -> None:
    _, item_id = _item(client, officer, [{"scope": "internal_case_use", "method": "oral"}])
    assert client.get(f"/items/{item_id}/original", headers=officer.headers).status_code == 200
    _consent(client, officer, item_id, "internal_case_use", "withdrawn")
    r = client.get(f"/items/{item_id}/original", headers=officer.headers)
    assert r.status_code == 403 and "withdrew" in r.json()["error"]
    _consent(client, officer, item_id, "internal_case_use", "granted", method="signature")
    assert client.get(f"/items/{item_id}/original", headers=officer.headers).status_code == 200


def test_when_consent_has_expired_then_access_is_refused(client: TestClient, officer: Account) -> None:
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    _, item_id = _item(client, officer, [{"scope": "internal_case_use", "expires_at": past}])
    assert client.get(f"/items/{item_id}/original", headers=officer.headers).status_code == 403
    assert client.get(f"/items/{item_id}", headers=officer.headers).json()["view"] == "metadata"


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_when_admin_or_auditor_asks_for_content_then_refused(
    client: TestClient, accounts: Accounts, officer: Account, role: str
) -> None:
    _, item_id = _item(client, officer, [{"scope": s} for s in ("internal_case_use", "share_prosecution")])
    other = accounts.make(role)
    r = client.get(f"/items/{item_id}", headers=other.headers)
    assert r.status_code == 403 and r.json()["code"] == "role_no_content"


def test_when_a_lawyer_is_not_assigned_then_refused_even_with_consent(
    client: TestClient, accounts: Accounts, officer: Account
) -> None:
    _, item_id = _item(client, officer, [{"scope": "share_prosecution"}, {"scope": "identity_disclosure"}])
    lawyer = accounts.make("lawyer")
    r = client.get(f"/items/{item_id}", headers=lawyer.headers)
    assert r.status_code == 403 and "not assigned" in r.json()["error"]


def test_when_a_lawyer_is_assigned_then_consent_decides_what_they_see(
    client: TestClient, accounts: Accounts, officer: Account
) -> None:
    case_id, item_id = _item(client, officer, [{"scope": "internal_case_use"}])
    lawyer = accounts.make("lawyer")
    _assign(client, accounts, case_id, lawyer)
    r = client.get(f"/items/{item_id}", headers=lawyer.headers)
    assert r.status_code == 403 and "sharing with prosecution" in r.json()["error"]
    _consent(client, officer, item_id, "share_prosecution", "granted")
    shown = client.get(f"/items/{item_id}", headers=lawyer.headers).json()
    assert shown["view"] == "redacted" and "text" not in shown
    assert client.get(f"/items/{item_id}/original", headers=lawyer.headers).status_code == 403
    _consent(client, officer, item_id, "identity_disclosure", "granted")
    assert client.get(f"/items/{item_id}", headers=lawyer.headers).json()["view"] == "full"
    assert client.get(f"/items/{item_id}/original", headers=lawyer.headers).content == TEXT


def test_when_a_legal_aid_lawyer_asks_then_share_legal_aid_is_the_scope(
    client: TestClient, accounts: Accounts, officer: Account
) -> None:
    case_id, item_id = _item(client, officer, [{"scope": "share_prosecution"}])
    lawyer = accounts.make("legal_aid_lawyer")
    _assign(client, accounts, case_id, lawyer)
    assert "sharing with legal aid" in client.get(f"/items/{item_id}", headers=lawyer.headers).json()["error"]
    _consent(client, officer, item_id, "share_legal_aid", "granted")
    assert client.get(f"/items/{item_id}", headers=lawyer.headers).status_code == 200


def test_when_a_reparations_officer_asks_then_only_redacted_material_with_share_reparations(
    client: TestClient, accounts: Accounts, officer: Account
) -> None:
    _, item_id = _item(client, officer, [{"scope": "internal_case_use"}, {"scope": "identity_disclosure"}])
    rep = accounts.make("reparations_officer")
    assert "sharing for reparations" in client.get(f"/items/{item_id}", headers=rep.headers).json()["error"]
    _consent(client, officer, item_id, "share_reparations", "granted")
    shown = client.get(f"/items/{item_id}", headers=rep.headers).json()
    assert shown["view"] == "redacted" and "text" not in shown and "collected_by" not in shown
    r = client.get(f"/items/{item_id}/original", headers=rep.headers)
    assert r.status_code == 403 and r.json()["code"] == "download_redacted_only"


def test_when_an_item_is_under_seal_then_only_named_users_see_it(
    client: TestClient, accounts: Accounts, officer: Account
) -> None:
    named = accounts.make("lawyer")
    other = accounts.make("lawyer")
    scopes = [{"scope": s} for s in ("internal_case_use", "share_prosecution", "identity_disclosure")]
    case_id, item_id = _item(client, officer, scopes, confidentiality="sealed", sealed_users=[named.username])
    for lawyer in (named, other):
        _assign(client, accounts, case_id, lawyer)
    assert client.get(f"/items/{item_id}", headers=named.headers).status_code == 200
    r = client.get(f"/items/{item_id}", headers=other.headers)
    assert r.status_code == 403 and "under seal" in r.json()["error"]
    assert client.get(f"/items/{item_id}", headers=officer.headers).status_code == 403


def test_when_an_officer_did_not_collect_the_item_nor_is_assigned_then_refused(
    client: TestClient, accounts: Accounts, officer: Account
) -> None:
    _, item_id = _item(client, officer, [{"scope": "internal_case_use"}])
    stranger = accounts.make("documentation_officer")
    assert client.get(f"/items/{item_id}", headers=stranger.headers).status_code == 403
    r = client.put(f"/items/{item_id}/consent", json={"scope": "share_reparations", "status": "granted"},
                   headers=stranger.headers)
    assert r.status_code == 403
