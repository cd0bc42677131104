"""A disclosure made in headless Chromium against a real `temoin serve`: a recipient recorded, a case
disclosed to it, and the recipient's page listing the bundle with its evidence numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, expect

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
    page: Page, server: Server, tmp_path: Path
) -> None:
    case_id = json.loads(_temoin(server, "cases", "create", "Dossier navigateur", "--as", "aminata", "--json"))["id"]
    text = tmp_path / "temoignage.txt"
    text.write_text("Ma maison a été brûlée pendant la saison des pluies.", encoding="utf-8")
    item = json.loads(_temoin(server, "ingest", str(text), "--case", case_id, "--as", "aminata",
                              "--consent", "internal_case_use,share_reparations", "--json"))
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
