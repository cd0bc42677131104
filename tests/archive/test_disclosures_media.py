"""Lifting redactions in the media that leave a bundle: a PDF with a text layer and a scanned page checked by an
officer. The lifted words appear in the new bundle's PDF page or image, every other redaction stays, and each
lifted span is recorded in the manifest with what the media shows of it (its reason in the disclosure block)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from pydantic import SecretStr
from sqlalchemy import select

from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.disclosures.schemas import LiftRequest
from archive.disclosures.service import add_recipient, disclose, lift
from archive.exports.checks import mark_checked
from archive.exports.verify import verify_bundle
from archive.items.artefacts import item_text
from archive.models import Item, RedactionSpan
from archive.settings import Settings
from redaction.ocr_words import ocr_words
from tests.archive.exports_seed import add_file, render_pdf, work
from tests.ingest import generate

VILLAGE = "Ngolobougou"
PDF_LINES = ("Déclaration de Fatoumata Diarra.\nElle vit au village de Ngolobougou près de Ségou.\n"
             "Téléphone : 00223 65 43 21 10.")
TWICE = ("Déclaration de Boubacar Traoré.\nIl est né au village de Ngolobougou.\n"
         "Sa mère vit encore au village de Ngolobougou.")
FORM = "Nom : Fatoumata Diarra\nVillage : Ngolobougou\nTéléphone : 65 43 21 10"
HIDDEN = ("Fatoumata", "Diarra", "65 43 21 10")


@dataclass
class Seeded:
    archive: Archive
    root: Path
    case_id: str
    pdf: str
    twice: str
    form: str


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    root = tmp_path_factory.mktemp("lift-media")
    archive = Archive.open(Settings(data_dir=root / "data", jwt_secret=SecretStr("x" * 48),
                                    model_cache_dir=tmp_path_factory.mktemp("models")))
    try:
        with archive.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier Ségou 2012").id
            add_recipient(session, actor=SYSTEM, name="Greffe de la Cour", kind="court_registry")
        pdf = add_file(archive, SYSTEM, case_id, render_pdf(root / "declaration.pdf", PDF_LINES))
        twice = add_file(archive, SYSTEM, case_id, render_pdf(root / "deux-fois.pdf", TWICE))
        png = root / "formulaire.png"
        generate.text_image(FORM, size=(1700, 560), font_size=56).save(png)
        form = add_file(archive, SYSTEM, case_id, png)
        work(archive)
        with archive.db.session() as session:  # an officer looked at the redacted scan: it leaves as an image
            mark_checked(session, archive, actor=SYSTEM, item=session.get_one(Item, form), profile="reparations")
        yield Seeded(archive, root, case_id, pdf, twice, form)
    finally:
        archive.close()


def _spans(seeded: Seeded, item_id: str, word: str) -> list[str]:
    with seeded.archive.db.session() as session:
        text = item_text(session, seeded.archive.store, session.get_one(Item, item_id))
        assert text is not None
        rows = session.execute(select(RedactionSpan).where(RedactionSpan.item_id == item_id,
                                                           RedactionSpan.text_sha256 == text.sha256)
                               .order_by(RedactionSpan.start)).scalars()
        return [s.id for s in rows if word in text.text[s.start:s.end]]


def _member(path: Path, item_id: str, suffix: str, out: Path) -> Path:
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist() if item_id[:8] in n and n.endswith(suffix))
        out.write_bytes(zf.read(name))
    return out


def _pdf_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def _manifest(path: Path) -> dict:  # type: ignore[type-arg]
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))  # type: ignore[no-any-return]


def test_when_a_village_is_lifted_then_the_new_bundles_pdf_page_shows_it_and_keeps_the_other_redactions(
    seeded: Seeded,
) -> None:
    root = seeded.root
    first = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                     recipient="Greffe de la Cour", purpose="Communication initiale", dst=root / "p1.zip")
    before = _pdf_text(_member(root / "p1.zip", seeded.pdf, ".pdf", root / "p1.pdf"))
    assert VILLAGE not in before and not any(word in before for word in HIDDEN)
    (village,) = _spans(seeded, seeded.pdf, VILLAGE)
    step = lift(seeded.archive, actor=SYSTEM, previous_id=first.disclosure_id, dst=root / "p2.zip",
                lifts=[LiftRequest(span=village, reason_code="ongoing_investigation", reason="lieu des faits")])
    after = _pdf_text(_member(root / "p2.zip", seeded.pdf, ".pdf", root / "p2.pdf"))
    assert VILLAGE in after
    assert not any(word in after for word in HIDDEN)  # the name and the number stay redacted
    manifest = _manifest(root / "p2.zip")
    entry = next(i for i in manifest["items"] if i["id"] == seeded.pdf)
    assert [(x["span"], x["media"]) for x in entry["lifted"]] == [(village, "shown")]
    reasons = {x["span"]: (x["reason_code"], x["reason"]) for x in manifest["disclosure"]["lifted"]}
    assert reasons[village] == ("ongoing_investigation", "lieu des faits")
    assert verify_bundle(root / "p2.zip").ok
    # A further step lifts the declarant's name (she consented to identity disclosure): a name of the case's
    # vault, masked in every PDF until now, shows on the page; the phone number stays redacted.
    (name,) = _spans(seeded, seeded.pdf, "Fatoumata")
    lift(seeded.archive, actor=SYSTEM, previous_id=step.disclosure_id, dst=root / "p3.zip",
         lifts=[LiftRequest(span=name, reason_code="witness_safety", reason="mesures de protection levées")])
    page = _pdf_text(_member(root / "p3.zip", seeded.pdf, ".pdf", root / "p3.pdf"))
    assert "Fatoumata Diarra" in page and VILLAGE in page and "65 43 21 10" not in page
    entry = next(i for i in _manifest(root / "p3.zip")["items"] if i["id"] == seeded.pdf)
    assert {x["span"]: x["media"] for x in entry["lifted"]} == {village: "shown", name: "shown"}
    assert verify_bundle(root / "p3.zip").ok
    with zipfile.ZipFile(root / "p3.zip") as zf:
        summary = zf.read("summary.html").decode("utf-8")
    assert "Greffe de la Cour" in summary and entry["evidence_number"] in summary
    assert "witness_safety" in summary and "ongoing_investigation" in summary
    assert "mesures de protection levées" not in summary  # free-text reasons stay in the manifest


def test_when_the_same_words_stay_redacted_elsewhere_then_the_pdf_keeps_them_masked_and_says_so(
    seeded: Seeded,
) -> None:
    root = seeded.root
    first = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                     recipient="Greffe de la Cour", purpose="Deux mentions", dst=root / "t1.zip")
    spans = _spans(seeded, seeded.twice, VILLAGE)
    assert len(spans) == 2
    lift(seeded.archive, actor=SYSTEM, previous_id=first.disclosure_id, dst=root / "t2.zip",
         lifts=[LiftRequest(span=spans[0], reason_code="witness_safety")])
    pdf = _pdf_text(_member(root / "t2.zip", seeded.twice, ".pdf", root / "t2.pdf"))
    assert VILLAGE not in pdf  # masked by string in the PDF: over-redaction, never a leak
    text = _member(root / "t2.zip", seeded.twice, "text.txt", root / "t2.txt").read_text(encoding="utf-8")
    assert text.count(VILLAGE) == 1  # the text shows exactly the lifted mention
    entry = next(i for i in _manifest(root / "t2.zip")["items"] if i["id"] == seeded.twice)
    assert [(x["span"], x["media"]) for x in entry["lifted"]] == [(spans[0], "masked")]


def test_when_a_village_is_lifted_on_a_checked_scan_then_the_image_shows_it_and_hides_the_rest(
    seeded: Seeded,
) -> None:
    root = seeded.root
    first = disclose(seeded.archive, actor=SYSTEM, case_id=seeded.case_id, profile="reparations",
                     recipient="Greffe de la Cour", purpose="Formulaire", dst=root / "s1.zip")

    def read(zip_path: Path, out: Path) -> str:
        return " ".join(w.text for w in ocr_words(_member(zip_path, seeded.form, ".png", out)))

    before = read(root / "s1.zip", root / "s1.png")
    assert VILLAGE not in before and "Village" in before  # the image left, the village masked
    spans = _spans(seeded, seeded.form, VILLAGE)
    assert spans
    lift(seeded.archive, actor=SYSTEM, previous_id=first.disclosure_id, dst=root / "s2.zip",
         lifts=[LiftRequest(span=s, reason_code="other", reason="ordonnance de la chambre") for s in spans])
    after = read(root / "s2.zip", root / "s2.png")
    assert VILLAGE in after
    assert "Fatoumata" not in after and "Diarra" not in after and "65" not in after.split()
    entry = next(i for i in _manifest(root / "s2.zip")["items"] if i["id"] == seeded.form)
    assert {x["media"] for x in entry["lifted"]} == {"shown"}
    assert verify_bundle(root / "s2.zip").ok
