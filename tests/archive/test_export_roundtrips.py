"""Round trips ingest -> review -> export -> verify, for every profile (issues 13 and 20): a testimony with a date
of birth, a rejected proposal, a corrected transcript, an OCR'd form (drawn with Pillow) and an espeak-ng
recording transcribed by Whisper. One archive and few, small inputs: the models are slow on small machines."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.exports.checks import mark_checked
from archive.exports.service import export_case
from archive.exports.verify import verify_bundle
from archive.items.artefacts import item_text
from archive.items.service import correct_text
from archive.models import Item, RedactionSpan
from archive.review.service import decide_span
from archive.settings import Settings
from tests.archive.exports_seed import add_file, add_text, work
from tests.ingest import generate

PROFILES = ("strict", "reparations", "prosecution")
WITHOUT_IDENTITY = ("internal_case_use", "share_reparations", "share_prosecution", "truth_commission_report")
DOB = "Je suis Salimata Konaté, née le 3 avril 1994. Des hommes armés ont brûlé notre maison en mars 2012."
REJECTED = "Awa Diallo a raconté que la foire de Dioro a été pillée en 2013 par des hommes armés."
FORM = ("FICHE D'ENREGISTREMENT\nNom : KONATE   Prénom(s) : Mariam\nNée le : 04/03/2000   Âge : 23 ans\n"
        "Tél. : 76 55 44 33\nVillage : Tienfala\nFaits : pillage")
SPEECH = "My name is Hawa Sangare. Soldiers burned the market in March twenty twelve. Thank you."
ORIGINAL = "temoin-originalname-9f3k"  # every file is ingested under a name containing this


@dataclass
class Seeded:
    archive: Archive
    root: Path
    cases: dict[str, str]
    items: dict[str, str]


def _case(archive: Archive, title: str) -> str:
    with archive.db.session() as session:
        return create_case(session=session, actor=SYSTEM, title=title).id


def _form_png(path: Path) -> Path:
    generate.text_image(FORM, size=(1700, 760), font_size=48).save(path)
    return path


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    root = tmp_path_factory.mktemp("roundtrips")
    archive = Archive.open(Settings(data_dir=root / "data", jwt_secret=SecretStr("x" * 48),
                                    model_cache_dir=tmp_path_factory.mktemp("models")))
    cases = {k: _case(archive, "Dossier Ségou 2012") for k in ("dob", "rejected", "form", "audio", "identity")}
    items = {
        "dob": add_text(archive, SYSTEM, cases["dob"], DOB, root),
        "rejected": add_text(archive, SYSTEM, cases["rejected"], REJECTED, root),
        "form": add_file(archive, SYSTEM, cases["form"], _form_png(root / f"{ORIGINAL}-form.png")),
    }
    wav = generate.speech_wav(root / f"{ORIGINAL}-speech.wav", SPEECH, "en", speed=130)
    again = root / f"{ORIGINAL}-speech-2.wav"
    again.write_bytes(wav.read_bytes())  # the upload takes the file it is given
    items["audio"] = add_file(archive, SYSTEM, cases["audio"], wav, scopes=WITHOUT_IDENTITY)
    items["identity"] = add_file(archive, SYSTEM, cases["identity"], again)  # consented to identity disclosure
    work(archive)
    try:
        yield Seeded(archive, root, cases, items)
    finally:
        archive.close()


def _export(seeded: Seeded, key: str, profile: str) -> dict[str, bytes]:
    dst = seeded.root / f"{key}-{profile}-{len(list(seeded.root.glob('*.zip')))}.zip"
    export_case(seeded.archive, actor=SYSTEM, case_id=seeded.cases[key], profile=profile, dst=dst)
    assert verify_bundle(dst).ok
    with zipfile.ZipFile(dst) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    for name, data in members.items():  # no original file name anywhere, custody extract included
        assert ORIGINAL not in name and ORIGINAL.encode() not in data, name
    return members


def _text(members: dict[str, bytes]) -> str:
    return "\n".join(v.decode("utf-8") for n, v in members.items() if n.endswith((".txt",)))


def _item(seeded: Seeded, key: str) -> Item:
    with seeded.archive.db.session() as session:
        item = session.get(Item, seeded.items[key])
        assert item is not None
        session.expunge(item)
        return item


@pytest.mark.parametrize("profile", PROFILES)
def test_when_a_testimony_gives_a_date_of_birth_then_every_profile_exports_it_redacted(
    seeded: Seeded, profile: str
) -> None:
    text = _text(_export(seeded, "dob", profile))
    assert "Salimata" not in text and "Konaté" not in text and "3 avril" not in text
    assert "mars 2012" in text  # the month and year of events stay
    if profile != "prosecution":
        assert "1994" not in text


@pytest.mark.parametrize("profile", PROFILES)
def test_when_a_person_rejected_a_proposal_then_it_is_never_flagged_again_and_the_export_succeeds(
    seeded: Seeded, profile: str
) -> None:
    archive = seeded.archive
    with archive.db.session() as session:
        item = session.get(Item, seeded.items["rejected"])
        assert item is not None
        text = item_text(session, archive.store, item)
        assert text is not None
        span = next(s for s in session.execute(select(RedactionSpan).where(
            RedactionSpan.item_id == item.id)).scalars() if "Dioro" in text.text[s.start:s.end])
        if span.status != "rejected":
            decide_span(session, archive, actor=SYSTEM, item=item, span_id=span.id, status="rejected",
                        reason="la foire est connue de tous")
    work(archive)
    text = _text(_export(seeded, "rejected", profile))
    assert "Dioro" in text  # the human decision stands: the machine does not overrule it
    assert "Awa" not in text and "Diallo" not in text


@pytest.mark.parametrize("profile", PROFILES)
def test_when_a_form_is_scanned_then_only_its_redacted_text_leaves_until_a_person_checks_the_image(
    seeded: Seeded, profile: str
) -> None:
    members = _export(seeded, "form", profile)
    assert not any("/image." in n for n in members)
    text = _text(members)
    assert "[page 1]" in text
    for value in ("Mariam", "04/03/2000", "76 55 44 33"):
        assert value not in text, value
    item = _item(seeded, "form")
    with seeded.archive.db.session() as session:
        mark_checked(session, seeded.archive, actor=SYSTEM, item=item, profile=profile)
    assert any("/image." in n for n in _export(seeded, "form", profile))


def test_when_a_voice_is_recorded_then_it_leaves_only_under_prosecution_with_consent_or_a_check(
    seeded: Seeded,
) -> None:
    for profile in ("strict", "reparations"):
        for key in ("audio", "identity"):
            members = _export(seeded, key, profile)
            assert not any(n.endswith("audio.ogg") for n in members)
            transcript = _text(members)
            assert transcript.startswith("[00:00:0") and "Sangare" not in transcript and "Hawa" not in transcript
            assert "[Person" in transcript  # the name was heard and redacted, not merely misheard
    assert any(n.endswith("audio.ogg") for n in _export(seeded, "identity", "prosecution"))
    assert not any(n.endswith("audio.ogg") for n in _export(seeded, "audio", "prosecution"))
    with seeded.archive.db.session() as session:
        mark_checked(session, seeded.archive, actor=SYSTEM, item=_item(seeded, "audio"), profile="prosecution")
    assert any(n.endswith("audio.ogg") for n in _export(seeded, "audio", "prosecution"))


def test_when_a_transcript_is_corrected_then_its_timing_survives_and_every_profile_exports(seeded: Seeded) -> None:
    archive = seeded.archive
    with archive.db.session() as session:
        item = session.get(Item, seeded.items["identity"])
        assert item is not None
        text = item_text(session, archive.store, item)
        assert text is not None
        half = text.text[: len(text.text) // 2].rsplit(" ", 1)[0]
        correct_text(session=session, store=archive.store, work_dir=seeded.root / "w", actor=SYSTEM, item=item,
                     text=half + " Hawa Sangare.", note="la fin était inaudible")
    work(archive)
    with archive.db.session() as session:
        item = session.get(Item, seeded.items["identity"])
        assert item is not None
        corrected = item_text(session, archive.store, item)
        assert corrected is not None and corrected.text.endswith("Hawa Sangare.")
        words = [w for s in corrected.document["segments"] for w in s["words"]]
        assert words and words[-1]["text"] == "Sangare." and words[-1]["end"] > 0
    for profile in PROFILES:
        members = _export(seeded, "identity", profile)
        assert "Sangare" not in _text(members)
        assert any(n.endswith("audio.ogg") for n in members) == (profile == "prosecution")
