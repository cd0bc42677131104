"""Phase one of an export, inside one transaction: who may see what, the redacted text of every allowed
item (reviewed spans + the case's pseudonyms), a fresh automatic pass that blocks on anything unreviewed,
and the custody entries to include. Nothing slow (PDF, audio) happens here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import require
from archive.consent import decide_access, granted_scopes
from archive.custody import Actor
from archive.disclosures import evidence
from archive.errors import Conflict, ConsentMissing, PermissionDenied
from archive.exports.purposes import scope_for
from archive.items.artefacts import ItemText, item_text
from archive.models import CustodyHead, Item, RedactionSpan
from archive.review import vault
from archive.review.redacted import LIVE, engine_lang, redacted
from redaction.findings import RedactionResult

if TYPE_CHECKING:
    from archive.context import Archive


class ExportRefused(PermissionDenied):
    """No item of the case may be exported for this purpose (or the role may not export)."""


class ExportBlocked(Conflict):
    """Something found before writing must be reviewed first; the message names the item or file and span."""

    def __init__(self, detail: str) -> None:
        super().__init__("export_blocked", detail=detail)


@dataclass(frozen=True)
class Withheld:
    item_id: str
    reason: str


@dataclass(frozen=True)
class Review:
    reviewers: tuple[str, ...]
    last_reviewed_at: str | None
    by_status: dict[str, int]


@dataclass
class ItemPlan:
    index: int
    item: Item
    text: ItemText
    result: RedactionResult
    review: Review
    scopes: tuple[str, ...]
    needles: tuple[str, ...] = ()
    words: list[tuple[float, float, str]] = field(default_factory=list)
    evidence_number: str | None = None


@dataclass
class ExportPlan:
    case_id: str
    case_title: str
    profile: str
    scope: str
    items: list[ItemPlan]
    withheld: list[Withheld]
    vault_names: tuple[str, ...]
    custody_entries: list[dict[str, Any]]
    custody_head: dict[str, Any]
    #: The texts of the spans lifted for this disclosure: the leak check lets them through, nothing else.
    lifted_texts: tuple[str, ...] = ()


def _review(session: Session, item_id: str, text_sha: str) -> Review:
    spans = session.execute(select(RedactionSpan).where(RedactionSpan.item_id == item_id,
                                                        RedactionSpan.text_sha256 == text_sha)).scalars().all()
    counts: dict[str, int] = {}
    for s in spans:
        counts[s.status] = counts.get(s.status, 0) + 1
    times = [s.reviewed_at for s in spans if s.reviewed_at is not None]
    reviewers = sorted({s.reviewer for s in spans if s.reviewer})
    return Review(tuple(reviewers), max(times).isoformat() if times else None, counts)


def unreviewed(session: Session, archive: Archive, item: Item, text: ItemText,
               names: list[str]) -> list[tuple[int, int, str, str]]:
    """Spans a fresh automatic pass finds today that no stored span covers: (start, end, label, recognizer)."""
    stored = session.execute(select(RedactionSpan).where(RedactionSpan.item_id == item.id,
                                                         RedactionSpan.text_sha256 == text.sha256)).scalars().all()
    live = [(s.start, s.end) for s in stored if s.status in LIVE]
    rejected = {(s.start, s.end) for s in stored if s.status == "rejected"}
    with archive.spacy_pass() as engine:
        fresh = engine.analyze(text.text, lang=engine_lang(item), case_names=names)
    new = []
    for f in fresh:
        if f.keep or (f.start, f.end) in rejected:
            continue
        if not any(start <= f.start and f.end <= end for start, end in live):
            new.append((f.start, f.end, f.label, f.recognizer))
    return new


def _timed_words(document: dict[str, Any]) -> list[tuple[float, float, str]]:
    words: list[tuple[float, float, str]] = []
    for segment in document.get("segments") or []:
        for w in segment.get("words") or []:
            words.append((float(w["start"]), float(w["end"]), str(w["text"])))
    return words


def _needles(result: RedactionResult, names: list[str]) -> tuple[str, ...]:
    removed = [e.text for e in result.entities if e.action != "keep"]
    return tuple(dict.fromkeys([*removed, *names]))


def _access(session: Session, actor: Actor, item: Item, scope: str) -> tuple[str, ...] | str:
    """The consent scopes relied on, or the reason the item is withheld."""
    try:
        grant = decide_access(session, actor=actor, item=item, purpose="read")
    except PermissionDenied as exc:
        return exc.message("en")
    if scope not in granted_scopes(session, item.id):
        return ConsentMissing("consent_missing", scope=scope).message("en")
    return tuple(dict.fromkeys([*grant.scopes, scope]))


def make_plan(session: Session, archive: Archive, *, actor: Actor, case_id: str,
              case_title: str, profile: str, lifted: frozenset[str] = frozenset()) -> ExportPlan:
    require(actor, "export")
    scope = scope_for(profile)
    items = session.execute(select(Item).where(Item.case_id == case_id).order_by(Item.created_at, Item.id)
                            ).scalars().all()
    key, store = archive.key, archive.store
    names = vault.person_names(vault.load(session, key, case_id))
    plans: list[ItemPlan] = []
    withheld: list[Withheld] = []
    for item in items:
        access = _access(session, actor, item, scope)
        if isinstance(access, str):
            withheld.append(Withheld(item.id, access))
            continue
        text = item_text(session, store, item)
        if text is None:
            withheld.append(Withheld(item.id, f"not extracted yet (status {item.status}): no redacted form exists"))
            continue
        new = unreviewed(session, archive, item, text, names)
        if new:
            start, end, label, recognizer = new[0]
            raise ExportBlocked(
                f"item {item.id}: the fresh automatic pass found {len(new)} span(s) nobody reviewed, first "
                f"{label} at characters {start}-{end} (found by {recognizer}); review the item's redactions "
                "(GET /items/{id}/redactions) or run its redact stage again, then export")
        result = redacted(session, archive, item, text, profile=profile, lifted=lifted)
        plans.append(ItemPlan(len(plans) + 1, item, text, result, _review(session, item.id, text.sha256),
                              access, words=_timed_words(text.document)))
    if not plans:
        reasons = sorted({w.reason for w in withheld}) or ["the case has no items"]
        raise ExportRefused("export_refused", profile=profile, scope=scope, reasons="; ".join(reasons))
    names = vault.person_names(vault.load(session, key, case_id))
    numbers = evidence.numbers_for(session, [p.item.id for p in plans])
    lifted_texts: list[str] = []
    for plan in plans:
        plan.needles = _needles(plan.result, names)
        plan.evidence_number = numbers.get(plan.item.id)
        lifted_texts += _lifted_texts(session, plan, lifted)
    head = session.get(CustodyHead, 1)
    entries = [custody.as_dict(e) for e in custody.entries_for(session, [p.item.id for p in plans])]
    return ExportPlan(case_id, case_title, profile, scope, plans, withheld, tuple(names), entries,
                      {"seq": head.seq if head else 0, "entry_hash": head.entry_hash if head else custody.GENESIS,
                       "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, tuple(dict.fromkeys(lifted_texts)))


def _lifted_texts(session: Session, plan: ItemPlan, lifted: frozenset[str]) -> list[str]:
    if not lifted:
        return []
    spans = session.execute(select(RedactionSpan).where(RedactionSpan.item_id == plan.item.id,
                                                        RedactionSpan.text_sha256 == plan.text.sha256,
                                                        RedactionSpan.id.in_(lifted))).scalars()
    return [plan.text.text[s.start:s.end] for s in spans]
