"""Regenerate screenshots of each main page into docs/screenshots/ (synthetic data, real server and browser).

    python -m tests.web.screenshots [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect, sync_playwright

from tests.web.server import PASSWORD, launch_chromium, log_in, running_server

ROOT = Path(__file__).resolve().parents[2]
STATEMENT = ("Déclaration recueillie à Gao.\n\nLe 14 mars 2012, des hommes armés sont entrés au marché. Ils ont "
             "arrêté mon voisin et l'ont emmené vers le camp. Nous ne l'avons revu que trois semaines plus tard.\n")


def _shot(page: Page, out: Path, name: str) -> None:
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    print(f"  {out / name}.png")


def _officer(page: Page, base: str, out: Path, work: Path) -> None:
    page.goto(f"{base}/ui/login")
    _shot(page, out, "01-login")
    log_in(page, base, "aminata")
    _shot(page, out, "02-home-officer")
    page.goto(f"{base}/ui/cases")
    page.fill("input[name=title]", "Dossier Gao 2012")
    page.fill("textarea[name=description]", "Arrestations au marché de Gao, mars 2012 (données fictives).")
    page.click("text=Créer le dossier")
    page.click("text=Déposer un témoignage")
    statement = work / "declaration-gao.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    page.set_input_files("#file", str(statement))
    page.select_option("select[name=language]", "fr")
    page.select_option("select[name=region]", "Gao")
    page.select_option("select[name=testimony_type]", "witness")
    page.check("input[name=violation_types][value=arbitrary_detention]")
    for scope in ("internal_case_use", "share_reparations"):
        page.check(f"input[name=scopes][value={scope}]")
    page.select_option("select[name=method]", "thumbprint")
    _shot(page, out, "03-upload-form")
    page.click("#send")
    expect(page.locator("#receipt")).to_be_visible(timeout=60_000)
    _shot(page, out, "04-upload-receipt")
    page.click("#receipt-link")
    _shot(page, out, "05-item-content-warning")
    page.click("#show-text")
    _shot(page, out, "06-item-text-custody")
    page.click(".crumbs a >> nth=1")
    expect(page.locator("#items td.status").first).to_have_attribute("data-status", "done", timeout=180_000)
    _shot(page, out, "07-case-items-status")
    page.goto(f"{base}/ui/cases")
    _shot(page, out, "08-cases")
    page.click("#lang-switch")
    _shot(page, out, "09-cases-english")
    page.click("#lang-switch")
    page.click("#lock-button")
    _shot(page, out, "10-lock-screen")


def _auditor(page: Page, base: str, out: Path) -> None:
    log_in(page, base, "moussa")
    page.goto(f"{base}/ui/custody")
    page.click("#verify")
    expect(page.locator("#verify-report")).to_be_visible()
    _shot(page, out, "11-custody-verify")


def _admin(page: Page, base: str, out: Path) -> None:
    log_in(page, base, "kadiatou")
    page.goto(f"{base}/ui/admin/users")
    _shot(page, out, "12-users-roles-assignments")


def _officer_review(page: Page, base: str, out: Path) -> None:
    log_in(page, base, "aminata")
    page.goto(f"{base}/ui/search?q=arr%C3%AAt%C3%A9")
    expect(page.locator(".hit").first).to_be_visible()
    _shot(page, out, "13-search-officer")
    page.click(".review-link >> nth=0")
    if page.locator("#show-text").count():
        page.click("#show-text")
    expect(page.locator("#review-text")).to_be_visible()
    _shot(page, out, "14-redaction-review")


def _reparations(page: Page, base: str, out: Path) -> None:
    log_in(page, base, "oumar")
    page.goto(f"{base}/ui/search?q=")
    expect(page.locator("#redacted-only")).to_be_visible()
    _shot(page, out, "15-search-reparations-redacted")
    page.goto(f"{base}/ui/exports")
    if page.locator("#export-button").count():
        page.fill("#export-purpose", "Examen des demandes de réparation")
        page.click("#export-button")
        expect(page.locator("#export-done, #export-error").first).to_be_visible(timeout=120_000)
    _shot(page, out, "16-export")


def _assign_reparations(base: str) -> None:
    """The officer's case is assigned to the reparations officer (as an admin would), for the export page."""
    with httpx.Client(base_url=base, timeout=30) as http:
        token = http.post("/auth/login", json={"username": "kadiatou", "password": PASSWORD}).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        for case in http.get("/cases", headers=auth).json():
            http.post(f"/cases/{case['id']}/assignments", json={"username": "oumar"}, headers=auth)
        deadline = time.monotonic() + 180
        oumar = http.post("/auth/login", json={"username": "oumar", "password": PASSWORD}).json()["access_token"]
        http.post("/recipients", json={"name": "Commission des réparations", "kind": "reparations_board"},
                  headers={"Authorization": f"Bearer {oumar}"})
        while time.monotonic() < deadline:  # wait for the worker's redact and index stages
            found = http.get("/search", params={"q": ""}, headers={"Authorization": f"Bearer {oumar}"})
            if found.status_code == 200 and found.json()["total"] >= 1:
                return
            time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="temoin-shots-") as tmp, running_server(Path(tmp) / "data") as server, \
            sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            flows: tuple[Callable[[Page], None], ...] = (lambda p: _officer(p, server.url, args.out, Path(tmp)),
                         lambda p: _auditor(p, server.url, args.out), lambda p: _admin(p, server.url, args.out),
                         lambda p: _assign_reparations(server.url),
                         lambda p: _officer_review(p, server.url, args.out),
                         lambda p: _reparations(p, server.url, args.out))
            for flow in flows:
                context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 800})
                flow(context.new_page())
                context.close()
        finally:
            browser.close()


if __name__ == "__main__":
    main()
