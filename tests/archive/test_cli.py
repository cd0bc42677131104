"""The command-line contract, run as a real subprocess: scripts depend on it exactly."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from archive.db import make_engine
from archive.settings import Settings
from archive.storage import init_storage
from tests.archive.conftest import settings_env, tamper_object

TEMOIN = [sys.executable, "-m", "archive"]
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(settings: Settings) -> Run:
    env = settings_env(settings)

    def _run(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([*TEMOIN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300)
        if check:
            assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stderr}"
        return proc

    return _run


def _json(proc: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(proc.stdout)  # the whole of stdout is one JSON document


@pytest.fixture
def case_id(run: Run) -> str:
    run("users", "add", "aminata", "--role", "documentation_officer", "--password-stdin",
        stdin="un mot de passe solide\n")
    return str(_json(run("cases", "create", "Arrestations Sévaré 2013", "--as", "aminata", "--json"))["id"])


def test_when_the_contract_commands_run_then_their_json_matches(run: Run, case_id: str, tmp_path: Path) -> None:
    testimony = tmp_path / "témoignage.txt"
    testimony.write_text("Les soldats ont arrêté mon frère au marché de Sévaré.\n", encoding="utf-8")
    ingested = _json(run("ingest", str(testimony), "--case", case_id, "--as", "aminata", "--lang", "fr",
                         "--region", "Mopti", "--consent", "internal_case_use,share_reparations", "--json"))
    assert set(ingested) >= {"id", "sha256", "status"}
    assert ingested["sha256"] == hashlib.sha256(testimony.read_bytes()).hexdigest()
    assert ingested["status"] == "done", ingested
    shown = _json(run("items", "show", ingested["id"], "--as", "aminata", "--json"))
    assert shown["id"] == ingested["id"] and shown["case"] == case_id and shown["sha256"] == ingested["sha256"]
    assert shown["consent"]["share_reparations"]["status"] == "granted"
    assert "arrêté mon frère" in shown["text"]
    run("consent", "set", ingested["id"], "share_reparations", "withdrawn", "--as", "aminata")
    shown = _json(run("items", "show", ingested["id"], "--as", "aminata", "--json"))
    assert shown["consent"]["share_reparations"]["status"] == "withdrawn"
    assert _json(run("fixity", "--json"))["ok"] is True
    assert _json(run("audit", "verify", "--json"))["ok"] is True


def test_when_several_files_are_ingested_with_no_wait_then_a_list_is_printed(
    run: Run, case_id: str, tmp_path: Path
) -> None:
    paths = []
    for i in range(2):
        p = tmp_path / f"t{i}.txt"
        p.write_text(f"témoignage {i}", encoding="utf-8")
        paths.append(str(p))
    out = _json(run("ingest", *paths, "--case", case_id, "--as", "aminata", "--no-wait", "--json"))
    assert [o["status"] for o in out] == ["queued", "queued"]
    jobs = _json(run("jobs", "--json"))
    assert {j["item"] for j in jobs} == {o["id"] for o in out} and {j["stage"] for j in jobs} == {"extract"}


def test_when_cases_are_assigned_then_the_lawyer_sees_them(run: Run, case_id: str) -> None:
    run("users", "add", "maitre", "--role", "lawyer", "--password-stdin", stdin="un autre mot de passe\n")
    run("cases", "assign", case_id, "maitre")
    cases = _json(run("cases", "list", "--as", "maitre", "--json"))
    assert [c["id"] for c in cases] == [case_id]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("cases", "create", "x", "--as", "nobody"), 4, "No user named"),
        (("items", "show", "no-such-item", "--json"), 4, "Testimony not found"),
        (("users", "add", "x", "--role", "emperor", "--password-stdin"), 2, "Unknown role"),
        (("consent", "set", "no-such-item", "share_reparations", "maybe"), 2, "granted"),
        (("ingest", "/no/such/file.txt", "--case", "whatever"), 1, "not a readable file"),
    ],
)
def test_when_input_is_bad_then_stderr_explains_and_exit_is_non_zero(
    run: Run, args: tuple[str, ...], code: int, message: str
) -> None:
    proc = run(*args, stdin="un mot de passe solide\n", check=False)
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_when_a_lawyer_reads_without_consent_then_refused_with_exit_3(run: Run, case_id: str, tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("témoignage", encoding="utf-8")
    item = _json(run("ingest", str(p), "--case", case_id, "--as", "aminata", "--no-wait", "--json"))
    run("users", "add", "maitre", "--role", "lawyer", "--password-stdin", stdin="un autre mot de passe\n")
    run("cases", "assign", case_id, "maitre")
    proc = run("items", "show", item["id"], "--as", "maitre", "--json", check=False)
    assert proc.returncode == 3 and "sharing with prosecution" in proc.stderr and proc.stdout == ""


def test_when_a_stored_object_is_tampered_then_fixity_exits_non_zero_naming_it(
    run: Run, case_id: str, tmp_path: Path, settings: Settings
) -> None:
    p = tmp_path / "t.txt"
    p.write_text("témoignage original", encoding="utf-8")
    item = _json(run("ingest", str(p), "--case", case_id, "--as", "aminata", "--no-wait", "--json"))
    store = init_storage(settings)
    tamper_object(store, item["sha256"], "témoignage modifié".encode())
    proc = run("fixity", "--json", check=False)
    assert proc.returncode == 1
    report = _json(proc)
    assert report["problems"][0]["sha256"] == item["sha256"] and report["problems"][0]["kind"] == "mismatch"
    tamper_object(store, item["sha256"], None)
    assert _json(run("fixity", "--json", check=False))["problems"][0]["kind"] == "missing"


def test_when_the_custody_log_is_edited_in_the_database_then_audit_verify_names_the_entry(
    run: Run, case_id: str, settings: Settings
) -> None:
    assert _json(run("audit", "verify", "--json"))["ok"]
    engine = make_engine(settings.resolved_database_url)
    with engine.begin() as conn:  # an intruder with database access, bypassing the application
        conn.execute(text("UPDATE custody SET reason = 'rewritten' WHERE seq = 2"))
    engine.dispose()
    proc = run("audit", "verify", "--json", check=False)
    assert proc.returncode == 1
    assert _json(proc)["first_bad_seq"] == 2
    proc = run("audit", "verify", check=False)
    assert "entry 2" in proc.stderr


def test_when_file_names_are_not_utf8_then_ingest_keeps_a_readable_label(
    run: Run, case_id: str, tmp_path: Path
) -> None:
    raw = os.fsencode(tmp_path) + b"/t\xe9moignage-latin1.txt"
    with open(raw, "wb") as fh:
        fh.write("témoignage".encode())
    out = _json(run("ingest", os.fsdecode(raw), "--case", case_id, "--as", "aminata", "--no-wait", "--json"))
    assert out["status"] == "queued"
    shown = _json(run("items", "show", out["id"], "--json"))
    assert shown["filename"] == "t\ufffdmoignage-latin1.txt"


def test_when_users_and_cases_are_listed_then_the_read_only_path_keeps_the_contract(run: Run, case_id: str) -> None:
    """`users list` and `cases list` read without the ORM on an archive at its latest schema: same documents."""
    assert _json(run("users", "list", "--json")) == [
        {"username": "aminata", "role": "documentation_officer", "active": True}]
    assert run("users", "list").stdout.split() == ["aminata", "documentation_officer", "active"]
    (listed,) = _json(run("cases", "list", "--as", "aminata", "--json"))
    assert listed["id"] == case_id and listed["view"] == "full" and listed["items"] == 0
    assert listed["title"] == listed["label"] == "Arrestations Sévaré 2013" and listed["created_by"] == "aminata"
    assert _json(run("cases", "list", "--json")) == [listed]  # the local operator sees every case
    refused = run("cases", "list", "--as", "nobody", "--json", check=False)
    assert refused.returncode == 4 and "nobody" in refused.stderr and refused.stdout == ""
