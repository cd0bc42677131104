"""Coded acts through the API and the CLI: coding, reading at each role's level, bad input, consent withdrawal and
expiry reaching acts and statistics at once, passages after a correction, suppression against differencing."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from archive.acts.models import Act
from archive.acts.schemas import ActCreate
from archive.acts.service import add_act
from archive.context import Archive
from archive.custody import SYSTEM
from archive.items.service import get_item
from archive.jobs.worker import Worker
from archive.models import CustodyEntry
from archive.pipeline.stages import handlers
from tests.archive.conftest import Account, Accounts, settings_env

TEXT = ("Je m'appelle Fatoumata Diarra. En janvier 2013, des hommes armés ont tué mon mari devant la mosquée. "
        "Ensuite ils ont emmené ma sœur vers le camp et l'ont violée.")
KILLING = "des hommes armés ont tué mon mari devant la mosquée"
NAME = "Fatoumata Diarra"
SCOPES = ("internal_case_use", "share_prosecution", "share_reparations", "aggregate_stats")


@dataclass
class Seeded:
    client: TestClient
    archive: Archive
    officer: Account
    case_id: str
    item_id: str


def _add_text(client: TestClient, officer: Account, case_id: str, text: str, scopes: tuple[str, ...]) -> str:
    r = client.post(f"/cases/{case_id}/texts", headers=officer.headers,
                    json={"text": text, "metadata": {"language": "fr", "region": "Mopti"},
                          "consent": [{"scope": s, "method": "oral"} for s in scopes]})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


@pytest.fixture
def seeded(client: TestClient, archive: Archive, accounts: Accounts) -> Iterator[Seeded]:
    officer = accounts.make("documentation_officer")
    case_id = client.post("/cases", json={"title": "Dossier Sévaré 2013"}, headers=officer.headers).json()["id"]
    item_id = _add_text(client, officer, case_id, TEXT, SCOPES)
    Worker(archive, handlers()).run_until_idle()
    yield Seeded(client, archive, officer, case_id, item_id)


def _code(s: Seeded, who: Account | None = None, **fields: object) -> dict[str, object]:
    at = TEXT.index(KILLING)
    body = {"act_type": "killing", "date": "2013-01", "region": "Mopti", "place": "Sévaré",
            "perpetrator_group": "unidentified_armed_men", "victim_sex": "m", "victim_age_band": "26-40",
            "passages": [{"start": 0, "end": at + len(KILLING)}], **fields}
    r = s.client.post(f"/items/{s.item_id}/acts", json=body, headers=(who or s.officer).headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_when_an_officer_codes_an_act_then_each_role_sees_it_at_its_own_level(
    seeded: Seeded, accounts: Accounts
) -> None:
    s = seeded
    act = _code(s)
    assert act["view"] == "full" and act["status"] == "draft" and act["place"] == "Sévaré"
    assert NAME in act["passages"][0]["text"] and KILLING in act["passages"][0]["text"]  # type: ignore[index]

    lawyer = accounts.make("lawyer")
    r = s.client.post(f"/cases/{s.case_id}/assign", json={"username": lawyer.username}, headers=s.officer.headers)
    rep = accounts.make("reparations_officer")
    for reader in (rep, lawyer):  # no identity_disclosure: the lawyer reads redacted too
        if reader is lawyer and r.status_code >= 400:
            continue
        shown = s.client.get(f"/items/{s.item_id}/acts", headers=reader.headers)
        assert shown.status_code == 200, shown.text
        (seen,) = shown.json()
        assert seen["view"] == "redacted" and "place" not in seen
        passage = seen["passages"][0]["text"]
        assert passage is not None and "tué mon mari" in passage
        for word in ("Fatoumata", "Diarra"):
            assert word not in json.dumps(shown.json(), ensure_ascii=False)
    stranger = accounts.make("lawyer")  # not assigned to the case
    assert s.client.get(f"/items/{s.item_id}/acts", headers=stranger.headers).status_code == 403
    statistician = accounts.make("statistician")
    assert s.client.get(f"/items/{s.item_id}/acts", headers=statistician.headers).status_code == 403
    assert s.client.get(f"/acts/{act['id']}", headers=statistician.headers).status_code == 403
    assert s.client.post(f"/items/{s.item_id}/acts", json={"act_type": "killing"},
                         headers=rep.headers).status_code == 403  # coding needs the full view


def test_when_a_sexual_violence_act_is_read_redacted_then_only_its_year_shows(
    seeded: Seeded, accounts: Accounts
) -> None:
    s = seeded
    at = TEXT.index("emmené ma sœur")
    _code(s, act_type="rape", date="2013-01-20", victim_sex="f", victim_age_band="12-17",
          passages=[{"start": at, "end": len(TEXT)}])
    (seen,) = s.client.get(f"/items/{s.item_id}/acts", headers=accounts.make("reparations_officer").headers).json()
    assert seen["crsv"] is True and seen["date_year"] == 2013
    assert seen["date_month"] is None and seen["victim_age_band"] is None and seen["date_precision"] == "year"


@pytest.mark.parametrize(("fields", "code", "words"), [
    ({"passages": [{"start": 10, "end": 100_000}]}, "act_passage_outside", "100000"),
    ({"date": "2099-05"}, "act_date_future", "2099-05"),
    ({"act_type": "witchcraft"}, "act_term_unknown", "witchcraft"),
    ({"perpetrator_group": "les voisins"}, "act_term_unknown", "les voisins"),
    ({"victim_age_band": "7"}, "act_term_unknown", "7"),
    ({"region": "Atlantide"}, "act_region_unknown", "Atlantide"),
])
def test_when_an_act_is_coded_with_bad_input_then_it_is_refused_in_french_and_english(
    seeded: Seeded, fields: dict[str, object], code: str, words: str
) -> None:
    s = seeded
    body = {"act_type": "killing", **fields}
    for lang in ("fr", "en"):
        r = s.client.post(f"/items/{s.item_id}/acts", json=body,
                          headers={**s.officer.headers, "Accept-Language": lang})
        assert r.status_code == 422 and r.json()["code"] == code, r.text
        assert words in r.json()["error"]
    fr = s.client.post(f"/items/{s.item_id}/acts", json=body, headers={**s.officer.headers, "Accept-Language": "fr"})
    en = s.client.post(f"/items/{s.item_id}/acts", json=body, headers=s.officer.headers)
    assert fr.json()["error"] != en.json()["error"]
    with s.archive.db.session() as session:
        assert session.execute(select(Act)).first() is None


def test_when_an_act_is_reviewed_then_a_second_officer_must_do_it_and_final_follows(
    seeded: Seeded, accounts: Accounts
) -> None:
    s = seeded
    act = _code(s)
    r = s.client.put(f"/acts/{act['id']}/status", json={"status": "reviewed"}, headers=s.officer.headers)
    assert r.status_code == 403 and r.json()["code"] == "act_second_officer"
    second = accounts.make("documentation_officer")
    s.client.post(f"/cases/{s.case_id}/assign", json={"username": second.username}, headers=s.officer.headers)
    with s.archive.db.session() as session:
        from archive.cases.service import assign_case

        assign_case(session=session, actor=SYSTEM, case_id=s.case_id, username=second.username)
    assert s.client.put(f"/acts/{act['id']}/status", json={"status": "final"},
                        headers=second.headers).json()["code"] == "act_status_order"
    r = s.client.put(f"/acts/{act['id']}/status", json={"status": "reviewed"}, headers=second.headers)
    assert r.status_code == 200 and r.json()["status"] == "reviewed" and r.json()["reviewed_by"] == second.username
    assert s.client.put(f"/acts/{act['id']}/status", json={"status": "final"},
                        headers=s.officer.headers).json()["status"] == "final"


def test_when_the_text_is_corrected_then_passages_follow_their_words_or_are_flagged(seeded: Seeded) -> None:
    s = seeded
    at = TEXT.index(KILLING)
    moved = _code(s, passages=[{"start": at, "end": at + len(KILLING)}])
    corrected = _code(s, passages=[{"start": 0, "end": at + len(KILLING)}])
    sister = TEXT.index("ma sœur")
    stale = _code(s, act_type="abduction", passages=[{"start": sister + 3, "end": sister + 7}])  # inside "sœur"
    new_text = "Témoignage relu. " + TEXT.replace("Je m'appelle", "Mon nom est").replace("ma sœur", "ma cousine")
    r = s.client.put(f"/items/{s.item_id}/transcript", json={"text": new_text, "note": "relu"},
                     headers=s.officer.headers)
    assert r.status_code == 200, r.text
    shown = {a["id"]: a for a in s.client.get(f"/items/{s.item_id}/acts", headers=s.officer.headers).json()}
    p_moved = shown[moved["id"]]["passages"][0]
    assert p_moved["status"] == "moved" and p_moved["text"] == KILLING
    assert new_text[p_moved["start"]:p_moved["end"]] == KILLING
    p_corrected = shown[corrected["id"]]["passages"][0]
    assert p_corrected["status"] == "corrected"  # the words changed at its start: flagged to be checked
    assert "Mon nom est" in p_corrected["text"] and p_corrected["text"].endswith(KILLING)
    p_stale = shown[stale["id"]]["passages"][0]
    assert p_stale["status"] == "stale" and p_stale["text"] is None  # never other words
    assert s.client.put(f"/acts/{stale['id']}/status", json={"status": "reviewed"},
                        headers=s.officer.headers).status_code in (403, 409)


def _stats(s: Seeded, who: Account, **params: str | int) -> dict[str, Any]:
    r = s.client.get("/stats", params=params, headers=who.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _many(s: Seeded, item_id: str, n: int, **fields: object) -> None:
    with s.archive.db.session() as session:
        item = get_item(session, item_id)
        for _ in range(n):
            add_act(session=session, archive=s.archive, actor=SYSTEM, item=item,
                    data=ActCreate(act_type="arbitrary_detention", region="Mopti", date="2013", **fields))


def test_when_consent_is_withdrawn_or_expires_then_statistics_drop_the_acts_at_once_and_acts_stay(
    seeded: Seeded, accounts: Accounts
) -> None:
    s = seeded
    other = _add_text(s.client, s.officer, s.case_id, "Un autre témoignage sur la détention à Sévaré.", SCOPES)
    _many(s, s.item_id, 6)
    _many(s, other, 7)
    statistician = accounts.make("statistician")
    table = _stats(s, statistician, by="violation_type")
    assert table == {"by": ["violation_type"], "min_cell": 5, "suppressed_cells": 0,
                     "cells": [{"key": {"violation_type": "arbitrary_detention"}, "count": 13}]}
    r = s.client.put(f"/items/{s.item_id}/consent", json={"scope": "aggregate_stats", "status": "withdrawn"},
                     headers=s.officer.headers)
    assert r.status_code == 200
    assert _stats(s, statistician, by="violation_type")["cells"] == [
        {"key": {"violation_type": "arbitrary_detention"}, "count": 7}]
    with s.archive.db.session() as session:  # the acts stay, for the roles the consent still allows
        assert len(session.execute(select(Act).where(Act.item_id == s.item_id)).all()) == 6
    assert len(s.client.get(f"/items/{s.item_id}/acts", headers=s.officer.headers).json()) == 6
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1.5)
    s.client.put(f"/items/{other}/consent", json={"scope": "aggregate_stats", "status": "granted",
                                                  "expires_at": soon.isoformat()}, headers=s.officer.headers)
    assert _stats(s, statistician, by="region")["cells"][0]["count"] == 7
    time.sleep(max(0.0, (soon - dt.datetime.now(dt.UTC)).total_seconds()) + 0.3)
    assert _stats(s, statistician, by="region")["cells"] == []
    s.client.put(f"/items/{other}/consent", json={"scope": "share_reparations", "status": "withdrawn"},
                 headers=s.officer.headers)
    rep = accounts.make("reparations_officer")
    assert s.client.get(f"/items/{other}/acts", headers=rep.headers).status_code == 403


def test_when_two_queries_differ_by_the_case_filter_then_no_small_count_comes_out_by_difference(
    seeded: Seeded, accounts: Accounts, client: TestClient
) -> None:
    s = seeded
    _many(s, s.item_id, 6, victim_sex="f")
    _many(s, s.item_id, 9, victim_sex="m")
    other_case = client.post("/cases", json={"title": "Dossier Bankass"}, headers=s.officer.headers).json()["id"]
    other = _add_text(client, s.officer, other_case, "Détention à Bankass.", SCOPES)
    _many(s, other, 3, victim_sex="f")
    _many(s, other, 8, victim_sex="m")
    statistician = accounts.make("statistician")
    whole = _stats(s, statistician, by="victim_sex")
    assert {c["key"]["victim_sex"]: c["count"] for c in whole["cells"]} == {"f": 9, "m": 17}
    one = _stats(s, statistician, by="victim_sex", case=s.case_id)
    counts = {c["key"]["victim_sex"]: c["count"] for c in one["cells"]}
    assert counts["f"] is None, "9 - 6 would give the other case's 3 women"
    assert counts["m"] is None, "the total would give the women's count back"
    assert one["suppressed_cells"] == 2
    r = client.get("/stats", params={"by": "victim_sex", "min_cell": 2}, headers=statistician.headers)
    assert r.status_code == 422 and r.json()["code"] == "stats_min_cell_below"
    r = client.get("/stats", params={"by": "victim_sex,tribe"}, headers={**statistician.headers,
                                                                       "Accept-Language": "fr"})
    assert r.status_code == 422 and "tribe" in r.json()["error"] and "Dimension" in r.json()["error"]
    csv = client.get("/stats.csv", params={"by": "victim_sex", "case": s.case_id}, headers=statistician.headers)
    assert csv.status_code == 200 and csv.text.splitlines() == ["victim_sex,count", "f,", "m,"]
    auditor = accounts.make("auditor")
    assert client.get("/stats", params={"by": "region"}, headers=auditor.headers).status_code == 403
    with s.archive.db.session() as session:
        logged = session.execute(select(CustodyEntry).where(CustodyEntry.action == "stats")).scalars().all()
    assert len(logged) >= 3 and all(e.actor == statistician.username for e in logged)


def test_when_the_cli_codes_an_act_and_counts_then_it_prints_the_contract(
    seeded: Seeded, accounts: Accounts
) -> None:
    import archive.cli  # noqa: F401  (registers the commands)
    from archive.cli.app import app

    s = seeded
    env = {**settings_env(s.archive.settings), "TEMOIN_LANG": "en"}
    runner = CliRunner()
    at = TEXT.index(KILLING)
    result = runner.invoke(app, ["acts", "add", s.item_id, "--type", "killing", "--date", "2013-01",
                                 "--region", "mopti", "--perpetrator-group", "unidentified_armed_men",
                                 "--victim-sex", "m", "--victim-age-band", "26-40",
                                 "--passage", f"{at}-{at + len(KILLING)}", "--as", s.officer.username, "--json"],
                           env=env)
    assert result.exit_code == 0, result.output
    act = json.loads(result.stdout)
    assert isinstance(act["id"], str) and act["region"] == "Mopti" and act["passages"][0]["text"] == KILLING
    bad = runner.invoke(app, ["acts", "add", s.item_id, "--type", "killing", "--passage", "12..40",
                              "--as", s.officer.username, "--json"], env={**env, "TEMOIN_LANG": "fr"})
    assert bad.exit_code == 2 and "12..40" in bad.output and "illisible" in bad.output
    outside = runner.invoke(app, ["acts", "add", s.item_id, "--type", "killing", "--passage", "5-99999",
                                  "--as", s.officer.username, "--json"], env=env)
    assert outside.exit_code == 2 and "outside the text" in outside.output
    statistician = accounts.make("statistician")
    _many(s, s.item_id, 5)
    result = runner.invoke(app, ["stats", "--by", "violation_type,year", "--min-cell", "5", "--as",
                                 statistician.username, "--json"], env=env)
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)
    assert set(table) == {"by", "min_cell", "cells", "suppressed_cells"}
    assert table["by"] == ["violation_type", "year"] and table["min_cell"] == 5
    cells = {(c["key"]["violation_type"], c["key"]["year"]): c["count"] for c in table["cells"]}
    # the killing (1) is suppressed, and the detentions too: the year's total (6) would give it back
    assert cells == {("arbitrary_detention", "2013"): None, ("killing", "2013"): None}
    assert table["suppressed_cells"] == 2
    below = runner.invoke(app, ["stats", "--by", "region", "--min-cell", "3", "--as", statistician.username,
                                "--json"], env=env)
    assert below.exit_code == 2 and "5" in below.output


def test_when_an_item_is_under_seal_then_statistics_never_count_its_acts(
    client: TestClient, archive: Archive, accounts: Accounts
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = client.post("/cases", json={"title": "Dossier scellé"}, headers=officer.headers).json()["id"]
    metadata = {"language": "fr", "confidentiality": "sealed", "sealed_users": [officer.username]}
    r = client.post(f"/cases/{case_id}/texts", headers=officer.headers,
                    json={"text": "Témoignage sous scellés.", "metadata": metadata,
                          "consent": [{"scope": s} for s in SCOPES]})
    assert r.status_code == 201, r.text
    sealed = r.json()["id"]
    open_item = _add_text(client, officer, case_id, "Témoignage ordinaire.", SCOPES)
    s = Seeded(client, archive, officer, case_id, open_item)
    _many(s, sealed, 8)
    _many(s, open_item, 6)
    table = _stats(s, accounts.make("statistician"), by="region")
    assert table["cells"] == [{"key": {"region": "Mopti"}, "count": 6}]
