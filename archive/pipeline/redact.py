"""The `redact` stage: propose spans over the item's text (one spaCy pass, every recognizer), update the case's
pseudonym vault and store the redacted text. NER runs outside any transaction; what it found is written in one
short transaction. When the case learns a new name, its other items are sent through again (propagation,
``consequences.names_learnt``). The free text around the item (its title, its case's title and description)
is redacted last, when stale (``archive.freetext.service.refresh``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.context import Archive
from archive.custody import SYSTEM
from archive.freetext import service as freetext
from archive.items.artefacts import item_text
from archive.jobs.queue import PermanentFailure
from archive.models import Item, RedactionSpan
from archive.pipeline import consequences
from archive.review import vault

if TYPE_CHECKING:
    from redaction.findings import Finding
from archive.review.redacted import engine_lang, record_proposals, refresh_redacted

PROPAGATION = "propagation.case_names.v1"


def drop_stale_propagation(session: Session, item_id: str, text_sha: str, findings: Iterable[Finding]) -> None:
    """Undecided spans that only the case's names proposed, and that this pass no longer proposes (a name left
    the vault: an officer rejected it), are removed; decided spans stay."""
    fresh = {(f.start, f.end, f.label) for f in findings}
    for span in session.execute(select(RedactionSpan).where(
            RedactionSpan.item_id == item_id, RedactionSpan.text_sha256 == text_sha,
            RedactionSpan.status == "proposed", RedactionSpan.recognizer == PROPAGATION)).scalars():
        if (span.start, span.end, span.label) not in fresh:
            session.delete(span)
    session.flush()


def run_redact(archive: Archive, item_id: str, progress: Callable[[float], None]) -> None:
    _redact_text(archive, item_id, progress)
    freetext.refresh(archive, item_id)


def run_freetext(archive: Archive, item_id: str, progress: Callable[[float], None]) -> None:
    """Only the free text around the item (e.g. after a transfer import: the text's redaction came with it)."""
    freetext.refresh(archive, item_id)
    progress(1.0)


def _redact_text(archive: Archive, item_id: str, progress: Callable[[float], None]) -> None:
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        if item is None:
            raise PermanentFailure(f"item {item_id} no longer exists")
        text = item_text(session, archive.store, item)
        if text is None:
            return  # nothing was extracted (e.g. silence): nothing to redact
        known = vault.person_names(vault.load(session, archive.key, item.case_id))
        lang, case_id = engine_lang(item), item.case_id
    with archive.spacy_pass() as engine:  # one spaCy pass at a time per process; models load once
        analysis = engine.analyze_many([text.text], lang=lang, case_names=known, progress=progress)[0]
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        if item is None:
            raise PermanentFailure(f"item {item_id} no longer exists")
        current = item_text(session, archive.store, item)
        if current is None or current.sha256 != text.sha256:
            return  # the text was corrected meanwhile: the correction queued its own pass
        drop_stale_propagation(session, item_id, text.sha256, analysis.findings)
        added = record_proposals(session, item_id, text, list(analysis.findings))
        pseudonymiser = vault.load(session, archive.key, case_id, for_update=True)
        before = len(vault.person_names(pseudonymiser))
        for name in analysis.names:
            pseudonymiser.entry("PERSON", name)
        if vault.save(session, archive.key, case_id, pseudonymiser, names_before=before):
            consequences.names_learnt(session, case_id, except_item=item_id)
        refresh_redacted(session, archive, item, text, index_now=False)  # the index is this stage's next one
        item.extracted = {**item.extracted, "redaction_flags": list(analysis.flags), "redaction_lang": analysis.lang}
        custody.record(session, actor=SYSTEM, action="redact", object_type="item", object_id=item_id,
                       details={"proposed": added, "flags": list(analysis.flags), "text_sha256": text.sha256})
