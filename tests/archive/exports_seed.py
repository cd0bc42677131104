"""Seeding helpers for the export tests: a case with typed texts and a rendered PDF, processed by the
real worker (extract + redact stages)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf

from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.items.incoming import ReceivedFile
from archive.items.schemas import ConsentGrant, Intake
from archive.items.service import add_item
from archive.jobs.worker import Worker
from archive.pipeline.stages import handlers

FIRST = ("Je m'appelle Aminata Coulibaly, née le 3 avril 1994, je vis au village de Ngolobougou près de Ségou. "
         "Des hommes armés ont emmené mon mari Boubacar Traoré. Appelez-moi au +223 76 12 34 56.")
SECOND = "Ma voisine a vu COULIBALY partir avec Boubacar vers le camp. Mon numéro est le 66.45.12.09."
PDF_TEXT = "Fatoumata Diarra a déclaré avoir vu Boubacar Traoré être frappé.\nTéléphone : 00223 65 43 21 10."
#: The recognizers merge this name into a MISC span, which the reparations profile keeps: the leak check
#: must catch it (the vault knows the name).
MISC_HIDES_NAME = "Déclaration de Fatoumata Diarra.\nElle a vu Boubacar Traoré être frappé."
NAMES = ("Aminata", "Coulibaly", "Boubacar", "Traoré", "Fatoumata", "Diarra")
NUMBERS = ("76 12 34 56", "76123456", "66.45.12.09", "66451209", "65 43 21 10", "65432110")
VILLAGES = ("Ngolobougou",)
ALL_SCOPES = ("internal_case_use", "share_reparations", "share_prosecution", "truth_commission_report",
              "identity_disclosure")


def received(path: Path, name: str) -> ReceivedFile:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return ReceivedFile(path, digest.hexdigest(), path.stat().st_size, name)


def render_pdf(path: Path, text: str) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), text, fontsize=12)
    doc.set_metadata({"author": "Aminata Coulibaly", "title": "Témoignage"})
    doc.save(path)
    doc.close()
    return path


def add_file(archive: Archive, actor: Actor, case_id: str, path: Path, *, scopes: tuple[str, ...] = ALL_SCOPES,
             intake: Intake | None = None) -> str:
    added = add_item(archive=archive, actor=actor, case_id=case_id,
                     received=received(path, path.name), intake=intake or Intake(language="fr", region="Ségou"),
                     consent=[ConsentGrant(scope=s) for s in scopes])
    return added.item.id


def add_text(archive: Archive, actor: Actor, case_id: str, text: str, tmp: Path, *,
             scopes: tuple[str, ...] = ALL_SCOPES, intake: Intake | None = None) -> str:
    path = tmp / f"text-{hashlib.sha256(text.encode()).hexdigest()[:8]}.txt"
    path.write_text(text, encoding="utf-8")
    return add_file(archive, actor, case_id, path, scopes=scopes, intake=intake)


def work(archive: Archive) -> None:
    Worker(archive, handlers()).run_until_idle()


BOARD = "Commission des réparations"


def recipient(archive: Archive, name: str = BOARD, kind: str = "reparations_board") -> str:
    """A recipient on record (every bundle names who receives it), made once per archive; its id."""
    from sqlalchemy import select

    from archive.disclosures.models import Recipient
    from archive.disclosures.service import add_recipient

    with archive.db.session() as session:
        found = session.execute(select(Recipient.id).where(Recipient.name == name)).scalar_one_or_none()
        return found or add_recipient(session, actor=SYSTEM, name=name, kind=kind).id


def to_board(archive: Archive, profile: str) -> dict[str, str]:
    """The body of `POST /cases/{id}/exports`: the profile, a recipient on record and a purpose."""
    return {"profile": profile, "to": recipient(archive), "purpose": "Examen des demandes de réparation"}
