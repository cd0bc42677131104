"""The API documentation renders in a browser cut off from the internet: every script and style comes from the
archive itself (an office in Mopti has no link to a CDN)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.web.server import Server

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
# ReDoc's "powered by" badge: an <img> built into redoc.standalone.js that removes itself when it cannot load.
REDOC_BADGE = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.fixture
def offline_page(page: Page) -> tuple[Page, list[str]]:
    """A tab whose every request to a host other than this machine is aborted (and recorded)."""
    refused: list[str] = []

    def only_local(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            refused.append(url)
            route.abort("internetdisconnected")

    page.route("**/*", only_local)
    return page, refused


def test_when_swagger_ui_opens_offline_then_it_renders_the_operations(offline_page: tuple[Page, list[str]],
                                                                     server: Server) -> None:
    page, refused = offline_page
    html = page.goto(f"{server.url}/docs")
    assert html is not None and '"validatorUrl": null' in html.text()  # no call home from a LAN address either
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible(timeout=30_000)
    assert operations.count() >= 20
    expect(page.locator(".opblock-summary-path", has_text="/items/{item_id}/original").first).to_be_visible()
    expect(page.locator(".info .title")).to_contain_text("Témoin")
    page.locator(".opblock-summary", has_text="/health").first.click()  # the page is alive, not a static picture
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert refused == []


def test_when_redoc_opens_offline_then_it_renders_the_operations(offline_page: tuple[Page, list[str]],
                                                                server: Server) -> None:
    page, refused = offline_page
    page.goto(f"{server.url}/redoc")
    expect(page.get_by_text("Download the original, verified against its SHA-256").first).to_be_attached(
        timeout=30_000)
    assert page.locator("[data-section-id^='operation/']").count() >= 20
    expect(page.locator("img[alt='redocly logo']")).to_have_count(0)  # the badge gave up: nothing broken shows
    assert [url for url in refused if url != REDOC_BADGE] == []
