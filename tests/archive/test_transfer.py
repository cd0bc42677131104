"""Field-office transfer: export since a date, import on a central archive, twice, tampered, with both custody
chains verifiable afterwards."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from archive import custody
from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.exports.signing import current_public, sign
from archive.models import Artefact, Blob, Case, ConsentEvent, CustodyEntry, Item, RedactionSpan
from archive.settings import Settings
from archive.transfer.export import export_since
from archive.transfer.foreign import verify_foreign
from archive.transfer.importer import import_package
from archive.transfer.package import CUSTODY, MANIFEST, SIGNATURE, TransferRefused
from tests.archive.exports_seed import FIRST, SECOND, add_text, work

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MODELS = (Blob, Case, Item, ConsentEvent, Artefact, RedactionSpan)
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Seed:
    data_dir: Path
    case_id: str
    root: Path


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """A field office's archive: one case, three processed texts (artefacts, spans, consent)."""
    root = tmp_path_factory.mktemp("transfer-seed")
    field = Archive.open(Settings(data_dir=root / "field", jwt_secret=SecretStr("x" * 48),
                                  archive_name="Antenne de Mopti"))
    try:
        with field.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier Mopti 2013").id
        add_text(field, SYSTEM, case_id, FIRST, root)
        add_text(field, SYSTEM, case_id, SECOND, root, scopes=("internal_case_use",))
        add_text(field, SYSTEM, case_id, "Le puits de Kona a été incendié en mars.", root)
        work(field)
    finally:
        field.close()
    return Seed(root / "field", case_id, root)


def _open(data: Path, name: str) -> Archive:
    return Archive.open(Settings(data_dir=data, jwt_secret=SecretStr("x" * 48), archive_name=name))


@pytest.fixture
def field(seed: Seed, tmp_path: Path) -> Iterator[Archive]:
    shutil.copytree(seed.data_dir, tmp_path / "field")
    archive = _open(tmp_path / "field", "Antenne de Mopti")
    yield archive
    archive.close()


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Archive]:
    archive = _open(tmp_path / "central", "CVJR Bamako")
    with archive.db.session() as session:
        create_case(session=session, actor=SYSTEM, title="Dossier central")
    yield archive
    archive.close()


@pytest.fixture
def package(field: Archive, tmp_path: Path) -> Path:
    return export_since(field, actor=SYSTEM, since=EPOCH, dst=tmp_path / "mopti.zip").path


def _key(archive: Archive) -> bytes:
    return current_public(archive.settings).pem


def _counts(archive: Archive) -> dict[str, int]:
    with archive.db.session() as session:
        return {m.__tablename__: session.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (*MODELS, CustodyEntry)}


def _verify_all(archive: Archive) -> tuple[bool, bool]:
    with archive.db.session() as session:
        return custody.verify_chain(session).ok, verify_foreign(session, archive.store).ok


def test_when_a_package_is_imported_then_every_record_and_object_arrives_and_both_chains_verify(
        field: Archive, central: Archive, package: Path) -> None:
    sent, before = _counts(field), _counts(central)
    report = import_package(central, actor=SYSTEM, path=package, key_pem=_key(field))
    after = _counts(central)
    for name in ("cases", "items", "consent_events", "artefacts", "redaction_spans"):
        assert after[name] == before[name] + sent[name], name
    assert after["blobs"] == before["blobs"] + sent["blobs"] + 1  # + the field office's custody entries
    assert report.custody_entries == sent["custody"] - 1  # the export's own entry follows the package
    assert _verify_all(central) == (True, True) and _verify_all(field) == (True, True)
    with central.db.session() as session:
        item_ids = session.execute(select(Item.id)).scalars().all()
        imports = session.execute(select(CustodyEntry).where(CustodyEntry.action == "import")).scalars().all()
        blobs = session.execute(select(Blob.sha256)).scalars().all()
    assert all(central.store.exists(sha) for sha in blobs)
    refs = {i.object_id: json.loads(i.details)["refs"] for i in imports if i.object_type == "item"}
    assert set(refs) == set(item_ids) and all(refs.values())  # each item points at its field-office entries


def test_when_the_same_package_is_imported_twice_then_nothing_is_added(
        field: Archive, central: Archive, package: Path) -> None:
    import_package(central, actor=SYSTEM, path=package, key_pem=_key(field))
    once = _counts(central)
    again = import_package(central, actor=SYSTEM, path=package)  # the key was pinned at the first import
    assert again.already_imported and _counts(central) == once


def test_when_a_later_package_overlaps_an_earlier_one_then_only_new_records_are_added(
        seed: Seed, field: Archive, central: Archive, package: Path, tmp_path: Path) -> None:
    import_package(central, actor=SYSTEM, path=package, key_pem=_key(field))
    once = _counts(central)
    add_text(field, SYSTEM, seed.case_id, "Un nouveau témoignage recueilli à Sévaré.", tmp_path,
             scopes=("internal_case_use",))
    later = export_since(field, actor=SYSTEM, since=EPOCH, dst=tmp_path / "mopti-2.zip").path
    report = import_package(central, actor=SYSTEM, path=later)
    assert report.added["items"] == 1 and report.added["consent_events"] == 1 and report.added["cases"] == 0
    assert report.skipped["items"] == once["items"] and _counts(central)["items"] == once["items"] + 1
    assert _verify_all(central) == (True, True)


def _rewrite(src: Path, dst: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    with zipfile.ZipFile(dst, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return dst


def _first_blob(members: dict[str, bytes]) -> str:
    return next(n for n in members if n.startswith("blobs/"))


def _flip_blob(m: dict[str, bytes]) -> None:
    m[_first_blob(m)] = m[_first_blob(m)] + b" "


def _edit_items(m: dict[str, bytes]) -> None:
    m["rows/items.json"] = m["rows/items.json"].replace(b'"confidentiality": "confidential"',
                                                        b'"confidentiality": "public"', 1)


def _edit_manifest(m: dict[str, bytes]) -> None:
    m[MANIFEST] = m[MANIFEST].replace(b"Antenne de Mopti", b"Antenne de Gao")


def _drop_custody(m: dict[str, bytes]) -> None:
    del m[CUSTODY]


def _add_member(m: dict[str, bytes]) -> None:
    m["rows/users.json"] = b"[]"


@pytest.mark.parametrize(("change", "named"), [
    (_flip_blob, "blobs/"),
    (_edit_items, "rows/items.json was altered"),
    (_edit_manifest, "signature of manifest.json does not verify"),
    (_drop_custody, "custody.json is listed in the manifest but missing"),
    (_add_member, "rows/users.json is in the package but not in the signed manifest"),
])
def test_when_a_package_was_tampered_with_then_it_is_refused_naming_the_file(
        field: Archive, central: Archive, package: Path, tmp_path: Path,
        change: Callable[[dict[str, bytes]], None], named: str) -> None:
    bad = _rewrite(package, tmp_path / "bad.zip", change)
    before = _counts(central)
    with pytest.raises(TransferRefused, match=named):
        import_package(central, actor=SYSTEM, path=bad, key_pem=_key(field))
    assert _counts(central) == before


def test_when_the_field_office_signs_a_broken_custody_segment_then_it_is_refused(
        field: Archive, central: Archive, package: Path, tmp_path: Path) -> None:
    def rewrite_history(m: dict[str, bytes]) -> None:
        entries: list[dict[str, Any]] = json.loads(m[CUSTODY])
        entries[1]["actor"] = "someone-else"
        m[CUSTODY] = json.dumps(entries, ensure_ascii=False, sort_keys=True).encode("utf-8")
        manifest = json.loads(m[MANIFEST])
        manifest["files"][CUSTODY] = {"sha256": hashlib.sha256(m[CUSTODY]).hexdigest(), "size": len(m[CUSTODY])}
        m[MANIFEST] = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        m[SIGNATURE] = sign(field.settings, m[MANIFEST])

    bad = _rewrite(package, tmp_path / "rewritten.zip", rewrite_history)
    with pytest.raises(TransferRefused, match=r"custody entries do not verify: entry \d+ was altered"):
        import_package(central, actor=SYSTEM, path=bad, key_pem=_key(field))


@pytest.mark.parametrize(("key", "named"), [
    ("none", "give the field office's public key with --key"),
    ("central", "does not verify with the key"),
])
def test_when_the_key_is_missing_or_wrong_then_the_package_is_refused(
        central: Archive, package: Path, key: str, named: str) -> None:
    pem = None if key == "none" else _key(central)
    with pytest.raises(TransferRefused, match=named):
        import_package(central, actor=SYSTEM, path=package, key_pem=pem)


def test_when_a_package_is_imported_into_the_archive_that_made_it_then_it_is_refused(
        field: Archive, package: Path) -> None:
    with pytest.raises(TransferRefused, match="exported by this very archive"):
        import_package(field, actor=SYSTEM, path=package, key_pem=_key(field))


def test_when_only_recent_records_are_asked_then_older_ones_stay_out(field: Archive, tmp_path: Path) -> None:
    result = export_since(field, actor=SYSTEM, since=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
                          dst=tmp_path / "empty.zip")
    assert result.counts == {"blobs": 0, "cases": 0, "items": 0, "consent_events": 0, "artefacts": 0,
                             "redaction_spans": 0, "evidence_numbers": 0, "custody": 0}


def test_when_the_cli_round_trips_a_package_then_json_reports_it(field: Archive, central: Archive,
                                                                 tmp_path: Path) -> None:
    def run(archive: Archive, *args: str) -> Any:
        env = {**os.environ, "TEMOIN_DATA_DIR": str(archive.settings.data_dir), "TEMOIN_JWT_SECRET": "x" * 48}
        proc = subprocess.run([sys.executable, "-m", "archive", *args, "--json"], capture_output=True, text=True,
                              env=env, timeout=300, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    key = tmp_path / "mopti.pem"
    key.write_bytes(_key(field))
    exported = run(field, "transfer", "export", "--since", "2000-01-01", "-o", str(tmp_path / "cli.zip"))
    imported = run(central, "transfer", "import", exported["path"], "--key", str(key))
    assert imported["origin"] == exported["archive_id"] and imported["added"]["items"] == exported["counts"]["items"]
    assert run(central, "transfer", "verify")["ok"] is True
    assert run(central, "audit", "verify")["ok"] is True


def test_when_an_import_is_interrupted_half_way_then_nothing_is_merged_and_the_rerun_completes(
        field: Archive, central: Archive, package: Path) -> None:
    from archive.storage.base import StorageError
    from archive.transfer.importer import TransferRefused

    before = _counts(central)
    real_put, calls = central.store.put, []

    def put_then_fail(*args: Any, **kwargs: Any) -> Any:  # the link to the store drops after one object
        calls.append(1)
        if len(calls) > 1:
            raise StorageError("connection reset by peer")
        return real_put(*args, **kwargs)

    central.store.put = put_then_fail  # type: ignore[method-assign]
    with pytest.raises(TransferRefused, match="could not be stored"):
        import_package(central, actor=SYSTEM, path=package, key_pem=_key(field))
    central.store.put = real_put  # type: ignore[method-assign]
    interrupted = _counts(central)
    assert {k: interrupted[k] for k in ("cases", "items", "custody")} == {k: before[k] for k in ("cases", "items",
                                                                                               "custody")}
    report = import_package(central, actor=SYSTEM, path=package, key_pem=_key(field))
    assert not report.already_imported and _counts(central)["items"] == before["items"] + _counts(field)["items"]
    assert _verify_all(central) == (True, True)


def test_when_typed_titles_arrive_by_transfer_then_this_archive_makes_their_redacted_forms(
        field: Archive, central: Archive, tmp_path: Path) -> None:
    """Issue 19: a title's redacted form is made (and keyed) by the archive that shows it. Until the central
    archive has made its own, a redacted-only reader there gets the title withheld; after the import's jobs it
    gets a form without the name, and no field stays stale."""
    from archive.freetext.service import current_forms, stale, typed_fields

    title = "Exactions à Diafarabé contre la famille Coulibaly"
    with field.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title=title).id
    add_text(field, SYSTEM, case_id, "Ma voisine Awa Coulibaly a été enlevée en 2013.", tmp_path)
    work(field)
    package = export_since(field, actor=SYSTEM, since=EPOCH, dst=tmp_path / "titles.zip").path
    import_package(central, actor=SYSTEM, path=package, key_pem=_key(field))

    def forms() -> tuple[list[Any], dict[tuple[str, str, str], str]]:
        with central.db.session() as session:
            case = session.get(Case, case_id)
            assert case is not None and case.title == title  # the typed title arrives as typed
            items = session.execute(select(Item).where(Item.case_id == case_id)).scalars().all()
            fields = typed_fields(case, items)
            return stale(session, central.key, fields), current_forms(session, [f.ref for f in fields])

    todo, _ = forms()
    assert ("case", case_id, "title") in {f.ref for f in todo}  # withheld here until made here
    work(central)
    todo, made = forms()
    assert todo == []
    shown = made[("case", case_id, "title")]
    assert shown and "Coulibaly" not in shown
