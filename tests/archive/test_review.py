"""The redact stage and the review of its proposals: nothing seeded leaks to a role that sees redacted text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.context import Archive
from archive.custody import sealed_matches
from archive.jobs.worker import Worker
from archive.models import CaseVault, CustodyEntry
from archive.pipeline.stages import handlers
from tests.archive.conftest import Account, Accounts

FIRST = ("Je m'appelle Aminata Coulibaly, née le 3 avril 1994. Des hommes armés ont emmené mon mari "
         "Boubacar Traoré. Appelez-moi au +223 76 12 34 56.")
SECOND = "Ma voisine a vu COULIBALY partir avec Boubacar vers le camp."
SECRETS = ("Aminata", "Coulibaly", "COULIBALY", "Boubacar", "Traoré", "76 12 34 56", "3 avril")  # the month stays
SCOPES = ("internal_case_use", "share_reparations", "share_prosecution", "identity_disclosure")


@pytest.fixture
def officer(accounts: Accounts) -> Account:
    return accounts.make("documentation_officer")


def _case_with(client: TestClient, officer: Account, texts: list[str]) -> tuple[str, list[str]]:
    case_id = client.post("/cases", json={"title": "Dossier"}, headers=officer.headers).json()["id"]
    ids = []
    for text in texts:
        r = client.post(f"/cases/{case_id}/texts", headers=officer.headers,
                        json={"text": text, "metadata": {"language": "fr"},
                              "consent": [{"scope": s} for s in SCOPES]})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return case_id, ids


def _work(archive: Archive) -> None:
    Worker(archive, handlers()).run_until_idle()


def _assert_clean(text: str) -> None:
    leaked = [s for s in SECRETS if s.lower() in text.lower()]
    assert leaked == [], f"leaked {leaked} in {text!r}"


def test_when_a_testimony_is_processed_then_a_reparations_officer_sees_only_redacted_text(
    client: TestClient, archive: Archive, officer: Account
) -> None:
    _, (item_id,) = _case_with(client, officer, [FIRST])
    _work(archive)
    rep = Accounts(archive).make("reparations_officer")
    shown = client.get(f"/items/{item_id}", headers=rep.headers).json()
    assert shown["view"] == "redacted" and "text" not in shown
    _assert_clean(shown["redacted_text"])
    assert "[Personne A]" in shown["redacted_text"]
    _assert_clean(json.dumps(shown))


def test_when_a_name_appears_later_in_another_document_then_every_document_of_the_case_covers_it(
    client: TestClient, archive: Archive, officer: Account
) -> None:
    _, ids = _case_with(client, officer, [FIRST, SECOND])
    _work(archive)
    rep = Accounts(archive).make("reparations_officer")
    second = client.get(f"/items/{ids[1]}", headers=rep.headers).json()["redacted_text"]
    _assert_clean(second)
    first = client.get(f"/items/{ids[0]}", headers=rep.headers).json()["redacted_text"]
    person = first[first.index("[Personne"):first.index("]", first.index("[Personne")) + 1]
    assert person in second  # the same person keeps the same pseudonym across the case


def test_when_an_officer_reviews_then_decisions_are_kept_logged_and_applied(
    client: TestClient, archive: Archive, officer: Account
) -> None:
    _, (item_id,) = _case_with(client, officer, [FIRST + " Le chef du village de Kobé l'a confirmé."])
    _work(archive)
    listing = client.get(f"/items/{item_id}/redactions", headers=officer.headers).json()
    assert listing["spans"] and all(s["recognizer"] and 0 <= s["score"] <= 1 for s in listing["spans"])
    phone = next(s for s in listing["spans"] if s["label"] == "PHONE")
    r = client.put(f"/items/{item_id}/redactions/{phone['id']}", headers=officer.headers,
                   json={"status": "accepted", "reason": "numéro du témoin"})
    assert r.status_code == 200 and r.json()["reviewer"] == officer.username
    text = client.get(f"/items/{item_id}", headers=officer.headers).json()["text"]
    start = text.index("Kobé")
    added = client.post(f"/items/{item_id}/redactions", headers=officer.headers,
                        json={"start": start, "end": start + 4, "label": "LOC", "reason": "village identifiant"})
    assert added.status_code == 201, added.text
    rep = Accounts(archive).make("reparations_officer")
    assert "Kobé" not in client.get(f"/items/{item_id}", headers=rep.headers).json()["redacted_text"]
    with archive.db.session() as s:
        reviews = s.execute(select(CustodyEntry).where(CustodyEntry.action == "review")).scalars().all()
    assert len(reviews) == 2


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"start": 5, "end": 2, "label": "PERSON"}, 422),
        ({"start": 0, "end": 10**6, "label": "PERSON"}, 422),
        ({"start": 0, "end": 4, "label": "NICKNAME"}, 422),
    ],
)
def test_when_an_added_span_is_invalid_then_422(
    client: TestClient, archive: Archive, officer: Account, body: dict[str, Any], status: int
) -> None:
    _, (item_id,) = _case_with(client, officer, [FIRST])
    _work(archive)
    assert client.post(f"/items/{item_id}/redactions", headers=officer.headers, json=body).status_code == status


def test_when_a_role_without_review_permission_asks_for_spans_then_refused(
    client: TestClient, archive: Archive, officer: Account
) -> None:
    _, (item_id,) = _case_with(client, officer, [FIRST])
    _work(archive)
    rep = Accounts(archive).make("reparations_officer")
    r = client.get(f"/items/{item_id}/redactions", headers=rep.headers)
    assert r.status_code == 403
    _assert_clean(r.text)


def test_when_a_pseudonym_is_resolved_then_only_with_identity_consent_and_always_logged(
    client: TestClient, archive: Archive, officer: Account
) -> None:
    case_id, (item_id,) = _case_with(client, officer, [FIRST])
    _work(archive)
    lawyer = Accounts(archive).make("lawyer")
    admin = Accounts(archive).make("admin")
    client.post(f"/cases/{case_id}/assignments", json={"username": lawyer.username}, headers=admin.headers)
    body = {"pseudonym": "[Personne A]", "item_id": item_id, "reason": "audition du témoin"}
    r = client.post("/pseudonyms/resolve", headers=lawyer.headers, json=body)
    assert r.status_code == 200, r.text
    assert any("Aminata" in n or "Coulibaly" in n or "Boubacar" in n for n in r.json()["names"])
    client.put(f"/items/{item_id}/consent", headers=officer.headers,
               json={"scope": "identity_disclosure", "status": "withdrawn"})
    refused = client.post("/pseudonyms/resolve", headers=lawyer.headers, json=body)
    assert refused.status_code == 403
    rep = Accounts(archive).make("reparations_officer")
    assert client.post("/pseudonyms/resolve", headers=rep.headers, json=body).status_code == 403
    with archive.db.session() as s:
        logged = s.execute(select(CustodyEntry).where(CustodyEntry.action == "resolve_pseudonym")).scalars().all()
        assert len(logged) == 1 and logged[0].actor == lawyer.username
        sealed = json.loads(logged[0].details)["sealed"]["reason"]  # typed free text: sealed, never in clear
        assert "audition" not in logged[0].details + logged[0].reason
        assert sealed_matches(sealed, "audition du témoin", archive.key)
        vault_row = s.get(CaseVault, case_id)
        assert vault_row is not None
        _assert_clean(vault_row.sealed.decode("latin-1"))  # sealed at rest
