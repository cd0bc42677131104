"""The `redact` stage: propose spans over the item's text (one spaCy pass, every recognizer), update the case's
pseudonym vault, store the redacted text, and send the other documents of the case through again when the case
learnt a new name (propagation)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from archive import custody
from archive.context import Archive
from archive.custody import SYSTEM
from archive.items.artefacts import item_text
from archive.jobs import queue
from archive.jobs.queue import PermanentFailure
from archive.keys import archive_key
from archive.models import Artefact, Item
from archive.review import vault
from archive.review.service import engine, engine_lang, engine_lock, record_proposals, refresh_redacted


def run_redact(archive: Archive, item_id: str, progress: Callable[[float], None]) -> None:
    key = archive_key(archive.settings)
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        if item is None:
            raise PermanentFailure(f"item {item_id} no longer exists")
        text = item_text(session, archive.store, item)
        if text is None:
            return  # nothing was extracted (e.g. silence): nothing to redact
        known = vault.person_names(vault.load(session, key, item.case_id))
        lang, case_id = engine_lang(item), item.case_id
    with engine_lock:  # one spaCy pass at a time per process; models load once
        analysis = engine().analyze_many([text.text], lang=lang, case_names=known, progress=progress)[0]
    with archive.db.session() as session:
        item = session.get(Item, item_id)
        if item is None:
            raise PermanentFailure(f"item {item_id} no longer exists")
        added = record_proposals(session, item_id, text, list(analysis.findings))
        pseudonymiser = vault.load(session, key, case_id, for_update=True)
        before = len(vault.person_names(pseudonymiser))
        for name in analysis.names:
            pseudonymiser.entry("PERSON", name)
        grew = vault.save(session, key, case_id, pseudonymiser, names_before=before)
        refresh_redacted(session, archive.store, key, archive.settings.uploads_dir, item, text)
        item.extracted = {**item.extracted, "redaction_flags": list(analysis.flags), "redaction_lang": analysis.lang}
        custody.record(session, actor=SYSTEM, action="redact", object_type="item", object_id=item_id,
                       details={"proposed": added, "flags": list(analysis.flags), "text_sha256": text.sha256})
        if grew:  # a name new to the case: cover it in the case's other documents too
            others = session.execute(
                select(Item.id).where(Item.case_id == case_id, Item.id != item_id)
                .where(Item.id.in_(select(Artefact.item_id).where(Artefact.kind == "text")))
            ).scalars().all()
            for other in others:
                queue.enqueue(session, other, "redact")
