"""Duplicate claimants: the matcher of ``archive.persons`` (Splink) proposes, a person decides, a merge can be undone.

A confirmed pair merges the later record into the earlier one: the later record keeps its sealed identity (nothing
is lost), its claims are re-pointed and listed on the candidate so an undo can put them back. A claim decided
after the merge is never silently re-pointed by an undo: it stays and is flagged for the board's review. Pairs
decided "different persons" are remembered and never proposed again; "same person" decisions train the model.
"""

from __future__ import annotations

import contextlib
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import require
from archive.claims.checks import latest_model, needs_training, schedule_check, settle_checks
from archive.claims.identity import Identity, open_identity
from archive.claims.models import Claim, Claimant, DuplicateCandidate, MatcherModel
from archive.claims.service import FLAG_UNMERGED, PENDING, get_claimant, require_claims
from archive.custody import SYSTEM, Actor
from archive.errors import Conflict, ConsentMissing, Invalid
from archive.lookup import get_or_not_found
from archive.models import utcnow
from archive.persons.records import DEFAULT_THRESHOLD, MatchPair, PairDecision

if TYPE_CHECKING:
    from archive.context import Archive
    from archive.persons.matching import Training

FLAG_BIRTH_DATES = "birth_date_conflict"
COMPARED = ("given_name", "family_name", "birth_date", "birth_place", "father_name", "mother_name", "sex")


def _fold(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def agreement(left: str, right: str) -> str:
    """How two values of one field compare, without showing them: same, differs or missing."""
    if not left.strip() or not right.strip():
        return "missing"
    return "same" if _fold(left) == _fold(right) else "differs"


def _active(session: Session, key: bytes) -> dict[str, Identity]:
    rows = session.execute(select(Claimant).where(Claimant.merged_into.is_(None)).order_by(Claimant.created_at))
    return {c.id: open_identity(c.sealed, key) for c in rows.scalars()}


def _decisions(session: Session) -> tuple[list[PairDecision], set[frozenset[str]]]:
    rows = list(session.execute(select(DuplicateCandidate)).scalars())
    decided = [PairDecision(r.a, r.b, r.status == "same") for r in rows if r.status in ("same", "different")]
    return decided, {frozenset((r.a, r.b)) for r in rows}


def _propose(session: Session, actor: Actor, pairs: list[MatchPair], *, claimant_id: str | None
             ) -> list[DuplicateCandidate]:
    """Queue the pairs not yet known (decided or queued), only those involving ``claimant_id`` if given."""
    _, known = _decisions(session)
    active = set(session.execute(select(Claimant.id).where(Claimant.merged_into.is_(None))).scalars())
    created = []
    for pair in pairs:
        if frozenset((pair.a, pair.b)) in known or (claimant_id is not None and claimant_id not in (pair.a, pair.b)):
            continue
        if pair.a not in active or pair.b not in active:  # merged while the matcher ran
            continue
        candidate = DuplicateCandidate(a=pair.a, b=pair.b, probability=float(pair.probability), status="open",
                                       moved_claims=[], details={})
        session.add(candidate)
        session.flush()
        known.add(frozenset((pair.a, pair.b)))
        created.append(candidate)
        custody.record(session, actor=actor, action="review", object_type="duplicate", object_id=candidate.id,
                       details={"proposed": True, "probability": round(candidate.probability, 4)})
    return created


def _store_model(session: Session, actor: Actor, training: Training) -> None:
    session.add(MatcherModel(records=training.records, prior=training.prior, settings=training.model,
                             trained_by=actor.name))


def flag_duplicates(archive: Archive, *, actor: Actor, claimant_id: str | None = None,
                    threshold: float = DEFAULT_THRESHOLD) -> list[DuplicateCandidate]:
    """Train the matcher on every active claimant, store what it learnt (for the registrations' checks) and queue
    the new likely pairs: those involving ``claimant_id``, or all of them (``temoin claims scan``). Pending
    checks of the claimants it covered are settled. The register is read in a read-only unit of work and the
    training runs outside any transaction (it takes seconds to minutes: nobody else's write waits for it); what
    it found is written in one short transaction, without the pairs of a claimant merged meanwhile."""
    require(actor, "claims.register")
    key = archive.key
    with archive.db.reader() as session:
        identities = _active(session, key)
        decided, _ = _decisions(session)
    if len(identities) < 2:
        with archive.db.session() as session:
            settle_checks(session, list(identities))
        return []
    from archive.persons.matching import match_records_with_training  # heavy: Splink, DuckDB, pandas

    records = [identity.record(cid) for cid, identity in identities.items()]
    with contextlib.redirect_stdout(sys.stderr):
        pairs, training = match_records_with_training(records, threshold=threshold, decisions=decided)
    with archive.db.session() as session:
        active = set(session.execute(select(Claimant.id).where(Claimant.merged_into.is_(None))).scalars())
        _store_model(session, actor, training)
        settle_checks(session, list(identities))
        return _propose(session, actor, [p for p in pairs if p.a in active and p.b in active],
                        claimant_id=claimant_id)


def run_duplicate_check(archive: Archive, claimant_id: str, progress: Callable[[float], None]) -> None:
    """The job of a registration (stage ``duplicates``): score the new claimant against the register with the
    latest trained model, outside any transaction; queue its likely pairs. Trains (and stores) a model first when
    there is none or the register has grown by a quarter since (``checks.needs_training``)."""
    key = archive.key
    with archive.db.reader() as session:
        identities = _active(session, key)
        decided, _ = _decisions(session)
        stored = latest_model(session)
        trained = (stored.settings, stored.id) if stored is not None and not needs_training(stored, len(identities)) \
            else None
    if claimant_id not in identities or len(identities) < 2:  # merged meanwhile, or alone: nothing to compare
        return
    from archive.persons.matching import match_new_records, match_records_with_training

    progress(0.1)
    new = identities[claimant_id].record(claimant_id)
    register = [identity.record(cid) for cid, identity in identities.items() if cid != claimant_id]
    training = None
    with contextlib.redirect_stdout(sys.stderr):
        if trained is None:
            pairs, training = match_records_with_training([*register, new], decisions=decided)
        else:
            pairs = match_new_records(register, [new], trained=trained[0], decisions=decided)
    progress(0.9)
    with archive.db.session() as session:
        if training is not None:
            _store_model(session, SYSTEM, training)
        _propose(session, SYSTEM, pairs, claimant_id=claimant_id)


@dataclass(frozen=True)
class QueueEntry:
    candidate: DuplicateCandidate
    a: Claimant
    b: Claimant
    fields: dict[str, str]  # field -> same | differs | missing


def review_queue(*, session: Session, key: bytes, actor: Actor, include_decided: bool = False) -> list[QueueEntry]:
    """Candidates side by side at the staff's level: labels, probability and field-by-field agreement (never the
    names themselves; a person with ``claims.identity`` reveals them one claimant at a time, logged)."""
    require_claims(actor)
    query = select(DuplicateCandidate).order_by(DuplicateCandidate.probability.desc())
    if not include_decided:
        query = query.where(DuplicateCandidate.status.in_(("open", "undone")))
    out = []
    for candidate in session.execute(query).scalars():
        a, b = session.get(Claimant, candidate.a), session.get(Claimant, candidate.b)
        assert a is not None and b is not None
        left, right = open_identity(a.sealed, key), open_identity(b.sealed, key)
        out.append(QueueEntry(candidate, a, b, {f: agreement(getattr(left, f), getattr(right, f)) for f in COMPARED}))
    return out


def _candidate(session: Session, candidate_id: str) -> DuplicateCandidate:
    return get_or_not_found(session, DuplicateCandidate, candidate_id, "duplicate")


def _birth_dates_conflict(left: Identity, right: Identity) -> bool:
    one, two = left.born(), right.born()
    if one is None or two is None:
        return False
    if one.year != two.year and not (one.approximate or two.approximate):
        return True
    return bool(one.full and two.full and one.full != two.full)


def decide_duplicate(*, session: Session, key: bytes, actor: Actor, candidate_id: str, same: bool,
                     reason: str = "") -> DuplicateCandidate:
    """A person's decision: the same person (records merged, claims re-pointed) or different persons."""
    require(actor, "claims.register")
    candidate = _candidate(session, candidate_id)
    if candidate.status not in ("open", "undone"):
        raise Conflict("duplicate_decided", status=candidate.status)
    candidate.status = "same" if same else "different"
    candidate.decided_by, candidate.decided_at = actor.name, utcnow()
    sealed = {"reason": reason} if reason.strip() else None
    if not same:
        custody.record(session, actor=actor, action="review", object_type="duplicate", object_id=candidate.id,
                       details={"decision": "different"}, sealed=sealed, key=key)
        return candidate
    first, second = sorted((get_claimant(session, candidate.a), get_claimant(session, candidate.b)),
                           key=lambda c: c.created_at)
    if first.merged_into is not None or second.merged_into is not None:
        raise Conflict("claimant_merged", label=(first if first.merged_into else second).label,
                       into=first.merged_into or second.merged_into or "")
    moved = []
    for claim in session.execute(select(Claim).where(Claim.claimant_id == second.id)).scalars():
        claim.claimant_id = first.id
        moved.append(claim.id)
    second.merged_into = first.id
    conflict = _birth_dates_conflict(open_identity(first.sealed, key), open_identity(second.sealed, key))
    if conflict and FLAG_BIRTH_DATES not in first.flags:
        first.flags = [*first.flags, FLAG_BIRTH_DATES]
    candidate.moved_claims = moved
    candidate.details = {"kept": first.id, "merged": second.id, "birth_date_conflict": conflict}
    custody.record(session, actor=actor, action="merge", object_type="claimant", object_id=first.id,
                   details={"candidate": candidate.id, "merged": second.label, "kept": first.label, "claims": moved,
                            "birth_date_conflict": conflict}, sealed=sealed, key=key)
    return candidate


def undo_duplicate(*, session: Session, key: bytes, actor: Actor, candidate_id: str, reason: str) -> list[str]:
    """Undo a merge: the merged record stands alone again and takes back its claims, except claims decided since
    (those stay and are flagged for review, never silently re-pointed). Returns the ids of the flagged claims."""
    require(actor, "claims.register")
    if not reason.strip():
        raise Invalid("reason_required")
    candidate = _candidate(session, candidate_id)
    if candidate.status != "same":
        raise Conflict("duplicate_not_merged", status=candidate.status)
    kept, merged = get_claimant(session, candidate.details["kept"]), get_claimant(session, candidate.details["merged"])
    merged.merged_into = None
    flagged, returned = [], []
    for claim in session.execute(select(Claim).where(Claim.id.in_(candidate.moved_claims))).scalars():
        if claim.status in PENDING and claim.outcome is None:
            claim.claimant_id = merged.id
            returned.append(claim.id)
        else:
            claim.flags = [*[f for f in claim.flags if f != FLAG_UNMERGED], FLAG_UNMERGED]
            flagged.append(claim.id)
    if candidate.details.get("birth_date_conflict"):
        kept.flags = [f for f in kept.flags if f != FLAG_BIRTH_DATES]
    candidate.status, candidate.decided_by, candidate.decided_at = "undone", actor.name, utcnow()
    custody.record(session, actor=actor, action="unmerge", object_type="claimant", object_id=kept.id,
                   details={"candidate": candidate.id, "restored": merged.label, "claims_returned": returned,
                            "claims_flagged": flagged}, sealed={"reason": reason}, key=key)
    return flagged


def reveal_identity(*, session: Session, key: bytes, actor: Actor, claimant_id: str, reason: str) -> Identity:
    """A claimant's identity, for payment: permission ``claims.identity``, the claimant's consent to identity
    disclosure and a reason; every use is in the custody log (the reason sealed)."""
    require(actor, "claims.identity")
    if not reason.strip():
        raise Invalid("reason_required")
    claimant = get_claimant(session, claimant_id)
    if not claimant.identity_consent:
        raise ConsentMissing("claimant_identity_consent", label=claimant.label)
    custody.record(session, actor=actor, action="resolve_pseudonym", object_type="claimant", object_id=claimant.id,
                   details={"label": claimant.label}, sealed={"reason": reason}, key=key)
    return open_identity(claimant.sealed, key)


def register_and_check(*, session: Session, key: bytes, actor: Actor, **claim: object) -> tuple[Claim, str | None]:
    """Register a claim (``register_claim``'s arguments) and, for a new claimant, schedule its duplicate check in
    the same transaction (it runs after the commit: ``run_duplicate_check``). Every door registers through here.
    Returns the claim and the check's job id (None for a claim of an existing claimant)."""
    from archive.claims.service import register_claim

    new_claimant = claim.get("claimant_id") is None
    registered = register_claim(session=session, key=key, actor=actor, **claim)  # type: ignore[arg-type]
    check = schedule_check(session, registered.claimant_id).id if new_claimant else None
    return registered, check
