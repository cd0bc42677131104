"""Synthetic testimonies for the search, review and export page tests, processed by the real worker
(extract -> redact -> index). Every name here is invented."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import select

from archive.cases.service import assign_case, create_case
from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.items.incoming import IncomingFile, ReceivedFile
from archive.items.schemas import ConsentGrant, Intake
from archive.items.service import add_item
from archive.jobs.worker import Worker
from archive.models import User
from archive.pipeline.stages import handlers
from archive.settings import Settings
from archive.users.service import create_user

PASSWORD = "un mot de passe solide"
#: Names the redaction must hide from every role that sees redacted text only.
NAMES = ("Mariam", "Sangaré", "Seydou", "Hawa", "Dembélé")
GAO = ("Je m'appelle Mariam Sangaré. Le 14 mars 2012, des hommes armés ont arrêté mon frère Seydou Sangaré "
       "au marché de Gao. Nous ne l'avons revu que trois semaines plus tard, blessé.\n")
MOPTI = ("Hawa Dembélé raconte que les militaires ont brûlé les greniers du village près de Mopti en 2013 "
         "et emmené les hommes vers le camp.\n")
SPEECH = "The soldiers came at night. They took my brother to the camp near the river."
ALL_SCOPES = ("internal_case_use", "share_reparations", "share_prosecution")


def settings_for(data_dir: Path, models: Path) -> Settings:
    return Settings(data_dir=data_dir, jwt_secret=SecretStr("w" * 48), max_upload_bytes=8 * 1024**2,
                    login_max_failures=50, worker_in_process=False, model_cache_dir=models)


def actor(archive: Archive, username: str) -> Actor:
    with archive.db.session() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        return Actor(user.username, user.role, user.id)


def user(archive: Archive, username: str, role: str) -> str:
    with archive.db.session() as s:
        create_user(s, actor=SYSTEM, username=username, role=role, password=PASSWORD)
    return username


def new_case(archive: Archive, officer: str, title: str, *, assign: tuple[str, ...] = ()) -> str:
    with archive.db.session() as s:
        case_id = create_case(session=s, actor=actor(archive, officer), title=title).id
        for name in assign:
            assign_case(session=s, actor=SYSTEM, case_id=case_id, username=name)
    return case_id


def _received(archive: Archive, data: bytes, filename: str) -> ReceivedFile:
    with IncomingFile(archive.settings.uploads_dir, limit=10**8, filename=filename) as incoming:
        incoming.write(data)
        return incoming.finish()


def add(archive: Archive, officer: str, case_id: str, data: bytes, filename: str, *, region: str = "Gao",
        language: str = "fr", violations: tuple[str, ...] = ("arbitrary_detention",),
        scopes: tuple[str, ...] = ALL_SCOPES, collected_at: dt.datetime | None = None) -> str:
    """One item with its intake and consent; the file name and collector name a survivor (hidden fields)."""
    intake = Intake(collected_at=collected_at, language=language, region=region,
                    violation_types=list(violations), testimony_type="survivor",
                    collected_by="Mariam Sangaré", locality="Quartier Sangaré")
    received = _received(archive, data, filename)
    try:
        return add_item(archive=archive, actor=actor(archive, officer), case_id=case_id,
                        received=received, intake=intake,
                        consent=[ConsentGrant(scope=scope) for scope in scopes]).item.id
    finally:
        received.path.unlink(missing_ok=True)


def speech_wav(path: Path, text: str = SPEECH) -> bytes:
    subprocess.run(["espeak-ng", "-v", "en", "-s", "130", "-w", str(path), text], check=True, capture_output=True,
                   timeout=60)
    return path.read_bytes()


def process(archive: Archive) -> int:
    """Run the real worker (extract, redact, index) until nothing is left."""
    return Worker(archive, handlers()).run_until_idle()


@dataclass(frozen=True)
class Seeded:
    """Two cases: Gao (typed statements and an English audio testimony) and Mopti; users of each role."""

    gao: str
    mopti: str
    gao_items: tuple[str, ...]
    mopti_item: str
    audio_item: str


def seed(archive: Archive, work: Path, *, extra_gao: int = 0) -> Seeded:
    for name, role in (("aminata", "documentation_officer"), ("oumar", "reparations_officer"),
                       ("maitre-traore", "lawyer"), ("moussa", "auditor")):
        user(archive, name, role)
    gao = new_case(archive, "aminata", "Dossier Gao 2012", assign=("maitre-traore",))
    mopti = new_case(archive, "aminata", "Dossier Mopti 2013")
    day = dt.datetime(2013, 3, 1, 9, tzinfo=dt.UTC)
    gao_items = [add(archive, "aminata", gao, GAO.encode(), "Mariam Sangaré.txt", collected_at=day)]
    for n in range(extra_gao):
        text = f"Déclaration {n + 1} : Seydou Sangaré a été arrêté au marché de Gao, puis détenu au camp.\n"
        gao_items.append(add(archive, "aminata", gao, text.encode(), f"declaration-{n + 1}.txt",
                             collected_at=day + dt.timedelta(days=n + 1)))
    audio = add(archive, "aminata", gao, speech_wav(work / "speech.wav"), "Seydou Sangaré.wav", language="en")
    mopti_item = add(archive, "aminata", mopti, MOPTI.encode(), "Hawa Dembélé.txt", region="Mopti",
                     violations=("looting", "displacement"))
    process(archive)
    return Seeded(gao, mopti, tuple(gao_items), mopti_item, audio)
