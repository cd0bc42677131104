"""The claims register through its doors: the API (lifecycle, duplicates queue, identity, board bundle verified),
the command line (lifecycle, French messages, exit codes); the web pages are in tests/web/test_claims_page.py."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.exports.verify import verify_bundle
from archive.items.schemas import Intake
from archive.settings import Settings
from tests.archive.conftest import Accounts, settings_env
from tests.archive.exports_seed import add_text, recipient, work

TEMOIN = [sys.executable, "-m", "archive"]
TEXT = "Des hommes armés sont entrés dans la cour en février 2013 et ont frappé les femmes."
AWA = {"given_name": "Awa", "family_name": "Kanouté", "birth_date": "1984-03-12", "birth_place": "Ségou",
       "father_name": "Moussa Kanouté", "sex": "F"}
AWA_AGAIN = {**AWA, "family_name": "Kanoute", "birth_date": "vers 1984", "birth_place": "Segou",
             "father_name": "Moussa Kanoute"}


def _seed(archive: Archive, tmp_path: Path) -> tuple[str, str]:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier Ségou 2013").id
    item = add_text(archive, SYSTEM, case_id, TEXT, tmp_path,
                    intake=Intake(language="fr", region="Ségou", violation_types=["sexual_assault"],
                                  incident_date=dt.date(2013, 2, 1)))
    return case_id, item


def test_when_officer_and_board_work_a_claim_through_the_api_then_it_is_decided_and_bundled(
        archive: Archive, client: TestClient, accounts: Accounts, tmp_path: Path) -> None:
    _, item = _seed(archive, tmp_path)
    work(archive)  # redacted text ready: the bundle needs it
    officer, board, lawyer = (accounts.make(r) for r in ("reparations_officer", "reparations_board", "lawyer"))
    assert [p["key"] for p in client.get("/programmes", headers=officer.headers).json()] == ["vbg", "disparitions"]
    r = client.post("/claims", headers=officer.headers, json={
        "programme": "vbg", "claimant": AWA, "citations": [{"item": item, "note": "§2"}]})
    assert r.status_code == 201, r.text
    claim_id = r.json()["id"]
    assert client.get(f"/claims/{claim_id}", headers=lawyer.headers).status_code == 403
    linked = client.post(f"/claims/{claim_id}/links", headers=officer.headers, json={
        "relation": "household", "fate": "alive", "person": {"given_name": "Moussa", "family_name": "Kanouté"}})
    assert linked.status_code == 201, linked.text
    assert [(k["relation"], k["fate"]) for k in linked.json()["links"]] == [("household", "alive")]
    assert "Moussa" not in linked.text
    for to in ("admissible", "under_assessment"):
        assert client.post(f"/claims/{claim_id}/transitions", headers=officer.headers, json={"to": to}).status_code \
            == 200
    refused = client.post(f"/claims/{claim_id}/transitions", headers={**board.headers, "Accept-Language": "fr"},
                          json={"to": "decided", "outcome": "granted_full", "reason": "Actes du volet VBG."})
    assert refused.status_code == 422 and "citer au moins une preuve" in refused.json()["error"]
    decided = client.post(f"/claims/{claim_id}/transitions", headers=board.headers, json={
        "to": "decided", "outcome": "granted_full", "reason": "Actes du volet VBG, période couverte.",
        "cite": [item]})
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["status"] == "decided" and body["eligible"] and body["citations"][0]["item"] == item
    r = client.post(f"/claims/{claim_id}/bundle", headers=board.headers)
    assert r.status_code == 422  # every bundle names its recipient and purpose
    r = client.post(f"/claims/{claim_id}/bundle", headers=board.headers,
                    params={"to": recipient(archive), "purpose": "Décision du conseil des réparations"})
    assert r.status_code == 200, r.text
    path = tmp_path / "board.zip"
    path.write_bytes(r.content)
    assert verify_bundle(path).ok
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        claim_file = json.loads(zf.read("claim.json"))
        manifest = json.loads(zf.read("manifest.json"))
    assert claim_file["outcome"] == "granted_full" and claim_file["programme"]["rules_version"].startswith("2026-1")
    assert claim_file["citations"][0]["item"] == item and "claim.json" in {f["name"] for f in manifest["files"]}
    assert "Kanout" not in json.dumps(claim_file)


def test_when_a_duplicate_is_confirmed_and_undone_through_the_api_then_the_queue_follows(
        archive: Archive, client: TestClient, accounts: Accounts, tmp_path: Path) -> None:
    _, item = _seed(archive, tmp_path)
    officer, board = accounts.make("reparations_officer"), accounts.make("reparations_board")
    first = client.post("/claims", headers=officer.headers, json={
        "programme": "vbg", "claimant": AWA, "identity_consent": True, "citations": [{"item": item}]}).json()
    second = client.post("/claims", headers=officer.headers, json={
        "programme": "vbg", "claimant": AWA_AGAIN, "citations": [{"item": item}]}).json()
    # Registration commits at once; the duplicate check is a job that ran after the commit.
    assert first["duplicate_check"] and second["duplicate_check"] not in (None, first["duplicate_check"])
    (pair,) = client.get("/claims/duplicates", headers=board.headers).json()
    assert "Awa" not in json.dumps(pair) and pair["fields"]["family_name"] == "same"  # folded: Kanouté = Kanoute
    r = client.post(f"/claims/duplicates/{pair['id']}", headers=officer.headers, json={"decision": "same"})
    assert r.json()["moved_claims"] == [second["id"]]
    assert client.get("/claims/duplicates", headers=officer.headers).json() == []
    undone = client.post(f"/claims/duplicates/{pair['id']}/undo", headers=officer.headers,
                         json={"reason": "Deux personnes."})
    assert undone.status_code == 200 and undone.json()["flagged_claims"] == []
    again = client.post(f"/claims/duplicates/{pair['id']}/undo", headers=officer.headers, json={"reason": "x"})
    assert again.status_code == 409
    claimant = client.get(f"/claims/{first['id']}", headers=board.headers).json()["claimant"]
    assert client.post(f"/claimants/{claimant}/identity", headers=officer.headers,
                       json={"reason": "paiement"}).status_code == 403
    shown = client.post(f"/claimants/{claimant}/identity", headers=board.headers, json={"reason": "paiement"})
    assert shown.json()["family_name"] == "Kanouté"


def _temoin(settings: Settings, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**settings_env(settings), "TEMOIN_LANG": lang}
    return subprocess.run([*TEMOIN, *args], capture_output=True, text=True, env=env, timeout=300)


def test_when_the_cli_works_a_claim_then_each_step_prints_and_bad_input_is_explained(
        archive: Archive, settings: Settings, accounts: Accounts, tmp_path: Path) -> None:
    _, item = _seed(archive, tmp_path)
    officer, board = accounts.make("reparations_officer"), accounts.make("reparations_board")
    bad = _temoin(settings, "claims", "add", "--programme", "vbg", "--given-name", "Awa", "--birth-date",
                  "12/03/1984", "--as", officer.username, lang="fr")
    assert bad.returncode == 2 and "AAAA-MM-JJ" in bad.stderr
    added = _temoin(settings, "claims", "add", "--programme", "vbg", "--given-name", "Awa", "--family-name",
                    "Kanouté", "--birth-date", "vers 1984", "--cite", f"{item}:§2", "--as", officer.username,
                    "--json")
    assert added.returncode == 0, added.stderr
    claim_id = json.loads(added.stdout)["id"]
    assert json.loads(added.stdout)["duplicate_check"] == "done"  # ran once the registration committed
    linked = _temoin(settings, "claims", "link", claim_id, "--relation", "household", "--fate", "alive",
                     "--given-name", "Moussa", "--family-name", "Kanouté", "--as", officer.username, "--json")
    assert linked.returncode == 0, linked.stderr
    assert json.loads(linked.stdout)["relation"] == "household"
    unknown = _temoin(settings, "claims", "link", claim_id, "--relation", "cousin", "--fate", "alive",
                      "--given-name", "Issa", "--as", officer.username, lang="fr")
    assert unknown.returncode == 2 and "cousin" in unknown.stderr and "spouse" in unknown.stderr
    for command in ("admit", "assess"):
        assert _temoin(settings, "claims", command, claim_id, "--as", officer.username).returncode == 0
    early = _temoin(settings, "claims", "decide", claim_id, "--outcome", "granted_full", "--reason", "Motifs.",
                    "--cite", item, "--as", officer.username)
    assert early.returncode == 3 and "claims.decide" in early.stderr
    decided = _temoin(settings, "claims", "decide", claim_id, "--outcome", "granted_part", "--reason",
                      "Actes couverts.", "--cite", item, "--as", board.username, "--json")
    assert decided.returncode == 0, decided.stderr
    assert json.loads(decided.stdout)["outcome"] == "granted_part"
    appeal = _temoin(settings, "claims", "appeal", claim_id, "--as", officer.username)
    assert appeal.returncode == 2 and "written reasons" in appeal.stderr
    assert _temoin(settings, "claims", "appeal", claim_id, "--reason", "Soins manquants.", "--as",
                   officer.username).returncode == 0
    shown = json.loads(_temoin(settings, "claims", "show", claim_id, "--as", board.username, "--json").stdout)
    assert [e["to_status"] for e in shown["history"]][-2:] == ["decided", "appealed"]
    listed = _temoin(settings, "claims", "list", "--as", officer.username)
    assert claim_id in listed.stdout and "appealed" in listed.stdout
