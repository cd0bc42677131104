"""A claim worked in headless Chromium against a real `temoin serve`: a reparations officer registers it through
the form and assesses it, a board member decides with written reasons citing the testimony, the officer records
an appeal. The claimant's name never shows on a page reached; the duplicate check runs after the registration
commits, so the board can decide at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from archive.context import Archive
from archive.custody import SYSTEM
from archive.settings import Settings
from archive.users.service import create_user
from tests.web.server import PASSWORD, api_token, running_server
from tests.web.server import log_in as browser_log_in

STATEMENT = "Des hommes armés sont entrés dans la cour en février 2013 et ont frappé les femmes.\n"
BOARD = "bintou"  # a reparations board member, added to the served users
CLAIMANT = {"given_name": "Awa", "family_name": "Kanouté", "birth_date": "1984-03-12", "birth_place": "Ségou",
            "father_name": "Moussa Kanouté"}


@dataclass(frozen=True)
class Served:
    url: str
    item: str


def _add_board_member(data_dir: Path) -> None:
    archive = Archive.open(Settings(data_dir=data_dir))
    try:
        with archive.db.session() as session:
            create_user(session, actor=SYSTEM, username=BOARD, role="reparations_board", password=PASSWORD)
    finally:
        archive.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("claims") / "data"
    _add_board_member(data_dir)
    with running_server(data_dir) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        officer, admin = api_token(http, "aminata"), api_token(http, "kadiatou")
        case = http.post("/cases", json={"title": "Dossier Ségou 2013"}, headers=officer).json()["id"]
        for name in ("oumar", BOARD):
            http.post(f"/cases/{case}/assignments", json={"username": name}, headers=admin).raise_for_status()
        r = http.post(f"/cases/{case}/texts", headers=officer, json={
            "text": STATEMENT, "consent": [{"scope": s} for s in ("internal_case_use", "share_reparations")],
            "metadata": {"language": "fr", "region": "Ségou", "violation_types": ["rape"],
                         "incident_date": "2013-02-01"}})
        r.raise_for_status()
        yield Served(server.url, r.json()["id"])


def _step(page: Page, to: str, *, reason: str = "", outcome: str = "", cite: str = "") -> None:
    page.select_option("select[name=to]", to)
    if outcome:
        page.select_option("select[name=outcome]", outcome)
    if reason:
        page.fill("textarea[name=reason]", reason)
    if cite:
        page.fill("input[name=cite]", cite)
    page.click("form[action^='/ui/claims/'] button.primary")
    page.wait_for_load_state()


def _no_claimant_name(page: Page, step: str) -> None:
    html = page.content()
    assert "Kanout" not in html and "Awa " not in html, f"{step}: the page shows the claimant's name"


def test_when_a_claim_is_registered_assessed_decided_and_appealed_in_the_browser_then_each_step_shows(
        page: Page, browser: Browser, served: Served) -> None:
    browser_log_in(page, served.url, "oumar")
    page.goto(f"{served.url}/ui/claims")
    page.select_option("select[name=programme]", "vbg")
    page.select_option("select[name=victim_category]", "direct")
    for field, value in CLAIMANT.items():
        page.fill(f"input[name={field}]", value)
    page.select_option("select[name=sex]", "F")
    page.fill("input[name=item]", served.item)
    page.fill("input[name=note]", "§1")
    page.click("form[action='/ui/claims'] button.primary")
    page.wait_for_url(re.compile(r".*/ui/claims/[0-9a-f-]{36}$"))
    claim_url = page.url
    expect(page.locator("main")).to_contain_text("enregistrée")
    expect(page.locator("main")).to_contain_text(re.compile(r"R-[0-9A-F]{6}"))
    _no_claimant_name(page, "registered")
    _step(page, "admissible")
    expect(page.locator("main")).to_contain_text("recevable")
    _step(page, "under_assessment")
    expect(page.locator("main")).to_contain_text("en instruction")
    expect(page.locator("select[name=to] option[value=decided]")).to_have_count(0)  # officers do not decide

    board = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900}).new_page()
    try:
        browser_log_in(board, served.url, BOARD)
        board.goto(claim_url)
        _step(board, "decided", outcome="granted_full", reason="Motifs.")  # no evidence cited: refused, in French
        expect(board.locator("main")).to_contain_text("citer au moins une preuve")
        board.goto(claim_url)
        _step(board, "decided", outcome="granted_full", cite=served.item,
              reason="Viol en 2013 : couvert par le volet VBG.")
        board.wait_for_url(claim_url)
        expect(board.locator("main")).to_contain_text("accordée en totalité")
        expect(board.locator(".reasoning")).to_contain_text("couvert par le volet VBG")
        _no_claimant_name(board, "decided")
    finally:
        board.context.close()

    page.goto(claim_url)
    _step(page, "appealed", reason="Les soins médicaux manquent.")
    page.wait_for_url(claim_url)
    expect(page.locator("main")).to_contain_text("en recours")
    history = page.locator("main ol li")
    expect(history).to_have_count(5)  # registered, admissible, under assessment, decided, appealed
    expect(history.last).to_contain_text("Les soins médicaux manquent.")
    _no_claimant_name(page, "appealed")
