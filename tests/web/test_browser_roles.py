"""One browser flow per role on the new pages, in headless Chromium against a real `temoin serve` whose own
worker extracted, redacted and indexed the seeded testimony: an officer reviews (accepts a span, adds one by
selecting text), a lawyer searches and opens a hit, a reparations officer searches, opens, exports and
downloads, and never sees a seeded name on any page reached."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.archive.exports_seed import BOARD
from tests.web import seeds
from tests.web.server import api_token, running_server
from tests.web.server import log_in as browser_log_in

STATEMENT = ("Je m'appelle Mariam Sangaré. Le 14 mars 2012, des hommes armés ont arrêté mon frère Seydou Sangaré "
             "au marché de Tombouctou. Nous ne l'avons revu que trois semaines plus tard, blessé.\n")
SCOPES = ("internal_case_use", "share_reparations", "share_prosecution")


@dataclass(frozen=True)
class Served:
    url: str
    case: str
    item: str


def _seed(url: str) -> Served:
    with httpx.Client(base_url=url, timeout=30) as http:
        officer, admin, rep = api_token(http, "aminata"), api_token(http, "kadiatou"), api_token(http, "oumar")
        case = http.post("/cases", json={"title": "Dossier Tombouctou 2012"}, headers=officer).json()["id"]
        for name in ("maitre-traore", "oumar"):
            http.post(f"/cases/{case}/assignments", json={"username": name}, headers=admin).raise_for_status()
        http.post("/recipients", json={"name": BOARD, "kind": "reparations_board"}, headers=rep).raise_for_status()
        r = http.post(f"/cases/{case}/texts", headers=officer, json={
            "text": STATEMENT, "consent": [{"scope": s} for s in SCOPES],
            "metadata": {"language": "fr", "region": "Tombouctou", "collected_by": "Mariam Sangaré",
                         "violation_types": ["arbitrary_detention"]}})
        r.raise_for_status()
        item = r.json()["id"]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:  # the server's worker: extract -> redact -> index
            found = http.get("/search", params={"q": "armés"}, headers=rep)
            if found.status_code == 200 and found.json()["total"] >= 1:
                return Served(url, case, item)
            time.sleep(1)
    raise AssertionError("the served worker did not index the seeded testimony within 3 minutes")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with running_server(tmp_path_factory.mktemp("roles") / "data") as server:
        yield _seed(server.url)


def _no_seeded_name(page: Page, step: str) -> None:
    html = page.content()
    leaked = [name for name in seeds.NAMES if name.lower() in html.lower()]
    assert leaked == [], f"{step}: the page shows {leaked}"


def test_when_an_officer_reviews_then_a_span_is_accepted_and_a_selected_one_is_added(
    page: Page, served: Served
) -> None:
    browser_log_in(page, served.url, "aminata")
    page.click("nav >> text=Recherche")
    page.fill("#q", "blessé")
    page.click("#search-button")
    page.click(".review-link")
    page.click("#show-text")  # the content warning comes first
    expect(page.locator("#review-text")).to_contain_text("marché de Tombouctou")
    seydou = page.locator("#spans li", has_text="Seydou Sangaré")
    seydou.locator("button.accept").click()
    expect(page.locator("#spans li", has_text="Seydou Sangaré")).to_have_attribute("data-status", "accepted")

    page.evaluate("""(wanted) => {  // select the words as a user would, across the highlighted spans
        const box = document.getElementById('review-text');
        const from = box.textContent.indexOf(wanted), to = from + wanted.length;
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let seen = 0, node;
        while ((node = walker.nextNode())) {
            const next = seen + node.data.length;
            if (from >= seen && from < next) { range.setStart(node, from - seen); }
            if (to > seen && to <= next) { range.setEnd(node, to - seen); break; }
            seen = next;
        }
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", "marché de Tombouctou")
    expect(page.locator("#selected-text")).to_have_text("marché de Tombouctou")
    start = STATEMENT.index("marché de Tombouctou")
    expect(page.locator("#start")).to_have_value(str(start))
    expect(page.locator("#end")).to_have_value(str(start + len("marché de Tombouctou")))
    page.select_option("#new-label", "LOC")
    page.click("#add-button")
    added = page.locator("#spans li", has_text="marché de Tombouctou")
    expect(added).to_have_attribute("data-status", "added")


def test_when_a_lawyer_searches_then_a_hit_opens_the_item(page: Page, served: Served) -> None:
    browser_log_in(page, served.url, "maitre-traore")
    page.click("nav >> text=Recherche")
    page.fill("#q", "armés")
    page.click("#search-button")
    expect(page.locator("#total")).to_contain_text("1 résultat")
    expect(page.locator(".snippet mark").first).to_have_text("armés")
    page.click(".hit-link")
    page.wait_for_url(f"**/ui/items/{served.item}")
    page.click("#show-text")
    expect(page.locator("#narrative")).to_contain_text("hommes armés")


def test_when_a_reparations_officer_searches_and_exports_then_no_seeded_name_ever_shows(
    page: Page, served: Served, tmp_path: Path
) -> None:
    browser_log_in(page, served.url, "oumar")
    _no_seeded_name(page, "home")
    page.click("nav >> text=Recherche")
    page.fill("#q", "armés")
    page.click("#search-button")
    expect(page.locator("#redacted-only")).to_be_visible()
    expect(page.locator(".snippet").first).to_contain_text("[Personne")
    _no_seeded_name(page, "search")
    page.click("#facets a[data-value=Tombouctou]")
    expect(page.locator("#active-filters")).to_contain_text("Tombouctou")
    _no_seeded_name(page, "search with a facet")
    page.click(".hit-link")
    _no_seeded_name(page, "item page behind the warning")
    page.click("#show-text")
    expect(page.locator("#narrative")).to_contain_text("[Personne")
    _no_seeded_name(page, "redacted item page")
    page.click("nav >> text=Exports")
    page.select_option("#export-case", served.case)
    page.select_option("#export-profile", "reparations")
    page.select_option("#export-recipient", label=BOARD)
    page.fill("#export-purpose", "Examen des demandes de réparation")
    page.click("#export-button")
    expect(page.locator("#export-done")).to_be_visible(timeout=120_000)
    _no_seeded_name(page, "export page")
    with page.expect_download() as download:
        page.click("#download-new")
    saved = tmp_path / "bundle.zip"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    page.click("nav >> text=Dossiers")
    _no_seeded_name(page, "cases")
