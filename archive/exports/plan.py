"""Phase one of an export, inside one transaction: who may see what, the redacted text of every allowed
item (reviewed spans + the case's pseudonyms), a fresh automatic pass that blocks on anything unreviewed,
and the custody entries to include. Nothing slow (PDF, audio) happens here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import require
from archive.consent import decide_access, granted_scopes
from archive.custody import Actor
from archive.disclosures import evidence
from archive.errors import Conflict, ConsentMissing, DomainError, PermissionDenied
from archive.exports.blocked import ExportBlocked, blocked, item_title, quote, to_redacted
from archive.exports.purposes import scope_for
from archive.items.artefacts import ItemText, item_text
from archive.models import CustodyHead, Item, RedactionSpan
from archive.review import vault
from archive.review.redacted import LIVE, engine_lang, redacted
from redaction.areas import PageArea
from redaction.findings import RedactionResult

if TYPE_CHECKING:
    from archive.context import Archive


class ExportRefused(PermissionDenied):
    """No item of the case may be exported for this purpose (or the role may not export)."""


__all__ = ["ExportBlocked", "ExportPlan", "ItemPlan", "make_plan"]


@dataclass(frozen=True)
class Withheld:
    item_id: str
    reason: str  # in English, as written in the manifest
    refusal: DomainError | None = field(default=None, compare=False)  # the same, to say in the user's language


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
    title: str = ""
    view: str = "redacted"  # what the exporter may see of this item: "full" or "redacted"
    rejected: tuple[tuple[int, int], ...] = ()  # spans a person rejected, in the original text
    media: str = "none"  # what leaves besides the text: see ``archive.exports.release``
    #: Spans lifted for this disclosure: (span id, start, end, label) and, for the PDF or image, whether the
    #: span shows there ("shown") or stays masked because the same words are still redacted ("masked").
    lifted: list[tuple[str, int, int, str]] = field(default_factory=list)
    lifted_media: dict[str, str] = field(default_factory=dict)
    areas: tuple[PageArea, ...] = ()  # boxes drawn by hand on scanned pages, blacked out when the image leaves

    def quote(self, start: int, end: int, *, in_output: bool, masks: tuple[tuple[int, int], ...] = ()) -> str:
        """The passage around a flagged range, as the exporter may see it (``in_output``: offsets of the
        redacted text; otherwise of the original). A role without the full view never sees the flagged words."""
        if self.view == "full" and not in_output:
            return quote(self.text.text, start, end)
        if in_output:
            text = self.result.redacted_text
            return quote(text, start, end, masks=() if self.view == "full" else ((start, end), *masks))
        mapped = [(to_redacted(self.result, s), to_redacted(self.result, e)) for s, e in ((start, end), *masks)]
        return quote(self.result.redacted_text, mapped[0][0], max(mapped[0][1], mapped[0][0] + 1), masks=mapped)


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
    """Spans a fresh automatic pass finds today that no human decision or stored proposal covers: (start, end,
    label, recognizer). A span a person rejected is never flagged again on the same text; a fresh span that
    only overlaps stored or rejected spans counts only if its words outside them still look identifying."""
    from redaction.leaks import outside
    from redaction.namelike import word_may_be_name
    from redaction.words import split_words

    stored = session.execute(select(RedactionSpan).where(RedactionSpan.item_id == item.id,
                                                         RedactionSpan.text_sha256 == text.sha256)).scalars().all()
    decided = sorted((s.start, s.end) for s in stored if s.status in (*LIVE, "rejected"))
    with archive.spacy_pass() as engine:
        fresh = engine.analyze(text.text, lang=engine_lang(item), case_names=names)
    new = []
    for f in fresh:
        if f.keep or any(start <= f.start and f.end <= end for start, end in decided):
            continue
        if any(start < f.end and f.start < end for start, end in decided):
            rest = [w for s, e in outside(f.start, f.end, decided) for w in split_words(text.text[s:e])]
            if not any(any(c.isdigit() for c in w.text) or word_may_be_name(w.text) for w in rest):
                continue
        new.append((f.start, f.end, f.label, f.recognizer))
    return new


def rejected_spans(session: Session, item_id: str, text_sha: str) -> tuple[tuple[int, int], ...]:
    rows = session.execute(select(RedactionSpan.start, RedactionSpan.end).where(
        RedactionSpan.item_id == item_id, RedactionSpan.text_sha256 == text_sha,
        RedactionSpan.status == "rejected")).all()
    return tuple((int(s), int(e)) for s, e in rows)


def _timed_words(document: dict[str, Any]) -> list[tuple[float, float, str]]:
    words: list[tuple[float, float, str]] = []
    for segment in document.get("segments") or []:
        for w in segment.get("words") or []:
            words.append((float(w["start"]), float(w["end"]), str(w["text"])))
    return words


def _folded(text: str) -> str:
    from redaction.words import split_words

    return " ".join(w.text.lower() for w in split_words(text))


def _within(text: str, lifted: Sequence[str]) -> bool:
    """Every word of ``text`` lies inside one lifted text (word boundaries, case folded)."""
    folded = _folded(text)
    return bool(folded) and any(f" {folded} " in f" {_folded(t)} " for t in lifted)


def _needles(result: RedactionResult, names: list[str], lifted: Sequence[str] = ()) -> tuple[str, ...]:
    """What the PDF and image redaction searches and masks: every string still redacted in this text and
    every name of the case's vault, except the names a lifted span reveals. A lifted string that is also
    redacted elsewhere in the item stays a needle (the media masks by string: it is masked there too)."""
    removed = [e.text for e in result.entities if e.action != "keep"]
    kept_names = [n for n in names if not (lifted and _within(n, lifted))]
    return tuple(dict.fromkeys([*removed, *kept_names]))


def _lifted_in_media(needles: tuple[str, ...], lifted: list[tuple[str, str]]) -> dict[str, str]:
    """Per lifted span id: "shown" if no needle left matches inside its words, "masked" otherwise."""
    from redaction.needles import compile_needles, find_in_text

    compiled, _ = compile_needles(list(needles))
    return {span_id: "masked" if find_in_text(text, compiled) else "shown" for span_id, text in lifted}


def _access(session: Session, actor: Actor, item: Item, scope: str) -> tuple[tuple[str, ...], str] | DomainError:
    """The consent scopes relied on and the exporter's view of the item, or the refusal that withholds it."""
    try:
        grant = decide_access(session, actor=actor, item=item, purpose="read")
    except PermissionDenied as exc:
        return exc
    if scope not in granted_scopes(session, item.id):
        return ConsentMissing("consent_missing", scope=scope)
    return tuple(dict.fromkeys([*grant.scopes, scope])), grant.view


def make_plan(session: Session, archive: Archive, *, actor: Actor, case_id: str,
              case_title: str, profile: str, lifted: frozenset[str] = frozenset()) -> ExportPlan:
    from archive.exports.release import media_release
    from archive.review.scans import page_areas

    require(actor, "export")
    scope = scope_for(profile)
    items = session.execute(select(Item).where(Item.case_id == case_id).order_by(Item.created_at, Item.id)
                            ).scalars().all()
    key, store = archive.key, archive.store
    names = vault.person_names(vault.load(session, key, case_id))
    plans: list[ItemPlan] = []
    withheld: list[Withheld] = []
    for number, item in enumerate(items, start=1):
        access = _access(session, actor, item, scope)
        if isinstance(access, DomainError):
            withheld.append(Withheld(item.id, access.message("en"), access))
            continue
        text = item_text(session, store, item)
        if text is None:
            pending = Conflict("export_not_extracted", status=item.status)
            withheld.append(Withheld(item.id, pending.message("en"), pending))
            continue
        new = unreviewed(session, archive, item, text, names)
        result = redacted(session, archive, item, text, profile=profile, lifted=lifted)
        plan = ItemPlan(len(plans) + 1, item, text, result, _review(session, item.id, text.sha256), access[0],
                        words=_timed_words(text.document), title=item_title(item, number), view=access[1],
                        rejected=rejected_spans(session, item.id, text.sha256))
        if new:
            start, end, _label, _recognizer = new[0]
            others = tuple((s, e) for s, e, _, _ in new[1:])
            raise blocked("unreviewed", item=item, title=plan.title, count=len(new),
                          passage=plan.quote(start, end, in_output=False, masks=others))
        plan.media = media_release(session, archive, plan, profile=profile)
        plan.areas = page_areas(session, item.id) if plan.media == "media" else ()
        plans.append(plan)
    if not plans:
        said = {w.reason: w.refusal or w.reason for w in withheld} or {"": Conflict("export_case_empty")}
        raise ExportRefused("export_refused", profile=profile, scope=scope,
                            reasons=[said[reason] for reason in sorted(said)])
    names = vault.person_names(vault.load(session, key, case_id))
    numbers = evidence.numbers_for(session, [p.item.id for p in plans])
    lifted_texts: list[str] = []
    for plan in plans:
        spans = _lifted_spans(session, plan, lifted)
        texts = [plan.text.text[s.start:s.end] for s in spans]
        plan.needles = _needles(plan.result, names, texts)
        plan.evidence_number = numbers.get(plan.item.id)
        plan.lifted = [(s.id, s.start, s.end, s.label) for s in spans]
        plan.lifted_media = _lifted_in_media(plan.needles, [(s.id, t) for s, t in zip(spans, texts, strict=True)])
        lifted_texts += texts
    head = session.get(CustodyHead, 1)
    entries = [custody.as_dict(e) for e in custody.entries_for(session, [p.item.id for p in plans])]
    return ExportPlan(case_id, case_title, profile, scope, plans, withheld, tuple(names), entries,
                      {"seq": head.seq if head else 0, "entry_hash": head.entry_hash if head else custody.GENESIS,
                       "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, tuple(dict.fromkeys(lifted_texts)))


def _lifted_spans(session: Session, plan: ItemPlan, lifted: frozenset[str]) -> list[RedactionSpan]:
    if not lifted:
        return []
    return list(session.execute(select(RedactionSpan).where(
        RedactionSpan.item_id == plan.item.id, RedactionSpan.text_sha256 == plan.text.sha256,
        RedactionSpan.id.in_(lifted)).order_by(RedactionSpan.start, RedactionSpan.end)).scalars())
