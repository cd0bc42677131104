"""Coding acts from a testimony, reading them at one's own visibility level, and reviewing them.

An act is content: who may read an item may read its acts, at the same level (``consent.decide_access``), and
nobody else; its passages are shown from the item's current text (full view) or from its current redacted text
(redacted view), never from a stale one. Coding needs the full view (one reads what one codes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.acts import cells
from archive.acts.models import Act, ActPassage, ActPerson, ActRole
from archive.acts.schemas import ActCreate, PassageIn
from archive.acts.terms import check_term
from archive.acts.vocabulary import AGE_BANDS, CRSV, STATUSES, VICTIM_SEXES
from archive.auth import require
from archive.consent import decide_access
from archive.custody import Actor
from archive.disclosures import evidence
from archive.errors import Conflict, Invalid, NotFound, PermissionDenied
from archive.items.artefacts import ItemText, item_text
from archive.models import Item, utcnow
from archive.pipeline import consequences
from archive.review.redacted import current_redaction
from archive.vocabulary import normalise_region

if TYPE_CHECKING:
    from archive.context import Archive


@dataclass(frozen=True)
class ShownPassage:
    passage: ActPassage
    text: str | None
    cite: str | None = None  # NUMBER:page, NUMBER@seconds or NUMBER (the item's evidence number)


@dataclass(frozen=True)
class ActView:
    """What the service decided one actor may see of one act (a domain object, not a response)."""

    act: Act
    view: str  # full | redacted
    passages: list[ShownPassage]
    persons: tuple[tuple[ActRole, ActPerson], ...] = ()


def parse_date(value: str | None, *, today: dt.date | None = None) -> tuple[int | None, int | None, int | None,
                                                                              str | None]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``~`` before it: "around") -> year, month, day, precision."""
    if value is None or not value.strip():
        return None, None, None, None
    text = value.strip()
    around = text.startswith("~")
    parts = text.lstrip("~").strip().split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
            raise ValueError(value)
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        first = dt.date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        raise Invalid("act_date_format", value=value) from None
    if first > (today or dt.date.today()):
        raise Invalid("act_date_future", value=value)
    precision = "around" if around else ("year", "month", "day")[len(parts) - 1]
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    return int(parts[0]), month, day, precision


def _term(field: str, value: str | None, terms: tuple[str, ...] | dict[str, str]) -> str | None:
    if value is None or value == "":
        return None
    if value not in terms:
        raise Invalid("act_term_unknown", field=field, value=value, terms=", ".join(terms))
    return value


def _region(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalise_region(value)
    except ValueError:
        raise Invalid("act_region_unknown", value=value) from None


def _coder(session: Session, actor: Actor, item: Item) -> None:
    require(actor, "acts.code")
    if decide_access(session, actor=actor, item=item, purpose="read").view != "full":
        raise PermissionDenied("acts_need_full")


def _check_passages(text: ItemText | None, passages: list[PassageIn]) -> None:
    if passages and text is None:
        raise Invalid("no_text_yet")
    for p in passages:
        assert text is not None
        if p.end <= p.start or p.end > len(text.text):
            raise Invalid("act_passage_outside", start=p.start, end=p.end, length=len(text.text))


def add_act(*, session: Session, archive: Archive, actor: Actor, item: Item, data: ActCreate) -> Act:
    """Code one act from this item, citing passages of its current text; a draft until a second officer
    reviews it. Logged (no place and no words of the testimony in the log)."""
    _coder(session, actor, item)
    act_type = check_term(session, "act_type", "type", data.act_type)
    year, month, day, precision = parse_date(data.date)
    text = item_text(session, archive.store, item)
    _check_passages(text, data.passages)
    act = Act(case_id=item.case_id, item_id=item.id, act_type=act_type, date_year=year, date_month=month,
              date_day=day, date_precision=precision, region=_region(data.region), place=data.place or None,
              perpetrator_group=check_term(session, "perpetrator_group", "perpetrator_group", data.perpetrator_group),
              victim_sex=_term("victim_sex", data.victim_sex or "unknown", VICTIM_SEXES) or "unknown",
              victim_age_band=_term("victim_age_band", data.victim_age_band, AGE_BANDS),
              status="draft", created_by=actor.name, created_by_id=actor.user_id)
    session.add(act)
    session.flush()
    for p in data.passages:
        assert text is not None
        session.add(ActPassage(act_id=act.id, item_id=item.id, text_sha256=text.sha256, start=p.start, end=p.end))
    session.flush()
    custody.record(session, actor=actor, action="act_code", object_type="act", object_id=act.id,
                   details={"item": item.id, "case": item.case_id, "type": act.act_type,
                            "passages": len(data.passages)})
    cells.act_added(session, act)
    consequences.acts_changed(session, item)
    return act


def get_act(session: Session, act_id: str) -> Act:
    act = session.get(Act, act_id)
    if act is None:
        raise NotFound("act", id=act_id)
    return act


def review_act(*, session: Session, actor: Actor, act: Act, status: str) -> Act:
    """draft -> reviewed (by an officer other than the one who coded it) -> final; an act without a current
    passage cannot leave draft."""
    item = session.get(Item, act.item_id)
    assert item is not None
    _coder(session, actor, item)
    if status not in STATUSES or status == "draft":
        raise Invalid("act_status", status=status)
    wanted = {"reviewed": "draft", "final": "reviewed"}[status]
    if act.status != wanted:
        raise Conflict("act_status_order", status=act.status, wanted=status)
    if status == "reviewed" and actor.user_id is not None and actor.user_id == act.created_by_id:
        raise PermissionDenied("act_second_officer")
    live = session.execute(select(ActPassage.id).where(ActPassage.act_id == act.id,
                                                       ActPassage.status.in_(("current", "moved")))).first()
    if live is None:
        raise Conflict("act_needs_passage")
    act.status, act.reviewed_by, act.reviewed_at = status, actor.name, utcnow()
    custody.record(session, actor=actor, action="act_review", object_type="act", object_id=act.id,
                   details={"status": status, "item": act.item_id})
    return act


def _redacted_excerpt(document: dict[str, object], text: str, start: int, end: int) -> str:
    """The passage as the redacted text shows it: every redacted entity touching it replaced whole."""
    entities = sorted((e for e in document.get("entities", []) or []  # type: ignore[attr-defined]
                       if isinstance(e, dict) and e.get("action") != "keep"
                       and int(e["start"]) < end and start < int(e["end"])), key=lambda e: int(e["start"]))
    parts, cursor = [], start
    for e in entities:
        e_start, e_end = int(e["start"]), int(e["end"])
        if e_start >= cursor:
            parts.append(text[cursor:e_start])
        if e_end > cursor:
            parts.append(str(e.get("replacement", "")))
            cursor = e_end
    parts.append(text[cursor:end] if cursor < end else "")
    return "".join(parts)


def _shown(session: Session, archive: Archive, item: Item, view: str, passages: list[ActPassage]
           ) -> list[ShownPassage]:
    text = item_text(session, archive.store, item)
    document = current_redaction(session, archive, item, text) if view == "redacted" and text else None
    number = evidence.number_of(session, item.id)
    shown = []
    for p in passages:
        body, cited = None, number
        if text is not None and p.text_sha256 == text.sha256 and p.status != "stale":
            if number is not None:
                cited = evidence.cite_passage(number, text.document, p.start)
            if view == "full":
                body = text.text[p.start:p.end]
            elif document is not None:
                body = _redacted_excerpt(document, text.text, p.start, p.end)
        shown.append(ShownPassage(p, body, cited))
    return shown


def list_acts(*, session: Session, archive: Archive, actor: Actor, item: Item) -> list[ActView]:
    """The acts coded from this item, for whoever may read it, at their level; logged as a read."""
    grant = decide_access(session, actor=actor, item=item, purpose="read")
    acts = list(session.execute(select(Act).where(Act.item_id == item.id)
                                .order_by(Act.created_at, Act.id)).scalars())
    passages = session.execute(select(ActPassage).where(ActPassage.item_id == item.id)
                               .order_by(ActPassage.start)).scalars().all()
    shown = _shown(session, archive, item, grant.view, list(passages))
    named = roles_of(session, [a.id for a in acts])
    views = [ActView(act, grant.view, [s for s in shown if s.passage.act_id == act.id], tuple(named[act.id]))
             for act in acts]
    custody.record(session, actor=actor, action="read", object_type="item", object_id=item.id,
                   details={"view": grant.view, "acts": len(views), "consent": list(grant.scopes)})
    return views


def roles_of(session: Session, act_ids: list[str]) -> dict[str, list[tuple[ActRole, ActPerson]]]:
    """The persons named in these acts, with their roles."""
    out: dict[str, list[tuple[ActRole, ActPerson]]] = {a: [] for a in act_ids}
    if not act_ids:
        return out
    rows = session.execute(select(ActRole, ActPerson).join(ActPerson, ActPerson.id == ActRole.person_id)
                           .where(ActRole.act_id.in_(act_ids)).order_by(ActPerson.pseudonym, ActRole.role))
    for link, person in rows:
        out[link.act_id].append((link, person))
    return out


def show_act(*, session: Session, archive: Archive, actor: Actor, act_id: str) -> ActView:
    act = get_act(session, act_id)
    item = session.get(Item, act.item_id)
    assert item is not None
    return next(v for v in list_acts(session=session, archive=archive, actor=actor, item=item) if v.act.id == act.id)


def is_crsv(act: Act) -> bool:
    return act.act_type in CRSV
