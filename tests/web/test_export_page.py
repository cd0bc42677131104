"""The export page through the app: a case and a profile in, a signed ZIP out that `verify_bundle` accepts,
earlier bundles listed with their revoked flag, downloads only for their creator, no seeded name on the page."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.api import create_app
from archive.context import Archive
from archive.custody import SYSTEM
from archive.exports.service import revoke_bundle
from archive.exports.verify import verify_bundle
from tests.archive.exports_seed import BOARD, recipient
from tests.web import seeds
from tests.web.conftest import form_csrf, log_in


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, str]]:
    root = tmp_path_factory.mktemp("export-page")
    archive = Archive.open(seeds.settings_for(root / "data", tmp_path_factory.getbasetemp() / "models"))
    for name, role in (("aminata", "documentation_officer"), ("oumar", "reparations_officer"),
                       ("fanta", "reparations_officer"), ("moussa", "auditor")):
        seeds.user(archive, name, role)
    case = seeds.new_case(archive, "aminata", "Dossier Gao 2012", assign=("oumar", "fanta"))
    seeds.add(archive, "aminata", case, seeds.GAO.encode(), "Mariam Sangaré.txt")
    seeds.process(archive)
    recipient(archive)  # every bundle names who receives it
    yield archive, case
    archive.close()


@pytest.fixture(scope="module")
def clients(seeded: tuple[Archive, str]) -> Iterator[dict[str, TestClient]]:
    made = {}
    for name in ("oumar", "fanta", "moussa"):
        client = TestClient(create_app(seeded[0]), base_url="http://testserver")
        client.__enter__()
        log_in(client, name, seeds.PASSWORD)
        made[name] = client
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def _export(client: TestClient, case: str, profile: str = "reparations") -> str:
    page = client.get("/ui/exports").text
    r = client.post("/ui/exports", data={"csrf": form_csrf(page), "case_id": case, "profile": profile,
                                         "recipient": BOARD, "purpose": "Examen des demandes"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    found = re.search(r"done=([0-9a-f-]+)", r.headers["location"])
    assert found
    return found.group(1)


def _names_in(text: str) -> list[str]:
    return [name for name in seeds.NAMES if name.lower() in text.lower()]


def test_when_a_reparations_officer_exports_then_the_zip_downloads_and_verifies(
    seeded: tuple[Archive, str], clients: dict[str, TestClient], tmp_path: Path
) -> None:
    client = clients["oumar"]
    bundle = _export(client, seeded[1])
    page = client.get(f"/ui/exports?done={bundle}").text
    assert 'id="export-done"' in page and f'id="bundle-{bundle}" data-revoked="no"' in page
    assert "temoin verify" in page and _names_in(page) == []
    r = client.get(f"/ui/exports/{bundle}/download")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    path = tmp_path / "bundle.zip"
    path.write_bytes(r.content)
    report = verify_bundle(path)
    assert report.ok, report
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        texts = " ".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if n.endswith((".txt", ".json")))
    assert _names_in(texts) == []
    assert report.fingerprint is not None and report.fingerprint in page


def test_when_a_bundle_is_revoked_then_the_page_flags_it_and_it_no_longer_downloads(
    seeded: tuple[Archive, str], clients: dict[str, TestClient]
) -> None:
    archive, case = seeded
    bundle = _export(clients["oumar"], case)
    with archive.db.session() as s:
        revoke_bundle(s, actor=SYSTEM, bundle_id=bundle, reason="envoyé au mauvais destinataire")
    page = clients["oumar"].get("/ui/exports").text
    row = re.search(rf'<tr id="bundle-{bundle}" data-revoked="yes">.*?</tr>', page, re.S)
    assert row and "révoqué" in row.group(0) and "envoyé au mauvais destinataire" in row.group(0)
    assert clients["oumar"].get(f"/ui/exports/{bundle}/download").status_code == 410  # gone: revoked


def test_when_another_user_sees_a_bundle_then_they_cannot_download_it(
    seeded: tuple[Archive, str], clients: dict[str, TestClient]
) -> None:
    bundle = _export(clients["oumar"], seeded[1])
    page = clients["fanta"].get("/ui/exports").text
    assert f'id="bundle-{bundle}"' in page and f"/ui/exports/{bundle}/download" not in page
    assert clients["fanta"].get(f"/ui/exports/{bundle}/download").status_code == 403


@pytest.mark.parametrize(("case", "profile", "status", "message"), [
    ("", "holiday", 422, "Profil d&#39;export inconnu"),
    ("no-such-case", "reparations", 404, "Dossier introuvable"),
])
def test_when_the_export_request_is_wrong_then_the_page_says_why(
    seeded: tuple[Archive, str], clients: dict[str, TestClient], case: str, profile: str, status: int, message: str
) -> None:
    client = clients["oumar"]
    csrf = form_csrf(client.get("/ui/exports").text)
    r = client.post("/ui/exports", data={"csrf": csrf, "case_id": case or seeded[1], "profile": profile,
                                         "recipient": BOARD, "purpose": "Examen des demandes"})
    assert r.status_code == status and message in r.text


def test_when_no_recipient_is_named_then_the_page_asks_for_one_and_nothing_leaves(
    seeded: tuple[Archive, str], clients: dict[str, TestClient]
) -> None:
    client = clients["oumar"]
    page = client.get("/ui/exports").text
    assert 'id="export-recipient"' in page and BOARD in page and 'id="export-purpose"' in page
    before = page.count('<tr id="bundle-')
    for recipient_name, purpose, words in (("", "Examen", "destinataire"), (BOARD, " ", "objet"),
                                           ("Greffe inconnu", "Examen", "Greffe inconnu")):
        r = client.post("/ui/exports", data={"csrf": form_csrf(page), "case_id": seeded[1], "profile": "reparations",
                                             "recipient": recipient_name, "purpose": purpose})
        assert r.status_code in (404, 422) and 'id="export-error"' in r.text and words in r.text, r.text[:300]
    assert client.get("/ui/exports").text.count('<tr id="bundle-') == before


def test_when_an_auditor_opens_the_export_page_then_it_is_refused(clients: dict[str, TestClient]) -> None:
    assert clients["moussa"].get("/ui/exports").status_code == 403
    assert 'href="/ui/exports"' not in clients["moussa"].get("/ui/").text


def test_when_the_export_form_comes_without_csrf_then_no_bundle_is_made(
    seeded: tuple[Archive, str], clients: dict[str, TestClient]
) -> None:
    before = clients["fanta"].get("/ui/exports").text.count('<tr id="bundle-')
    r = clients["fanta"].post("/ui/exports", data={"csrf": "x", "case_id": seeded[1], "profile": "reparations"})
    assert r.status_code == 403 and clients["fanta"].get("/ui/exports").text.count('<tr id="bundle-') == before
