"""Household and indirect-victim links of a claim: the claimant is the spouse, child, parent, sibling or household
member of another person (a pseudonymous person record like any claimant), whose fate the claim states.

    link_person(session=s, key=k, actor=officer, claim_id=claim.id, relation="spouse", fate="disappeared",
                identity=Identity(given_name="Moussa", family_name="Kanouté"))   # or person_id="R-1A2B3C"

An indirect victim's claim (category spouse, child, parent, other_relative) is proposed eligible on that rule only
with a linked person killed or disappeared in that relation (``programmes.propose``). A new person record goes
through the duplicate check like any claimant. Each link is a custody entry (``claim``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.auth import require
from archive.claims.checks import schedule_check
from archive.claims.identity import Identity
from archive.claims.models import Claimant, ClaimLink
from archive.claims.service import PENDING, get_claim, get_claimant, log_claim, new_person
from archive.custody import Actor
from archive.errors import Conflict, Invalid

RELATIONS = ("spouse", "child", "parent", "sibling", "household", "other_relative")
FATES = ("killed", "disappeared", "injured", "alive", "unknown")


def _person(session: Session, key: bytes, actor: Actor, person_id: str | None, identity: Identity | None) -> Claimant:
    if person_id:
        person = get_claimant(session, person_id.strip())
        if person.merged_into is not None:
            raise Conflict("claimant_merged", label=person.label, into=person.merged_into)
        return person
    if identity is None:
        raise Invalid("claim_link_person")
    person = new_person(session=session, key=key, actor=actor, identity=identity)
    schedule_check(session, person.id)
    return person


def link_person(*, session: Session, key: bytes, actor: Actor, claim_id: str, relation: str, fate: str,
                person_id: str | None = None, identity: Identity | None = None) -> ClaimLink:
    """Link the claim to a person (an existing record by id or label, or a new one from ``identity``)."""
    require(actor, "claims.register")
    claim = get_claim(session, claim_id)
    if claim.status not in PENDING:
        raise Conflict("claim_closed", status=claim.status)
    if relation not in RELATIONS:
        raise Invalid("claim_link_relation", relation=relation, relations=", ".join(RELATIONS))
    if fate not in FATES:
        raise Invalid("claim_link_fate", fate=fate, fates=", ".join(FATES))
    person = _person(session, key, actor, person_id, identity)
    if person.id == claim.claimant_id:
        raise Invalid("claim_link_self", label=person.label)
    if session.execute(select(ClaimLink.id).where(ClaimLink.claim_id == claim.id,
                                                  ClaimLink.person_id == person.id)).first() is not None:
        raise Conflict("claim_link_exists", label=person.label)
    link = ClaimLink(claim_id=claim.id, person_id=person.id, relation=relation, fate=fate, created_by=actor.name)
    session.add(link)
    session.flush()
    log_claim(session, key, actor=actor, claim=claim,
              details={"link": person.label, "relation": relation, "fate": fate}, words={})
    return link


def links_of(session: Session, claim_id: str) -> list[tuple[ClaimLink, Claimant]]:
    rows = session.execute(select(ClaimLink, Claimant).join(Claimant, Claimant.id == ClaimLink.person_id)
                           .where(ClaimLink.claim_id == claim_id).order_by(ClaimLink.id))
    return [(link, person) for link, person in rows]
