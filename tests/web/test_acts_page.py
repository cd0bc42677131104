"""The coding page and the statistics page through the app: select a passage -> new act, the act on the page and
its timeline, a redacted reader's view of it, review by a second officer, the statistics table and its CSV."""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from archive.api import create_app
from archive.context import Archive
from tests.web import seeds
from tests.web.conftest import form_csrf, log_in

TEXT = ("Je m'appelle Mariam Sangaré. Le 14 mars 2012, des hommes armés ont arrêté mon frère au marché de Gao. "
        "Ils l'ont gardé trois semaines dans un camp.\n")
PASSAGE = "des hommes armés ont arrêté mon frère au marché de Gao"


@pytest.fixture
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, dict[str, str]]]:
    root = tmp_path_factory.mktemp("acts-page")
    archive = Archive.open(seeds.settings_for(root / "data", tmp_path_factory.getbasetemp() / "models"))
    for name, role in (("aminata", "documentation_officer"), ("awa", "documentation_officer"),
                       ("oumar", "reparations_officer"), ("sidi", "statistician")):
        seeds.user(archive, name, role)
    case = seeds.new_case(archive, "aminata", "Dossier Gao 2012", assign=("awa",))
    typed = seeds.add(archive, "aminata", case, TEXT.encode(), "temoignage.txt",
                      scopes=(*seeds.ALL_SCOPES, "aggregate_stats"))
    seeds.process(archive)
    yield archive, {"typed": typed, "case": case}
    archive.close()


@pytest.fixture
def client_for(seeded: tuple[Archive, dict[str, str]]) -> Iterator[object]:
    made: list[TestClient] = []

    def make(name: str) -> TestClient:
        client = TestClient(create_app(seeded[0]), base_url="http://testserver")
        client.__enter__()
        made.append(client)
        log_in(client, name, seeds.PASSWORD)
        csrf = form_csrf(client.get("/ui/").text)
        client.post("/ui/warning", data={"csrf": csrf, "next": "/ui/"}, follow_redirects=False)
        return client

    yield make
    for client in made:
        client.__exit__(None, None, None)


def _coding_text(page: str) -> str:
    box = re.search(r'<div class="review-text" id="review-text"[^>]*>(.*?)</div>', page, re.S)
    assert box, "no text to select on the coding page"
    return htmlmod.unescape(box.group(1))


def test_when_an_officer_selects_a_passage_and_creates_an_act_then_it_shows_with_its_passage_and_timeline(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    _archive, ids = seeded
    officer = client_for("aminata")  # type: ignore[operator]
    path = f"/ui/items/{ids['typed']}/acts"
    assert f'href="{path}"' in officer.get(f"/ui/items/{ids['typed']}").text  # the item page links to it
    page = officer.get(path)
    assert page.status_code == 200 and 'id="add-span"' in page.text
    shown = _coding_text(page.text)
    assert shown == TEXT  # the offsets the page's script reads are the stored text's
    start = shown.index(PASSAGE)
    r = officer.post(path, data={"csrf": form_csrf(page.text), "start": start, "end": start + len(PASSAGE),
                                 "act_type": "arbitrary_detention", "date": "2012-03-14", "region": "Gao",
                                 "place": "Marché central", "perpetrator_group": "unidentified_armed_men",
                                 "victim_sex": "m", "victim_age_band": "26-40"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = officer.get(path).text
    assert 'data-type="arbitrary_detention"' in page and f"{PASSAGE}" in htmlmod.unescape(page)
    assert "Marché central" in page
    timeline = re.search(r'<div id="timeline">(.*?)</div>', page, re.S)
    assert timeline and "<svg" in timeline.group(1) and "2012" in timeline.group(1)

    bad = officer.post(path, data={"csrf": form_csrf(page), "act_type": "arbitrary_detention", "date": "2999",
                                   "start": 0, "end": 10_000})
    assert bad.status_code == 422 and "futur" in bad.text  # French by default, on a page with navigation

    reader = client_for("oumar")  # type: ignore[operator]
    seen = reader.get(path)
    assert seen.status_code == 200 and 'id="add-span"' not in seen.text
    assert "Sangaré" not in seen.text and "Marché central" not in seen.text
    assert "ont arrêté mon frère" in htmlmod.unescape(seen.text)

    act_id = re.search(r'data-act="([^"]+)"', page)
    assert act_id
    own = officer.post(f"/ui/acts/{act_id.group(1)}/status", data={"csrf": form_csrf(page), "status": "reviewed"})
    assert own.status_code == 403
    second = client_for("awa")  # type: ignore[operator]
    done = second.post(f"/ui/acts/{act_id.group(1)}/status",
                       data={"csrf": form_csrf(second.get(path).text), "status": "reviewed"}, follow_redirects=False)
    assert done.status_code == 303
    assert "status-reviewed" in second.get(path).text


def test_when_a_statistician_counts_then_the_page_shows_the_suppressed_table_and_no_testimony(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    archive, ids = seeded
    from archive.acts.schemas import ActCreate
    from archive.acts.service import add_act
    from archive.custody import SYSTEM
    from archive.items.service import get_item

    with archive.db.session() as session:
        item = get_item(session, ids["typed"])
        for n in range(7):
            add_act(session=session, archive=archive, actor=SYSTEM, item=item,
                    data=ActCreate(act_type="killing" if n < 6 else "looting", region="Gao", date="2012"))
    statistician = client_for("sidi")  # type: ignore[operator]
    assert 'href="/ui/stats"' in statistician.get("/ui/").text
    assert statistician.get(f"/ui/items/{ids['typed']}/acts").status_code == 403
    page = statistician.get("/ui/stats", params={"by": "violation_type"})
    assert page.status_code == 200, page.text
    table = re.search(r'<table id="stats-table">(.*?)</table>', page.text, re.S)
    assert table and "masqué" in table.group(1) and ">6<" not in table.group(1)  # 1 looting + its partner
    assert "<svg" in page.text
    csv = statistician.get("/ui/stats.csv", params={"by": "violation_type"})
    assert csv.status_code == 200 and csv.text.splitlines()[0] == "violation_type,count"
    assert statistician.get("/ui/stats", params={"by": "violation_type", "min_cell": "1"}).status_code == 422


def test_when_an_officer_makes_a_pseudonym_a_person_and_names_it_then_the_case_timeline_and_table_show_it(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    _archive, ids = seeded
    officer = client_for("aminata")  # type: ignore[operator]
    path = f"/ui/items/{ids['typed']}/acts"
    page = officer.get(path).text
    start = _coding_text(page).index(PASSAGE)
    r = officer.post(path, data={"csrf": form_csrf(page), "start": start, "end": start + len(PASSAGE),
                                 "act_type": "arbitrary_detention", "date": "2012-03", "region": "Gao"},
                     follow_redirects=False)
    assert r.status_code == 303, r.text
    page = officer.get(path).text
    candidate = re.search(r'<li data-pseudonym="([^"]+)">', page)
    assert candidate and "Sangaré" not in candidate.group(1)  # the pseudonym, never the name
    pseudonym = htmlmod.unescape(candidate.group(1))
    one_click = officer.post(f"/ui/cases/{ids['case']}/persons",
                             data={"csrf": form_csrf(page), "pseudonym": pseudonym, "back": ids["typed"],
                                   "sex": "m"}, follow_redirects=False)
    assert one_click.status_code == 303, one_click.text
    page = officer.get(path).text
    person = re.search(r'<li data-person="([^"]+)"><strong>([^<]+)</strong>', page)
    assert person and htmlmod.unescape(person.group(2)) == pseudonym
    act_id = re.search(r'data-act="([^"]+)"', page)
    assert act_id
    linked = officer.post(f"/ui/acts/{act_id.group(1)}/persons", data={"csrf": form_csrf(page),
                          "person": person.group(1), "role": "victim"}, follow_redirects=False)
    assert linked.status_code == 303
    page = officer.get(path).text
    assert "(victime)" in page and 'class="meta act-persons"' in page

    found = officer.get("/ui/acts", params={"case": ids["case"], "rows": "violation_type", "columns": "year"})
    assert found.status_code == 200, found.text
    timeline = re.search(r'<div id="timeline">(.*?)</div>', found.text, re.S)
    assert timeline and f'data-act="{act_id.group(1)}"' in timeline.group(1) and "2012" in timeline.group(1)
    table = re.search(r'<table id="cross-table">(.*?)</table>', found.text, re.S)
    assert table and "détention arbitraire" in table.group(1) and ">1<" in table.group(1)
    assert officer.get("/ui/acts", params={"act_type": "witchcraft"}).status_code == 422
    none = officer.get("/ui/acts", params={"act_type": "killing"})
    assert none.status_code == 200 and "Aucun acte ne correspond" in none.text
    statistician = client_for("sidi")  # type: ignore[operator]
    hidden = statistician.get("/ui/acts", params={"act_type": "arbitrary_detention"})
    assert hidden.status_code == 200 and act_id.group(1) not in hidden.text  # no testimony, no act


def test_when_an_admin_edits_a_term_on_the_vocabularies_page_then_the_coding_page_shows_it(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    archive, ids = seeded
    seeds.user(archive, "fanta", "admin")
    admin = client_for("fanta")  # type: ignore[operator]
    page = admin.get("/ui/vocabularies")
    assert page.status_code == 200 and 'data-code="rape"' in page.text and "GBVIMS" in page.text
    r = admin.post("/ui/vocabularies/act_type", data={"csrf": form_csrf(page.text), "code": "forced_labour",
                                                       "label_fr": "travail forcé", "label_en": "forced labour",
                                                       "origin": "CVJR"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    officer = client_for("aminata")  # type: ignore[operator]
    assert officer.get("/ui/vocabularies").status_code == 403
    coding = officer.get(f"/ui/items/{ids['typed']}/acts").text
    assert '<option value="forced_labour">travail forcé</option>' in coding
    r = officer.post(f"/ui/items/{ids['typed']}/acts", data={"csrf": form_csrf(coding), "act_type": "forced_labour"},
                     follow_redirects=False)
    assert r.status_code == 303
    gone = admin.post("/ui/vocabularies/act_type", data={"csrf": form_csrf(page.text), "code": "forced_labour",
                                                          "label_fr": "travail forcé", "label_en": "forced labour",
                                                          "action": "delete"})
    assert gone.status_code == 200 and "retiré plutôt que supprimé" in gone.text
    coding = officer.get(f"/ui/items/{ids['typed']}/acts").text
    assert '<option value="forced_labour">' not in coding  # no longer offered for new acts
    assert 'data-type="forced_labour"' in coding and "travail forcé" in coding  # the old act keeps its words
