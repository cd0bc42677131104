"""The redacted forms of free text: made by the pipeline (``refresh``, run by an item's redact stage), dropped by
the services that change a text (``text_changed``), read by the typed reads (``current_forms``).

A form is shown only while it is current: made from the text as it is now (the pipeline compares a keyed hash)
and with every name the case's vault knows now (``names_version``). Until the pipeline has redone it, a
redacted-only reader gets no form at all (the reads say "being redacted"), never the typed text.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from archive.freetext.fields import REDACTED_FIELDS
from archive.freetext.models import FreeTextForm
from archive.models import Case, Item, utcnow
from archive.pipeline import consequences
from archive.review import vault
from archive.review.redacted import INDEX_PROFILE, engine_lang, names_version

if TYPE_CHECKING:
    from archive.context import Archive

Ref = tuple[str, str, str]  # (object type, object id, field)


@dataclass(frozen=True)
class Typed:
    """One free-text field as typed, for the pipeline."""

    ref: Ref
    case_id: str
    text: str
    lang: str


def source_hmac(key: bytes, text: str) -> str:
    """What a stored form was made from, without keeping the text (a short title is easy to guess)."""
    return hmac.new(hashlib.sha256(b"temoin-free-text-" + key).digest(), text.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def typed_fields(case: Case, items: Iterable[Item] = ()) -> list[Typed]:
    """The fields of ``REDACTED_FIELDS`` of a case and of some of its items, as typed now."""
    out = [Typed(("case", case.id, name), case.id, str(getattr(case, name) or ""), "fr")
           for name in REDACTED_FIELDS["case"]]
    for item in items:
        out += [Typed(("item", item.id, name), item.case_id, str(getattr(item, name) or ""), engine_lang(item))
                for name in REDACTED_FIELDS["item"]]
    return out


def text_changed(session: Session, object_type: str, object_id: str) -> None:
    """A free text was changed: its stored form is dropped in the change's own transaction (the reads withhold
    the field from redacted-only readers until the pipeline has made the new one)."""
    session.execute(delete(FreeTextForm).where(FreeTextForm.object_type == object_type,
                                               FreeTextForm.object_id == object_id))


def _rows(session: Session, refs: list[Ref]) -> dict[Ref, FreeTextForm]:
    if not refs:
        return {}
    rows = session.execute(select(FreeTextForm).where(
        tuple_(FreeTextForm.object_type, FreeTextForm.object_id, FreeTextForm.field).in_(refs))).scalars()
    return {(r.object_type, r.object_id, r.field): r for r in rows}


def current_forms(session: Session, refs: Iterable[Ref]) -> dict[Ref, str]:
    """The stored forms still current (their case's vault has learnt no name since they were made)."""
    rows = _rows(session, list(dict.fromkeys(refs)))
    versions: dict[str, int] = {}
    out = {}
    for ref, row in rows.items():
        if row.case_id not in versions:
            versions[row.case_id] = names_version(session, row.case_id)
        if row.names_version == versions[row.case_id]:
            out[ref] = row.redacted
    return out


def shown(typed: str, ref: Ref, forms: dict[Ref, str]) -> str | None:
    """What a redacted-only reader sees of one field: "" for an empty field, the current form, or None."""
    if not typed.strip():
        return ""
    return forms.get(ref)


def stale(session: Session, key: bytes, fields: list[Typed]) -> list[Typed]:
    """The non-empty fields whose stored form is missing, made from another text or with an older vault."""
    rows = _rows(session, [f.ref for f in fields])
    out = []
    for f in fields:
        row = rows.get(f.ref)
        if not f.text.strip():
            continue
        if (row is None or row.source_hmac != source_hmac(key, f.text)
                or row.names_version != names_version(session, f.case_id)):
            out.append(f)
    return out


def refresh(archive: Archive, item_id: str) -> int:
    """The pipeline's free-text step, run by an item's redact stage: the stale forms of the item and of its case
    are redacted in one batched pass (outside any transaction, with every name the case's vault knows), then
    stored in one short transaction with the case's pseudonyms. Names the free text holds join the vault (a
    name typed in a title is a name of the case: its documents are redacted again). Returns the forms written."""
    key = archive.key
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        case = session.get(Case, item.case_id) if item is not None else None
        if item is None or case is None:
            return 0
        todo = stale(session, key, typed_fields(case, [item]))
        known = vault.person_names(vault.load(session, key, case.id))
    if not todo:
        return 0
    with archive.spacy_pass() as engine:
        analyses = engine.analyze_many([f.text for f in todo], case_names=known, langs=[f.lang for f in todo])
    from redaction.redact import apply_profile

    with archive.db.session() as session:
        item = session.get(Item, item_id)
        case = session.get(Case, case.id)
        if item is None or case is None:
            return 0
        now = {f.ref: f.text for f in typed_fields(case, [item])}
        pseudonymiser = vault.load(session, key, case.id, for_update=True)
        before = len(vault.person_names(pseudonymiser))
        made = []
        for f, analysis in zip(todo, analyses, strict=True):
            if now.get(f.ref) != f.text:
                continue  # changed meanwhile: the change dropped the form and the next pass makes it
            for name in analysis.names:
                pseudonymiser.entry("PERSON", name)
            made.append((f, apply_profile(f.text, analysis, profile=INDEX_PROFILE, pseudonymiser=pseudonymiser)))
        if vault.save(session, key, case.id, pseudonymiser, names_before=before):
            consequences.names_learnt(session, case.id, except_item=None)
        version = names_version(session, case.id)
        rows = _rows(session, [f.ref for f, _ in made])
        for f, result in made:
            row = rows.get(f.ref)
            if row is None:
                row = FreeTextForm(object_type=f.ref[0], object_id=f.ref[1], field=f.ref[2], case_id=f.case_id)
                session.add(row)
            row.source_hmac, row.names_version = source_hmac(key, f.text), version
            row.profile, row.redacted, row.updated_at = INDEX_PROFILE, result.redacted_text, utcnow()
        return len(made)
