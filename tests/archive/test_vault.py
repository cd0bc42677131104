"""The case pseudonym vault propagates only names, and an officer's rejection takes a name out of it for the
whole case, sending the case's items through redaction again (issue 20)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.exports.leak_check import name_needles
from archive.items.artefacts import item_text
from archive.models import Item, Job, RedactionSpan
from archive.review import vault
from archive.review.service import decide_span
from tests.archive.exports_seed import add_text, work


def test_when_a_bad_proposal_glues_a_label_word_to_a_name_then_the_word_never_spreads(archive: Archive) -> None:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
        pseudonymiser = vault.load(session, archive.key, case_id, for_update=True)
        for name in ("Fatoumata Coulibaly\n\nÂge", "cercle", "Signature", "Fatoumata Coulibaly"):
            pseudonymiser.entry("PERSON", name)
        vault.save(session, archive.key, case_id, pseudonymiser, names_before=0)
    with archive.db.session() as session:
        names = vault.person_names(vault.load(session, archive.key, case_id))
    assert names == ["Fatoumata Coulibaly"]
    needles = name_needles(("Fatoumata Coulibaly\n\nÂge", "cercle", "Fatoumata Coulibaly"))
    assert "Âge" not in needles and "cercle" not in needles and "Coulibaly" in needles


def test_when_an_officer_rejects_a_name_then_it_leaves_the_vault_and_the_case_is_redacted_again(
    archive: Archive, tmp_path: Path
) -> None:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier").id
    first = add_text(archive, SYSTEM, case_id, "Déclaration de Moussa Keïta, commerçant.", tmp_path)
    second = add_text(archive, SYSTEM, case_id, "Ensuite Moussa Keïta est parti vers le nord.", tmp_path)
    work(archive)
    with archive.db.session() as session:
        assert any("Keïta" in n for n in vault.person_names(vault.load(session, archive.key, case_id)))
        item = session.get(Item, first)
        assert item is not None
        text = item_text(session, archive.store, item)
        assert text is not None
        span = next(s for s in session.execute(select(RedactionSpan).where(
            RedactionSpan.item_id == first, RedactionSpan.label == "PERSON")).scalars())
        rejected = text.text[span.start:span.end]
        decide_span(session, archive, actor=SYSTEM, item=item, span_id=span.id, status="rejected",
                    reason="exercice")
        jobs = session.execute(select(Job.stage).where(Job.item_id == second, Job.status == "queued")).scalars()
        assert "redact" in set(jobs)
    work(archive)  # the second item's redaction runs again; NER finding the name again does not bring it back
    with archive.db.session() as session:
        assert rejected not in vault.person_names(vault.load(session, archive.key, case_id))
