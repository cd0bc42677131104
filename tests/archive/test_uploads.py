"""Resumable uploads: chunks that survive a dropped connection, and the same receipt as a one-shot upload."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.context import Archive
from archive.errors import Invalid
from archive.models import CustodyEntry, Item, Job
from archive.uploads.models import UploadSession
from archive.uploads.service import HASHES, clean_abandoned, parse_content_range, part_path
from tests.archive.conftest import Account, Accounts

MIB = 1024 * 1024
DATA = b"Temoignage recu par morceaux. " * 40_000  # ~1.2 MB, several chunks


def _case(client: TestClient, officer: Account) -> str:
    r = client.post("/cases", json={"title": "Dossier Ber 2012"}, headers=officer.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _open(client: TestClient, who: Account, case_id: str, size: int, **extra: Any) -> Any:
    return client.post("/uploads", json={"case_id": case_id, "filename": "recit.txt", "size": size, **extra},
                       headers=who.headers)


def _put(client: TestClient, who: Account, upload_id: str, data: bytes, start: int, total: int) -> Any:
    headers = {**who.headers, "Content-Range": f"bytes {start}-{start + len(data) - 1}/{total}"}
    return client.put(f"/uploads/{upload_id}", content=data, headers=headers)


def _send_all(client: TestClient, who: Account, upload_id: str, data: bytes, start: int = 0,
              chunk: int = 256 * 1024) -> None:
    for pos in range(start, len(data), chunk):
        r = _put(client, who, upload_id, data[pos:pos + chunk], pos, len(data))
        assert r.status_code == 200, r.text


def test_when_an_upload_is_interrupted_and_resumed_from_the_server_offset_then_the_sha256_is_right(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    opened = _open(client, officer, case_id, len(DATA), metadata={"language": "fr"},
                   consent=[{"scope": "internal_case_use", "method": "oral"}])
    assert opened.status_code == 201, opened.text
    upload_id = opened.json()["id"]
    assert opened.json()["offset"] == 0

    first = 300_000
    assert _put(client, officer, upload_id, DATA[:first], 0, len(DATA)).json()["offset"] == first

    def cut_off() -> Iterator[bytes]:  # the connection drops half-way through the second chunk
        yield DATA[first:first + 100_000]

    headers = {**officer.headers, "Content-Range": f"bytes {first}-{first + 400_000 - 1}/{len(DATA)}"}
    broken = client.put(f"/uploads/{upload_id}", content=cut_off(), headers=headers)
    assert broken.status_code in (400, 422), broken.text
    HASHES.forget(upload_id)  # as after a server restart: the hash state is rebuilt from the partial file

    state = client.get(f"/uploads/{upload_id}", headers=officer.headers).json()
    assert state["offset"] == first and state["size"] == len(DATA)
    _send_all(client, officer, upload_id, DATA, start=state["offset"])

    done = client.post(f"/uploads/{upload_id}/complete", headers=officer.headers)
    assert done.status_code == 201, done.text
    receipt = done.json()
    assert receipt["sha256"] == hashlib.sha256(DATA).hexdigest()
    assert receipt["size"] == len(DATA) and receipt["filename"] == "recit.txt"
    assert receipt["status"] == "queued" and receipt["possible_reinterview"] is False
    with archive.db.session() as s:
        item = s.get(Item, receipt["id"])
        assert item is not None and item.language == "fr"
        assert s.execute(select(Job).where(Job.item_id == item.id)).scalars().first() is not None
        upload = s.execute(select(CustodyEntry).where(CustodyEntry.action == "upload")).scalar_one()
        assert upload.object_id == item.id
        assert s.execute(select(CustodyEntry).where(CustodyEntry.action == "consent_change")).scalar_one()
    assert archive.store.recorded_sha256(receipt["sha256"]) == receipt["sha256"]
    assert not part_path(archive.settings.uploads_dir, upload_id).exists()
    again = client.post(f"/uploads/{upload_id}/complete", headers=officer.headers)
    assert again.json()["id"] == receipt["id"], "a client that lost the answer gets the same receipt"


def test_when_the_same_bytes_arrive_twice_then_the_receipt_flags_a_possible_reinterview(
    client: TestClient, accounts: Accounts
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    receipts = []
    for _ in range(2):
        upload_id = _open(client, officer, case_id, len(DATA)).json()["id"]
        _send_all(client, officer, upload_id, DATA, chunk=MIB)
        receipts.append(client.post(f"/uploads/{upload_id}/complete", headers=officer.headers).json())
    assert receipts[1]["possible_reinterview"] is True
    assert receipts[1]["duplicate_of"] == [receipts[0]["id"]]


@pytest.mark.parametrize(("start", "expected_offset"), [(0, 1000), (2000, 1000), (999, 1000)])
def test_when_a_chunk_does_not_start_at_the_offset_then_409_with_the_current_offset(
    client: TestClient, accounts: Accounts, start: int, expected_offset: int
) -> None:
    officer = accounts.make("documentation_officer")
    upload_id = _open(client, officer, _case(client, officer), 5000).json()["id"]
    assert _put(client, officer, upload_id, b"a" * 1000, 0, 5000).status_code == 200
    r = _put(client, officer, upload_id, b"b" * 500, start, 5000)
    assert r.status_code == 409
    assert r.json()["offset"] == expected_offset and "resume from byte 1000" in r.json()["error"]


def test_when_the_declared_size_is_above_the_limit_then_413(client: TestClient, accounts: Accounts,
                                                             archive: Archive) -> None:
    officer = accounts.make("documentation_officer")
    r = _open(client, officer, _case(client, officer), archive.settings.max_upload_bytes + 1)
    assert r.status_code == 413 and "TEMOIN_MAX_UPLOAD_BYTES" in r.json()["error"]


def test_when_completing_before_every_byte_arrived_then_409_with_the_offset(client: TestClient,
                                                                           accounts: Accounts) -> None:
    officer = accounts.make("documentation_officer")
    upload_id = _open(client, officer, _case(client, officer), 3000).json()["id"]
    _put(client, officer, upload_id, b"x" * 1000, 0, 3000)
    r = client.post(f"/uploads/{upload_id}/complete", headers=officer.headers)
    assert r.status_code == 409
    assert r.json()["offset"] == 1000 and "1000 of 3000" in r.json()["error"]


def test_when_another_user_writes_or_reads_my_session_then_403(client: TestClient, accounts: Accounts) -> None:
    mine, other = accounts.make("documentation_officer"), accounts.make("documentation_officer")
    upload_id = _open(client, mine, _case(client, mine), 2000).json()["id"]
    assert _put(client, other, upload_id, b"z" * 2000, 0, 2000).status_code == 403
    assert client.get(f"/uploads/{upload_id}", headers=other.headers).status_code == 403
    assert client.post(f"/uploads/{upload_id}/complete", headers=other.headers).status_code == 403
    assert client.get(f"/uploads/{upload_id}", headers=mine.headers).json()["offset"] == 0


@pytest.mark.parametrize(
    ("role", "case", "size", "status", "words"),
    [
        ("reparations_officer", "real", 10, 403, "items.upload"),
        ("auditor", "real", 10, 403, "items.upload"),
        ("documentation_officer", "missing", 10, 404, "Case not found"),
        ("documentation_officer", "real", 0, 422, "empty"),
        ("documentation_officer", "real", -1, 422, "size"),
    ],
)
def test_when_the_upload_cannot_be_opened_then_a_clear_json_error(
    client: TestClient, accounts: Accounts, role: str, case: str, size: int, status: int, words: str
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer) if case == "real" else "00000000-0000-0000-0000-000000000000"
    r = _open(client, officer if role == "documentation_officer" else accounts.make(role), case_id, size)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]


@pytest.mark.parametrize(
    ("header", "words"),
    [(None, "Missing Content-Range"), ("bytes 0-9", "Unreadable"), ("items 0-9/10", "Unreadable"),
     ("bytes 5-2/10", "not a valid byte range"), ("bytes 0-10/10", "not a valid byte range")],
)
def test_when_the_content_range_is_unusable_then_the_error_says_how_to_write_it(header: str | None,
                                                                                words: str) -> None:
    with pytest.raises(Invalid, match=words):
        parse_content_range(header)


def test_when_a_chunk_is_longer_than_its_range_then_nothing_of_it_is_kept(client: TestClient,
                                                                         accounts: Accounts) -> None:
    officer = accounts.make("documentation_officer")
    upload_id = _open(client, officer, _case(client, officer), 100).json()["id"]
    headers = {**officer.headers, "Content-Range": "bytes 0-9/100"}
    r = client.put(f"/uploads/{upload_id}", content=b"y" * 20, headers=headers)
    assert r.status_code == 422 and "longer than its Content-Range" in r.json()["error"]
    assert client.get(f"/uploads/{upload_id}", headers=officer.headers).json()["offset"] == 0


def test_when_a_session_is_abandoned_for_a_day_then_it_and_its_bytes_are_removed(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    old_id = _open(client, officer, case_id, 100).json()["id"]
    fresh_id = _open(client, officer, case_id, 100).json()["id"]
    _put(client, officer, old_id, os.urandom(50), 0, 100)
    with archive.db.session() as s:
        old = s.get(UploadSession, old_id)
        assert old is not None
        old.updated_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)
    with archive.db.session() as s:
        assert clean_abandoned(s, archive.settings.uploads_dir) == 1
    assert not part_path(archive.settings.uploads_dir, old_id).exists()
    assert part_path(archive.settings.uploads_dir, fresh_id).exists()
    assert client.get(f"/uploads/{old_id}", headers=officer.headers).status_code == 404


def test_when_another_process_is_writing_the_partial_file_then_a_chunk_is_refused_as_busy_not_interleaved(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    """`temoin serve` runs several processes: the writer's lock is on the file itself (flock), not in memory."""
    import subprocess
    import sys

    officer = accounts.make("documentation_officer")
    upload_id = _open(client, officer, _case(client, officer), len(DATA)).json()["id"]
    path = part_path(archive.settings.uploads_dir, upload_id)
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1]); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        busy = _put(client, officer, upload_id, DATA[:1000], 0, len(DATA))
        assert busy.status_code == 409 and busy.json()["code"] == "upload_chunk_busy", busy.text
        assert path.stat().st_size == 0
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    assert _put(client, officer, upload_id, DATA[:1000], 0, len(DATA)).json()["offset"] == 1000
