"""The `extract` stage end to end: real files, real ingestors, status and reasons on the item, originals intact."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.context import Archive
from archive.jobs.worker import Worker
from archive.models import Artefact, Item, Job
from archive.pipeline.stages import handlers
from archive.settings import Settings
from tests.archive.conftest import Account, Accounts, settings_env
from tests.ingest import generate
from tests.transcripts import MAX_ENGLISH_WER, word_error_rate

CONSENT = json.dumps([{"scope": "internal_case_use"}])


@pytest.fixture
def officer(accounts: Accounts) -> Account:
    return accounts.make("documentation_officer")


def _upload(client: TestClient, officer: Account, path: Path, **metadata: Any) -> dict[str, Any]:
    case_id = client.post("/cases", json={"title": "Dossier"}, headers=officer.headers).json()["id"]
    with path.open("rb") as fh:
        r = client.post(f"/cases/{case_id}/items", files={"file": (path.name, fh, "application/octet-stream")},
                        data={"consent": CONSENT, "metadata": json.dumps(metadata)}, headers=officer.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def _work(archive: Archive) -> int:
    return Worker(archive, handlers()).run_until_idle()


def test_when_a_pdf_is_uploaded_then_its_text_arrives_with_an_artefact_and_provenance(
    client: TestClient, archive: Archive, officer: Account, tmp_path: Path
) -> None:
    pdf = generate.text_pdf(tmp_path / "declaration.pdf",
                            ["Les soldats ont arrêté mon frère au marché.", "Deuxième page du témoignage."],
                            author="Agent Sept")
    item = _upload(client, officer, pdf, language="fr")
    assert _work(archive) >= 1
    shown = client.get(f"/items/{item['id']}", headers=officer.headers).json()
    assert shown["status"] == "done" and "arrêté mon frère" in shown["text"] and "Deuxième page" in shown["text"]
    with archive.db.session() as s:
        art = s.execute(select(Artefact).where(Artefact.item_id == item["id"], Artefact.kind == "text")).scalar_one()
        assert art.kind == "text" and art.version == 1 and "pdf" in art.tool
        db_item = s.get(Item, item["id"])
        assert db_item is not None and "author" in db_item.extracted["sensitive_keys"]
    assert archive.store.recorded_sha256(art.sha256) == art.sha256
    custody = client.get("/custody", params={"object_id": item["id"]},
                         headers=Accounts(archive).make("auditor").headers).json()["entries"]
    assert [e["action"] for e in custody] == ["upload", "consent_change", "artefact", "redact", "read"]
    assert json.loads(custody[2]["details"])["derived_from"] == item["sha256"]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: generate.write(d / "broken.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), "pdf"),
        (lambda d: generate.encrypted_pdf(d / "locked.pdf"), "ncrypt"),
        (lambda d: generate.random_bytes(d / "noise.bin"), "no ingestor reads"),
    ],
    ids=["corrupt-pdf", "encrypted-pdf", "random-bytes"],
)
def test_when_a_file_cannot_be_read_then_the_item_says_why_the_original_stays_and_the_worker_goes_on(
    client: TestClient, archive: Archive, officer: Account, tmp_path: Path, make: Any, reason: str
) -> None:
    bad_path = make(tmp_path)
    bad = _upload(client, officer, bad_path)
    good = _upload(client, officer, generate.write(tmp_path / "ok.txt", "Témoignage lisible.".encode()))
    _work(archive)
    bad_shown = client.get(f"/items/{bad['id']}", headers=officer.headers).json()
    assert bad_shown["status"] == "failed" and reason in bad_shown["error"].lower()
    extract = next(j for j in bad_shown["jobs"] if j["stage"] == "extract")
    assert extract["attempts"] == 1  # the input is the problem: no pointless retries
    assert client.get(f"/items/{good['id']}", headers=officer.headers).json()["status"] == "done"
    original = client.get(f"/items/{bad['id']}/original", headers=officer.headers)
    assert original.status_code == 200 and original.content == bad_path.read_bytes()
    assert client.post("/fixity", headers=Accounts(archive).make("admin").headers).json()["ok"] is True


def test_when_extraction_runs_twice_then_no_artefact_is_duplicated(
    client: TestClient, archive: Archive, officer: Account, tmp_path: Path
) -> None:
    item = _upload(client, officer, generate.write(tmp_path / "t.txt", "Un témoignage.".encode()))
    _work(archive)
    with archive.db.session() as s:
        job = s.execute(select(Job).where(Job.item_id == item["id"], Job.stage == "extract")).scalar_one()
        job.status = "queued"  # as if a worker died after storing the artefact but before completing
    _work(archive)
    with archive.db.session() as s:
        kinds = s.execute(select(Artefact.kind).where(Artefact.item_id == item["id"])).scalars().all()
        assert sorted(kinds) == ["redacted", "text"]


def test_when_an_officer_corrects_a_transcript_then_a_new_version_is_kept_beside_the_machine_one(
    client: TestClient, archive: Archive, officer: Account, tmp_path: Path
) -> None:
    item = _upload(client, officer, generate.write(tmp_path / "t.txt", b"Les soldas ont arete mon frere."))
    _work(archive)
    r = client.put(f"/items/{item['id']}/transcript", headers=officer.headers,
                   json={"text": "Les soldats ont arrêté mon frère.", "note": "relu avec le témoin"})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    assert client.get(f"/items/{item['id']}", headers=officer.headers).json()["text"] == (
        "Les soldats ont arrêté mon frère.")
    with archive.db.session() as s:
        versions = s.execute(select(Artefact.version, Artefact.created_by)
                             .where(Artefact.item_id == item["id"], Artefact.kind == "text")
                             .order_by(Artefact.version)).all()
    assert [tuple(v) for v in versions] == [(1, "system"), (2, officer.username)]
    rep = Accounts(archive).make("reparations_officer")
    assert client.put(f"/items/{item['id']}/transcript", headers=rep.headers, json={"text": "x"}).status_code == 403


def test_when_a_job_is_followed_then_its_status_and_progress_are_visible(
    client: TestClient, archive: Archive, officer: Account, tmp_path: Path
) -> None:
    item = _upload(client, officer, generate.write(tmp_path / "t.txt", "Un témoignage.".encode()))
    jobs = client.get(f"/items/{item['id']}", headers=officer.headers).json()["jobs"]
    job_id = next(j["id"] for j in jobs if j["stage"] == "extract")
    queued = client.get(f"/jobs/{job_id}", headers=officer.headers).json()
    assert queued["status"] == "queued" and queued["stage"] == "extract"
    _work(archive)
    done = client.get(f"/jobs/{job_id}", headers=officer.headers).json()
    assert done["status"] == "done" and done["progress"] == 1.0
    stranger = Accounts(archive).make("lawyer")
    assert client.get(f"/jobs/{job_id}", headers=stranger.headers).status_code == 403


def test_when_a_worker_is_killed_mid_job_then_another_takes_it_again_and_it_finishes_once(
    client: TestClient, archive: Archive, officer: Account, settings: Settings, tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    speech = generate.speech_wav(tmp_path / "speech.wav", " ".join([generate.ENGLISH_SPEECH] * 6), "en")
    item = _upload(client, officer, speech, language="en")
    env = {**settings_env(settings), "TEMOIN_JOB_LEASE_SECONDS": "3"}
    worker = subprocess.Popen([sys.executable, "-m", "archive", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:  # wait until it is transcribing
        with archive.db.session() as s:
            job = s.execute(select(Job).where(Job.item_id == item["id"], Job.stage == "extract")).scalar_one()
            if job.status == "running" and job.progress > 0:
                break
        time.sleep(0.2)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    with archive.db.session() as s:
        assert s.execute(select(Job.status).where(Job.item_id == item["id"], Job.stage == "extract")
                         ).scalar_one() == "running"
    time.sleep(3.5)  # the dead worker's lease runs out
    finished = subprocess.run([sys.executable, "-m", "archive", "worker", "--once"], env=env, timeout=600,
                              capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    with archive.db.session() as s:
        job = s.execute(select(Job).where(Job.item_id == item["id"], Job.stage == "extract")).scalar_one()
        arts = s.execute(select(Artefact).where(Artefact.item_id == item["id"], Artefact.kind == "text")
                         ).scalars().all()
        assert job.status == "done" and job.attempts == 2 and len(arts) == 1
    text = client.get(f"/items/{item['id']}", headers=officer.headers).json()["text"]
    assert word_error_rate(" ".join([generate.ENGLISH_SPEECH] * 6), text) <= MAX_ENGLISH_WER, text
