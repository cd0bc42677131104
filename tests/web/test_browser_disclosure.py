"""A disclosure made in headless Chromium against a real `temoin serve`: a recipient recorded, a case
disclosed to it, the recipient's page listing the bundle with its evidence numbers, then a lawyer lifting
the village's redaction with a reason, and the register listing that step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.web.server import Server, log_in


def _temoin(server: Server, *args: str) -> str:
    env = {**os.environ, "TEMOIN_DATA_DIR": str(server.data_dir), "TEMOIN_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "archive", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _processed(server: Server, item_id: str) -> None:
    """Wait until the served worker has run every stage of the item (a disclosure needs its redaction)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        jobs = [j for j in json.loads(_temoin(server, "jobs", "--json")) if j.get("item") == item_id]
        if jobs and all(j["status"] == "done" for j in jobs) and {j["stage"] for j in jobs} >= {"redact"}:
            return
        time.sleep(1)
    raise AssertionError(f"item {item_id} not processed: {jobs}")


def test_when_an_officer_discloses_a_case_in_the_browser_then_the_recipient_page_lists_it(
    page: Page, server: Server, tmp_path: Path, browser: Browser
) -> None:
    case_id = json.loads(_temoin(server, "cases", "create", "Dossier navigateur", "--as", "aminata", "--json"))["id"]
    text = tmp_path / "temoignage.txt"
    text.write_text("Ma maison au village de Ngolobougou près de Ségou a été brûlée pendant la saison des pluies.",
                    encoding="utf-8")
    scopes = "internal_case_use,share_reparations,share_prosecution,identity_disclosure"  # the lawyer reads it all
    item = json.loads(_temoin(server, "ingest", str(text), "--case", case_id, "--as", "aminata",
                              "--consent", scopes, "--json"))
    _processed(server, item["id"])
    log_in(page, server.url, "aminata")
    page.click("nav >> text=Communications")
    page.fill("#recipient-name", "Commission des réparations")
    page.select_option("#recipient-kind", "reparations_board")
    page.click("#recipient-button")
    page.select_option("#disclosure-case", label="Dossier navigateur")
    page.select_option("#disclosure-profile", "reparations")
    page.select_option("#disclosure-recipient", label="Commission des réparations")
    page.fill("#disclosure-purpose", "Dossier de réparation 12")
    page.set_default_timeout(240_000)  # the served process loads the redaction models for its first bundle
    page.click("#disclosure-button")
    expect(page.locator("#disclosure-done")).to_be_visible()
    page.click("#recipients >> text=Commission des réparations")
    row = page.locator("#register tbody tr").first
    expect(row).to_contain_text("Dossier de réparation 12")
    expect(row.locator(".numbers")).to_contain_text("TEM-")

    # A lawyer assigned to the case lifts the village's redaction for the same recipient, with a reason.
    _temoin(server, "cases", "assign", case_id, "maitre-traore", "--as", "kadiatou")
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    try:
        lawyer = context.new_page()
        lawyer.set_default_timeout(240_000)
        log_in(lawyer, server.url, "maitre-traore")
        lawyer.goto(f"{server.url}/ui/disclosures")
        lawyer.locator("#register tbody tr").first.locator(".lift-link").click()
        village = lawyer.locator("#lift-spans tbody tr", has_text="Ngolobougou").first
        span_id = village.get_attribute("data-span")
        assert span_id
        village.locator("input[type=checkbox]").check()
        village.locator("select").select_option("ongoing_investigation")
        village.locator("input[name^=text-]").fill("lieu des faits")
        lawyer.click("#lift-button")
        expect(lawyer.locator("#disclosure-done")).to_be_visible()
        step = lawyer.locator("#register tbody tr").first
        expect(step.locator(".lifted")).to_contain_text("ongoing_investigation")
        expect(step).to_contain_text("Dossier de réparation 12")
    finally:
        context.close()
