"""Evidence numbers: ``TEM-<case code>-<office code>-<sequence>``, assigned once at intake, never changed or
reused, citable per page (``TEM-3F2A9C-B71E-0007:4``) or per second of audio (``TEM-3F2A9C-B71E-0007@93``).

The case code is the first six hex digits of the case id, the office code the first four of the archive id
(``<data_dir>/keys/archive.id``, made once): a field office and the central archive number their own items
under different prefixes, so a transfer brings numbers that cannot collide with the central ones, and a
migration copies the rows as they are. The sequence is kept per prefix and locked while numbering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from archive.disclosures.models import EvidenceNumber, EvidenceSequence
from archive.errors import Conflict, Invalid, NotFound
from archive.items.artefacts import piece_starts
from archive.models import Item
from archive.settings import Settings

CITATION = re.compile(r"^(?P<number>TEM-[0-9A-F]{6}-[0-9A-F]{4}-\d{4,})"
                      r"(?::(?P<page>\d+)|@(?P<seconds>\d+(?:\.\d+)?))?$")


def case_code(case_id: str) -> str:
    return case_id.replace("-", "")[:6].upper()


def office_code(settings: Settings) -> str:
    from archive.exports.signing import archive_id

    return archive_id(settings).replace("-", "")[:4].upper()


def _sequence(session: Session, prefix: str) -> EvidenceSequence:
    query = select(EvidenceSequence).where(EvidenceSequence.prefix == prefix).with_for_update()
    row = session.execute(query).scalar_one_or_none()
    if row is not None:
        return row
    try:
        with session.begin_nested():
            session.add(EvidenceSequence(prefix=prefix, last=0))
    except IntegrityError:  # another intake made it at the same moment: use theirs, locked
        pass
    return session.execute(query).scalar_one()


def assign(session: Session, *, settings: Settings, item: Item) -> EvidenceNumber:
    """The item's evidence number, made now if it has none (in the caller's transaction)."""
    existing = session.get(EvidenceNumber, item.id)
    if existing is not None:
        return existing
    prefix = f"TEM-{case_code(item.case_id)}-{office_code(settings)}"
    sequence = _sequence(session, prefix)
    existing = session.get(EvidenceNumber, item.id, populate_existing=True)
    if existing is not None:  # numbered by another transaction while this one waited for the sequence
        return existing
    while True:  # a number that arrived from elsewhere is skipped, never given twice
        sequence.last += 1
        number = f"{prefix}-{sequence.last:04d}"
        if session.execute(select(EvidenceNumber.item_id).where(EvidenceNumber.number == number)).first() is None:
            break
    row = EvidenceNumber(item_id=item.id, number=number, prefix=prefix, seq=sequence.last)
    session.add(row)
    session.flush()
    return row


def number_of(session: Session, item_id: str) -> str | None:
    row = session.get(EvidenceNumber, item_id)
    return row.number if row is not None else None


def numbers_for(session: Session, item_ids: Iterable[str]) -> dict[str, str]:
    ids = list(item_ids)
    if not ids:
        return {}
    rows = session.execute(select(EvidenceNumber).where(EvidenceNumber.item_id.in_(ids))).scalars()
    return {r.item_id: r.number for r in rows}


def adopt(session: Session, rows: list[dict[str, object]]) -> list[str]:
    """Evidence numbers arriving with a field office's items: kept as they are (same item, same number).
    A number already held here by ANOTHER item is refused, naming it, rather than renumbered."""
    added = []
    for row in rows:
        item_id, number = str(row["item_id"]), str(row["number"])
        mine = session.get(EvidenceNumber, item_id)
        if mine is not None:
            if mine.number != number:
                raise Conflict("evidence_number_changed", item=item_id, ours=mine.number, theirs=number)
            continue
        holder = session.execute(select(EvidenceNumber.item_id).where(EvidenceNumber.number == number)).first()
        if holder is not None:
            raise Conflict("evidence_number_collision", number=number, item=item_id, holder=holder[0])
        session.add(EvidenceNumber(**row))
        added.append(item_id)
    session.flush()
    return added


@dataclass(frozen=True)
class Citation:
    item_id: str
    number: str
    page: int | None
    seconds: float | None


def cite(number: str, *, page: int | None = None, seconds: float | None = None) -> str:
    if page is not None:
        return f"{number}:{page}"
    if seconds is not None:
        return f"{number}@{seconds:g}"
    return number


def locate(document: Mapping[str, Any], offset: int) -> tuple[int | None, float | None]:
    """The page (a paged text) or the second (a transcript) where character ``offset`` of the item's text lies."""
    full = str(document.get("text", ""))
    pages = [p for p in document.get("pages", []) or [] if isinstance(p, dict)]
    if pages:
        starts = piece_starts(full, [str(p.get("text", "")) for p in pages])
        at = max((i for i, start in enumerate(starts) if start <= offset), default=0)
        return int(pages[at].get("number", at + 1)), None
    segments = [s for s in document.get("segments", []) or [] if isinstance(s, dict)]
    if segments:
        starts = piece_starts(full, [str(s.get("text", "")) for s in segments])
        at = max((i for i, start in enumerate(starts) if start <= offset), default=0)
        return None, float(segments[at].get("start", 0.0))
    return None, None


def cite_passage(number: str, document: Mapping[str, Any], start: int) -> str:
    """A passage's citation: ``NUMBER:page`` in a paged text, ``NUMBER@seconds`` in a transcript (the second
    its segment begins, as the search hits and the player's anchors give it), otherwise ``NUMBER`` (with the
    character range given beside it)."""
    page, seconds = locate(document, start)
    return cite(number, page=page, seconds=seconds)


def resolve_syntax(citation: str) -> tuple[str, int | None, float | None]:
    """``NUMBER``, ``NUMBER:page`` or ``NUMBER@seconds`` read apart: (number, page, seconds); no lookup."""
    match = CITATION.match(citation.strip())
    if match is None:
        raise Invalid("citation_invalid", citation=citation)
    page = int(match["page"]) if match["page"] else None
    seconds = float(match["seconds"]) if match["seconds"] else None
    return match["number"], page, seconds


def resolve(session: Session, citation: str) -> Citation:
    """``NUMBER``, ``NUMBER:page`` or ``NUMBER@seconds`` back to the item it names."""
    number, page, seconds = resolve_syntax(citation)
    row = session.execute(select(EvidenceNumber).where(EvidenceNumber.number == number)).scalar_one_or_none()
    if row is None:
        raise NotFound("evidence_number_unknown", number=number)
    return Citation(row.item_id, row.number, page, seconds)
