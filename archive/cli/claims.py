"""`temoin claims ...`: the reparations register from the command line (the same services as the API and pages).

Services, SQLAlchemy and the matcher are imported inside the commands, so that the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from archive.cli.app import app
from archive.cli.common import AS_OPTION, JSON_OPTION, cli_lang, emit_json, opened_archive, out, resolve_actor

if TYPE_CHECKING:
    from archive.context import Archive
    from archive.custody import Actor

claims = typer.Typer(help="Demandes de réparation / reparations claims: register, assess, decide, appeal, "
                          "duplicate claimants.", no_args_is_help=True)
app.add_typer(claims, name="claims")

REASON = typer.Option("", "--reason", help="Written reasons (kept with the claim; sealed in the custody log).")


def _programmes(archive: Archive) -> dict[str, Any]:
    from archive.claims.programmes import load_programmes

    return load_programmes(archive.settings.programmes_file)


def _show(data: Any, as_json: bool, text: str) -> None:
    if as_json:
        emit_json(data)
    else:
        out.print(text, highlight=False)


def _move(claim_id: str, to: str, as_user: str | None, as_json: bool, *, reason: str = "",
          outcome: str | None = None, cite: list[str] | None = None) -> None:
    from archive.claims.reads import claim_read
    from archive.claims.service import transition

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            transition(session=session, key=archive.key, actor=actor, claim_id=claim_id, to=to, reason=reason,
                       outcome=outcome, cite=cite or [])
            read = claim_read(session, actor, _programmes(archive), claim_id)
    _show(read.model_dump(mode="json"), as_json, f"{read.id}\t{read.status}\t{read.outcome or ''}")


def _parse_cite(value: str) -> tuple[str, str]:
    item, _, note = value.partition(":")
    return item, note


@claims.command("programmes")
def programmes(as_json: bool = JSON_OPTION) -> None:
    """List the reparations programmes and their rules."""
    from archive.claims.reads import programme_read

    with opened_archive() as archive:
        rows = [programme_read(p, cli_lang()).model_dump(mode="json") for p in _programmes(archive).values()]
    _show(rows, as_json, "\n".join(f"{r['key']}\t{r['version']}\t{r['title']}" for r in rows))


@claims.command("add")
def add(programme: str = typer.Option(..., "--programme", help="Programme key (see `temoin claims programmes`)."),
        category: str = typer.Option("direct", "--category", help="direct, spouse, child, parent, other_relative."),
        given_name: str = typer.Option("", "--given-name"), family_name: str = typer.Option("", "--family-name"),
        birth_date: str = typer.Option("", "--birth-date", help="YYYY-MM-DD, YYYY-MM, YYYY or 'vers YYYY'."),
        birth_place: str = typer.Option("", "--birth-place"), father: str = typer.Option("", "--father"),
        mother: str = typer.Option("", "--mother"), sex: str = typer.Option("", "--sex"),
        identity_consent: bool = typer.Option(False, "--identity-consent",
                                              help="The claimant consented to identity disclosure (payment)."),
        claimant: str | None = typer.Option(None, "--claimant", help="An existing claimant (id or label)."),
        cite: list[str] = typer.Option([], "--cite", help="ITEM_ID[:where in it]; repeat for several."),
        as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Register a claim (and its claimant); likely duplicates of the claimant are queued for review."""
    from archive.claims.duplicates import register_and_check
    from archive.claims.identity import Identity
    from archive.claims.service import open_candidates
    from archive.models import Job

    identity = None if claimant else Identity(given_name, family_name, birth_date, birth_place, father, mother, sex)
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            claim, check = register_and_check(session=session, key=archive.key, actor=actor,
                                              programmes=_programmes(archive), programme=programme,
                                              victim_category=category, identity=identity,
                                              identity_consent=identity_consent, claimant_id=claimant,
                                              citations=[_parse_cite(c) for c in cite])
            data: dict[str, object] = {"id": claim.id, "claimant": claim.claimant_id, "status": claim.status,
                                       "due_at": claim.due_at.isoformat()}
        # The duplicate check ran once the registration committed (or waits for a worker if it could not).
        with archive.db.reader() as session:
            found = [c.id for c in open_candidates(session, claim.claimant_id)]
            job = session.get(Job, check) if check else None
            data |= {"duplicates": found, "duplicate_check": job.status if job else None}
    _show(data, as_json, f"{data['id']}\t{len(found)} possible duplicate(s)")


@claims.command("list")
def list_(status: str | None = typer.Option(None, "--status"),
          overdue: bool = typer.Option(False, "--overdue", help="Only claims past their assessment deadline."),
          as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List claims, earliest deadline first."""
    from archive.claims.reads import claims_for
    from archive.claims.service import list_claims

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            rows = [r.model_dump(mode="json") for r in
                    claims_for(session, actor, list_claims(session=session, actor=actor, status=status,
                                                           overdue=overdue))]
    late = {True: "\tOVERDUE", False: ""}
    _show(rows, as_json, "\n".join(f"{r['id']}\t{r['claimant']}\t{r['status']}\t{r['due_at'][:10]}"
                                   f"{late[r['overdue']]}\t{','.join(r['flags'])}" for r in rows))


@claims.command("show")
def show(claim_id: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """A claim at your level: status, deadline, flags, citations (withheld without consent), proposal, history."""
    from archive.claims.reads import claim_read

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            read = claim_read(session, actor, _programmes(archive), claim_id)
    data = read.model_dump(mode="json")
    checks = ", ".join(f"{c['rule']}={'?' if c['met'] is None else c['met']}" for c in data["checks"])
    _show(data, as_json, f"{read.id}\t{read.claimant}\t{read.status}\t{read.outcome or ''}\n"
                         f"eligible={read.eligible} ({checks})\nflags={','.join(read.flags)}")


@claims.command("cite")
def cite_(claim_id: str, item_id: str, note: str = typer.Option("", "--note"),
          as_user: str | None = AS_OPTION) -> None:
    """Add a testimony to a claim's evidence."""
    from archive.claims.service import add_citation

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            add_citation(session=session, key=archive.key, actor=actor, claim_id=claim_id, item_id=item_id,
                         note=note)


@claims.command("link")
def link(claim_id: str,
         relation: str = typer.Option(..., "--relation",
                                      help="The claimant is the spouse, child, parent, sibling, household or "
                                           "other_relative of the person."),
         fate: str = typer.Option(..., "--fate", help="killed, disappeared, injured, alive or unknown."),
         person: str | None = typer.Option(None, "--person", help="An existing person record (id or label)."),
         given_name: str = typer.Option("", "--given-name"), family_name: str = typer.Option("", "--family-name"),
         birth_date: str = typer.Option("", "--birth-date"), birth_place: str = typer.Option("", "--birth-place"),
         as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Link a claim to a person (household, or the person killed or disappeared for an indirect victim)."""
    from archive.claims.identity import Identity
    from archive.claims.links import link_person

    identity = None if person else Identity(given_name, family_name, birth_date, birth_place)
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            made = link_person(session=session, key=archive.key, actor=actor, claim_id=claim_id, relation=relation,
                               fate=fate, person_id=person, identity=identity)
            data = {"claim": claim_id, "person": made.person_id, "relation": made.relation, "fate": made.fate}
    _show(data, as_json, f"{claim_id}\t{relation}\t{fate}\t{data['person']}")


@claims.command("admit")
def admit(claim_id: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Registered -> admissible."""
    _move(claim_id, "admissible", as_user, as_json)


@claims.command("inadmissible")
def inadmissible(claim_id: str, reason: str = REASON, as_user: str | None = AS_OPTION,
                 as_json: bool = JSON_OPTION) -> None:
    """Registered -> inadmissible, with reasons."""
    _move(claim_id, "inadmissible", as_user, as_json, reason=reason)


@claims.command("assess")
def assess(claim_id: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Admissible -> under assessment (`show` gives the rules' proposal)."""
    _move(claim_id, "under_assessment", as_user, as_json)


@claims.command("decide")
def decide(claim_id: str, outcome: str = typer.Option(..., "--outcome", help="granted_full, granted_part, refused."),
           reason: str = REASON, cite: list[str] = typer.Option([], "--cite", help="Evidence the decision rests on."),
           as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Under assessment -> decided (board), with reasons citing evidence."""
    _move(claim_id, "decided", as_user, as_json, reason=reason, outcome=outcome, cite=cite)


@claims.command("appeal")
def appeal(claim_id: str, reason: str = REASON, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Decided or inadmissible -> appealed, with the grounds."""
    _move(claim_id, "appealed", as_user, as_json, reason=reason)


@claims.command("decide-appeal")
def decide_appeal(claim_id: str, outcome: str = typer.Option(..., "--outcome"), reason: str = REASON,
                  cite: list[str] = typer.Option([], "--cite"), as_user: str | None = AS_OPTION,
                  as_json: bool = JSON_OPTION) -> None:
    """Appealed -> appeal decided (board), with reasons citing evidence."""
    _move(claim_id, "appeal_decided", as_user, as_json, reason=reason, outcome=outcome, cite=cite)


@claims.command("deliver")
def deliver(claim_id: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Granted -> measure delivered."""
    _move(claim_id, "measure_delivered", as_user, as_json)


@claims.command("duplicates")
def duplicates(include_decided: bool = typer.Option(False, "--all", help="Decided pairs too."),
               as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The review queue: likely duplicate claimants side by side (labels and field agreement, no names)."""
    from archive.claims.duplicates import review_queue
    from archive.claims.reads import candidate_read

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            rows = [candidate_read(e).model_dump() for e in
                    review_queue(session=session, key=archive.key, actor=actor, include_decided=include_decided)]
    _show(rows, as_json, "\n".join(f"{r['id']}\t{r['a']}\t{r['b']}\t{r['probability']:.3f}\t{r['status']}\t"
                                   + " ".join(f"{k}={v}" for k, v in r["fields"].items()) for r in rows))


def _decide_pair(candidate_id: str, same: bool, reason: str, as_user: str | None, as_json: bool) -> None:
    from archive.claims.duplicates import decide_duplicate

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            c = decide_duplicate(session=session, key=archive.key, actor=actor, candidate_id=candidate_id, same=same,
                                 reason=reason)
            data = {"id": c.id, "status": c.status, "moved_claims": c.moved_claims}
    _show(data, as_json, f"{data['id']}\t{data['status']}")


@claims.command("same")
def same(candidate_id: str, reason: str = REASON, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Confirm a pair is one person: records merged, claims re-pointed (undo with `claims undo`)."""
    _decide_pair(candidate_id, True, reason, as_user, as_json)


@claims.command("different")
def different(candidate_id: str, reason: str = REASON, as_user: str | None = AS_OPTION,
              as_json: bool = JSON_OPTION) -> None:
    """Judge a pair two different persons: remembered, never proposed again."""
    _decide_pair(candidate_id, False, reason, as_user, as_json)


@claims.command("undo")
def undo(candidate_id: str, reason: str = REASON, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Undo a merge (claims decided since stay and are flagged for review)."""
    from archive.claims.duplicates import undo_duplicate

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            flagged = undo_duplicate(session=session, key=archive.key, actor=actor, candidate_id=candidate_id,
                                     reason=reason)
    _show({"id": candidate_id, "flagged_claims": flagged}, as_json, f"{candidate_id}\tundone\t{len(flagged)} flagged")


@claims.command("scan")
def scan(as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Match every claimant again and queue new likely duplicates."""
    from archive.claims.duplicates import flag_duplicates

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        found = [c.id for c in flag_duplicates(archive, actor=actor)]
    _show({"new": found}, as_json, f"{len(found)} new possible duplicate(s)")


@claims.command("identity")
def identity(claimant: str, reason: str = REASON, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """A claimant's identity for payment (claims.identity, their consent; logged)."""
    from dataclasses import asdict

    from archive.claims.duplicates import reveal_identity

    with opened_archive() as archive:
        actor: Actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            shown = asdict(reveal_identity(session=session, key=archive.key, actor=actor, claimant_id=claimant,
                                           reason=reason))
    _show(shown, as_json, "\t".join(f"{k}={v}" for k, v in shown.items() if v))


@claims.command("export")
def export(claim_id: str, output: Path = typer.Option(..., "--output", "-o", help="ZIP to write."),
           to: str = typer.Option(..., "--to", help="Recipient on record (id or exact name), e.g. the board."),
           purpose: str = typer.Option(..., "--purpose", help="Why the bundle is sent (kept in the register)."),
           case: str | None = typer.Option(None, "--case", help="When the evidence spans several cases."),
           as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The board bundle: the case's signed redacted bundle with the claim file (check with `temoin verify`),
    recorded in the disclosure register for its recipient and purpose."""
    from archive.claims.bundle import export_claim

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        result = export_claim(archive, actor=actor, programmes=_programmes(archive), claim_id=claim_id, dst=output,
                              case_id=case, recipient=to, purpose=purpose)
    _show(result.as_dict(), as_json, str(result.path))
