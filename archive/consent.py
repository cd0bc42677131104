"""Consent per scope, and the access decision that combines role, assignment, seal and consent.

Access is denied unless a scope allows it. Consent is read from the database on every request,
so a withdrawal takes effect on the very next one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import assigned_cases, require
from archive.custody import Actor
from archive.errors import ConsentMissing, Invalid, PermissionDenied
from archive.models import ConsentEvent, Item, SealedAccess, utcnow
from archive.pipeline import consequences

# Which consent scope lets each role see a testimony: data kept with the roles, re-exported here.
from archive.roles import IDENTITY_SCOPE as IDENTITY_SCOPE
from archive.roles import NEEDS_ASSIGNMENT as NEEDS_ASSIGNMENT
from archive.roles import REDACTED_ONLY as REDACTED_ONLY
from archive.roles import ROLE_SCOPE as ROLE_SCOPE
from archive.vocabulary import CONSENT_METHODS, CONSENT_SCOPES, CONSENT_STATUSES

Purpose = Literal["read", "download"]
View = Literal["full", "redacted"]



@dataclass(frozen=True)
class ScopeState:
    scope: str
    status: str
    in_force: bool
    given_on: dt.datetime | None
    method: str | None
    interpreter: str | None
    expires_at: dt.datetime | None
    recorded_by: str
    recorded_at: dt.datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "in_force": self.in_force,
            "given_on": self.given_on.isoformat() if self.given_on else None,
            "method": self.method,
            "interpreter": self.interpreter,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat(),
        }


def current_consent(session: Session, item_id: str, *, now: dt.datetime | None = None) -> dict[str, ScopeState]:
    """The latest event per scope; a grant past its expiry is not in force."""
    now = now or utcnow()
    events = session.execute(
        select(ConsentEvent).where(ConsentEvent.item_id == item_id).order_by(ConsentEvent.id)
    ).scalars()
    state: dict[str, ScopeState] = {}
    for ev in events:
        in_force = ev.status == "granted" and (ev.expires_at is None or ev.expires_at > now)
        state[ev.scope] = ScopeState(ev.scope, ev.status, in_force, ev.given_on, ev.method, ev.interpreter,
                                     ev.expires_at, ev.recorded_by, ev.recorded_at)
    return state


def granted_scopes(session: Session, item_id: str, *, now: dt.datetime | None = None) -> frozenset[str]:
    return frozenset(s for s, st in current_consent(session, item_id, now=now).items() if st.in_force)


def check_scope(scope: str) -> str:
    if scope not in CONSENT_SCOPES:
        raise Invalid("scope_unknown", scope=scope, scopes=CONSENT_SCOPES)
    return scope


def set_consent(
    session: Session,
    *,
    actor: Actor,
    item: Item,
    scope: str,
    status: str,
    method: str | None = None,
    given_on: dt.datetime | None = None,
    interpreter: str | None = None,
    expires_at: dt.datetime | None = None,
    note: str = "",
    at_intake: bool = False,
    key: bytes | None = None,
) -> ConsentEvent:
    """Record a consent event; every search and read reflects it once the transaction commits. Only an actor
    who cares for the item's record may do so (``at_intake``: the uploader, in the upload's own transaction,
    even for an item under seal that does not name them)."""
    require(actor, "consent.manage")
    if not at_intake and not manages(session, actor=actor, item=item):
        raise PermissionDenied("consent_not_yours")
    check_scope(scope)
    if status not in CONSENT_STATUSES:
        raise Invalid("consent_status", status=status, statuses=CONSENT_STATUSES)
    if method is not None and method not in CONSENT_METHODS:
        raise Invalid("consent_method", method=method, methods=CONSENT_METHODS)
    event = ConsentEvent(item_id=item.id, scope=scope, status=status, method=method,
                         given_on=given_on or (utcnow() if status == "granted" else None),
                         interpreter=interpreter, expires_at=expires_at, recorded_by=actor.name, note=note)
    session.add(event)
    session.flush()
    # The note is free text (it may name anyone): sealed with the archive ``key``, never in clear.
    custody.record(session, actor=actor, action="consent_change", object_type="item", object_id=item.id,
                   details={"scope": scope, "status": status, "method": method, "note": bool(note.strip()),
                            "expires_at": expires_at.isoformat() if expires_at else None},
                   sealed=custody.typed("note", note) if key is not None else None, key=key)
    consequences.consent_changed(session, item)
    if scope == "aggregate_stats":
        from archive.acts.cells import resync_item  # the ready counts of statistics follow (issue 15)

        resync_item(session, item.id)
    return event


def sealed_users(session: Session, item_id: str) -> frozenset[str]:
    rows = session.execute(select(SealedAccess.user_id).where(SealedAccess.item_id == item_id))
    return frozenset(rows.scalars())


def manages(session: Session, *, actor: Actor, item: Item) -> bool:
    """Whether the actor looks after this item's record (collected it, or is an officer on its case).

    Such an actor may see the item's metadata and record or withdraw consent even when no scope lets
    them read its content.
    """
    if actor.role == "system":
        return True
    if actor.role != "documentation_officer":
        return False
    if item.confidentiality == "sealed" and actor.user_id not in sealed_users(session, item.id):
        return False
    return actor.user_id == item.uploaded_by_id or item.case_id in assigned_cases(session, actor.user_id)


@dataclass(frozen=True)
class AccessGrant:
    view: View
    scopes: tuple[str, ...]  # consent scopes relied on


def decide_access(session: Session, *, actor: Actor, item: Item, purpose: Purpose) -> AccessGrant:
    """Allow or refuse (PermissionDenied with the reason) one actor's access to one item's content."""
    role = actor.role
    if role not in ROLE_SCOPE:
        raise PermissionDenied("role_no_content", role=role)
    if role != "system":
        require(actor, "items.read_redacted" if role in REDACTED_ONLY else "items.read")
    if item.confidentiality == "sealed" and role != "system" and actor.user_id not in sealed_users(
        session, item.id
    ):
        raise PermissionDenied("sealed")
    if role in NEEDS_ASSIGNMENT and item.case_id not in assigned_cases(session, actor.user_id):
        raise PermissionDenied("not_assigned")
    if role == "documentation_officer" and actor.user_id != item.uploaded_by_id and item.case_id not in (
        assigned_cases(session, actor.user_id)
    ):
        raise PermissionDenied("not_collector")
    granted = granted_scopes(session, item.id)
    scope = ROLE_SCOPE[role]
    if scope not in granted:
        raise ConsentMissing("consent_missing", scope=scope)
    full = role not in REDACTED_ONLY and (role not in NEEDS_ASSIGNMENT or IDENTITY_SCOPE in granted)
    if purpose == "download":
        if not full:
            raise PermissionDenied("download_needs_identity" if role in NEEDS_ASSIGNMENT
                                   else "download_redacted_only")
        if role != "system":
            require(actor, "items.download")
    scopes = (scope, IDENTITY_SCOPE) if full and role in NEEDS_ASSIGNMENT else (scope,)
    return AccessGrant("full" if full else "redacted", scopes)
