"""The main flows of each role in headless Chromium against a real `temoin serve`."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pymupdf
from playwright.sync_api import Page, Route, expect

from tests.web.server import Server, log_in


def _testimony_pdf(path: Path) -> bytes:
    """A one-page statement with a 3.5 MB attachment, so the upload takes several 1 MiB chunks."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Déclaration : les soldats ont arrêté mon voisin au marché de Gao en 2012.",
                     fontsize=11)
    doc.embfile_add("annexe.bin", os.urandom(3_500_000))
    doc.save(path)
    doc.close()
    return path.read_bytes()


def test_when_an_officer_uploads_through_a_dropped_connection_then_the_receipt_and_the_item_are_right(
    page: Page, server: Server, tmp_path: Path
) -> None:
    data = _testimony_pdf(tmp_path / "declaration.pdf")
    log_in(page, server.url, "aminata")
    page.goto(f"{server.url}/ui/cases")
    page.fill("input[name=title]", "Dossier Gao 2012")
    page.click("text=Créer le dossier")
    expect(page.locator("h1")).to_have_text("Dossier Gao 2012")
    page.click("text=Déposer un témoignage")

    seen: list[str] = []
    dropped = {"before": False, "after": False}
    puts = {"n": 0}

    def flaky_network(route: Route) -> None:
        # Chunk sizes adapt to the link, so the faults are placed by request, not by offset: the second chunk is
        # lost on the way (the server never sees it), the answer to the third (its retry) is lost after the
        # server kept it.
        request = route.request
        span = request.headers.get("content-range", "")
        seen.append(f"{request.method} {span}")
        if request.method == "PUT":
            puts["n"] += 1
            if puts["n"] == 2:
                dropped["before"] = True
                route.abort("connectionreset")
                return
            if puts["n"] == 3:
                dropped["after"] = True
                route.fetch()
                route.abort("connectionreset")
                return
        route.continue_()

    page.route(re.compile(r".*/uploads/[^/]+$"), flaky_network)
    page.set_input_files("#file", str(tmp_path / "declaration.pdf"))
    page.select_option("select[name=language]", "fr")
    page.select_option("select[name=region]", "Gao")
    page.check("input[name=violation_types][value=arbitrary_detention]")
    page.check("input[name=scopes][value=internal_case_use]")
    page.select_option("select[name=method]", "thumbprint")
    page.click("#send")

    expect(page.locator("#receipt-sha")).to_have_text(hashlib.sha256(data).hexdigest(), timeout=60_000)
    assert dropped == {"before": True, "after": True}
    assert any(s.startswith("GET") for s in seen), "the page asked the server's offset to resume"
    expect(page.locator("#progress")).to_have_attribute("value", "1")

    page.click("#receipt-link")
    expect(page.locator("#content-warning")).to_be_visible()
    page.select_option("#consent-form select[name=scope]", "share_reparations")
    page.select_option("#consent-form select[name=method]", "oral")
    page.click("#consent-form button")
    expect(page.locator('tr[data-scope="share_reparations"]')).to_contain_text("accordé")

    page.click(".crumbs a >> nth=1")  # back to the case
    status = page.locator("#items td.status").first
    expect(status).to_have_attribute("data-status", "done", timeout=120_000)  # followed by polling, no reload
    expect(status).to_contain_text("terminé")


def test_when_an_officer_opens_a_narrative_then_the_warning_comes_first_and_the_lock_hides_it(
    page: Page, server: Server, tmp_path: Path
) -> None:
    log_in(page, server.url, "aminata")
    page.goto(f"{server.url}/ui/cases")
    page.click("#main table a >> nth=0")
    page.click("#items a >> nth=0")
    expect(page.locator("#content-warning")).to_be_visible()
    assert page.locator("#narrative").count() == 0
    page.click("#show-text")
    expect(page.locator("#narrative")).to_contain_text("marché de Gao")
    page.click("#lock-button")
    page.wait_for_url(re.compile(r".*/ui/locked.*"))
    assert "marché de Gao" not in page.content()
    page.fill("input[name=password]", "un mot de passe solide")
    page.click("text=Déverrouiller")
    expect(page.locator("#narrative")).to_contain_text("marché de Gao")


def test_when_an_auditor_verifies_the_custody_log_then_the_chain_is_intact(page: Page, server: Server) -> None:
    log_in(page, server.url, "moussa")
    page.click("nav >> text=Journal de traçabilité")
    expect(page.locator("table.log tbody tr").first).to_be_visible()
    page.click("#verify")
    expect(page.locator("#verify-report")).to_contain_text("Chaîne intacte")


def test_when_an_admin_creates_a_user_then_the_user_is_listed(page: Page, server: Server) -> None:
    log_in(page, server.url, "kadiatou")
    page.click("nav >> text=Comptes")
    page.fill("#new-user input[name=username]", "ibrahim")
    page.select_option("#new-user select[name=role]", "legal_aid_lawyer")
    page.fill("#new-user input[name=password]", "mot de passe initial")
    page.click("#new-user button")
    expect(page.locator('tr[data-user="ibrahim"]')).to_contain_text("avocat·e d'aide juridique")


def test_when_the_language_is_switched_then_the_page_and_its_dates_are_in_english(page: Page,
                                                                                 server: Server) -> None:
    log_in(page, server.url, "aminata")
    page.goto(f"{server.url}/ui/cases")
    expect(page.locator("h1")).to_have_text("Dossiers")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("Cases")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("Dossiers")
