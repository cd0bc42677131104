"""The claims register through its service: lifecycle with reasons and custody, role and consent scoping,
duplicate claimants (flagged on registration, confirmed, rejected, undone), bad input. Synthetic people only."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import roles
from archive.cases.service import create_case
from archive.claims.checks import STAGE
from archive.claims.duplicates import (
    decide_duplicate,
    flag_duplicates,
    register_and_check,
    reveal_identity,
    review_queue,
    undo_duplicate,
)
from archive.claims.identity import Identity, open_identity
from archive.claims.links import link_person
from archive.claims.models import Claim, Claimant, DuplicateCandidate, MatcherModel
from archive.claims.programmes import load_programmes
from archive.claims.reads import claim_read
from archive.claims.service import list_claims, transition
from archive.consent import set_consent
from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.errors import Conflict, ConsentMissing, Forbidden, Invalid, NotFound
from archive.items.schemas import Intake
from archive.items.service import follow_job, retry_job
from archive.jobs.worker import Worker
from archive.models import CustodyEntry, Item, Job
from archive.pipeline.stages import handlers
from tests.archive.conftest import Accounts
from tests.archive.exports_seed import add_text

PROGRAMMES = load_programmes()
AWA = Identity(given_name="Awa", family_name="Kanouté", birth_date="1984-03-12", birth_place="Ségou",
               father_name="Moussa Kanouté", sex="F")
# The same woman registered by a legal-aid clinic: family name spelt by ear, approximate year.
AWA_AGAIN = Identity(given_name="Awa", family_name="Kanoute", birth_date="vers 1984", birth_place="Segou",
                     father_name="Moussa Kanoute", sex="F")
OTHER = Identity(given_name="Ibrahim", family_name="Dembélé", birth_date="1960", birth_place="Gao", sex="M")


@dataclass
class Register:
    archive: Archive
    officer: Actor
    board: Actor
    item: str
    case: str


@pytest.fixture
def reg(archive: Archive, accounts: Accounts, tmp_path: Path) -> Register:
    with archive.db.session() as session:
        case_id = create_case(session=session, actor=SYSTEM, title="Dossier Ségou 2013").id
    item = add_text(archive, SYSTEM, case_id, "Des hommes armés sont entrés dans la cour en 2013.", tmp_path,
                    intake=Intake(language="fr", region="Ségou", violation_types=["rape"],
                                  incident_date=dt.date(2013, 2, 1)))
    officer, board = accounts.make("reparations_officer").actor, accounts.make("reparations_board").actor
    return Register(archive, officer, board, item, case_id)


def _register(reg: Register, identity: Identity = AWA, **more: object) -> Claim:
    with reg.archive.db.session() as session:
        claim, _ = register_and_check(session=session, key=reg.archive.key, actor=reg.officer, programmes=PROGRAMMES,
                                      identity=identity, citations=[(reg.item, "p. 1")],
                                      **{"programme": "vbg", "victim_category": "direct", **more})
        session.expunge(claim)
    return claim


def _move(reg: Register, claim_id: str, to: str, actor: Actor | None = None, **more: object) -> Claim:
    with reg.archive.db.session() as session:
        claim = transition(session=session, key=reg.archive.key, actor=actor or reg.officer, claim_id=claim_id,
                           to=to, **more)  # type: ignore[arg-type]
        session.expunge(claim)
    return claim


def _decide(reg: Register, claim_id: str) -> Claim:
    _move(reg, claim_id, "admissible")
    _move(reg, claim_id, "under_assessment")
    return _move(reg, claim_id, "decided", reg.board, outcome="granted_full", cite=[reg.item],
                 reason="Les actes cités relèvent du volet VBG.")


def test_when_a_claim_goes_from_declaration_to_delivered_measure_then_every_step_is_logged(reg: Register) -> None:
    claim = _register(reg)
    assert claim.status == "registered" and claim.due_at > claim.created_at
    _decide(reg, claim.id)
    _move(reg, claim.id, "appealed", reason="La mesure médicale manque.")
    _move(reg, claim.id, "appeal_decided", reg.board, outcome="granted_part", cite=[reg.item],
          reason="Soins médicaux ajoutés.")
    done = _move(reg, claim.id, "measure_delivered")
    assert done.status == "measure_delivered" and done.outcome == "granted_part"
    with reg.archive.db.session() as session:
        read = claim_read(session, reg.board, PROGRAMMES, claim.id)
        entries = custody.entries_for(session, [claim.id])
        assert custody.verify_chain(session).ok
    assert [e.to_status for e in read.history] == ["registered", "admissible", "under_assessment", "decided",
                                                  "appealed", "appeal_decided", "measure_delivered"]
    assert [json.loads(e.details)["to"] for e in entries if e.action == "claim"] == [e.to_status for e in read.history]
    assert read.eligible and all(c.met for c in read.checks)
    # Reasons are sealed in the custody log, never in clear.
    logged = " ".join(e.details + e.reason for e in entries)
    assert "VBG" not in logged and "médicale" not in logged and "sealed" in logged


def test_when_a_step_is_out_of_order_or_unreasoned_then_it_is_refused(reg: Register) -> None:
    claim = _register(reg)
    with pytest.raises(Conflict) as order:
        _move(reg, claim.id, "decided", reg.board, outcome="refused", cite=[reg.item], reason="x")
    assert "registered" in order.value.message("fr") and "under_assessment" in order.value.message("en")
    with pytest.raises(Invalid, match="written reasons"):
        _move(reg, claim.id, "inadmissible")
    _move(reg, claim.id, "admissible")
    _move(reg, claim.id, "under_assessment")
    with pytest.raises(Forbidden):  # an officer registers and assesses; the board decides
        _move(reg, claim.id, "decided", outcome="refused", cite=[reg.item], reason="x")
    with pytest.raises(Invalid, match="cite"):
        _move(reg, claim.id, "decided", reg.board, outcome="refused", reason="Pas de preuve.")
    with pytest.raises(Invalid, match="Unknown decision"):
        _move(reg, claim.id, "decided", reg.board, outcome="maybe", cite=[reg.item], reason="x")
    _move(reg, claim.id, "decided", reg.board, outcome="refused", cite=[reg.item], reason="Hors période.")
    with pytest.raises(Conflict, match="not granted"):
        _move(reg, claim.id, "measure_delivered")


def test_when_bad_claimant_input_is_given_then_the_message_says_what_to_write(reg: Register) -> None:
    cases = [(Identity(birth_date="1984"), "prénom ou le nom"),
             (Identity(given_name="Awa", birth_date="12/03/1984"), "AAAA-MM-JJ")]
    for identity, words in cases:
        with pytest.raises(Invalid) as refused:
            _register(reg, identity)
        assert words in refused.value.message("fr")
    with reg.archive.db.session() as session, pytest.raises(NotFound) as unknown:
        register_and_check(session=session, key=reg.archive.key, actor=reg.officer, programmes=PROGRAMMES,
                           programme="volet-inconnu", victim_category="direct", identity=AWA, citations=[])
    assert "vbg" in unknown.value.message("en") and "inconnu" in unknown.value.message("fr")


def test_when_other_roles_read_or_write_claims_then_they_are_refused(reg: Register, accounts: Accounts) -> None:
    claim = _register(reg)
    for role in ("documentation_officer", "lawyer", "auditor", "admin"):
        actor = accounts.make(role).actor
        with reg.archive.db.session() as session, pytest.raises(Forbidden):
            claim_read(session, actor, PROGRAMMES, claim.id)
        with reg.archive.db.session() as session, pytest.raises(Forbidden):
            list_claims(session=session, actor=actor)
    assert "claims.decide" in roles()["reparations_board"].permissions


def test_when_consent_to_reparations_is_withdrawn_then_the_citation_is_withheld_and_the_claim_flagged(
        reg: Register) -> None:
    claim = _register(reg)
    with reg.archive.db.session() as session:
        item = session.get(Item, reg.item)
        assert item is not None
        set_consent(session, actor=SYSTEM, item=item, scope="share_reparations", status="withdrawn")
    with reg.archive.db.session() as session:
        for viewer in (reg.officer, reg.board):
            read = claim_read(session, viewer, PROGRAMMES, claim.id)
            assert read.citations[0].withheld and read.citations[0].item is None
            assert "evidence_consent_withdrawn" in read.flags
            assert not read.eligible  # the withdrawn testimony no longer counts as evidence
        assert "evidence_consent_withdrawn" in claim_read(session, SYSTEM, PROGRAMMES, claim.id).flags
    _move(reg, claim.id, "admissible")
    _move(reg, claim.id, "under_assessment")
    with pytest.raises(Forbidden):  # a decision cannot rest on a testimony the board may not read
        _move(reg, claim.id, "decided", reg.board, outcome="granted_full", cite=[reg.item], reason="x")


def test_when_the_same_survivor_is_registered_twice_then_a_person_reviews_the_pair(reg: Register) -> None:
    first = _register(reg)
    _register(reg, OTHER)
    second = _register(reg, AWA_AGAIN)
    with reg.archive.db.session() as session:
        queue = review_queue(session=session, key=reg.archive.key, actor=reg.officer)
        labels = {session.get(Claimant, first.claimant_id).label, session.get(Claimant, second.claimant_id).label}
    assert len(queue) == 1 and {queue[0].a.label, queue[0].b.label} == labels
    assert queue[0].candidate.probability >= 0.8 and queue[0].fields["given_name"] == "same"
    # The queue names no one: labels and agreement only.
    assert "Kanout" not in json.dumps([e.fields for e in queue]) + queue[0].a.label + queue[0].b.label
    _move(reg, second.id, "admissible")
    _move(reg, second.id, "under_assessment")
    with pytest.raises(Conflict, match="duplicate"):
        _move(reg, second.id, "decided", reg.board, outcome="granted_full", cite=[reg.item], reason="Motifs.")
    with reg.archive.db.session() as session:
        decide_duplicate(session=session, key=reg.archive.key, actor=reg.officer, candidate_id=queue[0].candidate.id,
                         same=True)
    with reg.archive.db.session() as session:
        assert session.get(Claim, second.id).claimant_id == first.claimant_id  # re-pointed
        merged = session.get(Claimant, second.claimant_id)
        assert merged.merged_into == first.claimant_id
        assert "merge" in {e.action for e in custody.entries_for(session, [first.claimant_id])}
    _move(reg, second.id, "decided", reg.board, outcome="granted_full", cite=[reg.item], reason="Motifs.")
    # Undoing the merge after the decision: the decided claim stays and is flagged, never silently re-pointed.
    with reg.archive.db.session() as session:
        flagged = undo_duplicate(session=session, key=reg.archive.key, actor=reg.officer,
                                 candidate_id=queue[0].candidate.id, reason="Deux femmes différentes.")
    assert flagged == [second.id]
    with reg.archive.db.session() as session:
        assert "merge_undone_after_decision" in claim_read(session, reg.board, PROGRAMMES, second.id).flags
        assert session.get(Claimant, second.claimant_id).merged_into is None
    # Rescanning proposes nothing already in the queue's history.
    assert flag_duplicates(reg.archive, actor=reg.officer) == []


def test_when_a_pair_is_judged_different_then_it_is_never_proposed_again(reg: Register) -> None:
    _register(reg)
    _register(reg, AWA_AGAIN)
    with reg.archive.db.session() as session:
        (entry,) = review_queue(session=session, key=reg.archive.key, actor=reg.officer)
        decide_duplicate(session=session, key=reg.archive.key, actor=reg.officer, candidate_id=entry.candidate.id,
                         same=False, reason="Homonymes : pères différents selon la famille.")
    with reg.archive.db.session() as session:
        assert review_queue(session=session, key=reg.archive.key, actor=reg.officer) == []
    assert flag_duplicates(reg.archive, actor=reg.officer) == []
    with reg.archive.db.session() as session, pytest.raises(Conflict):
        decide_duplicate(session=session, key=reg.archive.key, actor=reg.officer, candidate_id=entry.candidate.id,
                         same=True)


def test_when_a_claimant_is_registered_then_the_duplicate_check_runs_after_the_commit_and_blocks_decisions(
        reg: Register) -> None:
    reg.archive.db.after_commit = None  # nothing runs after the commit here: the check waits for a worker
    _register(reg)
    second = _register(reg, AWA_AGAIN)
    with reg.archive.db.session() as session:
        checks = session.execute(select(Job).where(Job.stage == STAGE)).scalars().all()
        # Committed at once: the claims exist, their checks are queued jobs, nothing is in the review queue yet.
        assert sorted(j.status for j in checks) == ["queued", "queued"]
        assert {j.item_id for j in checks} == {c.id for c in session.execute(select(Claimant)).scalars()}
        assert review_queue(session=session, key=reg.archive.key, actor=reg.officer) == []
        assert claim_read(session, reg.board, PROGRAMMES, second.id).duplicate_checks_pending == 1
    _move(reg, second.id, "admissible")
    _move(reg, second.id, "under_assessment")
    with pytest.raises(Conflict) as refused:
        _move(reg, second.id, "decided", reg.board, outcome="granted_full", cite=[reg.item], reason="Motifs.")
    assert refused.value.key == "claim_duplicate_check_pending"
    assert Worker(reg.archive, {STAGE: handlers()[STAGE]}, name="test").run_until_idle() == 2
    with reg.archive.db.session() as session:
        assert {j.status for j in session.execute(select(Job).where(Job.stage == STAGE)).scalars()} == {"done"}
        (entry,) = review_queue(session=session, key=reg.archive.key, actor=reg.officer)
        assert claim_read(session, reg.board, PROGRAMMES, second.id).duplicate_checks_pending == 0
    # Now the open candidate is what blocks the decision, until a person decides.
    with pytest.raises(Conflict) as refused:
        _move(reg, second.id, "decided", reg.board, outcome="granted_full", cite=[reg.item], reason="Motifs.")
    assert refused.value.key == "claim_duplicate_open"
    with reg.archive.db.session() as session:
        decide_duplicate(session=session, key=reg.archive.key, actor=reg.officer, candidate_id=entry.candidate.id,
                         same=False, reason="Homonymes.")
    assert _move(reg, second.id, "decided", reg.board, outcome="granted_full", cite=[reg.item],
                 reason="Motifs.").status == "decided"


def test_when_a_duplicate_check_fails_then_claims_staff_follow_and_retry_it_and_others_cannot(
        reg: Register, accounts: Accounts) -> None:
    reg.archive.db.after_commit = None
    claim = _register(reg)
    with reg.archive.db.session() as session:
        job = session.execute(select(Job).where(Job.stage == STAGE)).scalar_one()
        job.status, job.error = "failed", "stockage indisponible"
        job_id = job.id
    officer_of_documents = accounts.make("documentation_officer").actor
    with reg.archive.db.session() as session:
        # The job's subject is a claimant, not an item: claims staff see it, a documentation officer does not.
        assert follow_job(session, actor=reg.board, job_id=job_id).item_id == claim.claimant_id
        with pytest.raises(Forbidden):
            follow_job(session, actor=officer_of_documents, job_id=job_id)
        with pytest.raises(Forbidden):
            retry_job(session, actor=reg.board, job_id=job_id, reason="Relance.")
    with reg.archive.db.session() as session:
        assert retry_job(session, actor=reg.officer, job_id=job_id, reason="Stockage revenu.").status == "queued"
        entry = session.execute(select(CustodyEntry).where(CustodyEntry.action == "job_retry")).scalar_one()
        assert (entry.object_type, entry.object_id) == ("claimant", claim.claimant_id)
    assert Worker(reg.archive, {STAGE: handlers()[STAGE]}, name="test").run_until_idle() == 1
    with reg.archive.db.session() as session:
        assert session.get(Job, job_id).status == "done"


def test_when_a_model_was_trained_then_a_registration_scores_against_it_without_training(reg: Register) -> None:
    people = [OTHER, Identity(given_name="Mariam", family_name="Sangaré", birth_date="1979", birth_place="Mopti"),
              Identity(given_name="Oumar", family_name="Cissé", birth_date="1990-06-01", birth_place="Tombouctou"),
              AWA]
    for person in people:
        _register(reg, person)
    # A small register's checks trained as they went (no model, then one a quarter too small each time).
    assert flag_duplicates(reg.archive, actor=reg.officer) == []
    with reg.archive.db.session() as session:
        models = _models(session)
        assert models[-1].records == 4 and models[-1].settings["comparisons"]
        assert "Kanout" not in json.dumps(models[-1].settings)  # parameters only, no names
    _register(reg, AWA_AGAIN)  # five records: within a quarter of the model's four, so no training
    with reg.archive.db.session() as session:
        assert len(_models(session)) == len(models)
        (entry,) = review_queue(session=session, key=reg.archive.key, actor=reg.officer)
        assert entry.candidate.probability >= 0.8 and entry.fields["birth_date"] == "differs"
    _register(reg, Identity(given_name="Seydou", family_name="Keïta", birth_date="1975", birth_place="Kita"))
    with reg.archive.db.session() as session:  # six: the register grew past a quarter, the check trained again
        assert [m.records for m in _models(session)[len(models) - 1:]] == [4, 6]


def _models(session: Session) -> list[MatcherModel]:
    return list(session.execute(select(MatcherModel).order_by(MatcherModel.trained_at)).scalars())

def _check(reg: Register, claim_id: str, rule: str) -> bool | None:
    with reg.archive.db.session() as session:
        (check,) = [c for c in claim_read(session, reg.board, PROGRAMMES, claim_id).checks if c.rule == rule]
    return check.met


def test_when_an_indirect_victim_claims_then_the_link_to_the_person_disappeared_supports_it(reg: Register) -> None:
    widow = _register(reg, AWA, programme="disparitions", victim_category="spouse")
    assert _check(reg, widow.id, "indirect_link") is None  # no link recorded yet: unknown, not refused
    husband = Identity(given_name="Moussa", family_name="Kanouté", birth_date="vers 1978", birth_place="Ségou")
    with reg.archive.db.session() as session:
        made = link_person(session=session, key=reg.archive.key, actor=reg.officer, claim_id=widow.id,
                           relation="spouse", fate="disappeared", identity=husband)
        person = session.get(Claimant, made.person_id)
        assert person is not None and person.label.startswith("R-") and b"Moussa" not in person.sealed
    assert _check(reg, widow.id, "indirect_link") is True
    with reg.archive.db.session() as session:
        read = claim_read(session, reg.officer, PROGRAMMES, widow.id)
        # The person record goes through the duplicate check like any claimant; the link is in the custody log.
        assert session.execute(select(Job).where(Job.item_id == made.person_id, Job.stage == STAGE)).scalar_one()
        logged = [json.loads(e.details) for e in custody.entries_for(session, [widow.id]) if e.action == "claim"]
    assert [(link.person, link.relation, link.fate) for link in read.links] == [(person.label, "spouse", "disappeared")]
    assert {"link": person.label, "relation": "spouse", "fate": "disappeared"}.items() <= logged[-1].items()
    # The same person again, an unknown relation or fate, the claimant's own record, or a board member: refused.
    for actor, more, error in ((reg.officer, {"person_id": person.label}, Conflict),
                               (reg.officer, {"person_id": person.id, "relation": "cousin"}, Invalid),
                               (reg.officer, {"person_id": person.id, "fate": "gone"}, Invalid),
                               (reg.officer, {"person_id": widow.claimant_id}, Invalid),
                               (reg.officer, {}, Invalid),
                               (reg.board, {"person_id": person.id}, Forbidden)):
        args: dict[str, object] = {"relation": "spouse", "fate": "killed", **more}
        with reg.archive.db.session() as session, pytest.raises(error):
            link_person(session=session, key=reg.archive.key, actor=actor, claim_id=widow.id,
                        **args)  # type: ignore[arg-type]
    # A child's claim whose stated parent is alive does not meet the rule; the household link does not count.
    son = _register(reg, OTHER, programme="disparitions", victim_category="child")
    with reg.archive.db.session() as session:
        for relation, fate in (("child", "alive"), ("household", "killed")):
            other = Identity(given_name="Issa", family_name="Dembélé" if relation == "child" else "Sow")
            link_person(session=session, key=reg.archive.key, actor=reg.officer, claim_id=son.id, relation=relation,
                        fate=fate, identity=other)
    assert _check(reg, son.id, "indirect_link") is False


def test_when_records_with_conflicting_birth_dates_are_merged_then_both_are_kept_and_flagged(reg: Register) -> None:
    _register(reg)
    _register(reg, Identity(given_name="Awa", family_name="Kanouté", birth_date="1986-03-12", birth_place="Ségou",
                            father_name="Moussa Kanouté", sex="F"))
    with reg.archive.db.session() as session:
        (entry,) = review_queue(session=session, key=reg.archive.key, actor=reg.officer)
        assert entry.fields["birth_date"] == "differs"
        decide_duplicate(session=session, key=reg.archive.key, actor=reg.officer, candidate_id=entry.candidate.id,
                         same=True)
    with reg.archive.db.session() as session:
        kept = session.execute(select(Claimant).where(Claimant.merged_into.is_(None))).scalar_one()
        assert kept.flags == ["birth_date_conflict"]
        dates = {open_identity(c.sealed, reg.archive.key).birth_date
                 for c in session.execute(select(Claimant)).scalars()}
    assert dates == {"1984-03-12", "1986-03-12"}  # nothing lost


def test_when_identity_is_revealed_then_it_needs_permission_consent_and_is_logged(reg: Register) -> None:
    without = _register(reg)
    consenting = _register(reg, OTHER, identity_consent=True)
    key = reg.archive.key
    with reg.archive.db.session() as session, pytest.raises(Forbidden):
        reveal_identity(session=session, key=key, actor=reg.officer, claimant_id=consenting.claimant_id, reason="x")
    with reg.archive.db.session() as session, pytest.raises(ConsentMissing):
        reveal_identity(session=session, key=key, actor=reg.board, claimant_id=without.claimant_id, reason="paiement")
    with reg.archive.db.session() as session:
        shown = reveal_identity(session=session, key=key, actor=reg.board, claimant_id=consenting.claimant_id,
                                reason="paiement")
        logged = session.execute(select(CustodyEntry).where(CustodyEntry.action == "resolve_pseudonym")).scalars()
        assert [e.object_id for e in logged] == [consenting.claimant_id]
        assert b"Dembl" not in session.get(Claimant, consenting.claimant_id).sealed
    assert shown.family_name == "Dembélé"


def test_when_claims_pass_their_deadline_then_they_are_listed_overdue(reg: Register) -> None:
    claim = _register(reg)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=91)
    with reg.archive.db.session() as session:
        assert list_claims(session=session, actor=reg.officer, overdue=True) == []
        assert [c.id for c in list_claims(session=session, actor=reg.officer, overdue=True, now=later)] == [claim.id]


def test_when_the_archive_is_migrated_then_the_claims_tables_match_the_models(archive: Archive) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from archive.models import Base

    ours = {"claimants", "claims", "claim_citations", "claim_events", "duplicate_candidates", "matcher_models", "jobs"}
    with archive.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    def table_of(change: object) -> str:
        first = change[0] if isinstance(change, list) else change
        for part in first if isinstance(first, tuple) else ():
            name = getattr(part, "name", None) if not isinstance(part, str) else None
            table = getattr(part, "table", None)
            if table is not None and getattr(table, "name", None):
                return str(table.name)
            if name in ours:
                return str(name)
            if isinstance(part, str) and part in ours:
                return part
        return ""

    assert [d for d in diff if table_of(d) in ours] == []


def test_when_the_programmes_file_is_malformed_then_the_message_names_the_programme_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "programmes.toml"
    bad.write_text('[programmes.vbg]\ntitle_fr = "VBG"\ntitle_en = "GBV"\nversion = "1"\nact_types = ["viol"]\n'
                   'period = ["2012-01-01", "2023-12-31"]\nvictim_categories = ["direct"]\nmeasures = []\n'
                   'assessment_days = 90\n', encoding="utf-8")
    with pytest.raises(Invalid) as refused:
        load_programmes(bad)
    assert "vbg" in refused.value.message("fr") and "viol" in refused.value.message("en")
    bad.write_text(bad.read_text(encoding="utf-8").replace('"viol"', '"rape"').replace("assessment_days = 90\n", ""),
                   encoding="utf-8")
    with pytest.raises(Invalid, match="assessment_days"):
        load_programmes(bad)


def test_when_the_register_is_scanned_then_no_write_waits_for_the_training(
        reg: Register, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full scan trains for seconds to minutes on a large register: it must hold no write transaction meanwhile
    (on SQLite that would stop every upload, review and login). A write made while the model trains goes through
    at once, and the scan's pairs are still queued after it."""
    import time

    from sqlalchemy import text

    import archive.persons.matching as matching

    _register(reg)
    _register(reg, AWA_AGAIN)
    with reg.archive.db.session() as session:
        for candidate in session.execute(select(DuplicateCandidate)).scalars():
            session.delete(candidate)  # forget what the registrations' checks queued: the scan finds it again
    real = matching.match_records_with_training
    waited: list[float] = []

    def training(*args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        with reg.archive.db.session() as session:  # another unit of work writes while the model trains
            session.execute(text("UPDATE claimants SET flags = flags WHERE 1 = 0"))
        waited.append(time.monotonic() - started)
        return real(*args, **kwargs)

    monkeypatch.setattr(matching, "match_records_with_training", training)
    found = flag_duplicates(reg.archive, actor=reg.officer)
    assert waited and waited[0] < 5.0, waited
    assert len(found) == 1
