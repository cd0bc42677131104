"""Vocabularies of coded acts as data: shipped with a default set (origin noted), edited by an administrator in
French and English (labels, definitions, deprecation) through the API and the CLI; a deprecated term is refused
for new acts and kept on old ones; deleting a term in use deprecates it instead; others may not edit."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from archive.models import CustodyEntry
from tests.archive.conftest import Accounts, settings_env
from tests.archive.test_acts import Seeded, _code
from tests.archive.test_acts import seeded as seeded


def test_when_an_admin_edits_a_vocabulary_then_new_acts_follow_and_old_codes_stay(
    seeded: Seeded, accounts: Accounts
) -> None:
    s = seeded
    admin = accounts.make("admin")
    shipped = s.client.get("/vocabularies/act_type", headers=s.officer.headers).json()
    by_code = {t["code"]: t for t in shipped}
    assert by_code["rape"]["origin"] == "GBVIMS" and by_code["rape"]["label_fr"] == "viol"
    assert by_code["killing"]["origin"] == "HURIDOCS" and by_code["killing"]["definition_en"]
    groups = s.client.get("/vocabularies/perpetrator_group", headers=s.officer.headers).json()
    assert {"fama", "jnim"} <= {t["code"] for t in groups}

    made = s.client.put("/vocabularies/act_type/forced_labour", headers=admin.headers,
                        json={"label_fr": "travail forcé", "label_en": "forced labour", "origin": "CVJR",
                              "definition_fr": "Travail exigé sous la menace.", "definition_en": "Work under threat."})
    assert made.status_code == 200, made.text
    act = _code(s, act_type="forced_labour")
    assert act["act_type"] == "forced_labour"
    assert s.client.put("/vocabularies/act_type/forced_labour", headers=s.officer.headers,
                        json={"label_fr": "x", "label_en": "x"}).status_code == 403  # administrators only

    gone = s.client.delete("/vocabularies/act_type/forced_labour", headers=admin.headers)
    assert gone.status_code == 200 and gone.json()["outcome"] == "deprecated"  # in use: deprecated, not deleted
    for lang, words in (("fr", "retiré"), ("en", "deprecated")):
        r = s.client.post(f"/items/{s.item_id}/acts", json={"act_type": "forced_labour"},
                          headers={**s.officer.headers, "Accept-Language": lang})
        assert r.status_code == 422 and r.json()["code"] == "act_term_deprecated" and words in r.json()["error"]
    still = s.client.get(f"/acts/{act['id']}", headers=s.officer.headers).json()
    assert still["act_type"] == "forced_labour"  # the old act keeps its code
    listed = {t["code"]: t for t in s.client.get("/vocabularies/act_type", headers=admin.headers).json()}
    assert listed["forced_labour"]["deprecated"] is True and listed["forced_labour"]["label_en"] == "forced labour"

    unused = s.client.put("/vocabularies/perpetrator_group/militia_x", headers=admin.headers,
                          json={"label_fr": "milice X", "label_en": "militia X"})
    assert unused.status_code == 200
    deleted = s.client.delete("/vocabularies/perpetrator_group/militia_x", headers=admin.headers)
    assert deleted.json()["outcome"] == "deleted"
    for bad, code in (({"label_fr": "", "label_en": "x"}, "term_labels"),):
        r = s.client.put("/vocabularies/act_type/ok_code", headers=admin.headers, json=bad)
        assert r.status_code == 422 and r.json()["code"] == code, r.text
    r = s.client.put("/vocabularies/act_type/Bad Code", headers=admin.headers, json={"label_fr": "a", "label_en": "a"})
    assert r.status_code == 422 and r.json()["code"] == "term_code"
    r = s.client.get("/vocabularies/weapons", headers=admin.headers)
    assert r.status_code == 422 and "act_type" in r.json()["error"]
    with s.archive.db.session() as session:
        logged = session.execute(select(CustodyEntry).where(CustodyEntry.action == "vocabulary_edit")).scalars().all()
    assert len(logged) == 4 and all(e.actor == admin.username for e in logged)


def test_when_the_cli_edits_a_vocabulary_then_it_prints_the_terms(seeded: Seeded, accounts: Accounts) -> None:
    import archive.cli  # noqa: F401  (registers the commands)
    from archive.cli.app import app

    s = seeded
    admin = accounts.make("admin")
    env = {**settings_env(s.archive.settings), "TEMOIN_LANG": "en"}
    runner = CliRunner()
    made = runner.invoke(app, ["acts", "vocab", "set", "act_type", "forced_labour", "--fr", "travail forcé",
                               "--en", "forced labour", "--origin", "CVJR", "--as", admin.username, "--json"], env=env)
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["label_en"] == "forced labour"
    listed = runner.invoke(app, ["acts", "vocab", "list", "act_type", "--as", s.officer.username, "--json"], env=env)
    assert listed.exit_code == 0 and "forced_labour" in {t["code"] for t in json.loads(listed.stdout)}
    _code(s, act_type="forced_labour")
    gone = runner.invoke(app, ["acts", "vocab", "delete", "act_type", "forced_labour", "--as", admin.username],
                         env=env)
    assert gone.exit_code == 0 and "deprecated rather than deleted" in gone.output
    refused = runner.invoke(app, ["acts", "vocab", "set", "act_type", "x_y", "--fr", "a", "--en", "b",
                                  "--as", s.officer.username], env=env)
    assert refused.exit_code != 0
