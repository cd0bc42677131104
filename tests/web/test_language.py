"""French first, everywhere (issue 14): input problems, search syntax, custody details, item names and the
admin's forms speak the user's language from the catalogue, never pydantic's English or internal keys."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.context import Archive
from archive.errors import Conflict, ConsentMissing
from archive.exports.blocked import ExportBlocked
from archive.exports.plan import ExportRefused
from archive.models import CaseAssignment, CustodyEntry
from tests.web.conftest import PASSWORD, form_csrf, make_user
from tests.web.test_pages import seed_item

LoginAs = Callable[..., tuple[TestClient, str]]
ENGLISH_PYDANTIC = ("Field required", "Input should be", "String should have", "value is not a valid", "Value error")


def _token(client: TestClient, username: str) -> dict[str, str]:
    r = client.post("/auth/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_when_an_api_request_is_invalid_then_the_problems_are_in_french_unless_english_is_asked(
    app_client: TestClient
) -> None:
    r = app_client.post("/auth/login", json={"username": 5})
    assert r.status_code == 422
    body = r.json()
    assert body["error"].startswith("Requête invalide")
    assert "mot de passe" in body["error"] and "obligatoire" in body["error"]
    assert not any(words in body["error"] for words in ENGLISH_PYDANTIC)
    assert {d["path"] for d in body["details"]} == {"body.username", "body.password"}
    english = app_client.post("/auth/login", json={"username": 5}, headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "password: required" in english.json()["error"]


def test_when_intake_uses_an_unknown_word_then_the_api_says_which_values_are_possible(
    app_client: TestClient, archive: Archive
) -> None:
    officer = make_user(archive, "documentation_officer")
    headers = _token(app_client, officer)
    case = app_client.post("/cases", json={"title": "Dossier Tombouctou"}, headers=headers).json()["id"]
    r = app_client.post(f"/cases/{case}/texts", headers=headers,
                        json={"text": "Déclaration.", "metadata": {"language": "klingon"}})
    assert r.status_code == 422, r.text
    assert "langue : valeur inconnue « klingon »" in r.json()["error"] and "bm" in r.json()["error"]
    assert "must be one of" not in r.json()["error"]


def test_when_a_search_cannot_be_understood_then_api_and_page_say_how_to_fix_it_in_french(
    app_client: TestClient, archive: Archive, browser_as: LoginAs
) -> None:
    officer = make_user(archive, "documentation_officer")
    r = app_client.get("/search", params={"q": '"Gao'}, headers=_token(app_client, officer))
    assert r.status_code == 422
    assert r.json()["problem"] == "unclosed_quote"
    assert "guillemet ouvert au caractère 1" in r.json()["error"] and "unclosed" not in r.json()["error"]
    client, _ = browser_as("documentation_officer")
    page = client.get("/ui/search", params={"q": "(Gao"}).text
    assert "parenthèse ouverte au caractère 1 jamais fermée" in page and "not closed" not in page


def test_when_a_web_form_is_invalid_then_a_french_page_with_navigation_names_the_field(
    archive: Archive, browser_as: LoginAs
) -> None:
    client, name = browser_as("documentation_officer")
    _, item = seed_item(archive, name)
    page = client.get(f"/ui/items/{item}/review").text
    r = client.post(f"/ui/items/{item}/review", data={"csrf": form_csrf(page), "start": "début", "end": 4,
                                                       "label": "PERSON"})
    assert r.status_code == 422, r.text
    assert "début : un nombre entier est attendu" in r.text.replace("\u00a0", " ")
    assert 'href="/ui/cases"' in r.text and "Input should be" not in r.text  # the site's menu, no English


def test_when_custody_details_are_shown_then_they_are_named_in_french_without_python_values(
    archive: Archive, browser_as: LoginAs
) -> None:
    client, name = browser_as("documentation_officer")
    _, item = seed_item(archive, name)  # consents recorded without expiry: expires_at is None in the log
    page = client.get(f"/ui/items/{item}").text
    history = page[page.index('id="history"'):]
    assert "expires_at" not in history and "None" not in history and "media_type" not in history
    assert "expire le" in history and "portée" in history and "Usage interne au dossier" in history.replace(
        "usage interne", "Usage interne")
    auditor, _ = browser_as("auditor")
    log = auditor.get("/ui/custody").text
    assert "sha256:" not in log and "True" not in log and "None" not in log
    assert re.search(r"témoignage [0-9a-f]{8}", log)  # the object named in French, not "item"


def test_when_items_are_listed_then_they_are_named_by_title_and_type_and_documents_offer_no_transcript_fix(
    archive: Archive, browser_as: LoginAs
) -> None:
    client, name = browser_as("documentation_officer")
    case, item = seed_item(archive, name)
    listing = client.get(f"/ui/cases/{case}").text
    # An officer (who may read file names) sees the title taken from the file name at intake and the type in
    # words; redacted-only readers see the title's redacted form (tests/archive/test_doors.py, free text).
    assert "Fichier texte" in listing and not re.search(r"Élément [0-9a-f]{8}", listing)
    assert "text/plain</span>" not in listing
    form = client.get(f"/ui/items/{item}").text
    client.post("/ui/warning", data={"csrf": form_csrf(form), "next": f"/ui/items/{item}"})
    shown = client.get(f"/ui/items/{item}").text
    assert f'href="/ui/items/{item}/review"' in shown  # the item page leads to its review
    assert "Corriger la transcription" not in shown  # a typed statement is not a transcript
    assert "Fichier texte" in shown


def test_when_the_admin_opens_the_accounts_page_then_no_role_is_preselected_and_assignments_can_be_removed(
    archive: Archive, browser_as: LoginAs
) -> None:
    officer = make_user(archive, "documentation_officer")
    case, _ = seed_item(archive, officer)
    admin, _ = browser_as("admin")
    page = admin.get("/ui/admin/users").text
    new_user = page[page.index('id="new-user"'):]
    assert re.search(r'<select name="role" required><option value="" selected disabled>', new_user)
    assert f'name="username" value="{officer}"' in page
    r = admin.post("/ui/admin/assignments/remove", data={"csrf": form_csrf(page), "case_id": case,
                                                          "username": officer, "reason": "fin de mission"})
    assert r.status_code == 200 and "Affectation retirée." in r.text
    with archive.db.session() as s:
        assert s.execute(select(CaseAssignment).where(CaseAssignment.case_id == case)).first() is None
        entry = s.execute(select(CustodyEntry).where(CustodyEntry.action == "unassign")).scalar_one()
        assert entry.object_id == case and entry.reason == "fin de mission"
    again = admin.post("/ui/admin/assignments/remove", data={"csrf": form_csrf(page), "case_id": case,
                                                              "username": officer})
    assert again.status_code == 404 and "n'est pas affecté·e à ce dossier" in html.unescape(again.text)


def test_when_the_screen_is_unlocked_then_the_page_with_its_query_comes_back(browser_as: LoginAs) -> None:
    client, _ = browser_as("documentation_officer")
    where = "/ui/search?q=Gao&page=2"
    home = client.get("/ui/").text
    locked = client.post("/ui/lock", data={"csrf": form_csrf(home), "next": where}, follow_redirects=False)
    screen = client.get(locked.headers["location"]).text
    assert f'name="next" value="{where.replace("&", "&amp;")}"' in screen
    back = client.post("/ui/unlock", data={"csrf": form_csrf(screen), "password": PASSWORD, "next": where},
                       follow_redirects=False)
    assert back.headers["location"] == where


def test_when_the_upload_page_opens_then_the_limit_is_round_the_first_chunk_small_and_progress_on_top(
    archive: Archive, browser_as: LoginAs
) -> None:
    client, name = browser_as("documentation_officer")
    case, _ = seed_item(archive, name)
    page = client.get(f"/ui/cases/{case}/upload").text
    assert 'data-chunk="262144"' in page
    assert page.index('id="progress-box"') < page.index('id="upload-form"')  # seen without scrolling
    assert "Taille maximale : 4,2\u00a0Mo." in page  # 4 MiB in the test settings, in decimal units


def test_when_templates_and_scripts_are_read_then_nothing_comes_from_another_site() -> None:
    """Mopti's office has no internet: no CDN, web font or remote script in any template, style or script."""
    web = Path(__file__).resolve().parents[2] / "archive" / "web"
    files = [*web.glob("templates/*.html"), *web.glob("static/*")]
    assert len(files) > 15
    remote = re.compile(r"""(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|url\(\s*["']?https?:""", re.IGNORECASE)
    assert [f.name for f in files if remote.search(f.read_text(encoding="utf-8"))] == []


def test_when_an_export_is_refused_or_blocked_then_every_reason_is_said_in_french() -> None:
    refusal = ExportRefused("export_refused", profile="reparations", scope="share_reparations",
                            reasons=[ConsentMissing("consent_missing", scope="share_reparations"),
                                     Conflict("export_not_extracted", status="queued")])
    said = refusal.message("fr")
    assert "partage pour les réparations" in said and "pas encore extrait" in said
    assert "share_reparations" not in said and "not extracted" not in said
    assert "not extracted yet (status queued)" in str(refusal)  # the English text, as logs and manifests keep it
    blocked = ExportBlocked("export_blocked_leak", title="Témoignage 2 (texte, 03/03/2013)", passage="… […] a dit …",
                            review="/ui/items/x/review")
    assert blocked.message("fr").startswith("Export bloqué : dans « Témoignage 2 (texte, 03/03/2013) »")
    assert "Ouvrez la page de relecture (/ui/items/x/review)" in blocked.message("fr")
    assert blocked.message("en").startswith("Export blocked: in “Témoignage 2")
