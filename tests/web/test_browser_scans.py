"""Issue 20 in headless Chromium against a real `temoin serve`: on a phone-sized screen, an officer opens the
review of a scanned form, sees the areas to check over the page, draws a box with a finger (touch events) and
saves it; the box is listed, drawn over the page, and can be removed."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ingest.forms import generate_form
from tests.web.server import api_token, running_server
from tests.web.server import log_in as browser_log_in

SCOPES = ("internal_case_use", "share_reparations")
SLOW = 120_000
"""Milliseconds a click that saves may take on a loaded 2-core machine (the redaction models may load then)."""


@dataclass(frozen=True)
class Served:
    url: str
    item: str


def _seed(url: str, work: Path) -> Served:
    path = generate_form(seed=9300, layout="claim_boxes", noise="scan", language="fr", dpi=150,
                         hand="caps").save(work / "demande.png")
    with httpx.Client(base_url=url, timeout=60) as http:
        officer = api_token(http, "aminata")
        case = http.post("/cases", json={"title": "Demandes Kayes 2016"}, headers=officer).json()["id"]
        with path.open("rb") as fh:
            r = http.post(f"/cases/{case}/items", headers=officer, files={"file": ("demande.png", fh, "image/png")},
                          data={"metadata": json.dumps({"language": "fr", "region": "Kayes"}),
                                "consent": json.dumps([{"scope": s} for s in SCOPES])})
        r.raise_for_status()
        item = r.json()["id"]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:  # the server's worker: extract (OCR) -> redact -> index
            scan = http.get(f"/items/{item}/scan", headers=officer)
            if scan.status_code == 200 and scan.json()["pages"]:
                return Served(url, item)
            time.sleep(1)
    raise AssertionError("the served worker did not read the scanned form within 3 minutes")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    work = tmp_path_factory.mktemp("scans")
    with running_server(work / "data") as server:
        yield _seed(server.url, work)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    tab = context.new_page()
    yield tab
    context.close()


def _touch_drag(page: Page, selector: str, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A finger drag over the element, as pointer events from touch input (what a phone sends)."""
    page.eval_on_selector(selector, """(el, [start, end]) => {
        const r = el.getBoundingClientRect();
        const at = ([fx, fy]) => ({clientX: r.left + fx * r.width, clientY: r.top + fy * r.height});
        const send = (type, where) => el.dispatchEvent(new PointerEvent(type, Object.assign(
            {pointerId: 7, pointerType: "touch", isPrimary: true, bubbles: true, cancelable: true}, where)));
        send("pointerdown", at(start));
        for (let i = 1; i <= 5; i++) {
            send("pointermove", at([start[0] + (end[0] - start[0]) * i / 5, start[1] + (end[1] - start[1]) * i / 5]));
        }
        send("pointerup", at(end));
    }""", [list(start), list(end)])


def test_when_an_officer_draws_a_box_on_a_scanned_page_with_a_finger_then_it_is_saved_shown_and_removable(
    phone: Page, served: Served
) -> None:
    browser_log_in(phone, served.url, "aminata")
    phone.goto(f"{served.url}/ui/items/{served.item}/review")
    if phone.locator("#show-text").count():
        phone.click("#show-text")  # the content warning comes first
    figure = phone.locator("#scan-page-1")
    expect(figure).to_be_visible()
    image = figure.locator(".scan-frame img")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    width = image.evaluate("img => img.getBoundingClientRect().width")
    assert 0 < width <= 390  # the page fits a phone's screen
    count = int(figure.locator(".area-count").get_attribute("data-count") or "0")
    expect(figure.locator("svg rect.area")).to_have_count(count)
    save = figure.locator(".save-box")
    expect(save).to_be_disabled()
    figure.locator(".draw-toggle").click()
    expect(figure.locator(".draw-toggle")).to_have_attribute("aria-pressed", "true")
    _touch_drag(phone, "#scan-page-1 .scan-overlay", (0.2, 0.3), (0.6, 0.36))
    expect(save).to_be_enabled()
    x0 = float(figure.locator("input[name=x0]").input_value())
    y1 = float(figure.locator("input[name=y1]").input_value())
    assert abs(x0 - 0.2) < 0.01 and abs(y1 - 0.36) < 0.01
    figure.locator("select[name=label]").select_option("PERSON")
    save.click(timeout=SLOW)  # the server redacts the words under the box again before it answers
    figure = phone.locator("#scan-page-1")
    expect(figure.locator("svg rect.drawn")).to_have_count(1)
    expect(figure.locator(".drawn-boxes li[data-box]")).to_have_count(1)
    drawn = figure.locator("svg rect.drawn")
    assert abs(float(drawn.get_attribute("x") or 0) - 200) < 10
    with httpx.Client(base_url=served.url, timeout=30) as http:
        boxes = http.get(f"/items/{served.item}/scan", headers=api_token(http, "aminata")).json()["pages"][0]["boxes"]
    assert [b["drawn_by"] for b in boxes] == ["aminata"] and abs(boxes[0]["box"][1] - 0.3) < 0.01
    figure.locator(".drawn-boxes li[data-box] button.reject").click(timeout=SLOW)
    expect(phone.locator("#scan-page-1 svg rect.drawn")).to_have_count(0)
