"""Persons (pseudonymous) and incidents of coded acts through the API and the CLI: a pseudonym redaction found
becomes a person in one call, the name never leaves the vault, roles per act, a person of another case or an
unknown pseudonym refused in French and English, incidents group acts of their own case only."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from archive.acts.models import ActPerson
from archive.jobs.worker import Worker
from archive.models import CustodyEntry
from archive.pipeline.stages import handlers
from tests.archive.conftest import Accounts, settings_env
from tests.archive.test_acts import NAME, SCOPES, Seeded, _add_text, _code
from tests.archive.test_acts import seeded as seeded


def _person(s: Seeded, pseudonym: str, **fields: object) -> dict[str, object]:
    r = s.client.post(f"/cases/{s.case_id}/persons", json={"pseudonym": pseudonym, **fields},
                      headers=s.officer.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_when_a_pseudonym_becomes_a_person_then_no_name_is_stored_and_roles_show_on_the_act(
    seeded: Seeded,
) -> None:
    s = seeded
    found = s.client.get(f"/cases/{s.case_id}/pseudonyms", headers=s.officer.headers)
    assert found.status_code == 200, found.text
    assert "[Personne A]" in found.json() and all(NAME not in p for p in found.json())
    person = _person(s, "[Person A]", sex="f", age_band="26-40", origin_region="mopti")  # English form accepted
    assert person["pseudonym"] == "[Personne A]" and person["origin_region"] == "Mopti"
    act = _code(s, victim_sex="unknown", victim_age_band=None)
    r = s.client.post(f"/acts/{act['id']}/persons", json={"person": person["id"], "role": "victim"},
                      headers=s.officer.headers)
    assert r.status_code == 200, r.text
    shown = r.json()
    assert shown["persons"] == [{"person": person["id"], "pseudonym": "[Personne A]", "role": "victim"}]
    assert shown["victim_sex"] == "f" and shown["victim_age_band"] == "26-40"  # the act follows its victim
    with s.archive.db.session() as session:
        rows = session.execute(select(ActPerson)).scalars().all()
        assert len(rows) == 1 and all(NAME.split()[0] not in str(v) for v in vars(rows[0]).values())
        logged = session.execute(select(CustodyEntry).where(CustodyEntry.action == "act_person")).scalars().all()
        assert len(logged) == 2 and all(NAME.split()[0] not in json.dumps(e.details) for e in logged)
    again = s.client.post(f"/cases/{s.case_id}/persons", json={"pseudonym": "[Personne A]"},
                          headers=s.officer.headers)
    assert again.status_code == 409, again.text


def test_when_a_pseudonym_is_unknown_or_the_person_is_of_another_case_then_it_is_refused(
    seeded: Seeded,
) -> None:
    s = seeded
    for lang, words in (("fr", "n'est pas un pseudonyme"), ("en", "is not a person pseudonym")):
        r = s.client.post(f"/cases/{s.case_id}/persons", json={"pseudonym": "[Personne Z]"},
                          headers={**s.officer.headers, "Accept-Language": lang})
        assert r.status_code == 422 and r.json()["code"] == "person_pseudonym_unknown", r.text
        assert words in r.json()["error"] and "[Personne Z]" in r.json()["error"]
    bad_year = s.client.post(f"/cases/{s.case_id}/persons", json={"pseudonym": "[Personne A]", "birth_year": 3000},
                             headers=s.officer.headers)
    assert bad_year.status_code == 422 and bad_year.json()["code"] == "person_birth_year"
    other_case = s.client.post("/cases", json={"title": "Dossier Gao 2012"}, headers=s.officer.headers).json()["id"]
    _add_text(s.client, s.officer, other_case, "Moussa Keïta a été arrêté à Gao en 2012.", SCOPES)
    Worker(s.archive, handlers()).run_until_idle()
    stranger = s.client.post(f"/cases/{other_case}/persons", json={"pseudonym": "[Personne A]"},
                             headers=s.officer.headers)
    assert stranger.status_code == 201, stranger.text
    act = _code(s)
    r = s.client.post(f"/acts/{act['id']}/persons", json={"person": stranger.json()["id"], "role": "victim"},
                      headers=s.officer.headers)
    assert r.status_code == 422 and r.json()["code"] == "person_other_case", r.text
    role = s.client.post(f"/acts/{act['id']}/persons", json={"person": _person(s, "[Personne A]")["id"],
                                                              "role": "bystander"}, headers=s.officer.headers)
    assert role.status_code == 422 and "bystander" in role.json()["error"]
    incident = s.client.post(f"/cases/{other_case}/incidents", json={"label": "Arrestations à Gao"},
                             headers=s.officer.headers).json()
    grouped = s.client.put(f"/acts/{act['id']}/incident", json={"incident": incident["id"]},
                           headers=s.officer.headers)
    assert grouped.status_code == 422 and grouped.json()["code"] == "incident_other_case"


def test_when_an_incident_groups_acts_then_reads_name_it_and_the_cli_does_the_same(
    seeded: Seeded, accounts: Accounts
) -> None:
    import archive.cli  # noqa: F401  (registers the commands)
    from archive.cli.app import app

    s = seeded
    first, second = _code(s), _code(s, act_type="abduction")
    r = s.client.post(f"/cases/{s.case_id}/incidents", json={"label": "Attaque de la mosquée",
                                                              "date": "2013-01", "region": "Mopti"},
                      headers=s.officer.headers)
    assert r.status_code == 201, r.text
    incident = r.json()
    assert incident["date_year"] == 2013 and incident["region"] == "Mopti"
    grouped = s.client.put(f"/acts/{first['id']}/incident", json={"incident": incident["id"]},
                           headers=s.officer.headers)
    assert grouped.status_code == 200 and grouped.json()["incident"] == incident["id"]
    listed = s.client.get(f"/cases/{s.case_id}/incidents", headers=s.officer.headers).json()
    assert [i["id"] for i in listed] == [incident["id"]]
    future = s.client.post(f"/cases/{s.case_id}/incidents", json={"label": "x", "date": "2999"},
                           headers=s.officer.headers)
    assert future.status_code == 422 and future.json()["code"] == "act_date_future"
    outsider = accounts.make("documentation_officer")  # not assigned to the case
    assert s.client.get(f"/cases/{s.case_id}/persons", headers=outsider.headers).status_code == 403

    env = {**settings_env(s.archive.settings), "TEMOIN_LANG": "en"}
    runner = CliRunner()
    made = runner.invoke(app, ["acts", "person", s.case_id, "--pseudonym", "[Personne A]", "--sex", "f",
                               "--as", s.officer.username, "--json"], env=env)
    assert made.exit_code == 0, made.output
    person = json.loads(made.stdout)
    assert person["pseudonym"] == "[Personne A]" and person["sex"] == "f"
    linked = runner.invoke(app, ["acts", "link", str(second["id"]), "--person", person["id"], "--role", "witness",
                                 "--as", s.officer.username, "--json"], env=env)
    assert linked.exit_code == 0, linked.output
    assert json.loads(linked.stdout) == {"act": second["id"], "person": person["id"], "role": "witness"}
    event = runner.invoke(app, ["acts", "incident", s.case_id, "--label", "Enlèvement", "--date", "~2013",
                                "--act", str(second["id"]), "--as", s.officer.username, "--json"], env=env)
    assert event.exit_code == 0, event.output
    assert json.loads(event.stdout)["date_precision"] == "around"
    shown = s.client.get(f"/acts/{second['id']}", headers=s.officer.headers).json()
    assert shown["incident"] == json.loads(event.stdout)["id"]
    assert shown["persons"] == [{"person": person["id"], "pseudonym": "[Personne A]", "role": "witness"}]
