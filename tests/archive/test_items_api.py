"""Uploading and downloading testimonies through the API: streamed, hashed, deduplicated, verified."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from archive import custody
from archive.context import Archive
from archive.models import Blob, CustodyEntry, Item
from tests.archive.conftest import Account, Accounts, tamper_object

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
TEXT = "Témoignage : les soldats ont arrêté mon frère au marché.\n".encode()


def _case(client: TestClient, officer: Account) -> str:
    r = client.post("/cases", json={"title": "Dossier Tessit 2013"}, headers=officer.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _upload(client: TestClient, officer: Account, case_id: str, data: bytes, *, filename: str = "t.txt",
            content_type: str = "application/octet-stream", metadata: dict[str, Any] | None = None,
            consent: list[dict[str, Any]] | None = None) -> Any:
    form = {"metadata": json.dumps(metadata or {}), "consent": json.dumps(consent or [])}
    return client.post(f"/cases/{case_id}/items", files={"file": (filename, data, content_type)}, data=form,
                       headers=officer.headers)


def _counts(archive: Archive) -> tuple[int, int, int]:
    with archive.db.session() as s:
        return (s.execute(select(func.count()).select_from(Item)).scalar_one(),
                s.execute(select(func.count()).select_from(Blob)).scalar_one(),
                sum(1 for _ in archive.store.keys()))  # noqa: SIM118 (not a dict)


def test_when_a_file_is_uploaded_then_its_sha256_is_stored_in_db_and_beside_the_object(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    meta = {"collected_at": "2024-02-01T09:30:00Z", "collected_by": "Agent 7", "language": "fr",
            "region": "mopti", "locality": "Village X", "testimony_type": "survivor",
            "violation_types": ["arbitrary_detention", "torture"],
            "provenance": {"source": "clinique juridique", "tool": "enregistreur", "account": "direct"}}
    r = _upload(client, officer, case_id, TEXT, metadata=meta,
                consent=[{"scope": "internal_case_use", "method": "thumbprint", "interpreter": "I. K."}])
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["sha256"] == hashlib.sha256(TEXT).hexdigest()
    assert body["status"] == "queued" and body["possible_reinterview"] is False
    assert archive.store.recorded_sha256(body["sha256"]) == body["sha256"]
    shown = client.get(f"/items/{body['id']}", headers=officer.headers).json()
    assert shown["region"] == "Mopti" and shown["violation_types"] == ["arbitrary_detention", "torture"]
    assert shown["consent"]["internal_case_use"]["method"] == "thumbprint"
    assert shown["provenance"]["account"] == "direct"


def test_when_the_same_bytes_are_uploaded_twice_then_stored_once_and_reported_as_reinterview(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    first = _upload(client, officer, case_id, TEXT).json()
    second = _upload(client, officer, case_id, TEXT, filename="autre-nom.txt").json()
    assert second["sha256"] == first["sha256"] and second["id"] != first["id"]
    assert second["duplicate_of"] == [first["id"]] and second["possible_reinterview"] is True
    assert _counts(archive) == (2, 1, 1)


@pytest.mark.parametrize(
    ("data", "filename", "declared", "expected"),
    [
        (PNG, "temoignage.txt", "text/plain", "image/png"),
        (TEXT, "photo.jpg", "image/jpeg", "text/plain"),
        (b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n", "notes.docx", "application/msword", "application/pdf"),
    ],
    ids=["png-named-txt", "text-named-jpg", "pdf-named-docx"],
)
def test_when_name_and_header_lie_then_the_type_is_sniffed_from_the_bytes(
    client: TestClient, accounts: Accounts, data: bytes, filename: str, declared: str, expected: str
) -> None:
    officer = accounts.make("documentation_officer")
    r = _upload(client, officer, _case(client, officer), data, filename=filename, content_type=declared)
    assert r.status_code == 201, r.text
    assert r.json()["media_type"] == expected


def test_when_the_file_is_empty_then_422_and_nothing_is_stored(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    r = _upload(client, officer, _case(client, officer), b"")
    assert r.status_code == 422
    assert "empty" in r.json()["error"]
    assert _counts(archive) == (0, 0, 0)


def test_when_the_file_is_over_the_limit_then_413_and_nothing_is_stored(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    big = os.urandom(archive.settings.max_upload_bytes + 1)
    r = _upload(client, officer, _case(client, officer), big)
    assert r.status_code == 413
    assert "TEMOIN_MAX_UPLOAD_BYTES" in r.json()["error"]
    assert _counts(archive) == (0, 0, 0)
    assert not list(archive.settings.uploads_dir.glob("upload-*"))


def test_when_the_upload_is_cut_off_half_way_then_nothing_is_stored(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    boundary = "temoinboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode() + TEXT * 1000  # no closing boundary: cut off
    r = client.post(f"/cases/{case_id}/items", content=body,
                    headers={**officer.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 400
    assert "cut off" in r.json()["error"]
    assert _counts(archive) == (0, 0, 0)
    assert not list(archive.settings.uploads_dir.glob("upload-*"))


@pytest.mark.parametrize(
    ("raw_name", "expected"),
    [
        (b"../../etc/passwd", "passwd"),
        (b"..\\..\\windows\\system.ini", "system.ini"),
        (b"/absolute/t\xc3\xa9moin.txt", "témoin.txt"),
        (b"caf\xe9-latin1.txt", "caf\ufffd-latin1.txt"),
        (b"..", "unnamed"),
    ],
    ids=["traversal", "windows-traversal", "absolute-utf8", "non-utf8", "dots"],
)
def test_when_the_file_name_is_hostile_then_it_is_kept_only_as_a_safe_label(
    client: TestClient, accounts: Accounts, archive: Archive, raw_name: bytes, expected: str
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    boundary = "b0undary"
    body = (f"--{boundary}\r\n".encode() + b'Content-Disposition: form-data; name="file"; filename="' + raw_name
            + b'"\r\nContent-Type: text/plain\r\n\r\n' + TEXT + f"\r\n--{boundary}--\r\n".encode())
    r = client.post(f"/cases/{case_id}/items", content=body,
                    headers={**officer.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 201, r.text
    assert r.json()["filename"] == expected
    stored = {p.name for p in Path(archive.settings.data_dir).rglob("*")}
    assert "passwd" not in stored and "system.ini" not in stored


def test_when_the_original_is_downloaded_then_bytes_match_and_the_download_is_logged(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    item = _upload(client, officer, case_id, TEXT, consent=[{"scope": "internal_case_use"}]).json()
    r = client.get(f"/items/{item['id']}/original", headers=officer.headers)
    assert r.status_code == 200 and r.content == TEXT
    assert r.headers["x-content-sha256"] == item["sha256"]
    with archive.db.session() as s:
        actions = s.execute(select(CustodyEntry.action).where(CustodyEntry.object_id == item["id"])).scalars()
        assert "download" in list(actions)


def test_when_a_stored_object_is_tampered_then_download_is_refused_and_fixity_reports_it(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    admin = accounts.make("admin")
    item = _upload(client, officer, _case(client, officer), TEXT, consent=[{"scope": "internal_case_use"}]).json()
    tamper_object(archive.store, item["sha256"], TEXT.replace(b"soldats", b"voisins"))
    r = client.get(f"/items/{item['id']}/original", headers=officer.headers)
    assert r.status_code == 500
    assert "damaged" in r.json()["error"] and item["sha256"] in r.json()["error"]
    report = client.post("/fixity", headers=admin.headers).json()
    assert report["ok"] is False
    assert report["problems"][0]["kind"] == "mismatch" and report["problems"][0]["items"] == [item["id"]]


def test_when_typed_text_is_added_then_it_is_an_item_like_any_file(
    client: TestClient, accounts: Accounts
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    r = client.post(f"/cases/{case_id}/texts", headers=officer.headers,
                    json={"text": "Déclaration dactylographiée.", "metadata": {"language": "fr"},
                          "consent": [{"scope": "internal_case_use", "method": "oral"}]})
    assert r.status_code == 201, r.text
    assert r.json()["media_type"] == "text/plain"
    assert r.json()["sha256"] == hashlib.sha256("Déclaration dactylographiée.".encode()).hexdigest()


@pytest.mark.parametrize(
    ("metadata", "field"),
    [
        ({"region": "Atlantis"}, "region"),
        ({"violation_types": ["rape", "jaywalking"]}, "violation_types"),
        ({"collected_at": "2024-02-01T09:30:00"}, "collected_at"),
        ({"testimony_type": "rumour"}, "testimony_type"),
        ({"unknown_field": 1}, "unknown_field"),
    ],
)
def test_when_intake_metadata_is_invalid_then_422_names_the_field_and_nothing_is_stored(
    client: TestClient, accounts: Accounts, archive: Archive, metadata: dict[str, Any], field: str
) -> None:
    officer = accounts.make("documentation_officer")
    r = _upload(client, officer, _case(client, officer), TEXT, metadata=metadata)
    assert r.status_code == 422
    assert field in {d["path"].split(".")[-1] for d in r.json()["details"]}
    assert _counts(archive)[0] == 0


def test_when_uploading_to_a_missing_case_then_404_before_reading_the_body(
    client: TestClient, accounts: Accounts
) -> None:
    officer = accounts.make("documentation_officer")
    r = _upload(client, officer, "no-such-case", TEXT)
    assert r.status_code == 404 and r.json()["code"] == "case"


def test_when_uploads_happen_then_the_custody_chain_verifies(
    client: TestClient, accounts: Accounts, archive: Archive
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = _case(client, officer)
    for i in range(3):
        _upload(client, officer, case_id, TEXT + str(i).encode(), consent=[{"scope": "internal_case_use"}])
    with archive.db.session() as s:
        assert custody.verify_chain(s).ok
