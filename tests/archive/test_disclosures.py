"""The disclosure register: evidence numbers, recipients, disclosures, graduated lifting with consent limits,
signed register extracts and the task list after a withdrawal (service level; the doors are in
test_disclosures_doors.py)."""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from archive.cases.service import create_case
from archive.consent import set_consent
from archive.context import Archive
from archive.custody import SYSTEM
from archive.disclosures import evidence
from archive.disclosures.register import register_extract, verify_extract
from archive.disclosures.schemas import DisclosureRow, LiftRequest
from archive.disclosures.service import (
    add_recipient,
    disclose,
    edit_reason,
    holders_to_notify,
    lift,
    list_disclosures,
    list_reasons,
)
from archive.errors import Conflict, ConsentMissing, Invalid, NotFound
from archive.exports.verify import verify_bundle
from archive.items.schemas import Intake
from archive.models import CustodyEntry, Item, RedactionSpan
from archive.settings import Settings
from tests.archive.exports_seed import ALL_SCOPES, FIRST, SECOND, add_text, work

NO_IDENTITY = tuple(s for s in ALL_SCOPES if s != "identity_disclosure")


@dataclass
class Seeded:
    archive: Archive
    case_id: str
    first: str  # consents to identity_disclosure
    second: str  # does not
    root: Path


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    root = tmp_path_factory.mktemp("disclosures")
    archive = Archive.open(Settings(data_dir=root / "data", jwt_secret=SecretStr("x" * 48)))
    try:
        with archive.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier Sévaré 2013").id
            add_recipient(session, actor=SYSTEM, name="Greffe de la Cour", kind="court_registry")
            add_recipient(session, actor=SYSTEM, name="Équipe de défense A", kind="defence_team")
        intake = Intake(language="fr", region="Ségou")
        first = add_text(archive, SYSTEM, case_id, FIRST, root, intake=intake)
        second = add_text(archive, SYSTEM, case_id, SECOND, root, intake=intake, scopes=NO_IDENTITY)
        work(archive)
        yield Seeded(archive, case_id, first, second, root)
    finally:
        archive.close()


def _manifest(path: Path) -> dict:  # type: ignore[type-arg]
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))  # type: ignore[no-any-return]


def _texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith("text.txt")}


def _span(seeded: Seeded, item_id: str, label: str, word: str) -> str:
    from archive.items.artefacts import item_text

    with seeded.archive.db.session() as session:
        item = session.get_one(Item, item_id)
        text = item_text(session, seeded.archive.store, item)
        assert text is not None
        spans = session.execute(select(RedactionSpan).where(RedactionSpan.item_id == item_id,
                                                            RedactionSpan.label == label)).scalars()
        return next(s.id for s in spans if word in text.text[s.start:s.end])


def test_when_items_are_taken_in_then_each_has_a_stable_unique_readable_evidence_number(seeded: Seeded) -> None:
    with seeded.archive.db.session() as session:
        numbers = evidence.numbers_for(session, [seeded.first, seeded.second])
    assert len(set(numbers.values())) == 2
    for number in numbers.values():
        assert evidence.CITATION.match(number) and number.startswith(f"TEM-{evidence.case_code(seeded.case_id)}-")
    with seeded.archive.db.session() as session:  # asking again never renumbers
        again = evidence.assign(session, settings=seeded.archive.settings, item=session.get_one(Item, seeded.first))
        assert again.number == numbers[seeded.first]
        cited = evidence.resolve(session, evidence.cite(again.number, page=3))
        assert (cited.item_id, cited.page) == (seeded.first, 3)
        assert evidence.resolve(session, f"{again.number}@93.5").seconds == 93.5
        with pytest.raises(Invalid):
            evidence.resolve(session, "TEM-nonsense")


def test_when_a_case_is_disclosed_twice_then_the_numbers_are_the_same_and_the_register_lists_both(
    seeded: Seeded,
) -> None:
    a = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                 recipient="Greffe de la Cour", purpose="Audience 1", dst=seeded.root / "a.zip")
    b = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                 recipient="Greffe de la Cour", purpose="Audience 2", dst=seeded.root / "b.zip")
    assert a.evidence_numbers == b.evidence_numbers and len(a.evidence_numbers) == 2
    for result, path in ((a, "a.zip"), (b, "b.zip")):
        manifest = _manifest(seeded.root / path)
        assert [i["evidence_number"] for i in manifest["items"]] == result.evidence_numbers
        with zipfile.ZipFile(seeded.root / path) as zf:
            summary = zf.read("summary.html").decode("utf-8")
        assert all(number in summary for number in result.evidence_numbers)
        assert manifest["disclosure"]["recipient"]["name"] == "Greffe de la Cour"
        assert all(s["label"] and s["found_by"] for i in manifest["items"] for s in i["spans"])
        assert verify_bundle(seeded.root / path).ok
    with seeded.archive.db.session() as session:
        rows = list_disclosures(session, actor=SYSTEM, recipient="Greffe de la Cour")
    mine = {r.id: r for r in rows}
    assert mine[a.disclosure_id].bundle_sha256 == a.export.sha256
    assert set(DisclosureRow.model_fields) == {"id", "recipient", "purpose", "profile", "bundle_sha256",
                                               "evidence_numbers", "created_at", "by"}


def test_when_the_recipient_is_unknown_then_the_disclosure_is_refused_naming_it_and_no_file_is_left(
    seeded: Seeded,
) -> None:
    dst = seeded.root / "unknown.zip"
    with pytest.raises(NotFound) as caught:
        disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                 recipient="Tribunal imaginaire", purpose="x", dst=dst)
    assert "Tribunal imaginaire" in caught.value.message("fr") and "Destinataire inconnu" in caught.value.message("fr")
    assert "Unknown recipient" in caught.value.message("en")
    assert not dst.exists()


def test_when_a_village_is_lifted_with_a_reason_then_the_next_bundle_shows_it_and_records_why(seeded: Seeded) -> None:
    first = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                     recipient="Équipe de défense A", purpose="Communication initiale", dst=seeded.root / "d1.zip")
    assert not any("Ngolobougou" in t for t in _texts(seeded.root / "d1.zip").values())
    village = _span(seeded, seeded.first, "LOC", "Ngolobougou")
    step = lift(seeded.archive, actor=SYSTEM, previous_id=first.disclosure_id, dst=seeded.root / "d2.zip",
                lifts=[LiftRequest(span=village, reason_code="ongoing_investigation", reason="lieu des faits")])
    texts = _texts(seeded.root / "d2.zip")
    assert any("Ngolobougou" in t for t in texts.values())
    assert not any(name in t for t in texts.values() for name in ("Aminata", "Coulibaly", "Boubacar"))
    manifest = _manifest(seeded.root / "d2.zip")
    block = manifest["disclosure"]
    assert block["previous"] == first.disclosure_id
    assert [(x["span"], x["reason_code"], x["reason"]) for x in block["lifted"]] == [
        (village, "ongoing_investigation", "lieu des faits")]
    assert verify_bundle(seeded.root / "d2.zip").ok
    with seeded.archive.db.session() as session:
        entry = session.execute(select(CustodyEntry).where(CustodyEntry.action == "lift",
                                                           CustodyEntry.object_id == step.disclosure_id)).scalar_one()
    assert "lieu des faits" not in entry.details  # free text sealed
    # A further step carries the earlier lift and adds a name, for an item whose survivor consented.
    name = _span(seeded, seeded.first, "PERSON", "Aminata")
    lift(seeded.archive, actor=SYSTEM, previous_id=step.disclosure_id, dst=seeded.root / "d3.zip",
         lifts=[LiftRequest(span=name, reason_code="other", reason="témoin protégé levé par la chambre")])
    texts3 = _texts(seeded.root / "d3.zip")
    assert any("Aminata" in t and "Ngolobougou" in t for t in texts3.values())
    assert len(_manifest(seeded.root / "d3.zip")["disclosure"]["lifted"]) == 2


def test_when_lifting_a_name_the_survivor_did_not_consent_to_then_it_is_refused_naming_it(seeded: Seeded) -> None:
    first = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                     recipient="Équipe de défense A", purpose="x", dst=seeded.root / "c1.zip")
    span = _span(seeded, seeded.second, "PERSON", "COULIBALY")
    dst = seeded.root / "c2.zip"
    with pytest.raises(ConsentMissing) as caught:
        lift(seeded.archive, actor=SYSTEM, previous_id=first.disclosure_id, dst=dst,
             lifts=[LiftRequest(span=span, reason_code="victim_privacy")])
    with seeded.archive.db.session() as session:
        number = evidence.numbers_for(session, [seeded.second])[seeded.second]
    assert span in caught.value.message("fr") and number in caught.value.message("fr")
    assert "(person)" in caught.value.message("en") and not dst.exists()  # the label in words


@pytest.mark.parametrize(("code", "text", "error"), [("nonsense", "", Invalid), ("other", "", Invalid)])
def test_when_the_reason_is_unknown_or_unexplained_then_the_lift_is_refused(
    seeded: Seeded, code: str, text: str, error: type[Exception]
) -> None:
    first = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                     recipient="Équipe de défense A", purpose="x", dst=seeded.root / f"r-{code}.zip")
    village = _span(seeded, seeded.first, "LOC", "Ngolobougou")
    with pytest.raises(error):
        lift(seeded.archive, actor=SYSTEM, previous_id=first.disclosure_id, dst=seeded.root / "r2.zip",
             lifts=[LiftRequest(span=village, reason_code=code, reason=text)])


def test_when_the_admin_edits_the_reasons_then_the_list_follows(seeded: Seeded) -> None:
    with seeded.archive.db.session() as session:
        edit_reason(session, actor=SYSTEM, code="court_order", label_fr="Ordonnance", label_en="Court order")
        edit_reason(session, actor=SYSTEM, code="other", label_fr="Autre", label_en="Other", active=False)
        codes = {r.code for r in list_reasons(session, active_only=True)}
    assert "court_order" in codes and "other" not in codes and "witness_safety" in codes
    with seeded.archive.db.session() as session:
        edit_reason(session, actor=SYSTEM, code="other", label_fr="Autre", label_en="Other", active=True)


def test_when_a_register_extract_is_tampered_then_verify_names_what_changed(seeded: Seeded) -> None:
    result = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                      recipient="Greffe de la Cour", purpose="Extrait", dst=seeded.root / "x.zip")
    data = register_extract(seeded.archive, actor=SYSTEM, case_id=seeded.case_id)
    good = verify_extract(data, bundles=(seeded.root / "x.zip",))
    assert good.ok and good.disclosures >= 1
    document = json.loads(data)
    row = next(r for r in document["body"]["disclosures"] if r["id"] == result.disclosure_id)
    row["recipient"] = "Quelqu'un d'autre"
    bad = verify_extract(json.dumps(document).encode(), lang="en")
    assert not bad.ok and bad.problem is not None and result.disclosure_id in bad.problem
    document = json.loads(data)
    document["body"]["created_at"] = "2001-01-01T00:00:00+00:00"
    assert "signature" in (verify_extract(json.dumps(document).encode(), lang="en").problem or "")
    other = seeded.root / "other.zip"
    other.write_bytes(b"not a bundle of this register")
    assert "other.zip" in (verify_extract(data, bundles=(other,), lang="en").problem or "")
    assert "format" in (verify_extract(b"{}", lang="en").problem or "")


def test_when_consent_is_withdrawn_after_a_disclosure_then_the_holders_are_listed_to_notify(tmp_path: Path) -> None:
    archive = Archive.open(Settings(data_dir=tmp_path / "data", jwt_secret=SecretStr("x" * 48)))
    try:
        with archive.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier Gao").id
            add_recipient(session, actor=SYSTEM, name="Commission des réparations", kind="reparations_board")
        item_id = add_text(archive, SYSTEM, case_id, "Ma maison a été brûlée en 2012.", tmp_path)
        work(archive)
        disclose(archive, actor=SYSTEM, case_id=case_id, profile="reparations",
                 recipient="Commission des réparations", purpose="Dossier 12", dst=tmp_path / "b.zip")
        with archive.db.session() as session:
            assert holders_to_notify(session, actor=SYSTEM, case_id=case_id) == []
            set_consent(session, actor=SYSTEM, item=session.get_one(Item, item_id), scope="share_reparations",
                        status="withdrawn")
        with archive.db.session() as session:
            tasks = holders_to_notify(session, actor=SYSTEM, case_id=case_id)
        assert [(t.item, t.recipient, t.scope) for t in tasks] == [
            (item_id, "Commission des réparations", "share_reparations")]
    finally:
        archive.close()


def test_when_two_lawyers_disclose_the_same_case_at_once_then_both_are_recorded_distinctly(seeded: Seeded) -> None:
    results, errors = [], []

    def run(n: int) -> None:
        try:
            results.append(disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                                    recipient="Greffe de la Cour", purpose=f"parallèle {n}",
                                    dst=seeded.root / f"p{n}.zip"))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 2
    assert results[0].export.bundle_id != results[1].export.bundle_id
    assert results[0].evidence_numbers == results[1].evidence_numbers
    with seeded.archive.db.session() as session:
        ids = {r.id for r in list_disclosures(session, actor=SYSTEM, case_id=seeded.case_id)}
    assert {r.disclosure_id for r in results} <= ids


def test_when_a_transfer_brings_a_number_held_here_by_another_item_then_it_is_refused_not_renumbered(
    seeded: Seeded,
) -> None:
    with seeded.archive.db.session() as session:
        mine = evidence.numbers_for(session, [seeded.first])[seeded.first]
        row = {"item_id": seeded.second, "number": mine, "prefix": mine.rsplit("-", 1)[0], "seq": 1}
        with pytest.raises(Conflict) as caught:
            evidence.adopt(session, [{**row}])
        assert mine in caught.value.message("fr")
        theirs = evidence.numbers_for(session, [seeded.second])[seeded.second]
        assert evidence.adopt(session, [{**row, "number": theirs}]) == []  # the same number again: kept
