"""Evidence numbers where evidence is cited: search hits (API, CLI, web; an index made before numbers were
stored still answers, the number read from the register) and coded acts' passages (``NUMBER:page``,
``NUMBER@seconds`` or ``NUMBER`` with the character range), through every door."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from archive.cli import app  # the package registers every command on the app
from archive.context import Archive
from archive.disclosures import evidence
from archive.jobs.worker import Worker
from archive.models import Item
from archive.pipeline.index import build_document
from archive.pipeline.stages import handlers
from tests.archive.conftest import PASSWORD, Account, Accounts, settings_env

TEXT = ("En janvier 2013, des hommes armés ont incendié les greniers du village de Ngolobougou. "
        "Les familles ont fui vers le fleuve.")
PASSAGE = "des hommes armés ont incendié les greniers"
SCOPES = ("internal_case_use", "share_prosecution", "share_reparations")

PAGED = {"text": "Première page.\n\nDeuxième page : les faits.\n\nTroisième page.",
         "pages": [{"number": 1, "text": "Première page."}, {"number": 2, "text": "Deuxième page : les faits."},
                   {"number": 3, "text": "Troisième page."}]}
SPOKEN = {"text": "Ils sont venus la nuit. Ensuite ils ont brûlé les maisons.",
          "segments": [{"start": 0.0, "text": "Ils sont venus la nuit."},
                       {"start": 7.5, "text": "Ensuite ils ont brûlé les maisons."}]}
NUMBER = "TEM-0A1B2C-D3E4-0012"


@pytest.mark.parametrize(("document", "word", "expected"), [
    (PAGED, "Première", f"{NUMBER}:1"),
    (PAGED, "faits", f"{NUMBER}:2"),
    (PAGED, "Troisième", f"{NUMBER}:3"),
    (SPOKEN, "venus", f"{NUMBER}@0"),
    (SPOKEN, "brûlé", f"{NUMBER}@7.5"),
    ({"text": "Un texte sans pages."}, "sans", NUMBER),
])
def test_when_a_passage_is_cited_then_its_page_or_second_follows_the_number(
    document: dict[str, Any], word: str, expected: str
) -> None:
    cited = evidence.cite_passage(NUMBER, document, str(document["text"]).index(word))
    assert cited == expected
    number, page, seconds = evidence.resolve_syntax(cited)
    assert number == NUMBER and (page, seconds) == evidence.locate(document, str(document["text"]).index(word))


def _seed(client: TestClient, archive: Archive, officer: Account) -> tuple[str, str, str]:
    case_id = client.post("/cases", json={"title": "Dossier Ngolobougou"}, headers=officer.headers).json()["id"]
    r = client.post(f"/cases/{case_id}/texts", headers=officer.headers,
                    json={"text": TEXT, "metadata": {"language": "fr", "region": "Ségou"},
                          "consent": [{"scope": s, "method": "oral"} for s in SCOPES]})
    assert r.status_code == 201, r.text
    item_id = str(r.json()["id"])
    Worker(archive, handlers()).run_until_idle()
    with archive.db.session() as session:
        number = evidence.number_of(session, item_id)
    assert number is not None
    return case_id, item_id, number


def _web_login(client: TestClient, username: str) -> None:
    def csrf(html: str) -> str:
        found = re.search(r'name="csrf" value="([^"]*)"', html)
        assert found
        return found.group(1)

    login = client.get("/ui/login").text
    client.post("/ui/login", data={"username": username, "password": PASSWORD, "csrf": csrf(login)})
    client.post("/ui/warning", data={"csrf": csrf(client.get("/ui/").text), "next": "/ui/"})


def _cli(archive: Archive, *args: str) -> Any:
    """A `temoin` command in-process, on the archive's own search backend (Elasticsearch included: the CLI then
    gets the test transport osmem needs, as tests/archive/test_doors.py does)."""
    from tests.archive.conftest import search_for_tests

    settings = archive.settings
    env = settings_env(settings)
    if settings.search_backend == "elasticsearch":
        env.update(TEMOIN_SEARCH_BACKEND="elasticsearch", TEMOIN_ELASTICSEARCH_URL=settings.elasticsearch_url,
                   TEMOIN_ELASTICSEARCH_INDEX=settings.elasticsearch_index)
    with pytest.MonkeyPatch.context() as mp:
        if settings.search_backend == "elasticsearch":
            mp.setattr("archive.context.open_search", search_for_tests)
        return CliRunner().invoke(app, list(args), env=env)


def test_when_a_search_finds_an_item_then_every_door_names_its_evidence_number(
    archive: Archive, client: TestClient, accounts: Accounts
) -> None:
    officer = accounts.make("documentation_officer")
    _, item_id, number = _seed(client, archive, officer)
    found = client.get("/search", params={"q": "greniers"}, headers=officer.headers).json()
    assert [(h["item"], h["evidence_number"]) for h in found["hits"]] == [(item_id, number)]
    assert all(s["cite"] == number for s in found["hits"][0]["sources"])  # a text without pages: the number
    cli = _cli(archive, "search", "greniers", "--as", officer.username, "--json")
    assert cli.exit_code == 0, cli.output
    assert [h["evidence_number"] for h in json.loads(cli.stdout)["hits"]] == [number]
    plain = _cli(archive, "search", "greniers", "--as", officer.username)
    assert plain.exit_code == 0 and number in plain.stdout
    _web_login(client, officer.username)
    page = client.get("/ui/search", params={"q": "greniers"}).text
    assert f'<span class="evidence-number">{number}</span>' in page


def test_when_the_index_predates_evidence_numbers_then_hits_still_name_them_from_the_register(
    archive: Archive, client: TestClient, accounts: Accounts
) -> None:
    officer = accounts.make("documentation_officer")
    _, item_id, number = _seed(client, archive, officer)
    with archive.db.reader() as session:  # the document as an earlier release indexed it: no number
        older = dataclasses.replace(build_document(session, archive, session.get_one(Item, item_id)),
                                    evidence_number=None)
    archive.search.index([older])
    found = client.get("/search", params={"q": "greniers"}, headers=officer.headers).json()
    assert [(h["item"], h["evidence_number"]) for h in found["hits"]] == [(item_id, number)]
    from archive.pipeline.index import reindex

    assert reindex(archive) >= 1  # the rebuild stores the number with the document again
    from search import Principal, Query

    hits = archive.search.search(Query(text="greniers"), Principal("x", "documentation_officer",
                                                                   frozenset({older.case_id}))).hits
    assert [h.evidence_number for h in hits] == [number]


def test_when_an_act_is_coded_then_its_passages_are_cited_by_evidence_number_through_every_door(
    archive: Archive, client: TestClient, accounts: Accounts
) -> None:
    officer = accounts.make("documentation_officer")
    _, item_id, number = _seed(client, archive, officer)
    at = TEXT.index(PASSAGE)
    r = client.post(f"/items/{item_id}/acts", headers=officer.headers,
                    json={"act_type": "destruction_of_property", "date": "2013-01", "region": "Ségou",
                          "victim_sex": "unknown", "passages": [{"start": at, "end": at + len(PASSAGE)}]})
    assert r.status_code == 201, r.text
    (passage,) = r.json()["passages"]
    assert passage["cite"] == number and (passage["start"], passage["end"]) == (at, at + len(PASSAGE))
    listed = client.get(f"/items/{item_id}/acts", headers=officer.headers).json()
    assert listed[0]["passages"][0]["cite"] == number
    cli = _cli(archive, "acts", "list", item_id, "--as", officer.username, "--json")
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.stdout)[0]["passages"][0]["cite"] == number
    _web_login(client, officer.username)
    html = client.get(f"/ui/items/{item_id}/acts").text
    assert f'<span class="cite">{number} ({at}–{at + len(PASSAGE)})</span>' in html
