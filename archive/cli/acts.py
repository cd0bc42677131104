"""`temoin acts add|list|review` and `temoin stats` (issue 15's command-line contract)."""

from __future__ import annotations

from pathlib import Path

import typer

from archive.cli.app import app
from archive.cli.common import AS_OPTION, JSON_OPTION, cli_lang, emit_json, fail, opened_archive, out, resolve_actor
from archive.i18n import translate

acts = typer.Typer(help="Actes codés / coded acts: who did what to whom, with the passages that prove it.",
                   no_args_is_help=True)
app.add_typer(acts, name="acts")


def parse_passage(value: str) -> tuple[int, int]:
    """``START-END`` (character offsets in the item's current text)."""
    start, sep, end = value.partition("-")
    if not sep or not start.strip().isdigit() or not end.strip().isdigit():
        fail(translate(cli_lang(), "err.passage_format", value=value), 2)
    return int(start), int(end)


@acts.command("add")
def add(
    item_id: str,
    act_type: str = typer.Option(..., "--type", help="Act type: rape, killing, arbitrary_detention, ..."),
    date: str | None = typer.Option(None, "--date", help="YYYY[-MM[-DD]] (~ before it: around)."),
    region: str | None = typer.Option(None, "--region", help="A region of Mali (code or name)."),
    place: str | None = typer.Option(None, "--place", help="Locality or commune (identifying detail)."),
    perpetrator_group: str | None = typer.Option(None, "--perpetrator-group", help="fama, jnim, eigs, ..."),
    victim_sex: str = typer.Option("unknown", "--victim-sex", help="f, m or unknown."),
    victim_age_band: str | None = typer.Option(None, "--victim-age-band", help="0-11, 12-17, 18-25, 26-40, ..."),
    passage: list[str] = typer.Option([], "--passage", help="START-END in the item's current text (repeatable)."),
    as_user: str | None = AS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Code one act (one violation against one victim) from a testimony; prints {"id": ...}."""
    from archive.acts.reads import act_read
    from archive.acts.schemas import ActCreate, PassageIn
    from archive.acts.service import add_act, show_act
    from archive.items.service import get_item

    spans = [parse_passage(p) for p in passage]
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        data = ActCreate(act_type=act_type, date=date, region=region, place=place,
                         perpetrator_group=perpetrator_group, victim_sex=victim_sex,
                         victim_age_band=victim_age_band, passages=[PassageIn(start=s, end=e) for s, e in spans])
        with archive.db.session() as session:
            act = add_act(session=session, archive=archive, actor=actor, item=get_item(session, item_id), data=data)
            shown = act_read(show_act(session=session, archive=archive, actor=actor, act_id=act.id))
    payload = shown.model_dump(mode="json")
    if as_json:
        emit_json(payload)
    else:
        out.print(f"{payload['id']}\t{payload['act_type']}\t{payload['status']}", highlight=False)


@acts.command("list")
def list_(item_id: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The acts coded from a testimony, at your visibility level (the same schema as the API)."""
    from archive.acts.reads import act_read
    from archive.acts.service import list_acts
    from archive.items.service import get_item

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            rows = [act_read(v).model_dump(mode="json")
                    for v in list_acts(session=session, archive=archive, actor=actor, item=get_item(session, item_id))]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        out.print(f"{r['id']}\t{r['act_type']}\t{r['date_year'] or ''}\t{r['region'] or ''}\t{r['status']}",
                  highlight=False)
        for p in r["passages"]:
            out.print(f"  [{p['cite'] or ''} {p['start']}-{p['end']} {p['status']}] {p['text'] or ''}", markup=False,
                      highlight=False)


@acts.command("review")
def review(act_id: str, status: str = typer.Argument(..., help="reviewed or final."),
           as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Mark an act reviewed (by a second officer) or final."""
    from archive.acts.service import get_act, review_act

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            act = review_act(session=session, actor=actor, act=get_act(session, act_id), status=status)
            data = {"id": act.id, "status": act.status, "reviewed_by": act.reviewed_by}
    if as_json:
        emit_json(data)
    else:
        out.print(f"{data['id']}\t{data['status']}", highlight=False)


@acts.command("person")
def person(
    case_id: str,
    pseudonym: str = typer.Option(..., "--pseudonym", help="A person pseudonym of the case ([Personne A])."),
    sex: str = typer.Option("unknown", "--sex", help="f, m or unknown."),
    age_band: str | None = typer.Option(None, "--age-band", help="0-11, 12-17, 18-25, 26-40, 41-60, 61+."),
    birth_year: int | None = typer.Option(None, "--birth-year"),
    origin_region: str | None = typer.Option(None, "--origin-region", help="Region of origin."),
    origin_place: str | None = typer.Option(None, "--origin-place", help="Locality of origin (identifying)."),
    as_user: str | None = AS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """This pseudonym is a person of this case (the name stays in the sealed case vault)."""
    from archive.acts.persons import PersonFields, add_person
    from archive.acts.reads import person_read

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        fields = PersonFields(sex=sex, age_band=age_band, birth_year=birth_year, origin_region=origin_region,
                              origin_place=origin_place)
        with archive.db.session() as session:
            shown = person_read(add_person(session=session, archive=archive, actor=actor, case_id=case_id,
                                           pseudonym=pseudonym, fields=fields))
    if as_json:
        emit_json(shown.model_dump(mode="json"))
    else:
        out.print(f"{shown.id}\t{shown.pseudonym}", highlight=False)


@acts.command("link")
def link(act_id: str, person_id: str = typer.Option(..., "--person", help="Id of a person of the act's case."),
         role: str = typer.Option(..., "--role", help="victim, witness, alleged_perpetrator, source, "
                                  "intervening_party."),
         as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Name a person of the case in an act, with a role."""
    from archive.acts.persons import link_person
    from archive.acts.service import get_act

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            made = link_person(session=session, actor=actor, act=get_act(session, act_id), person_id=person_id,
                               role=role)
            data = {"act": made.act_id, "person": made.person_id, "role": made.role}
    if as_json:
        emit_json(data)
    else:
        out.print(f"{data['act']}\t{data['person']}\t{data['role']}", highlight=False)


@acts.command("incident")
def incident(case_id: str, label: str = typer.Option(..., "--label", help="What happened (no names)."),
             date: str | None = typer.Option(None, "--date", help="YYYY[-MM[-DD]] (~ before it: around)."),
             region: str | None = typer.Option(None, "--region"),
             act: list[str] = typer.Option([], "--act", help="An act of the case to group in it (repeatable)."),
             as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """An incident (event) of a case, grouping acts that happened together."""
    from archive.acts.persons import add_incident, set_incident
    from archive.acts.reads import incident_read

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            made = add_incident(session=session, actor=actor, case_id=case_id, label=label, date=date,
                                region=region)
            for act_id in act:
                set_incident(session=session, actor=actor, act_id=act_id, incident_id=made.id)
            data = {**incident_read(made).model_dump(mode="json"), "acts": list(act)}
    if as_json:
        emit_json(data)
    else:
        out.print(f"{data['id']}\t{data['label']}", highlight=False)


vocab = typer.Typer(help="Vocabulaires des actes / vocabularies of coded acts (act_type, perpetrator_group).",
                    no_args_is_help=True)
acts.add_typer(vocab, name="vocab")


def _term_row(t: object) -> dict[str, object]:
    return {k: getattr(t, k) for k in ("vocabulary", "code", "origin", "label_fr", "label_en", "definition_fr",
                                       "definition_en", "deprecated")}


@vocab.command("list")
def vocab_list(vocabulary: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The terms of a vocabulary, deprecated ones included."""
    from archive.acts.terms import terms

    with opened_archive() as archive:
        resolve_actor(archive, as_user)
        with archive.db.session() as session:
            rows = [_term_row(t) for t in terms(session, vocabulary)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        mark = " (deprecated)" if r["deprecated"] else ""
        out.print(f"{r['code']}\t{r['origin']}\t{r['label_fr']} / {r['label_en']}{mark}", highlight=False)


@vocab.command("set")
def vocab_set(vocabulary: str, code: str, label_fr: str = typer.Option(..., "--fr", help="French label."),
              label_en: str = typer.Option(..., "--en", help="English label."),
              definition_fr: str = typer.Option("", "--definition-fr"),
              definition_en: str = typer.Option("", "--definition-en"),
              origin: str | None = typer.Option(None, "--origin", help="GBVIMS, HURIDOCS, CVJR, ..."),
              deprecated: bool | None = typer.Option(None, "--deprecated/--in-force"),
              as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Add a term or change it (administrators)."""
    from archive.acts.terms import set_term

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            row = _term_row(set_term(session=session, actor=actor, vocabulary=vocabulary, code=code,
                                     label_fr=label_fr, label_en=label_en, definition_fr=definition_fr,
                                     definition_en=definition_en, origin=origin, deprecated=deprecated))
    if as_json:
        emit_json(row)
    else:
        out.print(f"{row['code']}\t{row['label_fr']} / {row['label_en']}", highlight=False)


@vocab.command("delete")
def vocab_delete(vocabulary: str, code: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Delete a term no act uses; a term in use is deprecated instead (administrators)."""
    from archive.acts.terms import delete_term

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            outcome = delete_term(session=session, actor=actor, vocabulary=vocabulary, code=code)
    if as_json:
        emit_json({"vocabulary": vocabulary, "code": code, "outcome": outcome})
    else:
        out.print(translate(cli_lang(), f"vocab.outcome_{outcome}", code=code), highlight=False)


@app.command("stats")
def stats(
    by: str = typer.Option(..., "--by", help="FIELD[,FIELD[,FIELD]]: violation_type, region, year, "
                           "perpetrator_group, victim_sex, victim_age_band."),
    case: str | None = typer.Option(None, "--case", help="Only this case's acts."),
    min_cell: int | None = typer.Option(None, "--min-cell", help="Suppress cells below N (never below the "
                                        "archive's stats_min_cell)."),
    report: Path | None = typer.Option(None, "--report", help="Also write the report with its chart: a .html or "
                                       ".pdf file, in the CLI's language."),
    as_user: str | None = AS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Counts of coded acts (aggregate_stats consent in force), small cells suppressed; logged."""
    from archive.acts.report import report_html, report_pdf
    from archive.acts.stats import statistics
    from archive.acts.terms import labeller

    if report is not None and report.suffix.lower() not in (".html", ".pdf"):
        fail(translate(cli_lang(), "err.report_suffix", path=str(report)), 2)
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            table = statistics(session=session, actor=actor, by=by, case_id=case, min_cell=min_cell,
                               floor=archive.settings.stats_min_cell)
            if report is not None:
                lang, labels = cli_lang(), labeller(session, cli_lang())
                if report.suffix.lower() == ".pdf":
                    report.write_bytes(report_pdf(table, lang=lang, case_id=case, labels=labels))
                else:
                    report.write_text(report_html(table, lang=lang, case_id=case, labels=labels), encoding="utf-8")
    if as_json:
        emit_json(table.model_dump(mode="json"))
        return
    out.print("\t".join([*table.by, "n"]), highlight=False)
    for cell in table.cells:
        shown = "—" if cell.count is None else str(cell.count)
        out.print("\t".join([*(cell.key[f] for f in table.by), shown]), highlight=False)
