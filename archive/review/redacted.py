"""The redacted text of an item: the spans in force applied with the case's pseudonyms, stored as an artefact,
and shown only while it is current (made from the item's current text and the case's current vault).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.custody import SYSTEM, Actor
from archive.items.artefacts import ItemText, item_text, latest_artefact, read_json_artefact, store_json_artefact
from archive.models import CaseVault, Item, RedactionSpan
from archive.pipeline import consequences
from archive.review import vault

if TYPE_CHECKING:
    from archive.context import Archive
    from redaction.findings import Finding, RedactionResult

#: The profile of the redacted text shown to (and searched by) roles that see only redacted material.
INDEX_PROFILE = "reparations"
LIVE = ("proposed", "accepted", "added")


def engine_lang(item: Item) -> str:
    return item.language if item.language in ("fr", "en") else "auto"


def live_findings(session: Session, item_id: str, text: ItemText,
                  lifted: frozenset[str] = frozenset()) -> list[Finding]:
    """Spans in force for this text: proposed, accepted and added ones (rejected ones left out, and the spans
    ``lifted`` for one disclosure)."""
    from redaction.findings import Finding

    spans = session.execute(
        select(RedactionSpan).where(RedactionSpan.item_id == item_id, RedactionSpan.text_sha256 == text.sha256,
                                    RedactionSpan.status.in_(LIVE))
    ).scalars()
    return [Finding(s.start, s.end, s.label, text.text[s.start:s.end], s.recognizer, s.score, s.keep) for s in spans
            if s.id not in lifted]


def record_proposals(session: Session, item_id: str, text: ItemText, findings: list[Finding]) -> int:
    """Store new automatic findings; reviewed decisions on the same spans of the same text are kept."""
    existing = {(s.start, s.end, s.label): s for s in session.execute(
        select(RedactionSpan).where(RedactionSpan.item_id == item_id, RedactionSpan.text_sha256 == text.sha256)
    ).scalars()}
    added = 0
    for f in findings:
        if (f.start, f.end, f.label) in existing:
            continue
        session.add(RedactionSpan(item_id=item_id, text_sha256=text.sha256, start=f.start, end=f.end, label=f.label,
                                  recognizer=f.recognizer, score=f.score, keep=f.keep))
        added += 1
    session.flush()
    return added


def redacted(session: Session, archive: Archive, item: Item, text: ItemText, *, profile: str,
             lifted: frozenset[str] = frozenset()) -> RedactionResult:
    """Apply the spans in force with the case's pseudonyms under a profile. The vault is updated; when it
    learns a name, the case's other items are sent through again (``consequences.names_learnt``)."""
    key = archive.key
    pseudonymiser = vault.load(session, key, item.case_id, for_update=True)
    before = len(vault.person_names(pseudonymiser))
    with archive.spacy_pass() as engine:
        result = engine.apply(text.text, live_findings(session, item.id, text, lifted), profile=profile,
                              pseudonymiser=pseudonymiser, lang="en" if item.language == "en" else "fr")
    if vault.save(session, key, item.case_id, pseudonymiser, names_before=before):
        consequences.names_learnt(session, item.case_id, except_item=item.id)
    return result


def redacted_document(result: RedactionResult) -> dict[str, Any]:
    """What is stored and shown as redacted: never the original strings of the spans."""
    return {"profile": result.profile, "lang": result.lang, "redacted_text": result.redacted_text,
            "flags": list(result.flags),
            "entities": [{"start": e.start, "end": e.end, "label": e.label, "action": e.action,
                          "replacement": e.replacement, "recognizer": e.recognizer} for e in result.entities]}


def names_version(session: Session, case_id: str) -> int:
    row = session.get(CaseVault, case_id)
    return row.names_version if row is not None else 0


def refresh_redacted(session: Session, archive: Archive, item: Item, text: ItemText, *,
                     actor: Actor = SYSTEM, index_now: bool = True) -> dict[str, Any]:
    """Recompute and store the redacted text that roles without the full view read and search, in the caller's
    transaction (a reviewer's decision and its effect commit together); the index follows at once (or, with
    ``index_now=False``, as the redact stage's next stage: ``consequences.redaction_refreshed``)."""
    document = redacted_document(redacted(session, archive, item, text, profile=INDEX_PROFILE))
    document["source_sha256"] = text.sha256
    document["names_version"] = names_version(session, item.case_id)
    store_json_artefact(session, archive.store, archive.settings.uploads_dir, item_id=item.id, kind="redacted",
                        document=document, tool=f"redaction profile {INDEX_PROFILE}", actor_name=actor.name)
    consequences.redaction_refreshed(session, item, now=index_now)
    return document


def current_redaction(session: Session, archive: Archive, item: Item,
                      text: ItemText | None = None) -> dict[str, Any] | None:
    """The stored redacted text if it is current: made from the item's current text and with every name the
    case's vault knows now. None otherwise (not made yet, or stale until its redaction is redone): a stale
    redacted text may hold a name learnt since, so it is never shown."""
    text = text if text is not None else item_text(session, archive.store, item)
    art = latest_artefact(session, item.id, "redacted")
    if text is None or art is None:
        return None
    document = read_json_artefact(archive.store, art)
    if document.get("source_sha256") != text.sha256:
        return None
    made_with = document.get("names_version")
    if made_with is not None and int(made_with) != names_version(session, item.case_id):
        return None
    return document
