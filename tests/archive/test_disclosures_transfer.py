"""Evidence numbers across a field-office transfer and a migration: kept as numbered, never reused, unique."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import select

from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.disclosures.models import EvidenceNumber
from archive.exports.signing import current_public
from archive.settings import Settings
from archive.transfer.export import export_since
from archive.transfer.importer import import_package
from tests.archive.exports_seed import add_text

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _open(path: Path, name: str) -> Archive:
    return Archive.open(Settings(data_dir=path, jwt_secret=SecretStr("x" * 48), archive_name=name))


def _numbers(archive: Archive) -> dict[str, str]:
    with archive.db.session() as session:
        return {r.item_id: r.number for r in session.execute(select(EvidenceNumber)).scalars()}


def test_when_a_field_office_package_is_imported_then_its_numbers_arrive_unchanged_and_stay_unique(
    tmp_path: Path,
) -> None:
    field, central = _open(tmp_path / "field", "Antenne de Mopti"), _open(tmp_path / "central", "CVJR Bamako")
    try:
        with field.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier Mopti 2013").id
        for n in range(3):
            add_text(field, SYSTEM, case_id, f"Témoignage {n} : le puits a été incendié.", tmp_path)
        sent = _numbers(field)
        package = export_since(field, actor=SYSTEM, since=EPOCH, dst=tmp_path / "mopti.zip").path
        with central.db.session() as session:
            own_case = create_case(session=session, actor=SYSTEM, title="Dossier central").id
        add_text(central, SYSTEM, own_case, "Déclaration reçue à Bamako.", tmp_path)
        report = import_package(central, actor=SYSTEM, path=package, key_pem=current_public(field.settings).pem)
        assert report.added["evidence_numbers"] == 3
        here = _numbers(central)
        assert {k: here[k] for k in sent} == sent  # the same item, the same number, wherever it is read
        # The central archive goes on numbering the transferred case under its own office code: no collision.
        with central.db.session() as session:
            from archive.items.service import get_case

            assert get_case(session, case_id)
        add_text(central, SYSTEM, case_id, "Complément recueilli à Bamako.", tmp_path)
        after = _numbers(central)
        assert len(set(after.values())) == len(after) == 5
        assert import_package(central, actor=SYSTEM, path=package).already_imported
        assert _numbers(central) == after
    finally:
        field.close()
        central.close()


def test_when_an_older_package_has_no_numbers_then_the_import_still_merges_it(tmp_path: Path) -> None:
    import json
    import zipfile

    from archive.exports.signing import sign
    from archive.transfer.package import MANIFEST, SIGNATURE

    field, central = _open(tmp_path / "field", "Antenne de Gao"), _open(tmp_path / "central", "CVJR Bamako")
    try:
        with field.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier Gao").id
        add_text(field, SYSTEM, case_id, "Ma maison a été brûlée.", tmp_path)
        package = export_since(field, actor=SYSTEM, since=EPOCH, dst=tmp_path / "gao.zip").path
        older = tmp_path / "older.zip"  # as a field office without this release would have signed it
        with zipfile.ZipFile(package) as src, zipfile.ZipFile(older, "w") as out:
            manifest = json.loads(src.read(MANIFEST))
            manifest["files"].pop("rows/evidence_numbers.json")
            data = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
            for info in src.infolist():
                if info.filename in ("rows/evidence_numbers.json", MANIFEST, SIGNATURE):
                    continue
                out.writestr(info, src.read(info.filename))
            out.writestr(MANIFEST, data)
            out.writestr(SIGNATURE, sign(field.settings, data))
        report = import_package(central, actor=SYSTEM, path=older, key_pem=current_public(field.settings).pem)
        assert report.added["items"] == 1 and "evidence_numbers" not in report.added
    finally:
        field.close()
        central.close()


def test_when_items_predate_the_numbering_then_the_first_disclosure_numbers_them_once(tmp_path: Path) -> None:
    from archive.disclosures.service import add_recipient, disclose
    from tests.archive.exports_seed import work

    archive = _open(tmp_path / "data", "CVJR Bamako")
    try:
        with archive.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier ancien").id
            add_recipient(session, actor=SYSTEM, name="Greffe", kind="court_registry")
        item_id = add_text(archive, SYSTEM, case_id, "Ma maison a été brûlée en 2012.", tmp_path)
        work(archive)
        with archive.db.session() as session:  # as an archive migrated from before revision 0011
            session.delete(session.get_one(EvidenceNumber, item_id))
        first = disclose(archive, actor=SYSTEM, case_id=case_id, profile="reparations", recipient="Greffe",
                         purpose="1", dst=tmp_path / "1.zip")
        again = disclose(archive, actor=SYSTEM, case_id=case_id, profile="reparations", recipient="Greffe",
                         purpose="2", dst=tmp_path / "2.zip")
        assert first.evidence_numbers == again.evidence_numbers == [_numbers(archive)[item_id]]
        assert first.evidence_numbers[0].endswith("-0002")  # number 0001 was given once: never reused
    finally:
        archive.close()


def test_when_the_schema_is_migrated_then_the_disclosure_tables_match_their_models(archive: Archive) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from archive.models import Base

    mine = {"evidence_numbers", "evidence_sequences", "recipients", "disclosures", "lifted_spans", "lift_reasons"}
    with archive.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)

    def tables_of(change: object) -> set[str]:
        found: set[str] = set()
        for part in change if isinstance(change, list) else [change]:
            for value in part if isinstance(part, tuple) else (part,):
                name = getattr(value, "name", None) if not isinstance(value, str) else value
                table = getattr(value, "table", None)
                found |= {n for n in (name, getattr(table, "name", None)) if isinstance(n, str)}
        return found

    assert [d for d in diff if tables_of(d) & mine] == []


def test_when_an_archive_is_migrated_then_its_numbers_arrive_unchanged_and_new_intake_never_reuses_one(
    tmp_path: Path,
) -> None:
    from archive.cli.migrate import target_settings
    from archive.disclosures.models import EvidenceSequence
    from archive.migrate import migrate

    source = _open(tmp_path / "data", "CVJR Bamako")
    try:
        with source.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier Kona 2013").id
        for n in range(3):
            add_text(source, SYSTEM, case_id, f"Témoignage {n} : le marché de Kona a été pillé.", tmp_path)
        before = _numbers(source)
        settings = target_settings(source.settings, to=f"sqlite:///{tmp_path / 'target.db'}",
                                   storage=f"local:{tmp_path / 'objects'}", search=f"embedded:{tmp_path / 'index'}")
        target = Archive.open(settings, migrate=False)
        try:
            migrate(source, target)
            assert _numbers(target) == before  # the same item, the same number, on the new servers
            add_text(target, SYSTEM, case_id, "Complément recueilli après la migration.", tmp_path)
            with target.db.session() as session:  # as if the sequence had not come across: held numbers are skipped
                session.delete(session.get_one(EvidenceSequence, next(iter(before.values())).rsplit("-", 1)[0]))
            add_text(target, SYSTEM, case_id, "Second complément après la migration.", tmp_path)
            after = _numbers(target)
        finally:
            target.close()
    finally:
        source.close()
    assert {k: after[k] for k in before} == before
    assert len(set(after.values())) == len(after) == 5
    assert sorted(n.rsplit("-", 1)[1] for n in after.values()) == ["0001", "0002", "0003", "0004", "0005"]
