"""The disclosure register through every door: API, web pages and the command line (its contract exactly),
with the bad input the issue names (unknown recipient, a lift the consent does not allow, a tampered extract)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.cases.service import assign_case, create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.items.schemas import Intake
from archive.models import RedactionSpan
from archive.settings import Settings
from tests.archive.conftest import PASSWORD, Accounts, settings_env
from tests.archive.exports_seed import ALL_SCOPES, FIRST, SECOND, add_text, work

TEMOIN = [sys.executable, "-m", "archive"]
NO_IDENTITY = tuple(s for s in ALL_SCOPES if s != "identity_disclosure")
CONTRACT_KEYS = {"id", "recipient", "purpose", "profile", "bundle_sha256", "evidence_numbers", "created_at", "by"}


def _seed(archive: Archive, root: Path, lawyer: str | None = None) -> tuple[str, str, str]:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier Tombouctou 2012").id
        if lawyer:
            assign_case(session=session, actor=SYSTEM, case_id=case_id, username=lawyer)
    intake = Intake(language="fr", region="Ségou")
    first = add_text(archive, SYSTEM, case_id, FIRST, root, intake=intake)
    second = add_text(archive, SYSTEM, case_id, SECOND, root, intake=intake, scopes=NO_IDENTITY)
    work(archive)
    return case_id, first, second


def _person_span(archive: Archive, item_id: str) -> str:
    with archive.db.session() as session:
        return session.execute(select(RedactionSpan.id).where(RedactionSpan.item_id == item_id,
                                                              RedactionSpan.label == "PERSON")).scalars().first()


def test_when_a_lawyer_discloses_through_the_api_then_the_register_and_the_bundle_agree(
    archive: Archive, client: TestClient, accounts: Accounts, tmp_path: Path
) -> None:
    lawyer = accounts.make("lawyer")
    case_id, first, second = _seed(archive, tmp_path, lawyer.username)
    r = client.post("/recipients", json={"name": "Greffe CPI", "kind": "court_registry"}, headers=lawyer.headers)
    assert r.status_code == 201, r.text
    fr = {**lawyer.headers, "Accept-Language": "fr"}
    unknown = client.post(f"/cases/{case_id}/disclosures", headers=fr,
                          json={"profile": "prosecution", "recipient": "Greffe inconnu", "purpose": "x"})
    assert unknown.status_code == 404 and "Greffe inconnu" in unknown.json()["error"]
    assert "Destinataire inconnu" in unknown.json()["error"]
    r = client.post(f"/cases/{case_id}/disclosures", headers=lawyer.headers,
                    json={"profile": "prosecution", "recipient": "Greffe CPI", "purpose": "Procès de X"})
    assert r.status_code == 200, r.text
    disclosure_id = r.headers["X-Disclosure-Id"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    rows = client.get("/disclosures", params={"recipient": "Greffe CPI"}, headers=lawyer.headers).json()
    assert [set(row) for row in rows] == [CONTRACT_KEYS]
    row = rows[0]
    assert row["id"] == disclosure_id and row["by"] == lawyer.username and row["purpose"] == "Procès de X"
    import hashlib

    assert row["bundle_sha256"] == hashlib.sha256(r.content).hexdigest()
    assert row["evidence_numbers"] == [i["evidence_number"] for i in manifest["items"]]
    stranger = accounts.make("lawyer")  # not assigned to the case: the register shows them nothing of it
    assert client.get("/disclosures", headers=stranger.headers).json() == []
    assert client.get(f"/disclosures/{disclosure_id}", headers=stranger.headers).status_code == 404
    item = client.get(f"/items/{first}", headers=lawyer.headers).json()
    assert item["evidence_number"] in row["evidence_numbers"]
    # Lifting a name the survivor of the second item did not consent to reveal: refused, named.
    span = _person_span(archive, second)
    refused = client.post(f"/disclosures/{disclosure_id}/lift", headers=fr,
                          json={"lifts": [{"span": span, "reason_code": "victim_privacy"}]})
    assert refused.status_code == 403 and span in refused.json()["error"]
    # The first survivor consented: allowed, recorded with its reason, referring to the earlier disclosure.
    span = _person_span(archive, first)
    lifted = client.post(f"/disclosures/{disclosure_id}/lift", headers=lawyer.headers,
                         json={"lifts": [{"span": span, "reason_code": "witness_safety", "reason": "mesures levées"}]})
    assert lifted.status_code == 200, lifted.text
    detail = client.get(f"/disclosures/{lifted.headers['X-Disclosure-Id']}", headers=lawyer.headers).json()
    assert detail["previous"] == disclosure_id
    assert [(x["span"], x["reason_code"]) for x in detail["lifted"]] == [(span, "witness_safety")]
    extract = client.get("/disclosure-register", params={"case": case_id}, headers=lawyer.headers)
    from archive.disclosures.register import verify_extract

    assert verify_extract(extract.content).ok
    reparations = accounts.make("reparations_officer")
    assert client.get("/lift-reasons", headers=reparations.headers).status_code == 200
    assert client.put("/lift-reasons/court_order", headers=lawyer.headers,
                      json={"label_fr": "Ordonnance", "label_en": "Court order"}).status_code == 403


def _run(settings: Settings, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*TEMOIN, *args], capture_output=True, text=True, env=settings_env(settings), timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_when_the_command_line_discloses_then_its_contract_holds_exactly(
    archive: Archive, settings: Settings, tmp_path: Path
) -> None:
    case_id, first, _ = _seed(archive, tmp_path)
    _run(settings, "disclosures", "recipients", "add", "Équipe de défense B", "--kind", "defence_team")
    missing = _run(settings, "export", case_id, "--profile", "reparations", "--to", "Personne", "--purpose", "x",
                   "-o", str(tmp_path / "no.zip"), check=False)
    assert missing.returncode == 4 and "Personne" in missing.stderr and "Unknown recipient" in missing.stderr
    assert not (tmp_path / "no.zip").exists()
    out = _run(settings, "export", case_id, "--profile", "reparations", "--to", "Équipe de défense B",
               "--purpose", "Communication 1", "-o", str(tmp_path / "b.zip"), "--json")
    exported = json.loads(out.stdout)
    rows: list[dict[str, Any]] = json.loads(_run(settings, "disclosures", "list", "--recipient",
                                                 "Équipe de défense B", "--case", case_id, "--json").stdout)
    assert [set(r) for r in rows] == [CONTRACT_KEYS]
    assert rows[0]["bundle_sha256"] == exported["sha256"] and rows[0]["recipient"] == "Équipe de défense B"
    numbers = rows[0]["evidence_numbers"]
    assert isinstance(numbers, list) and numbers and all(isinstance(n, str) for n in numbers)
    shown = json.loads(_run(settings, "items", "show", first, "--json").stdout)
    assert shown["evidence_number"] in rows[0]["evidence_numbers"]
    # The register extract verifies, names a tampered row, and a bundle it does not list.
    _run(settings, "disclosures", "extract", "-o", str(tmp_path / "register.json"), "--case", case_id)
    ok = _run(settings, "disclosures", "verify", str(tmp_path / "register.json"), "--bundle", str(tmp_path / "b.zip"))
    assert "1" in ok.stdout
    document = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    document["body"]["disclosures"][0]["purpose"] = "Autre chose"
    (tmp_path / "tampered.json").write_text(json.dumps(document), encoding="utf-8")
    bad = _run(settings, "disclosures", "verify", str(tmp_path / "tampered.json"), check=False)
    assert bad.returncode == 1 and rows[0]["id"] in bad.stderr
    purpose_alone = _run(settings, "export", case_id, "--profile", "reparations", "--purpose", "x",
                         "-o", str(tmp_path / "p.zip"), check=False)
    assert purpose_alone.returncode == 2 and "--to" in purpose_alone.stderr


def test_when_an_export_names_no_recipient_or_no_purpose_then_it_is_refused_saying_what_to_give(
    archive: Archive, settings: Settings, tmp_path: Path
) -> None:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier sans destinataire").id
    _run(settings, "disclosures", "recipients", "add", "Greffe CPI", "--kind", "court_registry")
    dst = tmp_path / "none.zip"
    cases = {
        "no recipient": ["--purpose", "Procès X"],
        "no purpose": ["--to", "Greffe CPI"],
        "blank purpose": ["--to", "Greffe CPI", "--purpose", "  "],
        "neither": [],
    }
    for lang, words in (("fr", ("destinataire", "objet")), ("en", ("recipient", "purpose"))):
        env = {**settings_env(settings), "TEMOIN_LANG": lang}
        for name, options in cases.items():
            proc = subprocess.run([*TEMOIN, "export", case_id, "--profile", "reparations", *options, "-o", str(dst)],
                                  capture_output=True, text=True, env=env, timeout=600, check=False)
            assert proc.returncode == 2, (name, proc.stderr)
            flag = "--purpose" if name.endswith("purpose") else "--to"
            assert flag in proc.stderr and any(w in proc.stderr for w in words), (lang, name, proc.stderr)
            assert not dst.exists()
        unknown = subprocess.run([*TEMOIN, "export", case_id, "--profile", "reparations", "--to", "Greffe inconnu",
                                  "--purpose", "x", "-o", str(dst)], capture_output=True, text=True, env=env,
                                 timeout=600, check=False)
        assert unknown.returncode == 4 and "Greffe inconnu" in unknown.stderr
        assert "temoin disclosures recipients add" in unknown.stderr and not dst.exists()
    with archive.db.session() as session:
        from archive.disclosures.models import Disclosure
        from archive.models import Bundle

        assert session.execute(select(Disclosure)).first() is None and session.execute(select(Bundle)).first() is None


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found
    return found.group(1)


def test_when_an_officer_discloses_from_the_web_page_then_the_recipient_page_lists_it(
    archive: Archive, client: TestClient, accounts: Accounts, tmp_path: Path
) -> None:
    officer = accounts.make("documentation_officer")
    case_id, _, _ = _seed(archive, tmp_path)
    with archive.db.session() as session:
        assign_case(session=session, actor=SYSTEM, case_id=case_id, username=officer.username)
    login = client.get("/ui/login").text
    client.post("/ui/login", data={"username": officer.username, "password": PASSWORD, "csrf": _csrf(login)})
    home = client.get("/ui/").text
    client.post("/ui/warning", data={"csrf": _csrf(home), "next": "/ui/"})
    page = client.get("/ui/disclosures")
    assert page.status_code == 200
    client.post("/ui/disclosures/recipients", data={"csrf": _csrf(page.text), "name": "Commission réparations",
                                                    "kind": "reparations_board"})
    page = client.get("/ui/disclosures", headers={"Accept-Language": "fr"}).text
    recipient_id = re.search(r'<option value="([^"]+)">Commission réparations</option>', page)
    assert recipient_id
    r = client.post("/ui/disclosures", data={"csrf": _csrf(page), "case_id": case_id, "profile": "reparations",
                                             "recipient": recipient_id.group(1), "purpose": "Dossier 7"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    listed = client.get(f"/ui/disclosures/recipients/{recipient_id.group(1)}").text
    assert "Dossier 7" in listed and "TEM-" in listed
    unknown = client.post("/ui/disclosures", data={"csrf": _csrf(page), "case_id": case_id, "profile": "reparations",
                                                   "recipient": "nobody", "purpose": "x"},
                          headers={"Accept-Language": "fr"})
    assert unknown.status_code == 404 and "nobody" in unknown.text


def test_when_the_command_line_lifts_a_redaction_then_the_next_bundle_shows_it_and_refusals_are_named(
    archive: Archive, settings: Settings, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from archive.cli import app
    from archive.disclosures.service import get_disclosure

    case_id, first, second = _seed(archive, tmp_path)
    runner = CliRunner()
    env = settings_env(settings)

    def run(*args: str, lang: str = "en") -> Any:
        return runner.invoke(app, list(args), env={**env, "TEMOIN_LANG": lang})

    assert run("disclosures", "recipients", "add", "Greffe CPI", "--kind", "court_registry").exit_code == 0
    made = run("export", case_id, "--profile", "reparations", "--to", "Greffe CPI", "--purpose", "Procès X",
               "-o", str(tmp_path / "d1.zip"), "--json")
    assert made.exit_code == 0, made.output
    disclosure_id = json.loads(made.stdout)["disclosure_id"]
    with archive.db.session() as session:
        spans = session.execute(select(RedactionSpan).where(RedactionSpan.item_id == first,
                                                            RedactionSpan.label == "LOC")).scalars().all()
        from archive.items.artefacts import item_text
        from archive.models import Item

        text = item_text(session, archive.store, session.get_one(Item, first))
        assert text is not None
        village = next(s.id for s in spans if "Ngolobougou" in text.text[s.start:s.end])
    lifted = run("disclosures", "lift", disclosure_id, "--span", f"{village}=ongoing_investigation:lieu des faits",
                 "-o", str(tmp_path / "d2.zip"), "--json")
    assert lifted.exit_code == 0, lifted.output
    step = json.loads(lifted.stdout)
    with zipfile.ZipFile(tmp_path / "d2.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        texts = " ".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith("text.txt"))
    assert "Ngolobougou" in texts and "Aminata" not in texts
    assert manifest["disclosure"]["previous"] == disclosure_id
    assert [(x["span"], x["reason_code"], x["reason"]) for x in manifest["disclosure"]["lifted"]] == [
        (village, "ongoing_investigation", "lieu des faits")]
    with archive.db.session() as session:  # the same register the other doors read
        assert get_disclosure(session, step["disclosure_id"]).previous_id == disclosure_id
    listed = json.loads(run("disclosures", "list", "--case", case_id, "--json").stdout)
    assert {r["id"] for r in listed} == {disclosure_id, step["disclosure_id"]}
    # Refusals, named, in French and English, and no file written.
    dst = tmp_path / "refused.zip"
    name = _person_span(archive, second)  # this survivor did not consent to identity disclosure
    for lang, word in (("fr", "refusée"), ("en", "refused")):
        refused = run("disclosures", "lift", disclosure_id, "--span", f"{name}=victim_privacy", "-o", str(dst),
                      lang=lang)
        assert refused.exit_code == 3 and name in refused.output and word in refused.output, refused.output
    syntax = run("disclosures", "lift", disclosure_id, "--span", village, "-o", str(dst))
    assert syntax.exit_code == 2 and village in syntax.output
    reason = run("disclosures", "lift", disclosure_id, "--span", f"{village}=nonsense", "-o", str(dst))
    assert reason.exit_code == 2 and "nonsense" in reason.output
    other = run("disclosures", "lift", disclosure_id, "--span", f"{village}=other", "-o", str(dst))
    assert other.exit_code == 2 and village in other.output
    assert not dst.exists()


def test_when_two_lawyers_disclose_the_same_case_while_testimonies_arrive_then_all_is_recorded_and_numbers_unique(
    archive: Archive, accounts: Accounts, tmp_path: Path
) -> None:
    import threading

    from archive.disclosures import evidence
    from archive.disclosures.service import add_recipient, disclose, list_disclosures

    lawyers = [accounts.make("lawyer"), accounts.make("lawyer")]
    case_id, first, second = _seed(archive, tmp_path)
    with archive.db.session() as session:
        for lawyer in lawyers:
            assign_case(session=session, actor=SYSTEM, case_id=case_id, username=lawyer.username)
        add_recipient(session, actor=SYSTEM, name="Greffe CPI", kind="court_registry")
        add_recipient(session, actor=SYSTEM, name="Équipe de défense C", kind="defence_team")
    results: dict[str, Any] = {}
    errors: list[BaseException] = []
    arrived: list[str] = []

    def disclosing(n: int, recipient: str) -> None:
        try:
            results[lawyers[n].username] = disclose(
                archive, actor=lawyers[n].actor, case_id=case_id, profile="prosecution", recipient=recipient,
                purpose=f"Communication {n}", dst=tmp_path / f"lawyer-{n}.zip")
        except BaseException as exc:  # reported below
            errors.append(exc)

    def arriving(n: int) -> None:
        try:
            arrived.append(add_text(archive, SYSTEM, case_id, f"Témoignage arrivé pendant la communication {n}.",
                                    tmp_path))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=disclosing, args=(0, "Greffe CPI")),
               threading.Thread(target=disclosing, args=(1, "Équipe de défense C")),
               threading.Thread(target=arriving, args=(0,)), threading.Thread(target=arriving, args=(1,))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 2 and len(arrived) == 2
    with archive.db.session() as session:
        rows = {r.id: r for r in list_disclosures(session, actor=SYSTEM, case_id=case_id)}
        numbers = evidence.numbers_for(session, [first, second, *arrived])
    mine = {name: rows[r.disclosure_id] for name, r in results.items()}
    assert {name: row.by for name, row in mine.items()} == {name: name for name in mine}  # who authorised each
    assert len({r.export.bundle_id for r in results.values()}) == 2
    assert len({row.bundle_sha256 for row in mine.values()}) == 2
    assert len(numbers) == 4 and len(set(numbers.values())) == 4  # no number given twice under contention
    for r in results.values():  # each bundle lists the numbers of the items it carries, as the register holds
        assert set(r.evidence_numbers) <= set(numbers.values()) and {numbers[first]} <= set(r.evidence_numbers)


def test_when_a_lawyer_lifts_a_redaction_from_the_web_page_then_the_register_records_it_and_refusals_are_shown(
    archive: Archive, client: TestClient, accounts: Accounts, tmp_path: Path
) -> None:
    from archive.disclosures.service import add_recipient, disclose

    lawyer = accounts.make("lawyer")
    case_id, first, second = _seed(archive, tmp_path, lawyer.username)
    with archive.db.session() as session:
        add_recipient(session, actor=SYSTEM, name="Greffe CPI", kind="court_registry")
    made = disclose(archive, actor=lawyer.actor, case_id=case_id, profile="prosecution", recipient="Greffe CPI",
                    purpose="Procès X", dst=tmp_path / "d1.zip")
    # The API lists what a next step may lift: the words only with the full view, and what consent allows.
    listed = client.get(f"/disclosures/{made.disclosure_id}/spans", headers=lawyer.headers)
    assert listed.status_code == 200, listed.text
    spans = listed.json()
    person = next(s for s in spans if s["item"] == first and s["label"] == "PERSON")
    refused_name = next(s for s in spans if s["item"] == second and s["label"] == "PERSON")
    assert person["consent_allows"] and not refused_name["consent_allows"]
    assert {s["evidence_number"] for s in spans} <= set(made.evidence_numbers) and not any(s["lifted"] for s in spans)
    stranger = accounts.make("lawyer")  # not assigned to the case
    assert client.get(f"/disclosures/{made.disclosure_id}/spans", headers=stranger.headers).status_code == 404
    officer = accounts.make("documentation_officer")  # no identity.resolve
    assert client.get(f"/disclosures/{made.disclosure_id}/spans", headers=officer.headers).status_code == 403

    login = client.get("/ui/login").text
    client.post("/ui/login", data={"username": lawyer.username, "password": PASSWORD, "csrf": _csrf(login)})
    client.post("/ui/warning", data={"csrf": _csrf(client.get("/ui/").text), "next": "/ui/"})
    register = client.get("/ui/disclosures", headers={"Accept-Language": "fr"}).text
    assert f'href="/ui/disclosures/{made.disclosure_id}/lift"' in register
    page = client.get(f"/ui/disclosures/{made.disclosure_id}/lift", headers={"Accept-Language": "fr"}).text
    assert f'value="{person["span"]}"' in page and "exige le consentement" in page
    refused = client.post(f"/ui/disclosures/{made.disclosure_id}/lift", headers={"Accept-Language": "fr"},
                          data={"csrf": _csrf(page), "span": refused_name["span"],
                                f"reason-{refused_name['span']}": "victim_privacy"})
    assert refused.status_code == 403 and refused_name["span"] in refused.text and "Levée refusée" in refused.text
    r = client.post(f"/ui/disclosures/{made.disclosure_id}/lift", follow_redirects=False,
                    data={"csrf": _csrf(page), "span": person["span"], f"reason-{person['span']}": "witness_safety",
                          f"text-{person['span']}": "mesures de protection levées"})
    assert r.status_code == 303, r.text
    step = client.get("/disclosures", params={"case": case_id}, headers=lawyer.headers).json()
    assert len(step) == 2
    newest = next(row for row in step if row["id"] != made.disclosure_id)
    detail = client.get(f"/disclosures/{newest['id']}", headers=lawyer.headers).json()
    assert detail["previous"] == made.disclosure_id
    assert [(x["span"], x["reason_code"], x["reason"]) for x in detail["lifted"]] == [
        (person["span"], "witness_safety", "mesures de protection levées")]
    again = client.get(f"/disclosures/{newest['id']}/spans", headers=lawyer.headers).json()
    assert [s["span"] for s in again if s["lifted"]] == [person["span"]]  # carried to the next step
