"""The disclosure register: recipients, bundles disclosed to them, and redactions lifted step by step.

    result = disclose(archive, actor=actor, case_id=case_id, profile="prosecution", recipient="Greffe CPI",
                      purpose="Procès X", dst=Path("case.zip"))
    later  = lift(archive, actor=actor, previous_id=result.disclosure_id, lifts=[LiftRequest(...)], dst=...)

A disclosure IS an export (``archive/exports``: the same plan, redaction, leak check, signed ZIP) whose
manifest names the recipient and purpose; its register row is written in the bundle's own transaction.
A lifting step is a new disclosure to the same recipient that refers to the earlier one; it carries every
span lifted so far (each re-checked against the consent in force today), each with its reason and who
decided it. Lifting an identifying span (a name, a number) needs the survivor's ``identity_disclosure``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import require
from archive.consent import IDENTITY_SCOPE, granted_scopes
from archive.custody import Actor
from archive.disclosures import evidence
from archive.disclosures.models import Disclosure, LiftedSpan, LiftReason, Recipient
from archive.disclosures.schemas import (
    RECIPIENT_KINDS,
    DisclosureDetail,
    DisclosureRow,
    HolderTask,
    LiftableSpan,
    LiftedRead,
    LiftReasonRead,
    LiftRequest,
)
from archive.errors import Conflict, ConsentMissing, Invalid, NotFound, PermissionDenied
from archive.exports.purposes import scope_for
from archive.models import Bundle, Case, Item, RedactionSpan, utcnow
from archive.review.redacted import LIVE

if TYPE_CHECKING:
    from archive.context import Archive
    from archive.exports.plan import ExportPlan
    from archive.exports.service import Attachment, ExportResult

#: Labels that identify a person: lifting one reveals who someone is.
IDENTIFYING = frozenset({"PERSON", "ID", "PHONE", "EMAIL", "ACCOUNT", "BIRTH_DATE", "CASE_REF"})
#: ICC-style categories, always offered; the admin may relabel or retire them and add others.
BUILTIN_REASONS: dict[str, tuple[str, str]] = {
    "witness_safety": ("Sécurité du témoin", "Safety of witness"),
    "victim_privacy": ("Vie privée de la victime", "Victim's privacy"),
    "ongoing_investigation": ("Enquête en cours", "Ongoing investigation"),
    "other": ("Autre (préciser)", "Other (explain)"),
}


@dataclass(frozen=True)
class DisclosureResult:
    disclosure_id: str
    export: ExportResult
    evidence_numbers: list[str]

    @property
    def bundle_id(self) -> str:
        return self.export.bundle_id

    def as_dict(self) -> dict[str, Any]:
        return {**self.export.as_dict(), "disclosure_id": self.disclosure_id,
                "evidence_numbers": self.evidence_numbers}


# -- recipients ------------------------------------------------------------------------------------------


def add_recipient(session: Session, *, actor: Actor, name: str, kind: str) -> Recipient:
    require(actor, "export")
    name = " ".join(name.split())
    if not name:
        raise Invalid("recipient_name_required")
    if kind not in RECIPIENT_KINDS:
        raise Invalid("recipient_kind_unknown", kind=kind, kinds=list(RECIPIENT_KINDS))
    if session.execute(select(Recipient.id).where(Recipient.name == name)).first() is not None:
        raise Conflict("recipient_exists", name=name)
    recipient = Recipient(name=name, kind=kind, created_by=actor.name)
    session.add(recipient)
    session.flush()
    custody.record(session, actor=actor, action="recipient_create", object_type="recipient",
                   object_id=recipient.id, details={"kind": kind, "name": name})
    return recipient


def list_recipients(session: Session, *, actor: Actor) -> list[Recipient]:
    require(actor, "export")
    return list(session.execute(select(Recipient).order_by(Recipient.name)).scalars())


def find_recipient(session: Session, ref: str) -> Recipient:
    """A recipient by id or exact name; an unknown one is refused, named (no recipient is made on the fly)."""
    row = session.get(Recipient, ref) or session.execute(
        select(Recipient).where(Recipient.name == " ".join(ref.split()))).scalar_one_or_none()
    if row is None:
        raise NotFound("recipient_unknown", recipient=ref)
    return row


# -- reasons for lifting -----------------------------------------------------------------------------------


def list_reasons(session: Session, *, active_only: bool = False) -> list[LiftReasonRead]:
    reasons = {code: LiftReasonRead(code=code, label_fr=fr, label_en=en, active=True)
               for code, (fr, en) in BUILTIN_REASONS.items()}
    for row in session.execute(select(LiftReason)).scalars():
        reasons[row.code] = LiftReasonRead(code=row.code, label_fr=row.label_fr, label_en=row.label_en,
                                           active=row.active)
    return [r for r in reasons.values() if r.active or not active_only]


def edit_reason(session: Session, *, actor: Actor, code: str, label_fr: str, label_en: str,
                active: bool = True) -> LiftReasonRead:
    """Add, relabel or retire a reason category (the admin's list)."""
    require(actor, "users.manage")
    code = code.strip()
    if not code.replace("_", "").isalnum() or not label_fr.strip() or not label_en.strip():
        raise Invalid("lift_reason_invalid", code=code)
    row = session.get(LiftReason, code)
    if row is None:
        row = LiftReason(code=code)
        session.add(row)
    row.label_fr, row.label_en, row.active = label_fr.strip(), label_en.strip(), active
    row.updated_by, row.updated_at = actor.name, utcnow()
    session.flush()
    custody.record(session, actor=actor, action="lift_reason_edit", object_type="lift_reason", object_id=code,
                   details={"label_fr": row.label_fr, "label_en": row.label_en, "active": active})
    return LiftReasonRead(code=code, label_fr=row.label_fr, label_en=row.label_en, active=active)


# -- disclosing ------------------------------------------------------------------------------------------


def _recorder(*, actor: Actor, recipient: Recipient, purpose: str, disclosure_id: str, previous_id: str | None,
              lifted: list[LiftedSpan], key: bytes) -> Any:
    def record(session: Session, result: ExportResult, plan: ExportPlan) -> None:
        numbers = [p.evidence_number or "" for p in plan.items]
        session.add(Disclosure(id=disclosure_id, bundle_id=result.bundle_id, recipient_id=recipient.id,
                               case_id=plan.case_id, profile=plan.profile, purpose=purpose,
                               bundle_sha256=result.sha256, manifest_sha256=result.manifest_sha256,
                               key_fingerprint=result.fingerprint, item_ids=[p.item.id for p in plan.items],
                               evidence_numbers=numbers, previous_id=previous_id, authorised_by=actor.name))
        session.flush()
        new = [s for s in lifted if s.disclosure_id == disclosure_id]
        for span in new:
            session.add(span)
        session.flush()
        custody.record(session, actor=actor, action="lift" if previous_id else "disclose",
                       object_type="disclosure", object_id=disclosure_id,
                       details={"recipient": recipient.id, "case": plan.case_id, "bundle": result.bundle_id,
                                "zip_sha256": result.sha256, "profile": plan.profile, "previous": previous_id,
                                "evidence_numbers": numbers,
                                "lifted": [{"span": s.span_id, "item": s.item_id, "label": s.label,
                                            "reason_code": s.reason_code} for s in new]},
                       sealed={"purpose": purpose, "reasons": "\n".join(s.reason_text for s in new)}, key=key)
    return record


def _manifest_block(session: Session, *, disclosure_id: str, recipient: Recipient, purpose: str, actor: Actor,
                    previous_id: str | None, lifted: list[LiftedSpan]) -> dict[str, Any]:
    numbers = evidence.numbers_for(session, {s.item_id for s in lifted})
    return {"id": disclosure_id, "recipient": {"id": recipient.id, "name": recipient.name, "kind": recipient.kind},
            "purpose": purpose, "authorised_by": actor.name, "previous": previous_id,
            "lifted": [_lifted_read(s, numbers).model_dump() for s in lifted]}


def _lifted_read(span: LiftedSpan, numbers: dict[str, str]) -> LiftedRead:
    return LiftedRead(item=span.item_id, evidence_number=numbers.get(span.item_id), span=span.span_id,
                      start=span.start, end=span.end, label=span.label, reason_code=span.reason_code,
                      reason=span.reason_text, decided_by=span.decided_by, decided_in=span.disclosure_id)


def disclose(archive: Archive, *, actor: Actor, case_id: str, profile: str, recipient: str, purpose: str,
             dst: Path, progress: Any = None, attachments: list[Attachment] | None = None) -> DisclosureResult:
    """Export the case as a signed bundle for a named recipient and record it in the register: the one way a
    bundle leaves, whatever the door (API, web, CLI, a claim's board bundle). ``attachments``: files a domain
    adds to the bundle (the claim file)."""
    return _disclose(archive, actor=actor, case_id=case_id, profile=profile, recipient_ref=recipient,
                     purpose=purpose, dst=dst, progress=progress, previous=None, lifts=[], attachments=attachments)


def _disclose(archive: Archive, *, actor: Actor, case_id: str, profile: str, recipient_ref: str, purpose: str,
              dst: Path, progress: Any, previous: Disclosure | None, lifts: list[LiftRequest],
              attachments: list[Attachment] | None = None) -> DisclosureResult:
    from archive.exports.service import export_case
    from archive.models import new_id

    require(actor, "export")
    if not recipient_ref.strip():  # every bundle names who receives it (any door)
        raise Invalid("export_recipient_required")
    purpose = purpose.strip()
    if not purpose:
        raise Invalid("disclosure_purpose_required")
    scope_for(profile)
    disclosure_id = new_id()
    with archive.db.session() as session:
        if session.get(Case, case_id) is None:
            raise NotFound("case", id=case_id)
        for item in session.execute(select(Item).where(Item.case_id == case_id)).scalars():
            evidence.assign(session, settings=archive.settings, item=item)  # items older than the numbering
        recipient = find_recipient(session, recipient_ref)
        lifted = _lifted_in_force(session, previous) if previous is not None else []
        lifted += _new_lifts(session, actor=actor, previous=previous, lifts=lifts, disclosure_id=disclosure_id)
        _check_consent(session, lifted)
        block = _manifest_block(session, disclosure_id=disclosure_id, recipient=recipient, purpose=purpose,
                                actor=actor, previous_id=previous.id if previous else None, lifted=lifted)
        session.expunge_all()
    record = _recorder(actor=actor, recipient=recipient, purpose=purpose, disclosure_id=disclosure_id,
                       previous_id=previous.id if previous else None, lifted=lifted, key=archive.key)
    result = export_case(archive, actor=actor, case_id=case_id, profile=profile, dst=dst, progress=progress,
                         disclosure=block, lifted=frozenset(s.span_id for s in lifted), on_recorded=record,
                         attachments=attachments)
    with archive.db.reader() as session:
        numbers = list(session.get_one(Disclosure, disclosure_id).evidence_numbers)
    return DisclosureResult(disclosure_id, result, numbers)


# -- lifting ---------------------------------------------------------------------------------------------


def lift(archive: Archive, *, actor: Actor, previous_id: str, lifts: list[LiftRequest], dst: Path,
         purpose: str = "", progress: Any = None) -> DisclosureResult:
    """A new bundle for the same recipient with the chosen spans (and those lifted before) left unredacted."""
    require(actor, "identity.resolve")
    if not lifts:
        raise Invalid("lift_nothing")
    with archive.db.session() as session:
        previous = get_disclosure(session, previous_id)
        session.expunge(previous)
    return _disclose(archive, actor=actor, case_id=previous.case_id, profile=previous.profile,
                     recipient_ref=previous.recipient_id, purpose=purpose or previous.purpose, dst=dst,
                     progress=progress, previous=previous, lifts=lifts)


def liftable_spans(session: Session, archive: Archive, *, actor: Actor, disclosure_id: str) -> list[LiftableSpan]:
    """The redactions of a disclosure's items a next step may lift, with what the actor may see of each (the
    words only with the full view of the item) and whether the survivor's consent allows lifting it."""
    from archive.consent import decide_access
    from archive.items.artefacts import item_text

    require(actor, "identity.resolve")
    disclosure = get_disclosure(session, disclosure_id)
    visible = {d.id for d in disclosure_details(session, actor=actor, case_id=disclosure.case_id)}
    if disclosure.id not in visible:  # a case the actor may not open: as if it did not exist
        raise NotFound("disclosure_unknown", id=disclosure_id)
    lifted = {s.span_id for s in _lifted_in_force(session, disclosure)}
    numbers = evidence.numbers_for(session, disclosure.item_ids)
    out: list[LiftableSpan] = []
    for item_id in disclosure.item_ids:
        item = session.get(Item, item_id)
        text = item_text(session, archive.store, item) if item is not None else None
        if item is None or text is None:
            continue
        try:
            full = decide_access(session, actor=actor, item=item, purpose="read").view == "full"
        except PermissionDenied:  # no longer readable by this actor (consent, seal): withheld from any next step
            continue
        identity = IDENTITY_SCOPE in granted_scopes(session, item_id)
        spans = session.execute(select(RedactionSpan).where(
            RedactionSpan.item_id == item_id, RedactionSpan.text_sha256 == text.sha256,
            RedactionSpan.status.in_(LIVE), RedactionSpan.keep.is_(False)).order_by(RedactionSpan.start)).scalars()
        out.extend(LiftableSpan(span=s.id, item=item_id, evidence_number=numbers.get(item_id), label=s.label,
                                start=s.start, end=s.end, text=text.text[s.start:s.end] if full else None,
                                lifted=s.id in lifted, consent_allows=identity or s.label not in IDENTIFYING)
                   for s in spans)
    return out


def get_disclosure(session: Session, disclosure_id: str) -> Disclosure:
    row = session.get(Disclosure, disclosure_id)
    if row is None:
        raise NotFound("disclosure_unknown", id=disclosure_id)
    return row


def _chain(session: Session, disclosure: Disclosure) -> list[str]:
    ids: list[str] = []
    current: Disclosure | None = disclosure
    while current is not None:
        ids.append(current.id)
        current = session.get(Disclosure, current.previous_id) if current.previous_id else None
    return ids


def _lifted_in_force(session: Session, previous: Disclosure) -> list[LiftedSpan]:
    rows = session.execute(select(LiftedSpan).where(LiftedSpan.disclosure_id.in_(_chain(session, previous)))
                           .order_by(LiftedSpan.decided_at)).scalars()
    return list({s.span_id: s for s in rows}.values())


def _new_lifts(session: Session, *, actor: Actor, previous: Disclosure | None, lifts: list[LiftRequest],
               disclosure_id: str) -> list[LiftedSpan]:
    if previous is None:
        return []
    reasons = {r.code for r in list_reasons(session, active_only=True)}
    out: list[LiftedSpan] = []
    for request in lifts:
        span = session.get(RedactionSpan, request.span)
        if span is None or span.item_id not in previous.item_ids:
            raise NotFound("lift_span_unknown", span=request.span, disclosure=previous.id)
        if span.status not in LIVE or span.keep:
            raise Invalid("lift_span_not_redacted", span=span.id, status=span.status)
        if request.reason_code not in reasons:
            raise Invalid("lift_reason_unknown", code=request.reason_code, codes=sorted(reasons))
        if request.reason_code == "other" and not request.reason.strip():
            raise Invalid("lift_reason_text_required", span=span.id)
        out.append(LiftedSpan(disclosure_id=disclosure_id, item_id=span.item_id, span_id=span.id,
                              text_sha256=span.text_sha256, start=span.start, end=span.end, label=span.label,
                              reason_code=request.reason_code, reason_text=request.reason.strip(),
                              decided_by=actor.name, decided_at=utcnow()))
    return out


def _check_consent(session: Session, lifted: list[LiftedSpan]) -> None:
    """Every lifted span (new or carried from an earlier step) must be allowed by the consent in force now."""
    numbers = evidence.numbers_for(session, {s.item_id for s in lifted})
    for span in lifted:
        if span.label in IDENTIFYING and IDENTITY_SCOPE not in granted_scopes(session, span.item_id):
            raise ConsentMissing("lift_consent_missing", span=span.span_id, label=span.label,
                                 item=numbers.get(span.item_id, span.item_id), scope=IDENTITY_SCOPE)


# -- the register ----------------------------------------------------------------------------------------


def _query(session: Session, *, actor: Actor, recipient: str | None, case_id: str | None) -> list[Disclosure]:
    """The register rows of the cases the actor may open (the same rule as the case list)."""
    from archive.cases.service import visible_case_ids

    query = select(Disclosure).order_by(Disclosure.created_at, Disclosure.id)
    visible = visible_case_ids(session, actor)
    if visible is not None:
        query = query.where(Disclosure.case_id.in_(visible))
    if recipient is not None:
        query = query.where(Disclosure.recipient_id == find_recipient(session, recipient).id)
    if case_id is not None:
        query = query.where(Disclosure.case_id == case_id)
    return list(session.execute(query).scalars())


def _row(d: Disclosure, names: dict[str, str]) -> DisclosureRow:
    return DisclosureRow(id=d.id, recipient=names[d.recipient_id], purpose=d.purpose, profile=d.profile,
                         bundle_sha256=d.bundle_sha256, evidence_numbers=list(d.evidence_numbers),
                         created_at=d.created_at.isoformat(timespec="seconds"), by=d.authorised_by)


def _names(session: Session) -> dict[str, str]:
    return {r.id: r.name for r in session.execute(select(Recipient)).scalars()}


def list_disclosures(session: Session, *, actor: Actor, recipient: str | None = None,
                     case_id: str | None = None) -> list[DisclosureRow]:
    require(actor, "export")
    names = _names(session)
    return [_row(d, names) for d in _query(session, actor=actor, recipient=recipient, case_id=case_id)]


def disclosure_details(session: Session, *, actor: Actor, recipient: str | None = None,
                       case_id: str | None = None) -> list[DisclosureDetail]:
    require(actor, "export")
    names = _names(session)
    out = []
    for d in _query(session, actor=actor, recipient=recipient, case_id=case_id):
        bundle = session.get_one(Bundle, d.bundle_id)
        lifted = _lifted_in_force(session, d)
        numbers = evidence.numbers_for(session, {s.item_id for s in lifted})
        out.append(DisclosureDetail(**_row(d, names).model_dump(), case=d.case_id, bundle_id=bundle.id,
                                    manifest_sha256=d.manifest_sha256, key_fingerprint=d.key_fingerprint,
                                    previous=d.previous_id, lifted=[_lifted_read(s, numbers) for s in lifted]))
    return out


def holders_to_notify(session: Session, *, actor: Actor, case_id: str | None = None) -> list[HolderTask]:
    """After a withdrawal: every recipient holding an item whose consent for the disclosure's purpose is no
    longer in force (the officer's task list: notify them)."""
    require(actor, "export")
    names = _names(session)
    tasks = []
    for d in _query(session, actor=actor, recipient=None, case_id=case_id):
        scope = scope_for(d.profile)
        for item_id, number in zip(d.item_ids, d.evidence_numbers, strict=False):
            if session.get(Item, item_id) is None or scope in granted_scopes(session, item_id):
                continue
            tasks.append(HolderTask(item=item_id, evidence_number=number or None, scope=scope,
                                    recipient=names[d.recipient_id], disclosure=d.id,
                                    bundle_sha256=d.bundle_sha256,
                                    disclosed_at=d.created_at.isoformat(timespec="seconds")))
    return tasks
