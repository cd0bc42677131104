"""Every page on a phone (390 px) and on a laptop (1280 px), for every role, in headless Chromium against a real
`temoin serve`: nothing wider than the screen, the header in at most two rows, search results before the facets
on a phone, and the upload's progress in view on a slow link (issue 14)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.archive.exports_seed import BOARD
from tests.web.server import PASSWORD, USERS, api_token, running_server
from tests.web.server import log_in as browser_log_in
from tests.web.test_browser_roles import Served, _seed

PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
#: Every page of the interface; a role that may not open one gets the error page, which must fit too.
PAGES = ("/ui/", "/ui/cases", "/ui/cases/{case}", "/ui/cases/{case}/upload", "/ui/items/{item}",
         "/ui/items/{item}/review", "/ui/search?q=armés", "/ui/exports", "/ui/custody", "/ui/admin/users",
         "/ui/no-such-page")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with running_server(tmp_path_factory.mktemp("phone") / "data") as server:
        seeded = _seed(server.url)
        with httpx.Client(base_url=server.url, timeout=120) as http:  # one bundle, so the exports list has a row
            rep = api_token(http, "oumar")
            # the recipient on record: made by the seed (every bundle names who receives it)
            r = http.post(f"/cases/{seeded.case}/exports", headers=rep,
                          json={"profile": "reparations", "to": BOARD, "purpose": "Examen des demandes"})
            assert r.status_code == 200, r.text
        yield seeded


def _overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def _visit_all(browser: Browser, served: Served, username: str, viewport: dict[str, int]) -> dict[str, int]:
    context = browser.new_context(locale="fr-FR", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    widths: dict[str, int] = {}
    elsewhere: list[str] = []  # offline office: no page may ask another site for anything
    page.on("request", lambda r: None if r.url.startswith((served.url, "data:")) else elsewhere.append(r.url))
    try:
        browser_log_in(page, served.url, username)
        header = page.locator("header.top").bounding_box()
        assert header is not None and header["height"] <= 110, f"header of {username}: {header}"
        for template in PAGES:
            path = template.format(case=served.case, item=served.item)
            page.goto(served.url + path)
            widths[path] = _overflow(page)
            if page.locator("#show-text").count():  # the text itself, after the content warning
                page.click("#show-text")
                page.wait_for_load_state()
                widths[path + " (texte)"] = _overflow(page)
    finally:
        context.close()
    assert elsewhere == [], f"{username} made requests to other sites"
    return widths


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("username", sorted(USERS))
def test_when_any_role_opens_any_page_then_nothing_is_wider_than_the_screen(
    browser: Browser, served: Served, username: str, viewport: dict[str, int]
) -> None:
    widths = _visit_all(browser, served, username, viewport)
    assert len(widths) >= len(PAGES)
    assert {path: px for path, px in widths.items() if px > 0} == {}


def test_when_a_lawyer_searches_on_a_phone_then_results_come_before_facets(browser: Browser, served: Served) -> None:
    for viewport, results_first in ((PHONE, True), (LAPTOP, False)):
        context = browser.new_context(locale="fr-FR", viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        browser_log_in(page, served.url, "maitre-traore")
        page.goto(f"{served.url}/ui/search?q=armés")
        hits, facets = page.locator("#hits").bounding_box(), page.locator("#facets").bounding_box()
        assert hits is not None and facets is not None
        if results_first:
            assert hits["y"] + 10 < facets["y"] and hits["y"] < viewport["height"]
        else:
            assert facets["x"] + facets["width"] <= hits["x"]  # side by side on a laptop, facets left
        context.close()


def test_when_the_link_is_slow_then_the_first_chunk_is_small_the_bar_moves_in_view_and_chunks_follow_speed(
    browser: Browser, served: Served, tmp_path: Path
) -> None:
    """About 40 KB/s (each chunk's answer held back in proportion to its size): the bar is in view and moving
    within seconds, and the chunks stay small; a plain 1 MiB first chunk would sit at 0 % for ~25 s."""
    data = tmp_path / "temoignage.txt"
    data.write_bytes(("Déclaration recueillie à Mopti. " * 40_000).encode())  # ~1.3 MB
    context = browser.new_context(locale="fr-FR", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    browser_log_in(page, served.url, "aminata")
    sizes: list[int] = []

    def slow(route: Route) -> None:
        request = route.request
        if request.method == "PUT":
            body = request.post_data_buffer or b""
            sizes.append(len(body))
            time.sleep(len(body) / 40_000)
        route.continue_()

    page.route("**/uploads/*", slow)
    page.goto(f"{served.url}/ui/cases/{served.case}/upload")
    page.set_input_files("#file", str(data))
    page.check("input[name=scopes][value=internal_case_use]")
    page.click("#send")
    expect(page.locator("#progress-box")).to_be_in_viewport(timeout=5_000)
    expect(page.locator("#progress-text")).to_contain_text("%", timeout=15_000)
    expect(page.locator("#receipt-sha")).not_to_be_empty(timeout=120_000)
    context.close()
    assert sizes[0] == 256 * 1024
    assert max(sizes) <= 512 * 1024, sizes  # ~40 KB/s: chunks of a few seconds, not megabytes
    assert sum(sizes) >= data.stat().st_size


def test_when_a_hit_is_opened_through_the_warning_or_the_lock_then_its_place_is_kept(
    browser: Browser, served: Served
) -> None:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    browser_log_in(page, served.url, "aminata")
    page.goto(f"{served.url}/ui/items/{served.item}#t=12")
    page.click("#show-text")
    page.wait_for_url(f"{served.url}/ui/items/{served.item}#t=12")
    page.click("#lock-button")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/ui/unlock'] button")
    page.wait_for_url(f"{served.url}/ui/items/{served.item}#t=12")
    expect(page.locator("#narrative")).to_be_visible()
    context.close()
