"""Issue 19, from the browser: names, villages and numbers typed into every free-text field around a testimony
(case title and description, item title, collector, locality, provenance, consent interpreter and note,
correction note, review reason) never reach a page a reparations officer can open. Headless Chromium crawls
every page reachable from the home page by links (and the search, item text and export pages explicitly),
against a real `temoin serve` whose own worker made the redacted forms."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from playwright.sync_api import Page

from tests.archive.exports_seed import BOARD
from tests.web.server import api_token, running_server
from tests.web.server import log_in as browser_log_in
from tests.web.test_browser_roles import Served

TEXT = ("Je m'appelle Aïssata Guindo. En mars 2019, des hommes armés sont entrés dans le village. Mon mari a été "
        "emmené par des militaires et nous ne l'avons jamais revu.\n")
CORRECTED = TEXT.replace("des militaires", "des militaires en uniforme")
#: field -> what is typed there; the case title keeps a word ("mars 2019") a redacted reader must still read.
TYPED = {
    "case title": "Attaque de Sobane Da contre la famille Guindo, mars 2019",
    "case description": "Témoins : Hamadoun Guindo, tél. 76 12 34 56",
    "item title": "Récit de Fatoumata Dicko",
    "collected_by": "Ousmane Cissé",
    "locality": "Ogossagou",
    "provenance": "Radio de Bintou Sow",
    "interpreter": "Bakary Tangara",
    "consent note": "Accord donné devant Mariam Sangaré",
    "correction note": "Relu avec Issa Maïga",
    "review reason": "Vu avec Assitan Coulibaly",
}
#: What no redacted-only reader may meet, whatever the page (names, villages, numbers, staff names).
HIDDEN = ("Aïssata", "Guindo", "Sobane", "Hamadoun", "76 12 34 56", "Fatoumata", "Dicko", "Cissé", "Ogossagou",
          "Bintou", "Tangara", "Sangaré", "Maïga", "Assitan", "Coulibaly", "aminata")
SCOPES = ("internal_case_use", "share_reparations", "share_prosecution")
#: Links a crawl must not follow: they change state or download files (read as bytes elsewhere).
SKIP = ("/logout", "/download", "/ui/lock", "/docs", "/redoc", "/openapi")


def _seed(url: str) -> Served:
    with httpx.Client(base_url=url, timeout=60) as http:
        officer, admin, rep = api_token(http, "aminata"), api_token(http, "kadiatou"), api_token(http, "oumar")
        r = http.post("/cases", json={"title": TYPED["case title"], "description": TYPED["case description"]},
                      headers=officer)
        r.raise_for_status()
        case = r.json()["id"]
        http.post(f"/cases/{case}/assignments", json={"username": "oumar"}, headers=admin).raise_for_status()
        r = http.post(f"/cases/{case}/texts", headers=officer, json={
            "text": TEXT,
            "consent": [{"scope": s, "method": "oral", "interpreter": TYPED["interpreter"],
                         "note": TYPED["consent note"]} for s in SCOPES],
            "metadata": {"title": TYPED["item title"], "language": "fr", "region": "Mopti",
                         "collected_by": TYPED["collected_by"], "locality": TYPED["locality"],
                         "provenance": {"source": TYPED["provenance"]}}})
        r.raise_for_status()
        item = r.json()["id"]
        _wait(http, rep, "armés")
        r = http.put(f"/items/{item}/transcript", headers=officer,
                     json={"text": CORRECTED, "note": TYPED["correction note"]})
        r.raise_for_status()
        _wait(http, rep, "uniforme")
        start = CORRECTED.index("village")
        r = http.post(f"/items/{item}/redactions", headers=officer,
                      json={"start": start, "end": start + len("village"), "label": "MISC",
                            "reason": TYPED["review reason"]})
        r.raise_for_status()
        http.post("/recipients", json={"name": BOARD, "kind": "reparations_board"}, headers=rep).raise_for_status()
        r = http.post(f"/cases/{case}/exports", headers=rep,
                      json={"profile": "reparations", "to": BOARD, "purpose": "Examen des demandes"})
        r.raise_for_status()  # the export page then lists a bundle of this case
    return Served(url, case, item)


def _wait(http: httpx.Client, headers: dict[str, str], word: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:  # the server's worker: extract -> redact (free text too) -> index
        found = http.get("/search", params={"q": word}, headers=headers)
        if found.status_code == 200 and found.json()["total"] >= 1:
            return
        time.sleep(1)
    raise AssertionError(f"the served worker did not index {word!r} within 3 minutes")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with running_server(tmp_path_factory.mktemp("freetext") / "data") as server:
        yield _seed(server.url)


def _same_site_links(page: Page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        full = urljoin(page.url, href).split("#")[0]
        parts = urlsplit(full)
        if f"{parts.scheme}://{parts.netloc}" != base or not parts.path.startswith("/ui"):
            continue
        if any(s in parts.path for s in SKIP) or parts.query.count("filter=") > 1:
            continue  # facet combinations show the same hits: one filter at a time covers each facet
        out.append(full)
    return out


def test_when_a_reparations_officer_crawls_every_page_then_no_typed_name_appears(page: Page, served: Served) -> None:
    browser_log_in(page, served.url, "oumar")
    base = served.url.rstrip("/")
    start = [f"{base}/ui/", f"{base}/ui/cases", f"{base}/ui/cases/{served.case}", f"{base}/ui/items/{served.item}",
             f"{base}/ui/search?q=arm%C3%A9s", f"{base}/ui/search?q=uniforme&filter=case%3D{served.case}",
             f"{base}/ui/exports"]
    queue, seen, leaks = deque(start), set(start), []
    visited = 0
    while queue and visited < 80:
        url = queue.popleft()
        response = page.goto(url)
        visited += 1
        if response is None or response.status >= 400:
            continue  # a page this role may not open answers 403/404 (its HTML is checked below all the same)
        html = page.content()
        if page.locator("#show-text").count():  # the item page's content warning: open the text too
            page.click("#show-text")
            html += page.content()
        leaks += [(url, word) for word in HIDDEN if word.lower() in html.lower()]
        for link in _same_site_links(page, base):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert leaks == [], f"typed free text shown to a reparations officer: {leaks}"
    paths = {urlsplit(u).path for u in seen}
    for must in (f"/ui/cases/{served.case}", f"/ui/items/{served.item}", "/ui/search", "/ui/exports"):
        assert must in paths, f"the crawl never reached {must}"
    assert visited >= 8, f"only {visited} pages crawled"
    page.goto(f"{base}/ui/cases/{served.case}")
    assert "mars 2019" in page.content(), "the case title's redacted form is shown, not withheld"
