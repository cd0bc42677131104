"""The reparations pages: an officer registers and assesses, a board member decides with reasons, the officer
records an appeal; the duplicates queue confirms and undoes; refusals come back as pages in French."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.items.schemas import Intake
from tests.archive.exports_seed import add_text
from tests.web.conftest import form_csrf

PERSON = {"given_name": "Awa", "family_name": "Kanouté", "birth_date": "1984-03-12", "birth_place": "Ségou",
          "father_name": "Moussa Kanouté", "sex": "F"}


def _item(archive: Archive, tmp_path: Path) -> str:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier Ségou").id
    return add_text(archive, SYSTEM, case_id, "Des hommes armés sont entrés dans la cour.", tmp_path,
                    intake=Intake(language="fr", violation_types=["rape"], incident_date=dt.date(2013, 2, 1)))


def _post(client: object, url: str, form_page: str, data: dict[str, str]) -> object:
    nonce = form_csrf(client.get(form_page).text)  # type: ignore[attr-defined]
    return client.post(url, data={**data, "csrf": nonce}, follow_redirects=False)  # type: ignore[attr-defined]


def test_when_officer_and_board_use_the_pages_then_the_claim_is_decided_with_reasons_and_appealed(
        archive: Archive, browser_as: object, tmp_path: Path) -> None:
    item = _item(archive, tmp_path)
    officer, _ = browser_as("reparations_officer")  # type: ignore[operator]
    board, _ = browser_as("reparations_board")  # type: ignore[operator]
    r = _post(officer, "/ui/claims", "/ui/claims", {"programme": "vbg", "victim_category": "direct", "item": item,
                                                    "note": "§2", **PERSON})
    assert r.status_code == 303, r.text  # type: ignore[attr-defined]
    url = r.headers["location"]  # type: ignore[attr-defined]
    page = officer.get(url).text
    assert "enregistrée" in page and "Kanouté" not in page and re.search(r"R-[0-9A-F]{6}", page)
    for step in ("admissible", "under_assessment"):
        assert _post(officer, url, url, {"to": step}).status_code == 303  # type: ignore[attr-defined]
    assert "en instruction" in board.get(url).text and 'value="decided"' in board.get(url).text
    assert 'value="decided"' not in officer.get(url).text  # officers do not decide
    refused = _post(board, url, url, {"to": "decided", "outcome": "granted_full", "reason": "Motifs."})
    assert refused.status_code == 422 and "citer au moins une preuve" in refused.text  # type: ignore[attr-defined]
    done = _post(board, url, url, {"to": "decided", "outcome": "granted_full", "cite": item,
                                   "reason": "Viol en 2013 : couvert par le volet VBG."})
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert "accordée en totalité" in board.get(url).text and "couvert par le volet VBG" in board.get(url).text
    assert _post(officer, url, url, {"to": "appealed", "reason": "Soins manquants."}).status_code == 303  # type: ignore[attr-defined]
    assert "en recours" in officer.get("/ui/claims").text


def test_when_a_pair_is_merged_and_undone_on_the_queue_page_then_the_page_follows(
        archive: Archive, browser_as: object, tmp_path: Path) -> None:
    item = _item(archive, tmp_path)
    officer, _ = browser_as("reparations_officer")  # type: ignore[operator]
    for family, born in (("Kanouté", "1984-03-12"), ("Kanoute", "vers 1984")):
        r = _post(officer, "/ui/claims", "/ui/claims", {**PERSON, "programme": "vbg", "item": item,
                                                        "family_name": family, "birth_date": born})
        assert r.status_code == 303, r.text  # type: ignore[attr-defined]
    queue = officer.get("/ui/claims/duplicates").text
    pairs = re.findall(r'action="/ui/claims/duplicates/([0-9a-f-]{36})"', queue)
    assert len(pairs) == 1, queue[queue.find("<main"):]
    pair = pairs[0]
    assert "à examiner" in queue and "Kanout" not in queue
    assert _post(officer, f"/ui/claims/duplicates/{pair}", "/ui/claims/duplicates",
                 {"decision": "same"}).status_code == 303  # type: ignore[attr-defined]
    assert "fusionnés" in officer.get("/ui/claims/duplicates").text
    no_reason = _post(officer, f"/ui/claims/duplicates/{pair}", "/ui/claims/duplicates", {"decision": "undo"})
    assert no_reason.status_code == 422  # type: ignore[attr-defined]
    assert _post(officer, f"/ui/claims/duplicates/{pair}", "/ui/claims/duplicates",
                 {"decision": "undo", "reason": "Deux personnes."}).status_code == 303  # type: ignore[attr-defined]
    assert "fusion annulée" in officer.get("/ui/claims/duplicates").text
