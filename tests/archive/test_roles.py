"""Nobody promotes themself into the testimonies: own role, self-assignment, the two-person rule for roles that
read content, the last administrator, and uploads only to one's own cases — through the API, the pages and the
CLI (issue 12)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.cases.service import create_case
from archive.context import Archive
from archive.models import CustodyEntry, User
from archive.settings import Settings
from tests.archive.conftest import PASSWORD, Account, Accounts, settings_env

TEMOIN = [sys.executable, "-m", "archive"]


def _role(archive: Archive, username: str) -> tuple[str, bool]:
    with archive.db.reader() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        return user.role, user.active


def _actions(archive: Archive, object_id: str) -> list[tuple[str, dict[str, object]]]:
    with archive.db.reader() as s:
        rows = s.execute(select(CustodyEntry).where(CustodyEntry.object_id == object_id)
                         .order_by(CustodyEntry.seq)).scalars()
        return [(e.action, json.loads(e.details)) for e in rows]


def _case(archive: Archive, officer: Account) -> str:
    with archive.db.session() as s:
        return create_case(session=s, actor=officer.actor, title="Dossier Gao 2012").id


# --- API ---------------------------------------------------------------------------------------------------------

def test_when_an_admin_changes_their_own_role_through_the_api_then_403_and_nothing_changes(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    admin = accounts.make("admin")
    accounts.make("admin")  # not the last admin: the refusal is about the own role
    r = client.put(f"/users/{admin.username}/role", json={"role": "documentation_officer"}, headers=admin.headers)
    assert r.status_code == 403 and r.json()["code"] == "role_own"
    assert _role(archive, admin.username) == ("admin", True)
    assert [a for a, _ in _actions(archive, admin.id)] == ["user_create"]


def test_when_an_admin_assigns_themself_to_a_case_through_the_api_then_403(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    admin, officer = accounts.make("admin"), accounts.make("documentation_officer")
    case_id = _case(archive, officer)
    r = client.post(f"/cases/{case_id}/assignments", json={"username": admin.username}, headers=admin.headers)
    assert r.status_code == 403 and r.json()["code"] == "assign_self"


def test_when_a_content_role_is_asked_then_it_waits_for_a_second_admin_and_the_asker_cannot_confirm(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    first, second = accounts.make("admin"), accounts.make("admin")
    target = accounts.make("auditor")
    r = client.put(f"/users/{target.username}/role", json={"role": "documentation_officer", "reason": "collecte"},
                   headers=first.headers)
    assert r.status_code == 202, r.text
    request_id = r.json()["pending"]["id"]
    assert _role(archive, target.username) == ("auditor", True)  # nothing takes effect yet
    assert client.get("/cases", headers=target.headers).json() == []  # the auditor's token still an auditor's
    listed = client.get("/role-requests", headers=second.headers).json()
    assert [(p["id"], p["to"], p["requested_by"]) for p in listed] == [
        (request_id, "documentation_officer", first.username)]
    r = client.post(f"/role-requests/{request_id}/confirm", json={}, headers=first.headers)
    assert r.status_code == 403 and r.json()["code"] == "role_confirm_same_admin"
    r = client.post(f"/role-requests/{request_id}/confirm", json={}, headers=target.headers)
    assert r.status_code == 403
    r = client.post(f"/role-requests/{request_id}/confirm", json={"reason": "vu"}, headers=second.headers)
    assert r.status_code == 200 and r.json()["role"] == "documentation_officer"
    assert _role(archive, target.username) == ("documentation_officer", True)
    actions = _actions(archive, target.id)
    assert [a for a, _ in actions] == ["user_create", "permission_change_requested", "permission_change"]
    assert actions[-1][1]["confirmed_by"] == second.username and actions[-1][1]["requested_by"] == first.username
    r = client.post(f"/role-requests/{request_id}/confirm", json={}, headers=second.headers)
    assert r.status_code == 409 and r.json()["code"] == "role_request_closed"


def test_when_a_role_without_content_is_given_then_it_applies_at_once_and_is_logged(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    admin, officer = accounts.make("admin"), accounts.make("documentation_officer")
    r = client.put(f"/users/{officer.username}/role", json={"role": "auditor", "reason": "départ"},
                   headers=admin.headers)
    assert r.status_code == 200 and r.json()["role"] == "auditor"
    action, details = _actions(archive, officer.id)[-1]
    assert action == "permission_change" and details == {"from": "documentation_officer", "to": "auditor"}


def test_when_the_last_admin_would_be_demoted_then_409(client: TestClient, accounts: Accounts,
                                                       archive: Archive) -> None:
    first, second = accounts.make("admin"), accounts.make("admin")
    assert client.put(f"/users/{second.username}/role", json={"role": "auditor"},
                      headers=first.headers).status_code == 200
    third = accounts.make("admin")
    with archive.db.session() as s:  # leave `first` as the only active administrator
        s.execute(select(User).where(User.username == third.username)).scalar_one().active = False
    r = client.put(f"/users/{first.username}/role", json={"role": "auditor"}, headers=third.headers)
    assert r.status_code in (401, 403)  # a disabled account cannot act at all
    from archive.custody import SYSTEM
    from archive.errors import Conflict
    from archive.users.service import change_role

    with pytest.raises(Conflict) as refused, archive.db.session() as s:
        change_role(session=s, actor=SYSTEM, username=first.username, role="auditor")
    assert refused.value.key == "role_last_admin"


def test_when_an_admin_opens_an_account_with_a_content_role_then_it_cannot_log_in_until_confirmed(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    first, second = accounts.make("admin"), accounts.make("admin")
    r = client.post("/users", json={"username": "prete-nom", "role": "lawyer", "password": PASSWORD},
                    headers=first.headers)
    assert r.status_code == 201 and r.json()["active"] is False and r.json()["pending"]["to"] == "lawyer"
    assert client.post("/auth/login", json={"username": "prete-nom", "password": PASSWORD}).status_code == 401
    r = client.post(f"/role-requests/{r.json()['pending']['id']}/confirm", json={}, headers=second.headers)
    assert r.status_code == 200 and r.json()["active"] is True
    assert client.post("/auth/login", json={"username": "prete-nom", "password": PASSWORD}).status_code == 200


def test_when_an_officer_uploads_to_a_case_not_theirs_then_every_upload_door_refuses(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    owner, other = accounts.make("documentation_officer"), accounts.make("documentation_officer")
    case_id = _case(archive, owner)
    files = {"file": ("t.txt", io.BytesIO(b"Temoignage de test.\n"), "text/plain")}
    r = client.post(f"/cases/{case_id}/items", files=files, headers=other.headers)
    assert r.status_code == 403 and r.json()["code"] == "upload_not_assigned"
    r = client.post(f"/cases/{case_id}/texts", json={"text": "Temoignage."}, headers=other.headers)
    assert r.status_code == 403 and r.json()["code"] == "upload_not_assigned"
    r = client.post("/uploads", json={"case_id": case_id, "filename": "t.txt", "size": 20}, headers=other.headers)
    assert r.status_code == 403 and r.json()["code"] == "upload_not_assigned"
    files = {"file": ("t.txt", io.BytesIO(b"Temoignage de test.\n"), "text/plain")}
    assert client.post(f"/cases/{case_id}/items", files=files, headers=owner.headers).status_code == 201


# --- web pages ---------------------------------------------------------------------------------------------------

def _page_login(client: TestClient, username: str) -> None:
    import re

    nonce = re.search(r'name="csrf" value="([^"]*)"', client.get("/ui/login").text)
    assert nonce
    r = client.post("/ui/login", data={"username": username, "password": PASSWORD, "csrf": nonce.group(1)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def _csrf(html: str) -> str:
    import re

    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found
    return found.group(1)


def test_when_admins_use_the_pages_then_own_role_and_self_assignment_are_refused_and_a_second_admin_confirms(
    archive: Archive, accounts: Accounts
) -> None:
    from archive.api import create_app

    first, second = accounts.make("admin"), accounts.make("admin")
    officer, target = accounts.make("documentation_officer"), accounts.make("auditor")
    case_id = _case(archive, officer)
    with TestClient(create_app(archive)) as one, TestClient(create_app(archive)) as two:
        _page_login(one, first.username)
        _page_login(two, second.username)
        csrf = _csrf(one.get("/ui/admin/users").text)
        r = one.post(f"/ui/admin/users/{first.username}/role", data={"csrf": csrf, "role": "lawyer"})
        assert r.status_code == 403
        r = one.post("/ui/admin/assignments", data={"csrf": csrf, "case_id": case_id, "username": first.username})
        assert r.status_code == 403
        r = one.post(f"/ui/admin/users/{target.username}/role", data={"csrf": csrf, "role": "lawyer"})
        assert r.status_code == 200 and 'id="role-requests"' in r.text
        assert "/confirm" not in r.text  # the asker is not offered the button
        assert _role(archive, target.username) == ("auditor", True)
        page = two.get("/ui/admin/users").text
        action = page[page.index("/ui/admin/role-requests/"):].split('"')[0]
        r = two.post(action, data={"csrf": _csrf(page)})
        assert r.status_code == 200
    assert _role(archive, target.username) == ("lawyer", True)


def test_when_an_officer_opens_the_upload_page_of_a_case_not_theirs_then_403(
    archive: Archive, accounts: Accounts
) -> None:
    from archive.api import create_app

    owner, other = accounts.make("documentation_officer"), accounts.make("documentation_officer")
    case_id = _case(archive, owner)
    with TestClient(create_app(archive)) as browser:
        _page_login(browser, other.username)
        assert browser.get(f"/ui/cases/{case_id}/upload").status_code == 403


# --- CLI ---------------------------------------------------------------------------------------------------------

def test_when_admins_use_the_cli_then_the_same_rules_hold(settings: Settings, archive: Archive,
                                                          accounts: Accounts, tmp_path: Path) -> None:
    first, second = accounts.make("admin"), accounts.make("admin")
    owner, other = accounts.make("documentation_officer"), accounts.make("documentation_officer")
    target = accounts.make("auditor")
    case_id = _case(archive, owner)
    env = settings_env(settings)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*TEMOIN, *args], capture_output=True, text=True, env=env, timeout=300)

    own = run("users", "role", first.username, "lawyer", "--as", first.username)
    assert own.returncode == 3 and "own role" in own.stderr
    assign = run("cases", "assign", case_id, first.username, "--as", first.username)
    assert assign.returncode == 3 and "assign themself" in assign.stderr
    asked = run("users", "role", target.username, "lawyer", "--as", first.username, "--json")
    assert asked.returncode == 0, asked.stderr
    request_id = json.loads(asked.stdout)["pending"]
    assert _role(archive, target.username) == ("auditor", True)
    listed = run("users", "pending", "--as", second.username, "--json")
    assert [p["id"] for p in json.loads(listed.stdout)] == [request_id]
    same = run("users", "confirm-role", request_id, "--as", first.username)
    assert same.returncode == 3 and "two-person" in same.stderr
    done = run("users", "confirm-role", request_id, "--as", second.username, "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["role"] == "lawyer"
    testimony = tmp_path / "t.txt"
    testimony.write_text("Temoignage de test.\n", encoding="utf-8")
    ingest = run("ingest", str(testimony), "--case", case_id, "--as", other.username, "--no-wait")
    assert ingest.returncode == 3 and "assigned" in ingest.stderr


# --- the service's edges -----------------------------------------------------------------------------------------

def test_when_a_pending_account_gets_a_role_without_content_instead_then_it_opens_with_it(
    archive: Archive, accounts: Accounts
) -> None:
    from archive.users.service import change_role, create_account, pending_requests

    admin, other = accounts.make("admin"), accounts.make("admin")
    with archive.db.session() as s:
        opened = create_account(session=s, actor=admin.actor, username="nouvelle", role="lawyer", password=PASSWORD)
        assert opened.pending is not None and not opened.user.active
    with archive.db.session() as s:
        again = change_role(session=s, actor=other.actor, username="nouvelle", role="legal_aid_lawyer")
        assert again is not None and again.from_role == ""  # still an opening: confirming it opens the account
    with archive.db.session() as s:
        assert change_role(session=s, actor=admin.actor, username="nouvelle", role="auditor") is None
        assert pending_requests(session=s, actor=admin.actor) == []
    assert _role(archive, "nouvelle") == ("auditor", True)


def test_when_confirming_would_leave_no_admin_then_409(archive: Archive, accounts: Accounts) -> None:
    from archive.custody import SYSTEM
    from archive.errors import Conflict
    from archive.users.service import change_role, confirm_role

    first, second = accounts.make("admin"), accounts.make("admin")
    with archive.db.session() as s:
        request = change_role(session=s, actor=first.actor, username=second.username, role="lawyer")
        assert request is not None
        request_id = request.id
    with archive.db.session() as s:
        change_role(session=s, actor=SYSTEM, username=first.username, role="auditor")
    with pytest.raises(Conflict) as refused, archive.db.session() as s:
        confirm_role(session=s, actor=SYSTEM, request_id=request_id)
    assert refused.value.key == "role_last_admin"
    assert _role(archive, second.username) == ("admin", True)
