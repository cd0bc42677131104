"""A case that learns a name sends its other items through redaction again: one index update per redo, not
two, and the last name learnt still reaches the index (issue 12: index jobs grew with the square of a case's items)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.context import Archive
from archive.jobs.queue import PENDING
from archive.jobs.worker import Worker
from archive.models import Job
from archive.pipeline.stages import handlers
from tests.archive.conftest import Accounts

#: Invented people, one per testimony of the same case: each redaction teaches the case a new name.
PEOPLE = ("Adama Sangaré", "Bintou Kanouté", "Cheick Diabaté", "Djénéba Fofana")


def _search(client: TestClient, headers: dict[str, str], q: str) -> dict[str, Any]:
    r = client.get("/search", params={"q": q}, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_when_each_item_teaches_the_case_a_name_then_each_redo_costs_one_index_update_and_no_name_is_found(
    client: TestClient, archive: Archive
) -> None:
    accounts = Accounts(archive)
    officer = accounts.make("documentation_officer")
    case_id = client.post("/cases", json={"title": "Arrestations"}, headers=officer.headers).json()["id"]
    for person in PEOPLE:
        r = client.post(f"/cases/{case_id}/texts", headers=officer.headers, json={
            "text": f"Mon voisin {person} a été arrêté par des soldats près du marché de Kayes en 2012.",
            "metadata": {"language": "fr"},
            "consent": [{"scope": s} for s in ("internal_case_use", "share_reparations", "share_prosecution")]})
        assert r.status_code == 201, r.text
    Worker(archive, handlers()).run_until_idle()
    with archive.db.reader() as session:
        jobs = session.execute(select(Job.item_id, Job.stage, Job.status)).all()
    assert not [j for j in jobs if j.status in PENDING]
    redacts = Counter(item for item, stage, _ in jobs if stage == "redact")
    indexes = Counter(item for item, stage, _ in jobs if stage == "index")
    assert sum(redacts.values()) > len(PEOPLE)  # names were learnt: items were redacted again
    # one index update per redaction (plus the one at intake); was two per redo, and one more per name learnt
    for item, redone in redacts.items():
        assert indexes[item] <= redone + 1, (item, indexes[item], redone)

    rep = accounts.make("reparations_officer")
    found = _search(client, rep.headers, "soldats")
    assert found["total"] == len(PEOPLE)
    shown = json.dumps(found, ensure_ascii=False)
    for person in PEOPLE:
        first, last = person.split()
        assert first not in shown and last not in shown, person
        assert _search(client, rep.headers, last)["total"] == 0, person
