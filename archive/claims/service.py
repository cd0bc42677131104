"""The claims register: register a claim, move it through its life with reasons, read it at the viewer's level.

    claim = register_claim(session=s, key=archive.key, actor=officer, programmes=programmes, programme="vbg",
                           victim_category="direct", identity=Identity(...), citations=[(item_id, "p. 2")])
    transition(session=s, key=archive.key, actor=board, claim_id=claim.id, to="decided", outcome="granted_full",
               reason="...", cite=[item_id])

Every step is a ``ClaimEvent`` and a custody entry (action ``claim``) in the same transaction; free text (reasons,
citation notes) goes into the custody log sealed. A decision needs written reasons that cite evidence the board
member may read, no open duplicate candidate for the claimant and no duplicate check of it still pending.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import has_permission, require
from archive.claims.checks import pending_checks
from archive.claims.identity import Identity, seal_identity
from archive.claims.models import Claim, Claimant, ClaimCitation, ClaimEvent, ClaimLink, DuplicateCandidate
from archive.claims.programmes import Programme, Proposal, get_programme, propose
from archive.consent import decide_access, granted_scopes
from archive.custody import Actor
from archive.errors import Conflict, Forbidden, Invalid, NotFound
from archive.lookup import get_or_not_found
from archive.models import Item, utcnow
from archive.persons.dates import BadBirthDate

VICTIM_CATEGORIES = ("direct", "spouse", "child", "parent", "other_relative")
OUTCOMES = ("granted_full", "granted_part", "refused")
GRANTED = frozenset({"granted_full", "granted_part"})
#: Statuses still waiting for the archive's staff: the assessment deadline applies.
PENDING = frozenset({"registered", "admissible", "under_assessment", "appealed"})
REPARATIONS_SCOPE = "share_reparations"
#: Flags a claim can carry until a person looks at it again.
FLAG_CONSENT = "evidence_consent_withdrawn"
FLAG_UNMERGED = "merge_undone_after_decision"


@dataclass(frozen=True)
class Step:
    """One allowed move of a claim: from which statuses, by which permission, what it needs."""

    sources: tuple[str, ...]
    permission: str
    reason: bool = False
    decision: bool = False


STEPS: dict[str, Step] = {
    "admissible": Step(("registered",), "claims.register"),
    "inadmissible": Step(("registered",), "claims.register", reason=True),
    "under_assessment": Step(("admissible",), "claims.register"),
    "decided": Step(("under_assessment",), "claims.decide", reason=True, decision=True),
    "appealed": Step(("decided", "inadmissible"), "claims.register", reason=True),
    "appeal_decided": Step(("appealed",), "claims.decide", reason=True, decision=True),
    "measure_delivered": Step(("decided", "appeal_decided"), "claims.register"),
}


def require_claims(actor: Actor) -> None:
    """Reading the register: reparations officers and board members (and the local operator)."""
    if actor.role == "system" or any(has_permission(actor.role, p) for p in ("claims.register", "claims.decide")):
        return
    raise Forbidden("permission_missing", role=actor.role, permission="claims.register")


def get_claim(session: Session, claim_id: str) -> Claim:
    return get_or_not_found(session, Claim, claim_id, "claim")


def get_claimant(session: Session, claimant_id: str) -> Claimant:
    claimant = session.get(Claimant, claimant_id)
    if claimant is None:
        claimant = session.execute(select(Claimant).where(Claimant.label == claimant_id)).scalar_one_or_none()
    if claimant is None:
        raise NotFound("claimant", id=claimant_id)
    return claimant


def readable(session: Session, actor: Actor, item: Item) -> bool:
    """Whether this actor may read the cited testimony now (role, seal and the survivor's consent)."""
    try:
        decide_access(session, actor=actor, item=item, purpose="read")
    except Forbidden:
        return False
    return True


def _check_identity(identity: Identity) -> None:
    if not (identity.given_name.strip() or identity.family_name.strip()):
        raise Invalid("claimant_name_required")
    try:
        identity.born()
    except BadBirthDate as exc:
        raise Invalid("claimant_birth_date", value=identity.birth_date, detail=str(exc)) from None


def _new_label(session: Session) -> str:
    while True:
        label = "R-" + secrets.token_hex(3).upper()
        if session.execute(select(Claimant.id).where(Claimant.label == label)).first() is None:
            return label


def new_person(*, session: Session, key: bytes, actor: Actor, identity: Identity,
               identity_consent: bool = False) -> Claimant:
    """A pseudonymous person record (a claimant, or a person a claim is linked to), its identity sealed."""
    _check_identity(identity)
    claimant = Claimant(label=_new_label(session), sealed=seal_identity(identity, key),
                        identity_consent=identity_consent, flags=[], created_by=actor.name)
    session.add(claimant)
    session.flush()
    custody.record(session, actor=actor, action="create", object_type="claimant", object_id=claimant.id,
                   details={"label": claimant.label, "identity_consent": identity_consent})
    return claimant


def _cited_items(session: Session, actor: Actor, citations: Sequence[tuple[str, str]]) -> list[tuple[Item, str]]:
    out: dict[str, tuple[Item, str]] = {}
    for item_id, note in citations:
        item = get_or_not_found(session, Item, item_id.strip(), "item", id=item_id)
        if not readable(session, actor, item):
            raise Forbidden("claim_cite_not_readable", id=item.id)
        out[item.id] = (item, note.strip())
    return list(out.values())


def log_claim(session: Session, key: bytes, *, actor: Actor, claim: Claim, details: dict[str, object],
         words: dict[str, str]) -> None:
    sealed = {name: value for name, value in words.items() if value.strip()}
    custody.record(session, actor=actor, action="claim", object_type="claim", object_id=claim.id,
                   details=details, sealed=sealed or None, key=key)


def register_claim(*, session: Session, key: bytes, actor: Actor, programmes: dict[str, Programme],
                   programme: str, victim_category: str, citations: Sequence[tuple[str, str]],
                   identity: Identity | None = None, identity_consent: bool = False,
                   claimant_id: str | None = None, now: dt.datetime | None = None) -> Claim:
    """A new claim (and a new claimant unless ``claimant_id`` names one). The duplicate check runs after:
    ``archive.claims.duplicates.flag_duplicates`` (the doors call ``register_and_check``)."""
    require(actor, "claims.register")
    rules = get_programme(programmes, programme)
    if victim_category not in VICTIM_CATEGORIES:
        raise Invalid("claim_category", category=victim_category, categories=", ".join(VICTIM_CATEGORIES))
    cited = _cited_items(session, actor, citations)
    if claimant_id is not None:
        claimant = get_claimant(session, claimant_id)
        if claimant.merged_into is not None:
            raise Conflict("claimant_merged", label=claimant.label, into=claimant.merged_into)
    else:
        if identity is None:
            raise Invalid("claimant_name_required")
        claimant = new_person(session=session, key=key, actor=actor, identity=identity,
                              identity_consent=identity_consent)
    now = now or utcnow()
    claim = Claim(claimant_id=claimant.id, programme=rules.key, programme_version=rules.rules_version,
                  victim_category=victim_category, status="registered", reasoning="",
                  due_at=now + dt.timedelta(days=rules.assessment_days), flags=[], created_by=actor.name,
                  created_at=now, updated_at=now)
    session.add(claim)
    session.flush()
    for item, note in cited:
        session.add(ClaimCitation(claim_id=claim.id, item_id=item.id, note=note))
    session.add(ClaimEvent(claim_id=claim.id, from_status="", to_status="registered", reason="", cited=[],
                           actor=actor.name, role=actor.role, at=now))
    log_claim(session, key, actor=actor, claim=claim,
         details={"from": "", "to": "registered", "programme": rules.key, "rules": rules.rules_version,
                  "claimant": claimant.label, "items": [item.id for item, _ in cited]},
         words={"notes": json.dumps([note for _, note in cited if note], ensure_ascii=False)
                if any(note for _, note in cited) else ""})
    return claim


def add_citation(*, session: Session, key: bytes, actor: Actor, claim_id: str, item_id: str, note: str = "") -> None:
    require(actor, "claims.register")
    claim = get_claim(session, claim_id)
    if claim.status not in PENDING:
        raise Conflict("claim_closed", status=claim.status)
    ((item, note),) = _cited_items(session, actor, [(item_id, note)])
    if session.get(ClaimCitation, (claim.id, item.id)) is None:
        session.add(ClaimCitation(claim_id=claim.id, item_id=item.id, note=note))
        log_claim(session, key, actor=actor, claim=claim, details={"cite": item.id}, words={"note": note})


def claimant_family(session: Session, claimant_id: str) -> list[str]:
    """The claimant and every record merged into it (an open candidate on any of them blocks a decision)."""
    ids = [claimant_id]
    ids += session.execute(select(Claimant.id).where(Claimant.merged_into == claimant_id)).scalars().all()
    return ids


def open_candidates(session: Session, claimant_id: str) -> list[DuplicateCandidate]:
    ids = claimant_family(session, claimant_id)
    return list(session.execute(select(DuplicateCandidate).where(
        DuplicateCandidate.status.in_(("open", "undone")),
        or_(DuplicateCandidate.a.in_(ids), DuplicateCandidate.b.in_(ids)))).scalars())


def _check_decision(session: Session, actor: Actor, claim: Claim, outcome: str | None, cite: Sequence[str]) -> None:
    if outcome not in OUTCOMES:
        raise Invalid("claim_outcome", outcome=outcome or "", outcomes=", ".join(OUTCOMES))
    pending = open_candidates(session, claim.claimant_id)
    if pending:
        raise Conflict("claim_duplicate_open", count=len(pending))
    checks = pending_checks(session, claimant_family(session, claim.claimant_id))
    if checks:
        raise Conflict("claim_duplicate_check_pending", count=len(checks))
    if not cite:
        raise Invalid("claim_decision_cites")
    cited = {c.item_id for c in session.execute(select(ClaimCitation).where(ClaimCitation.claim_id == claim.id))
             .scalars()}
    for item_id in cite:
        if item_id not in cited:
            raise Invalid("claim_cite_not_in_claim", id=item_id)
        item = session.get(Item, item_id)
        if item is None or not readable(session, actor, item):
            raise Forbidden("claim_cite_not_readable", id=item_id)


def transition(*, session: Session, key: bytes, actor: Actor, claim_id: str, to: str, reason: str = "",
               outcome: str | None = None, cite: Sequence[str] = ()) -> Claim:
    step = STEPS.get(to)
    if step is None:
        raise Invalid("claim_status_unknown", status=to, statuses=", ".join(STEPS))
    require(actor, step.permission)
    claim = get_claim(session, claim_id)
    if claim.status not in step.sources:
        raise Conflict("claim_transition", status=claim.status, to=to, allowed=", ".join(step.sources))
    reason = reason.strip()
    if step.reason and not reason:
        raise Invalid("claim_reason_required", to=to)
    cite = list(dict.fromkeys(c.strip() for c in cite if c.strip()))
    if step.decision:
        _check_decision(session, actor, claim, outcome, cite)
        claim.outcome, claim.reasoning = outcome, reason
        claim.flags = [f for f in claim.flags if f != FLAG_UNMERGED]
    elif to == "measure_delivered" and claim.outcome not in GRANTED:
        raise Conflict("claim_not_granted", outcome=claim.outcome or "")
    before, claim.status, claim.updated_at = claim.status, to, utcnow()
    session.add(ClaimEvent(claim_id=claim.id, from_status=before, to_status=to, outcome=outcome if step.decision
                           else None, reason=reason, cited=cite, actor=actor.name, role=actor.role))
    log_claim(session, key, actor=actor, claim=claim,
         details={"from": before, "to": to, "outcome": outcome if step.decision else None, "cited": cite},
         words={"reason": reason})
    return claim


def consent_in_force(session: Session, item_id: str) -> bool:
    return REPARATIONS_SCOPE in granted_scopes(session, item_id)


def eligibility(session: Session, programmes: dict[str, Programme], claim: Claim) -> Proposal:
    """The rules' proposal, from the cited testimonies whose consent to reparations is in force."""
    items = [session.get(Item, c.item_id) for c in
             session.execute(select(ClaimCitation).where(ClaimCitation.claim_id == claim.id)).scalars()]
    evidence = [i for i in items if i is not None and consent_in_force(session, i.id)]
    links = [(link.relation, link.fate) for link in
             session.execute(select(ClaimLink).where(ClaimLink.claim_id == claim.id)).scalars()]
    return propose(get_programme(programmes, claim.programme), victim_category=claim.victim_category,
                   evidence=evidence, links=links)


def list_claims(*, session: Session, actor: Actor, status: str | None = None, overdue: bool = False,
                now: dt.datetime | None = None) -> list[Claim]:
    require_claims(actor)
    query = select(Claim).order_by(Claim.due_at)
    if status is not None:
        query = query.where(Claim.status == status)
    claims = list(session.execute(query).scalars())
    if overdue:
        moment = now or utcnow()
        claims = [c for c in claims if c.status in PENDING and c.due_at < moment]
    return claims
