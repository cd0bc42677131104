"""An upload cut off half way survives a page reload: choosing the same file again resumes at the server's
offset (the session id is remembered in localStorage), and a forgotten session starts afresh."""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from pathlib import Path

import pymupdf
from playwright.sync_api import Page, Request, Route, expect

from tests.web.server import Server, log_in

CHUNK_URL = re.compile(r".*/uploads/[^/]+$")


def _statement_pdf(path: Path) -> bytes:
    """A one-page statement with a 3.5 MB attachment: several chunks (their size adapts to the link)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Déclaration : les soldats ont arrêté mon voisin au marché de Gao en 2012.",
                     fontsize=11)
    doc.embfile_add("annexe.bin", os.urandom(3_500_000))
    doc.save(path)
    doc.close()
    return path.read_bytes()


def _open_upload_page(page: Page, server: Server, title: str) -> None:
    log_in(page, server.url, "aminata")
    page.goto(f"{server.url}/ui/cases")
    page.fill("input[name=title]", title)
    page.click("text=Créer le dossier")
    expect(page.locator("h1")).to_have_text(title)
    page.click("text=Déposer un témoignage")


def _chunk_ranges(page: Page) -> list[str]:
    ranges: list[str] = []

    def record(request: Request) -> None:
        if request.method == "PUT" and CHUNK_URL.match(request.url):
            ranges.append(request.headers.get("content-range", ""))

    page.on("request", record)
    return ranges


def _remembered(page: Page) -> dict[str, str]:
    found: dict[str, str] = page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('temoin.upload.'))"
        ".map(k => [k, localStorage.getItem(k)]))")
    return found


def test_when_the_page_is_reloaded_half_way_then_the_same_file_resumes_at_the_servers_offset(
    page: Page, server: Server, tmp_path: Path
) -> None:
    path = tmp_path / "declaration-mopti.pdf"
    data = _statement_pdf(path)
    _open_upload_page(page, server, "Dossier Mopti rechargé")
    accepted: list[str] = []
    line = {"down": True}

    def cut_after_one_chunk(route: Route) -> None:
        span = route.request.headers.get("content-range", "")
        if route.request.method == "PUT" and line["down"] and accepted:
            route.abort("connectionreset")  # the line drops for good half way
            return
        route.continue_()
        if route.request.method == "PUT" and line["down"]:
            accepted.append(span)

    page.route(CHUNK_URL, cut_after_one_chunk)
    page.set_input_files("#file", str(path))
    page.select_option("select[name=region]", "Mopti")
    page.check("input[name=scopes][value=internal_case_use]")
    page.click("#send")
    expect(page.locator("#progress-text")).to_contain_text("Connexion interrompue", timeout=30_000)
    assert len(accepted) == 1 and len(_remembered(page)) == 1

    page.reload()  # the line is still down until the old page is gone: no retry slips through
    line["down"] = False
    after_reload = _chunk_ranges(page)
    assert len(_remembered(page)) == 1, "the session id survives the reload"
    page.set_input_files("#file", str(path))  # the officer chooses the same file again

    expect(page.locator("#receipt-sha")).to_have_text(hashlib.sha256(data).hexdigest(), timeout=60_000)
    received = int(accepted[0].split("-")[1].split("/")[0]) + 1  # what the server holds: the first chunk
    assert after_reload[0].startswith(f"bytes {received}-") and after_reload[0].endswith(f"/{len(data)}")
    assert all(not r.startswith("bytes 0-") for r in after_reload)
    expect(page.locator("#resume-note")).to_have_text(f"Reprise de l'envoi à {100 * received // len(data)} %")
    assert _remembered(page) == {}, "a completed upload is forgotten"


def test_when_the_server_has_forgotten_the_session_then_the_entry_is_cleared_and_a_fresh_upload_starts(
    page: Page, server: Server, tmp_path: Path
) -> None:
    path = tmp_path / "declaration-gao.pdf"
    data = _statement_pdf(path)
    _open_upload_page(page, server, "Dossier Gao expiré")
    line = {"down": True}
    page.route(CHUNK_URL, lambda route: route.abort("connectionreset") if route.request.method == "PUT"
               and line["down"] else route.continue_())
    page.set_input_files("#file", str(path))
    page.check("input[name=scopes][value=internal_case_use]")
    page.click("#send")
    expect(page.locator("#progress-text")).to_contain_text("Connexion interrompue", timeout=30_000)
    (key, value), = _remembered(page).items()
    gone = value.replace(json.loads(value)["id"], str(uuid.uuid4()))  # a session the server no longer has
    page.reload()
    line["down"] = False
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, gone])
    after_reload = _chunk_ranges(page)

    page.set_input_files("#file", str(path))
    page.wait_for_function(f"() => localStorage.getItem({json.dumps(key)}) === null", timeout=10_000)
    expect(page.locator("#progress-box")).to_be_hidden()  # nothing to resume: the officer fills the form again
    page.check("input[name=scopes][value=internal_case_use]")
    page.click("#send")

    expect(page.locator("#receipt-sha")).to_have_text(hashlib.sha256(data).hexdigest(), timeout=60_000)
    assert after_reload[0].startswith("bytes 0-") and after_reload[0].endswith(f"/{len(data)}")
    expect(page.locator("#resume-note")).to_be_hidden()
    assert _remembered(page) == {}
