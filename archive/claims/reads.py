"""Claims as a viewer may see them: citations withheld where the survivor's consent does not reach the viewer,
flags computed at the moment of reading (a withdrawn consent needs no sweep), the rules' proposal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.claims.checks import pending_checks
from archive.claims.duplicates import QueueEntry
from archive.claims.links import links_of
from archive.claims.models import Claim, Claimant, ClaimCitation, ClaimEvent
from archive.claims.programmes import Programme
from archive.claims.schemas import (
    CandidateRead,
    CheckRead,
    CitationRead,
    ClaimRead,
    ClaimSummary,
    EventRead,
    LinkRead,
    ProgrammeRead,
)
from archive.claims.service import (
    FLAG_CONSENT,
    PENDING,
    claimant_family,
    consent_in_force,
    eligibility,
    get_claim,
    open_candidates,
    readable,
    require_claims,
)
from archive.custody import Actor
from archive.i18n import Lang
from archive.models import Item, utcnow


def _label(session: Session, claim: Claim) -> Claimant:
    claimant = session.get(Claimant, claim.claimant_id)
    assert claimant is not None
    return claimant


def _citations(session: Session, actor: Actor, claim: Claim) -> tuple[list[CitationRead], bool]:
    out, withdrawn = [], False
    for citation in session.execute(select(ClaimCitation).where(ClaimCitation.claim_id == claim.id)
                                    .order_by(ClaimCitation.item_id)).scalars():
        item = session.get(Item, citation.item_id)
        in_force = item is not None and consent_in_force(session, citation.item_id)
        withdrawn = withdrawn or not in_force
        if item is not None and readable(session, actor, item):
            out.append(CitationRead(item=citation.item_id, note=citation.note, consent_in_force=in_force))
        else:
            out.append(CitationRead(withheld=True, consent_in_force=in_force))
    return out, withdrawn


def _flags(claim: Claim, withdrawn: bool) -> list[str]:
    return sorted(set(claim.flags) | ({FLAG_CONSENT} if withdrawn else set()))


def _overdue(claim: Claim, now: dt.datetime) -> bool:
    return claim.status in PENDING and claim.due_at < now


def claim_summary(session: Session, actor: Actor, claim: Claim, now: dt.datetime | None = None) -> ClaimSummary:
    _, withdrawn = _citations(session, actor, claim)
    return ClaimSummary(id=claim.id, claimant=_label(session, claim).label, programme=claim.programme,
                        status=claim.status, outcome=claim.outcome, due_at=claim.due_at,
                        overdue=_overdue(claim, now or utcnow()), flags=_flags(claim, withdrawn))


def claim_read(session: Session, actor: Actor, programmes: dict[str, Programme], claim_id: str,
               now: dt.datetime | None = None) -> ClaimRead:
    require_claims(actor)
    claim = get_claim(session, claim_id)
    citations, withdrawn = _citations(session, actor, claim)
    proposal = eligibility(session, programmes, claim)
    claimant = _label(session, claim)
    events = session.execute(select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id))
    visible = {c.item for c in citations if c.item}
    return ClaimRead(
        id=claim.id, claimant=claimant.label, programme=claim.programme, status=claim.status, outcome=claim.outcome,
        due_at=claim.due_at, overdue=_overdue(claim, now or utcnow()), flags=_flags(claim, withdrawn),
        programme_version=claim.programme_version, victim_category=claim.victim_category, reasoning=claim.reasoning,
        citations=citations, eligible=proposal.eligible,
        checks=[CheckRead(rule=c.rule, met=c.met, detail=c.detail) for c in proposal.checks],
        open_duplicates=len(open_candidates(session, claim.claimant_id)),
        links=[LinkRead(person=person.label, relation=link.relation, fate=link.fate)
               for link, person in links_of(session, claim.id)],
        duplicate_checks_pending=len(pending_checks(session, claimant_family(session, claim.claimant_id))),
        claimant_flags=sorted(claimant.flags),
        history=[EventRead(from_status=e.from_status, to_status=e.to_status, outcome=e.outcome, reason=e.reason,
                           cited=[i for i in e.cited if i in visible], actor=e.actor, role=e.role, at=e.at)
                 for e in events.scalars()])


def candidate_read(entry: QueueEntry) -> CandidateRead:
    c = entry.candidate
    return CandidateRead(id=c.id, a=entry.a.label, b=entry.b.label, probability=round(c.probability, 4),
                         status=c.status, fields=entry.fields)


def programme_read(programme: Programme, lang: Lang) -> ProgrammeRead:
    return ProgrammeRead(key=programme.key, title=programme.title_fr if lang == "fr" else programme.title_en,
                         version=programme.rules_version, act_types=sorted(programme.act_types),
                         period=list(programme.period), victim_categories=list(programme.victim_categories),
                         measures=list(programme.measures), required_evidence=programme.required_evidence,
                         assessment_days=programme.assessment_days)


def claims_for(session: Session, actor: Actor, claims: list[Claim]) -> list[ClaimSummary]:
    now = utcnow()
    return [claim_summary(session, actor, c, now) for c in claims]
