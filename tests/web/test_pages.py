"""Server-rendered pages through the app (no browser): session cookie, CSRF, lock, content warning, roles."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.cases.service import create_case
from archive.consent import granted_scopes, set_consent
from archive.context import Archive
from archive.custody import Actor
from archive.items.incoming import IncomingFile
from archive.items.schemas import Intake
from archive.items.service import add_item
from archive.jobs.worker import Worker
from archive.models import CustodyEntry, User
from archive.pipeline.extract import run_extract
from tests.web.conftest import PASSWORD, form_csrf, make_user

LoginAs = Callable[..., tuple[TestClient, str]]
SECRET_NAME = "Fatoumata Diarra-Keïta"
NARRATIVE = "Les militaires ont emmené mon mari au camp de Kidal en mars 2013. Je ne l'ai plus revu.\n"
PAGE_LIMIT = 200 * 1024


def _actor(archive: Archive, username: str) -> Actor:
    with archive.db.session() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        return Actor(user.username, user.role, user.id)


def seed_item(archive: Archive, officer: str, *, scopes: tuple[str, ...] = ("internal_case_use",)) -> tuple[str, str]:
    """A case and a typed testimony whose record names a (synthetic) survivor; extracted to text."""
    actor = _actor(archive, officer)
    with archive.db.session() as s:
        case_id = create_case(session=s, actor=actor, title="Dossier Kidal 2013").id
    with IncomingFile(archive.settings.uploads_dir, limit=10**6, filename=f"{SECRET_NAME}.txt") as incoming:
        incoming.write(NARRATIVE.encode())
        received = incoming.finish()
    intake = Intake(collected_by=SECRET_NAME, locality=f"Quartier de {SECRET_NAME}", language="fr",
                    region="Kidal", violation_types=["arbitrary_detention"])
    with archive.db.session() as s:
        item = add_item(archive=archive, actor=actor, case_id=case_id, received=received,
                        intake=intake).item
        for scope in scopes:
            set_consent(s, actor=actor, item=item, scope=scope, status="granted", method="oral")
        item_id = item.id
    Worker(archive, {"extract": run_extract}).run_until_idle()
    return case_id, item_id


def _reads(archive: Archive, item_id: str) -> int:
    with archive.db.session() as s:
        rows = s.execute(select(CustodyEntry).where(CustodyEntry.action == "read",
                                                    CustodyEntry.object_id == item_id)).scalars()
        return len(list(rows))


def test_when_not_logged_in_then_pages_redirect_to_the_login_page(app_client: TestClient) -> None:
    r = app_client.get("/ui/cases", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/login?next=/ui/cases"


def test_when_logging_in_then_the_session_cookie_is_httponly_and_samesite_strict(archive: Archive,
                                                                                 app_client: TestClient) -> None:
    name = make_user(archive, "documentation_officer")
    nonce = form_csrf(app_client.get("/ui/login").text)
    r = app_client.post("/ui/login", data={"username": name, "password": PASSWORD, "csrf": nonce,
                                           "next": "https://evil.example/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/", "no redirect to another site"
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("temoin_session=ey"))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


@pytest.mark.parametrize(("password", "csrf_ok", "status", "message"), [
    ("wrong password!", True, 401, "ou mot de passe incorrect"),
    (PASSWORD, False, 403, "Le formulaire a expiré"),
])
def test_when_the_login_is_refused_then_the_page_says_why_in_french(
    archive: Archive, app_client: TestClient, password: str, csrf_ok: bool, status: int, message: str
) -> None:
    name = make_user(archive, "auditor")
    nonce = form_csrf(app_client.get("/ui/login").text)
    r = app_client.post("/ui/login", data={"username": name, "password": password,
                                           "csrf": nonce if csrf_ok else "forged"})
    assert r.status_code == status and message in r.text
    assert "temoin_session=ey" not in " ".join(r.headers.get_list("set-cookie"))


def test_when_a_form_comes_without_the_csrf_token_then_it_is_refused(browser_as: LoginAs) -> None:
    client, _ = browser_as("documentation_officer")
    r = client.post("/ui/cases", data={"title": "Dossier forgé", "csrf": "0" * 40})
    assert r.status_code == 403 and "Formulaire expiré" in r.text
    assert "Dossier forgé" not in client.get("/ui/cases").text


@pytest.mark.parametrize(("role", "path", "status"), [
    ("auditor", "/ui/admin/users", 403), ("auditor", "/ui/custody", 200),
    ("admin", "/ui/custody", 403), ("admin", "/ui/admin/users", 200),
    ("reparations_officer", "/ui/custody", 403), ("documentation_officer", "/ui/cases", 200),
    ("lawyer", "/ui/items/no-such-item", 404),
])
def test_when_a_role_opens_a_page_then_it_gets_what_its_permissions_allow(browser_as: LoginAs, role: str,
                                                                         path: str, status: int) -> None:
    client, _ = browser_as(role)
    assert client.get(path).status_code == status


def test_when_a_narrative_is_opened_first_then_a_content_warning_comes_before_the_text(
    archive: Archive, browser_as: LoginAs
) -> None:
    client, officer = browser_as("documentation_officer")
    _, item_id = seed_item(archive, officer)
    first = client.get(f"/ui/items/{item_id}")
    assert first.status_code == 200 and 'id="content-warning"' in first.text
    assert "camp de Kidal" not in first.text and _reads(archive, item_id) == 0
    r = client.post("/ui/warning", data={"csrf": form_csrf(first.text), "next": f"/ui/items/{item_id}"})
    assert "camp de Kidal" in r.text and 'id="content-warning"' not in r.text
    assert _reads(archive, item_id) == 1, "showing the text is a logged read, like the API's"


def test_when_the_screen_is_locked_then_no_page_shows_until_the_password_is_given(
    archive: Archive, browser_as: LoginAs
) -> None:
    client, officer = browser_as("documentation_officer")
    _, item_id = seed_item(archive, officer)
    page = client.get(f"/ui/items/{item_id}")
    locked = client.post("/ui/lock", data={"csrf": form_csrf(page.text), "next": f"/ui/items/{item_id}"})
    assert locked.url.path == "/ui/locked" and "Écran verrouillé" in locked.text
    for path in (f"/ui/items/{item_id}", "/ui/cases", f"/ui/cases/{item_id}/status"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/ui/locked")
    wrong = client.post("/ui/unlock", data={"csrf": form_csrf(locked.text), "password": "pas le bon mot"})
    assert "Mot de passe incorrect" in wrong.text
    back = client.post("/ui/unlock", data={"csrf": form_csrf(locked.text), "password": PASSWORD,
                                           "next": f"/ui/items/{item_id}"})
    assert back.url.path == f"/ui/items/{item_id}" and back.status_code == 200


def test_when_a_reparations_officer_opens_an_item_then_no_identifying_field_is_shown(
    archive: Archive, browser_as: LoginAs
) -> None:
    _, officer = browser_as("documentation_officer")
    case_id, item_id = seed_item(archive, officer, scopes=("internal_case_use", "share_reparations"))
    client, _ = browser_as("reparations_officer")
    for path in (f"/ui/items/{item_id}", f"/ui/cases/{case_id}", "/ui/cases", "/ui/"):
        page = client.get(path)
        if 'id="content-warning"' in page.text:
            page = client.post("/ui/warning", data={"csrf": form_csrf(page.text), "next": path})
        assert SECRET_NAME not in page.text and "Diarra" not in page.text, path


def test_when_an_officer_records_consent_then_it_shows_and_is_in_the_custody_history(
    archive: Archive, browser_as: LoginAs
) -> None:
    client, officer = browser_as("documentation_officer")
    _, item_id = seed_item(archive, officer)
    page = client.get(f"/ui/items/{item_id}")
    r = client.post(f"/ui/items/{item_id}/consent", data={
        "csrf": form_csrf(page.text), "scope": "share_legal_aid", "status": "granted", "method": "thumbprint",
        "interpreter": "Interprète 3", "expires_on": "2031-01-01", "note": ""})
    row = re.search(r'<tr data-scope="share_legal_aid">(.*?)</tr>', r.text, re.S)
    assert row and "accordé" in row.group(1) and "empreinte digitale" in row.group(1)
    assert "1er janvier 2031" in row.group(1)
    assert "consentement modifié" in r.text.split('id="history"')[1]
    with archive.db.session() as s:
        assert "share_legal_aid" in granted_scopes(s, item_id)


def test_when_an_officer_corrects_the_transcript_then_a_new_version_is_shown(archive: Archive,
                                                                           browser_as: LoginAs) -> None:
    client, officer = browser_as("documentation_officer")
    _, item_id = seed_item(archive, officer)
    page = client.get(f"/ui/items/{item_id}")
    page = client.post("/ui/warning", data={"csrf": form_csrf(page.text), "next": f"/ui/items/{item_id}"})
    r = client.post(f"/ui/items/{item_id}/transcript", data={
        "csrf": form_csrf(page.text), "text": "Texte relu : ils l'ont emmené au camp.", "note": "relecture"})
    assert "Texte relu" in r.text and "transcription corrigée" in r.text
    assert "texte v2" in r.text


def test_when_an_auditor_verifies_the_log_then_the_chain_is_reported_intact(browser_as: LoginAs) -> None:
    client, _ = browser_as("auditor")
    page = client.get("/ui/custody")
    r = client.post("/ui/custody/verify", data={"csrf": form_csrf(page.text)})
    assert "Chaîne intacte" in r.text and 'id="verify-report"' in r.text


def test_when_an_admin_creates_a_user_and_assigns_a_case_then_both_are_listed(archive: Archive,
                                                                             browser_as: LoginAs) -> None:
    _, officer = browser_as("documentation_officer")
    case_id, _ = seed_item(archive, officer)
    client, _ = browser_as("admin")
    page = client.get("/ui/admin/users")
    r = client.post("/ui/admin/users", data={"csrf": form_csrf(page.text), "username": "maitre-sangare",
                                             "role": "lawyer", "password": "mot de passe initial"})
    assert "Compte créé" in r.text and 'data-user="maitre-sangare"' in r.text
    r = client.post("/ui/admin/assignments", data={"csrf": form_csrf(r.text), "case_id": case_id,
                                                   "username": "maitre-sangare"})
    assert "Affectation enregistrée" in r.text and "maitre-sangare" in r.text.split("Affectations aux dossiers")[-1]


def test_when_the_language_is_switched_then_pages_are_in_english_with_english_dates(archive: Archive,
                                                                                  browser_as: LoginAs) -> None:
    client, officer = browser_as("documentation_officer")
    seed_item(archive, officer)
    assert "Dossiers" in client.get("/ui/cases").text
    r = client.post("/ui/lang", data={"lang": "en", "next": "/ui/cases"})
    assert r.url.path == "/ui/cases" and "<h1>Cases</h1>" in r.text and 'lang="en"' in r.text
    assert re.search(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                     r"December) \d{4}, \d\d:\d\d", r.text)


@pytest.mark.parametrize("path", ["/ui/login", "/ui/", "/ui/cases", "/ui/custody", "/ui/admin/users"])
def test_when_a_page_is_served_then_it_is_small_and_carries_the_security_headers(archive: Archive,
                                                                                browser_as: LoginAs,
                                                                                path: str) -> None:
    role = {"/ui/custody": "auditor", "/ui/admin/users": "admin"}.get(path, "documentation_officer")
    client, _ = browser_as(role)
    r = client.get(path)
    assert r.status_code == 200
    static = sum(len(client.get(f"/ui/static/{name}").content) for name in ("app.css", "app.js"))
    assert len(r.content) + static < PAGE_LIMIT
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"
    assert "<script>" not in r.text, "no inline script (the CSP forbids it)"


def test_when_the_upload_page_is_opened_then_it_offers_every_consent_scope_and_vocabulary(
    archive: Archive, browser_as: LoginAs
) -> None:
    client, officer = browser_as("documentation_officer")
    case_id, _ = seed_item(archive, officer)
    page = client.get(f"/ui/cases/{case_id}/upload")
    assert page.status_code == 200 and 'data-chunk="262144"' in page.text  # the first chunk; then by speed
    for words in ("usage interne au dossier", "partage pour les réparations", "détention arbitraire", "Tombouctou"):
        assert words in page.text
    assert len(page.content) < PAGE_LIMIT


def test_when_a_document_has_pages_then_the_item_page_shows_each_page_as_a_search_hit_target(
    archive: Archive, browser_as: LoginAs, tmp_path: Path
) -> None:
    from tests.ingest import generate

    app_client, officer = browser_as("documentation_officer")
    actor = _actor(archive, officer)
    with archive.db.session() as s:
        case_id = create_case(session=s, actor=actor, title="Dossier").id
    pdf = generate.text_pdf(tmp_path / "pv.pdf", ["Premier feuillet du procès-verbal.", "Second feuillet, signé."])
    with IncomingFile(archive.settings.uploads_dir, limit=10**7, filename="pv.pdf") as incoming:
        incoming.write(pdf.read_bytes())
        received = incoming.finish()
    with archive.db.session() as s:
        item = add_item(archive=archive, actor=actor, case_id=case_id, received=received,
                        intake=Intake(language="fr")).item
        set_consent(s, actor=actor, item=item, scope="internal_case_use", status="granted", method="oral")
        item_id = item.id
    Worker(archive, {"extract": run_extract}).run_until_idle()
    first = app_client.get(f"/ui/items/{item_id}")
    shown = app_client.post("/ui/warning", data={"csrf": form_csrf(first.text), "next": f"/ui/items/{item_id}"})
    assert 'id="page=1"' in shown.text and 'id="page=2"' in shown.text
    assert shown.text.index("Premier feuillet") < shown.text.index('id="page=2"') < shown.text.index("Second")
