"""Redacted case bundles: consent and role gates, the fresh pass, the leak check, what is (not) inside,
tamper detection by `verify`, revocation, key rotation, and flat memory on a large audio item."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pymupdf
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.errors import PermissionDenied
from archive.exports.plan import ExportBlocked
from archive.exports.service import export_case
from archive.exports.signing import current_public
from archive.exports.verify import verify_bundle
from archive.items.schemas import Intake
from archive.models import CustodyEntry, RedactionSpan
from archive.settings import Settings
from tests.archive.conftest import Accounts, settings_env
from tests.archive.exports_seed import (
    FIRST,
    MISC_HIDES_NAME,
    NAMES,
    NUMBERS,
    PDF_TEXT,
    SECOND,
    VILLAGES,
    add_file,
    add_text,
    render_pdf,
    to_board,
    work,
)

TEMOIN = [sys.executable, "-m", "archive"]


@dataclass
class Seeded:
    archive: Archive
    case_id: str
    root: Path


def _seed(archive: Archive, root: Path, *, pdf: bool = True, title: str = "Dossier Ségou 2012") -> str:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title=title).id
    intake = Intake(language="fr", region="Ségou", violation_types=["rape", "abduction"], testimony_type="survivor",
                    incident_date="2012-05-14")  # type: ignore[arg-type]
    add_text(archive, SYSTEM, case_id, FIRST, root, intake=intake)
    add_text(archive, SYSTEM, case_id, SECOND, root)
    if pdf:
        add_file(archive, SYSTEM, case_id, render_pdf(root / "declaration.pdf", PDF_TEXT))
    work(archive)
    return case_id


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """One processed case (two texts, one PDF) for the read-only checks; its own SQLite archive."""
    root = tmp_path_factory.mktemp("exports")
    archive = Archive.open(Settings(data_dir=root / "data", jwt_secret=SecretStr("x" * 48)))
    try:
        yield Seeded(archive, _seed(archive, root), root)
    finally:
        archive.close()


@pytest.fixture(scope="module")
def bundle(seeded: Seeded) -> Path:
    dst = seeded.root / "reparations.zip"
    export_case(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations", dst=dst)
    return dst


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _pdf_texts(members: dict[str, bytes]) -> str:
    texts = []
    for name, data in members.items():
        if name.endswith(".pdf"):
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                texts.append("\n".join(page.get_text() for page in doc))
                texts.append(json.dumps(doc.metadata, ensure_ascii=False))
    return "\n".join(texts)


def _rewrite(path: Path, dst: Path, member: str, offset: int = 0) -> None:
    """A copy of the ZIP with one byte of one member changed (CRCs recomputed: a deliberate tamper)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(dst, "w") as out:
        out.comment = src.comment
        for info in src.infolist():
            data = bytearray(src.read(info.filename))
            if info.filename == member:
                data[offset] ^= 0x01
            out.writestr(info, bytes(data))


@pytest.mark.parametrize(
    ("profile", "villages_removed"),
    [("reparations", True), ("strict", True), ("prosecution", False)],  # prosecution keeps places by design
)
def test_when_a_case_is_exported_then_no_seeded_identifier_is_in_any_file(
    seeded: Seeded, profile: str, villages_removed: bool
) -> None:
    dst = seeded.root / f"{profile}.zip"
    result = export_case(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile=profile, dst=dst)
    members = _members(dst)
    assert result.items == 3 and any(n.endswith("document.pdf") for n in members)
    secrets = NAMES + NUMBERS + (VILLAGES if villages_removed else ())
    haystacks = {name: data.decode("utf-8", errors="replace") for name, data in members.items()}
    haystacks["(text extracted from PDFs)"] = _pdf_texts(members)
    leaked = [(name, s) for name, text in haystacks.items() for s in secrets if s.lower() in text.lower()]
    assert leaked == []
    assert verify_bundle(dst).ok


def test_when_a_bundle_is_exported_then_the_manifest_describes_every_file_and_the_custody_head(
    bundle: Path, seeded: Seeded
) -> None:
    members = _members(bundle)
    manifest = json.loads(members["manifest.json"])
    assert manifest["purpose"] == "reparations" and manifest["consent_scope"] == "share_reparations"
    assert manifest["public_key_fingerprint"] == current_public(seeded.archive.settings).fingerprint
    assert members["public_key.pem"] == current_public(seeded.archive.settings).pem
    assert {f["name"] for f in manifest["files"]} == set(members) - {"manifest.json", "signature.ed25519"}
    first = manifest["items"][0]
    assert first["redactions"]["PERSON"]["action"] == "pseudonymise" and first["justification"]
    assert first["consent_scopes"] and first["source_sha256"] and "review" in first
    assert manifest["custody"]["head_at_export"]["seq"] >= manifest["custody"]["entries"] > 0
    summary = members["summary.html"].decode("utf-8")
    assert "victime directe / direct victim" in summary and "OUI / YES" in summary and "2012-05" in summary
    assert "2012-05-14" not in summary  # reparations: dates to the month


@pytest.mark.parametrize(
    "member",
    ["items/001", "manifest.json", "signature.ed25519", "custody.jsonl", "summary.pdf", "public_key.pem"],
)
def test_when_one_byte_of_a_file_is_changed_then_verify_fails_naming_it(
    bundle: Path, tmp_path: Path, member: str
) -> None:
    name = next(n for n in zipfile.ZipFile(bundle).namelist() if n.startswith(member))
    tampered = tmp_path / "tampered.zip"
    _rewrite(bundle, tampered, name, offset=40 if name.endswith(".pem") else 10)
    report = verify_bundle(tampered)
    assert not report.ok and report.first_bad == name, report.as_dict()


def test_when_a_byte_is_flipped_in_the_zip_itself_then_verify_names_the_member(bundle: Path, tmp_path: Path) -> None:
    raw = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as zf:
        info = zf.getinfo("summary.pdf")
    raw[info.header_offset + 30 + len(info.filename) + 20] ^= 0xFF  # inside the stored data
    tampered = tmp_path / "flipped.zip"
    tampered.write_bytes(bytes(raw))
    report = verify_bundle(tampered)
    assert not report.ok and report.first_bad == "summary.pdf"


def test_when_a_file_is_added_after_signing_then_verify_names_it(bundle: Path, tmp_path: Path) -> None:
    tampered = tmp_path / "added.zip"
    tampered.write_bytes(bundle.read_bytes())
    with zipfile.ZipFile(tampered, "a") as zf:
        zf.writestr("items/extra.txt", "ajouté")
    report = verify_bundle(tampered)
    assert not report.ok and report.first_bad == "items/extra.txt"


def test_when_the_survivor_did_not_consent_to_the_purpose_then_the_item_is_withheld_and_listed(
    archive: Archive, tmp_path: Path
) -> None:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    add_text(archive, SYSTEM, case_id, FIRST, tmp_path)
    withheld = add_text(archive, SYSTEM, case_id, SECOND, tmp_path, scopes=("internal_case_use",))
    work(archive)
    dst = tmp_path / "b.zip"
    result = export_case(archive, actor=SYSTEM, case_id=case_id, profile="reparations", dst=dst)
    members = _members(dst)
    manifest = json.loads(members["manifest.json"])
    assert result.withheld == 1 and manifest["withheld"][0]["id"] == withheld
    assert "sharing for reparations" in manifest["withheld"][0]["reason"]
    assert not any(withheld[:8] in name for name in members)
    assert "66.45.12.09" not in "".join(m.decode("utf-8", "replace") for m in members.values())
    assert "1 élément(s) retenu(s)" in members["summary.html"].decode("utf-8")


def test_when_no_item_has_the_consent_scope_then_the_export_is_refused_with_403(
    client: TestClient, archive: Archive, accounts: Accounts, tmp_path: Path
) -> None:
    officer = accounts.make("documentation_officer")
    case_id = client.post("/cases", json={"title": "Dossier"}, headers=officer.headers).json()["id"]
    r = client.post(f"/cases/{case_id}/texts", headers=officer.headers,
                    json={"text": FIRST, "metadata": {"language": "fr"}, "consent": [{"scope": "internal_case_use"}]})
    assert r.status_code == 201
    work(archive)
    refused = client.post(f"/cases/{case_id}/exports", json=to_board(archive, "prosecution"), headers=officer.headers)
    assert refused.status_code == 403 and refused.json()["code"] == "export_refused"
    assert "sharing with prosecution" in refused.json()["error"]
    assert not any((archive.settings.data_dir / "bundles").glob("*.zip"))


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_when_a_role_without_export_permission_exports_then_refused(
    client: TestClient, archive: Archive, accounts: Accounts, role: str, tmp_path: Path
) -> None:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    add_text(archive, SYSTEM, case_id, FIRST, tmp_path)
    work(archive)
    user = accounts.make(role)
    r = client.post(f"/cases/{case_id}/exports", json=to_board(archive, "reparations"), headers=user.headers)
    assert r.status_code == 403 and r.json()["code"] == "permission_missing" and "export" in r.json()["error"]
    with pytest.raises(PermissionDenied):
        export_case(archive, actor=user.actor, case_id=case_id, profile="reparations", dst=tmp_path / "x.zip")


def test_when_the_fresh_pass_finds_an_unreviewed_name_then_the_export_is_blocked_naming_item_and_passage(
    client: TestClient, archive: Archive, accounts: Accounts, tmp_path: Path
) -> None:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    item_id = add_text(archive, SYSTEM, case_id, FIRST, tmp_path)
    work(archive)
    with archive.db.session() as session:  # as if a newer recognizer now finds a name nobody reviewed
        span = session.execute(select(RedactionSpan).where(RedactionSpan.item_id == item_id,
                                                           RedactionSpan.label == "PERSON")).scalars().first()
        assert span is not None
        flagged, where = FIRST[span.start:span.end], f"{span.start}-{span.end}"
        session.delete(span)
    dst = tmp_path / "blocked.zip"
    with pytest.raises(ExportBlocked) as blocked:
        export_case(archive, actor=SYSTEM, case_id=case_id, profile="strict", dst=dst)
    french = blocked.value.message("fr")
    assert "Témoignage 1" in french and f"/ui/items/{item_id}/review" in french and "relecture" in french
    assert flagged in french  # the archive's own account sees the full text: the passage as it is
    assert where not in french.replace(item_id, "")  # no character offsets
    assert not dst.exists() and not list(tmp_path.glob(".blocked.zip*"))
    officer = accounts.make("documentation_officer")
    client.post(f"/cases/{case_id}/assignments", json={"username": officer.username},
                headers=accounts.make("admin").headers)
    r = client.post(f"/cases/{case_id}/exports", json=to_board(archive, "strict"),
                    headers={**officer.headers, "Accept-Language": "fr"})
    body = r.json()
    assert r.status_code == 409 and body["code"] == "export_blocked_unreviewed" and body["item"] == item_id
    assert body["review"] == f"/ui/items/{item_id}/review" and body["title"] in body["error"]
    assert "Export bloqué" in body["error"] and body["passage"] in body["error"]
    r = client.post(f"/cases/{case_id}/exports", json=to_board(archive, "strict"),
                    headers={**officer.headers, "Accept-Language": "en"})
    assert r.json()["error"].startswith("Export blocked")


def test_when_a_case_title_names_a_person_then_the_bundle_names_the_case_by_its_redacted_title(
    archive: Archive, tmp_path: Path
) -> None:
    """Issue 19: a bundle is redacted material whoever exports it, so it carries the title's stored redacted form
    (made by the pipeline), never the title as typed: the name is neither in the bundle nor a reason to block."""
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier de Boubacar Traoré").id
    add_text(archive, SYSTEM, case_id, FIRST, tmp_path)
    work(archive)
    dst = tmp_path / "titled.zip"
    export_case(archive, actor=SYSTEM, case_id=case_id, profile="reparations", dst=dst)
    for name, data in _members(dst).items():
        assert b"Boubacar" not in data and "Traoré".encode() not in data, name
    assert verify_bundle(dst).ok


def test_when_spacy_files_a_name_under_misc_then_it_is_still_pseudonymised_in_the_bundle(
    archive: Archive, tmp_path: Path
) -> None:
    """Regression: "Déclaration de Fatoumata Diarra." came out as one MISC span, which the reparations profile
    kept. A merged span now takes its most identifying label, and MISC is never kept."""
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    add_text(archive, SYSTEM, case_id, MISC_HIDES_NAME, tmp_path)
    work(archive)
    dst = tmp_path / "m.zip"
    export_case(archive, actor=SYSTEM, case_id=case_id, profile="reparations", dst=dst)
    for name, data in _members(dst).items():
        assert b"Fatoumata" not in data and b"Diarra" not in data, name


def test_when_a_bundle_is_exported_listed_and_revoked_then_custody_and_listing_show_it(
    client: TestClient, archive: Archive, accounts: Accounts, tmp_path: Path
) -> None:
    rep = accounts.make("reparations_officer")
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    add_text(archive, SYSTEM, case_id, FIRST, tmp_path)
    work(archive)
    r = client.post(f"/cases/{case_id}/exports", json=to_board(archive, "reparations"), headers=rep.headers)
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    bundle_id = r.headers["x-bundle-id"]
    downloaded = tmp_path / "api.zip"
    downloaded.write_bytes(r.content)
    assert verify_bundle(downloaded).ok
    again = client.get(f"/exports/{bundle_id}", headers={**rep.headers, "Accept-Encoding": "gzip"})
    assert again.status_code == 200 and again.content == r.content
    for response in (r, again):  # a ZIP goes out as stored: never gzipped, its length and ranges intact
        assert "content-encoding" not in response.headers
        assert int(response.headers["content-length"]) == len(r.content)
    listed = client.get("/exports", headers=rep.headers).json()
    assert [(b["id"], b["revoked"]) for b in listed] == [(bundle_id, False)]
    revoked = client.post(f"/exports/{bundle_id}/revoke", json={"reason": "remis par erreur"}, headers=rep.headers)
    assert revoked.status_code == 200
    assert client.get("/exports", headers=rep.headers).json()[0]["revoked"] is True
    assert client.get(f"/exports/{bundle_id}", headers=rep.headers).status_code == 410
    with archive.db.session() as session:
        actions = session.execute(select(CustodyEntry.action).where(CustodyEntry.object_id.in_(
            [case_id, bundle_id]))).scalars().all()
    assert "export" in actions and "revoke" in actions


def test_when_keys_rotate_then_old_bundles_verify_with_the_old_key_through_the_cli(
    settings: Settings, archive: Archive, tmp_path: Path
) -> None:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    add_text(archive, SYSTEM, case_id, FIRST, tmp_path)
    work(archive)
    env = settings_env(settings)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*TEMOIN, *args], capture_output=True, text=True, env=env, timeout=300)

    old_zip = tmp_path / "old.zip"
    assert run("disclosures", "recipients", "add", "Commission des réparations", "--kind",
               "reparations_board").returncode == 0
    exported = run("export", case_id, "--profile", "reparations", "--to", "Commission des réparations",
                   "--purpose", "Dossier de réparation", "-o", str(old_zip), "--json")
    assert exported.returncode == 0, exported.stderr
    shown = json.loads(run("keys", "show", "--json").stdout)
    old_key = tmp_path / "old.pem"
    old_key.write_text(shown["public_key"], encoding="utf-8")
    rotated = json.loads(run("keys", "rotate", "--reason", "exercice annuel", "--json").stdout)
    assert rotated["old"] == shown["fingerprint"] != rotated["new"]
    new_key = tmp_path / "new.pem"
    new_key.write_text(json.loads(run("keys", "show", "--json").stdout)["public_key"], encoding="utf-8")
    assert run("verify", str(old_zip), "--key", str(old_key)).returncode == 0
    wrong = run("verify", str(old_zip), "--key", str(new_key), "--json")
    report = json.loads(wrong.stdout)
    assert wrong.returncode == 1 and report["first_bad"] == "signature.ed25519" and report["warnings"]
    with archive.db.session() as session:
        assert session.execute(select(CustodyEntry).where(CustodyEntry.action == "key_rotate")).scalars().all()


def _sine(path: Path, seconds: int) -> Path:
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency=440:sample_rate=192000:duration={seconds}", "-ac", "2", "-c:a", "pcm_s32le",
                    str(path)], check=True, timeout=300)
    return path


def _transcript(words: list[tuple[float, float, str]]) -> dict[str, object]:
    text = " ".join(w for _, _, w in words)
    return {"text": text, "media_type": "audio/wav", "ingestor": "test", "tool": "seeded transcript",
            "language": "fr", "segments": [{"start": words[0][0], "end": words[-1][1], "text": text,
                                            "words": [{"start": s, "end": e, "text": w, "probability": 1.0}
                                                      for s, e, w in words]}]}


def test_when_a_large_audio_item_is_exported_then_memory_stays_flat(archive: Archive, tmp_path: Path) -> None:
    from archive.items.artefacts import store_json_artefact

    wav = _sine(tmp_path / "long.wav", 260)  # 192 kHz, 2 x 32 bits: about 400 MB
    size = wav.stat().st_size
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    item_id = add_file(archive, SYSTEM, case_id, wav)
    words = [(1.0, 1.5, "Je"), (1.5, 2.0, "suis"), (2.0, 2.6, "Aminata"), (2.6, 3.4, "Coulibaly"),
             (200.0, 200.5, "appelez"), (200.5, 201.0, "le"), (201.0, 203.0, "76 12 34 56")]
    with archive.db.session() as session:  # the transcript Whisper would have made (ASR is not under test)
        store_json_artefact(session, archive.store, tmp_path / "w", item_id=item_id, kind="text",
                            document=_transcript(words), tool="test", actor_name="system", version=1)
    work(archive)
    process = psutil.Process()
    baseline, peak, done = process.memory_info().rss, [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        dst = tmp_path / "audio.zip"  # the survivor consented to identity disclosure: the voice may leave
        export_case(archive, actor=SYSTEM, case_id=case_id, profile="prosecution", dst=dst)
    finally:
        done.set()
        sampler.join()
    grew = peak[0] - baseline
    assert size > 350 * 1024 * 1024 and grew < size / 8, (size, grew)
    members = _members(dst)
    audio = next(n for n in members if n.endswith("audio.ogg"))
    assert len(members[audio]) > 100_000 and verify_bundle(dst).ok
    transcript = next(v for n, v in members.items() if n.endswith("transcript.txt")).decode("utf-8")
    assert "Aminata" not in transcript and "76 12 34 56" not in transcript
    assert io.BytesIO(members[audio]).read(4) == b"OggS"


def test_when_a_photographed_statement_is_checked_then_it_leaves_boxed_without_exif_gps_and_not_before(
    archive: Archive, tmp_path: Path
) -> None:
    from PIL import Image

    from archive.exports.checks import mark_checked
    from archive.models import Item
    from tests.ingest import generate

    photo = generate.jpeg_with_gps(tmp_path / "declaration.jpg", "Aminata Coulibaly au marché")
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    item_id = add_file(archive, SYSTEM, case_id, photo)
    work(archive)  # OCR, then the name is found in the text and becomes a needle for the image
    unchecked = tmp_path / "unchecked.zip"
    export_case(archive, actor=SYSTEM, case_id=case_id, profile="prosecution", dst=unchecked)
    names = list(_members(unchecked))
    assert not any("/image." in n for n in names) and any(n.endswith("/text.txt") for n in names)
    text = next(v for n, v in _members(unchecked).items() if n.endswith("/text.txt")).decode("utf-8")
    assert text.startswith("[page 1]") and "Aminata" not in text
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        assert item is not None
        mark_checked(session, archive, actor=SYSTEM, item=item, profile="reparations")
    dst = tmp_path / "photo.zip"
    export_case(archive, actor=SYSTEM, case_id=case_id, profile="reparations", dst=dst)
    members = _members(dst)
    image_name = next(n for n in members if "/image." in n)
    out = tmp_path / image_name.rsplit("/", 1)[-1]
    out.write_bytes(members[image_name])
    with Image.open(out) as img:
        assert not img.getexif() and "exif" not in img.info
    ocr = subprocess.run(["tesseract", str(out), "-", "-l", "fra+eng"], capture_output=True, text=True,
                         check=True).stdout
    assert "Aminata" not in ocr and "Coulibaly" not in ocr
    assert "march" in ocr.lower()  # the rest of the statement is still readable
    assert verify_bundle(dst).ok
    with archive.db.session() as session:
        actions = [e.action for e in session.execute(select(CustodyEntry).where(
            CustodyEntry.object_id == item_id)).scalars()]
    assert "media_check" in actions


def test_when_an_item_has_no_voice_or_scan_then_the_media_check_api_says_so(
    client: TestClient, archive: Archive, accounts: Accounts, tmp_path: Path
) -> None:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    item_id = add_text(archive, SYSTEM, case_id, SECOND, tmp_path)
    work(archive)
    admin = accounts.make("admin")
    officer = accounts.make("documentation_officer")
    client.post(f"/cases/{case_id}/assignments", json={"username": officer.username}, headers=admin.headers)
    listed = client.get(f"/items/{item_id}/media-checks", headers=officer.headers)
    assert listed.status_code == 200, listed.text
    assert {(r["profile"], r["kind"], r["release"]) for r in listed.json()} == {
        ("reparations", "none", "none"), ("prosecution", "none", "none"), ("strict", "none", "none")}
    r = client.post(f"/items/{item_id}/media-checks", json={"profile": "prosecution"},
                    headers={**officer.headers, "Accept-Language": "fr"})
    assert r.status_code == 422 and r.json()["code"] == "media_check_nothing" and "vérifier" in r.json()["error"]
    rep = accounts.make("reparations_officer")
    client.post(f"/cases/{case_id}/assignments", json={"username": rep.username}, headers=admin.headers)
    assert client.get(f"/items/{item_id}/media-checks", headers=rep.headers).status_code == 403


def test_when_a_bundle_leaves_through_any_door_then_the_register_records_its_recipient(
    client: TestClient, archive: Archive, accounts: Accounts, tmp_path: Path
) -> None:
    """Issue 17: every export names its recipient and purpose. One place owns the rule: the disclosure service is
    the only caller of the bundle engine in the archive (API, web, CLI, a claim's board bundle all go through it),
    and the API refuses an export without a recipient on record."""
    import ast

    import archive as package

    callers = set()
    for path in Path(package.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "export_case":
                callers.add(path.relative_to(Path(package.__file__).parent).as_posix())
    assert callers == {"disclosures/service.py"}, callers

    rep = accounts.make("reparations_officer")
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    add_text(archive, SYSTEM, case_id, FIRST, tmp_path)
    work(archive)
    fr = {**rep.headers, "Accept-Language": "fr"}
    missing = client.post(f"/cases/{case_id}/exports", json={"profile": "reparations"}, headers=fr)
    assert missing.status_code == 422
    unknown = client.post(f"/cases/{case_id}/exports", headers=fr,
                          json={"profile": "reparations", "to": "Greffe inconnu", "purpose": "Examen"})
    assert unknown.status_code == 404 and "Greffe inconnu" in unknown.json()["error"]
    r = client.post(f"/cases/{case_id}/exports", json=to_board(archive, "reparations"), headers=rep.headers)
    assert r.status_code == 200, r.text
    register = client.get("/disclosures", params={"case": case_id}, headers=rep.headers).json()
    assert [(d["bundle_sha256"], d["recipient"]) for d in register] == [
        (hashlib.sha256(r.content).hexdigest(), "Commission des réparations")]
    assert not any((archive.settings.data_dir / "bundles").glob(".pending-*"))
