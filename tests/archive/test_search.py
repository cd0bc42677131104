"""Search through the archive: the index follows ingest, review and consent; every role sees only its scope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive import custody
from archive.context import Archive
from archive.jobs.worker import Worker
from archive.models import CustodyEntry
from archive.pipeline.index import reindex
from archive.pipeline.stages import handlers
from tests.archive.conftest import Account, Accounts

TESTIMONY = ("Mon frère Seydou Konaté a été arrêté par des soldats au camp de Ségou en 2013. "
             "Appelez Mariam Konaté au 76 54 32 10.")
ALL = ("internal_case_use", "share_reparations", "share_prosecution")


@pytest.fixture
def officer(accounts: Accounts) -> Account:
    return accounts.make("documentation_officer")


def _add(client: TestClient, officer: Account, case_id: str, text: str, scopes: tuple[str, ...] = ALL,
         **meta: Any) -> str:
    r = client.post(f"/cases/{case_id}/texts", headers=officer.headers,
                    json={"text": text, "metadata": {"language": "fr", **meta},
                          "consent": [{"scope": s} for s in scopes]})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _search(client: TestClient, who: Account, q: str, **params: Any) -> dict[str, Any]:
    r = client.get("/search", params={"q": q, **params}, headers=who.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


@pytest.fixture
def seeded(client: TestClient, archive: Archive, officer: Account) -> tuple[str, str]:
    case_id = client.post("/cases", json={"title": "Arrestations Ségou"}, headers=officer.headers).json()["id"]
    item_id = _add(client, officer, case_id, TESTIMONY, region="Ségou", violation_types=["arbitrary_detention"])
    Worker(archive, handlers()).run_until_idle()
    return case_id, item_id


def test_when_an_officer_searches_then_stemmed_accent_folded_words_find_the_item_with_a_snippet(
    client: TestClient, officer: Account, seeded: tuple[str, str]
) -> None:
    case_id, item_id = seeded
    result = _search(client, officer, "arrete soldat")
    assert result["total"] == 1 and result["hits"][0]["item"] == item_id and result["hits"][0]["case"] == case_id
    assert "<mark>" in " ".join(result["hits"][0]["snippets"])
    assert result["facets"]["region"] == {"Ségou": 1}


def test_when_a_reparations_officer_searches_a_redacted_name_then_nothing_reveals_it(
    client: TestClient, archive: Archive, seeded: tuple[str, str]
) -> None:
    rep = Accounts(archive).make("reparations_officer")
    for q in ("Seydou", "Konaté", "konate", "Mariam", "76 54 32 10", "Seyd*", '"Seydou Konaté"'):
        result = _search(client, rep, q)
        assert result["total"] == 0 and result["hits"] == [], q
        assert all(sum(v.values()) == 0 for v in result["facets"].values()), q
    found = _search(client, rep, "soldats")
    assert found["total"] == 1
    text = json.dumps(found, ensure_ascii=False)
    assert "Seydou" not in text and "Konaté" not in text and "76 54" not in text


def test_when_consent_is_withdrawn_then_the_next_search_no_longer_shows_the_item(
    client: TestClient, archive: Archive, officer: Account, seeded: tuple[str, str]
) -> None:
    _, item_id = seeded
    rep = Accounts(archive).make("reparations_officer")
    assert _search(client, rep, "soldats")["total"] == 1
    r = client.put(f"/items/{item_id}/consent", headers=officer.headers,
                   json={"scope": "share_reparations", "status": "withdrawn"})
    assert r.status_code == 200
    assert _search(client, rep, "soldats")["total"] == 0
    client.put(f"/items/{item_id}/consent", headers=officer.headers,
               json={"scope": "share_reparations", "status": "granted"})
    assert _search(client, rep, "soldats")["total"] == 1


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_when_admin_or_auditor_search_then_refused(client: TestClient, archive: Archive, role: str,
                                                  seeded: tuple[str, str]) -> None:
    r = client.get("/search", params={"q": "soldats"}, headers=Accounts(archive).make(role).headers)
    assert r.status_code == 403


def test_when_a_lawyer_is_not_assigned_then_nothing_and_once_assigned_only_redacted_matches(
    client: TestClient, archive: Archive, seeded: tuple[str, str]
) -> None:
    case_id, _ = seeded
    lawyer = Accounts(archive).make("lawyer")
    assert _search(client, lawyer, "soldats")["total"] == 0
    client.post(f"/cases/{case_id}/assignments", json={"username": lawyer.username},
                headers=Accounts(archive).make("admin").headers)
    assert _search(client, lawyer, "soldats")["total"] == 1
    assert _search(client, lawyer, "Seydou")["total"] == 0  # no identity_disclosure: redacted text only


def test_when_searches_run_then_each_is_in_the_custody_log(
    client: TestClient, archive: Archive, officer: Account, seeded: tuple[str, str]
) -> None:
    _search(client, officer, "soldats", filter="region=Ségou")
    with archive.db.session() as s:
        entry = s.execute(select(CustodyEntry).where(CustodyEntry.action == "search")).scalars().all()[-1]
    details = json.loads(entry.details)
    assert entry.actor == officer.username and details["results"] == 1
    assert details["filters"] == {"region": ["Ségou"]}
    # the words are sealed: an auditor can check a claimed query, only the data-protection role can read it
    assert "soldats" not in entry.details and "query" not in details
    assert custody.sealed_matches(details["sealed"]["query"], "soldats", archive.key)
    assert not custody.sealed_matches(details["sealed"]["query"], "soldat", archive.key)


def test_when_the_index_is_rebuilt_from_the_system_of_record_then_results_are_the_same(
    client: TestClient, archive: Archive, officer: Account, seeded: tuple[str, str]
) -> None:
    before = _search(client, officer, "soldats")
    assert reindex(archive) == 1
    after = _search(client, officer, "soldats")
    assert [h["item"] for h in after["hits"]] == [h["item"] for h in before["hits"]]


@pytest.mark.parametrize(("params", "message"), [({"filter": "planet=Mars"}, "unknown filter (planet)"),
                                                 ({"sort": "random"}, "sort"), ({"filter": "region"}, "FIELD=VALUE")])
def test_when_the_query_is_invalid_then_422_says_what_to_fix(
    client: TestClient, officer: Account, params: dict[str, str], message: str
) -> None:
    r = client.get("/search", params={"q": "x", **params}, headers=officer.headers)
    assert r.status_code == 422 and message in r.json()["error"]


def test_when_the_index_is_down_during_a_withdrawal_then_searches_wait_and_answer_once_it_is_back(
    client: TestClient, archive: Archive, officer: Account, seeded: tuple[str, str]
) -> None:
    from archive.models import Item
    from search import SearchUnavailable

    _, item_id = seeded
    rep = Accounts(archive).make("reparations_officer")
    engine = archive.search
    real_index = engine.index

    def down(_docs: Any) -> int:
        raise SearchUnavailable("index server unreachable")

    engine.index = down  # type: ignore[method-assign]
    r = client.put(f"/items/{item_id}/consent", headers=officer.headers,
                   json={"scope": "share_reparations", "status": "withdrawn"})
    assert r.status_code == 200  # the withdrawal itself is never blocked by the index
    refused = client.get("/search", params={"q": "soldats"}, headers=rep.headers)
    assert refused.status_code == 503 and refused.json()["code"] == "index_catching_up"
    engine.index = real_index  # type: ignore[method-assign]
    assert _search(client, rep, "soldats")["total"] == 0  # caught up before answering
    assert _search(client, rep, "soldats")["total"] == 0  # and no longer waiting on anything
    with archive.db.session() as s:
        item = s.get(Item, item_id)
        assert item is not None and item.status == "done"
