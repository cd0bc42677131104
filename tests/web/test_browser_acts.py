"""Issue 15 in headless Chromium against a real `temoin serve`: an officer selects a passage on the coding page,
creates an act, and sees it on the list and the timeline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.web.server import log_in as browser_log_in
from tests.web.server import running_server
from tests.web.test_browser_roles import STATEMENT, Served, _seed

PASSAGE = "des hommes armés ont arrêté mon frère"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with running_server(tmp_path_factory.mktemp("acts") / "data") as server:
        yield _seed(server.url)


def test_when_an_officer_selects_a_passage_and_creates_an_act_then_it_is_on_the_timeline(
    page: Page, served: Served
) -> None:
    browser_log_in(page, served.url, "aminata")
    page.goto(f"{served.url}/ui/items/{served.item}")
    page.click("#acts-link")
    page.click("#show-text")  # the content warning comes first
    expect(page.locator("#review-text")).to_contain_text("marché de Tombouctou")
    page.evaluate("""(wanted) => {  // select the words as a user would
        const box = document.getElementById('review-text');
        const node = box.firstChild, from = node.data.indexOf(wanted);
        const range = document.createRange();
        range.setStart(node, from);
        range.setEnd(node, from + wanted.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", PASSAGE)
    expect(page.locator("#selected-text")).to_have_text(PASSAGE)
    expect(page.locator("#start")).to_have_value(str(STATEMENT.index(PASSAGE)))
    page.select_option("#act-type", "arbitrary_detention")
    page.fill("#act-date", "2012-03")
    page.select_option("#act-region", "Tombouctou")
    page.select_option("#act-group", "unidentified_armed_men")
    page.click("#add-act")
    act = page.locator("#acts li[data-type=arbitrary_detention]")
    expect(act).to_contain_text("détention arbitraire")
    expect(act.locator("blockquote.passage")).to_contain_text(PASSAGE)
    expect(page.locator("#timeline svg")).to_contain_text("2012")
    act_id = act.get_attribute("data-act")
    expect(page.locator(f'#timeline svg circle[data-act="{act_id}"]')).to_have_count(1)
    # the case's acts: the same act on the case timeline and in the table of counts by type and year
    page.click("#case-acts-link")
    expect(page.locator(f'#timeline svg circle[data-act="{act_id}"]')).to_have_count(1)
    expect(page.locator("#cross-table")).to_contain_text("détention arbitraire")
    page.click(f'#found-acts li[data-act="{act_id}"] a')  # opening the act opens its passage
    expect(page.locator(f"#act-{act_id} blockquote.passage")).to_contain_text(PASSAGE)
