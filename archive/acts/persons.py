"""Persons of a case and incidents, for coding "who did what to whom".

A person is stored under the case pseudonym only ("[Personne A]"): the names behind it stay in the sealed case
vault that redaction keeps (``archive/review/vault.py``), so coding never makes a second copy of an identity.
A person is added from a pseudonym the vault already holds (one click from the pseudonyms redaction found);
each act then names its persons with a role (victim, witness, alleged perpetrator, source, intervening party).
An incident groups acts of one case that happened together. Coding needs ``acts.code`` and the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.acts import cells
from archive.acts.models import Act, ActPerson, ActRole, Incident
from archive.acts.service import _region, _term, get_act, parse_date
from archive.acts.vocabulary import AGE_BANDS, PERSON_ROLES, VICTIM_SEXES
from archive.auth import require
from archive.cases.service import visible_case
from archive.custody import Actor
from archive.errors import Conflict, Invalid, NotFound
from archive.models import Item
from archive.pipeline import consequences
from archive.review import vault

if TYPE_CHECKING:
    from archive.context import Archive

EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class PersonFields:
    sex: str = "unknown"
    age_band: str | None = None
    birth_year: int | None = None
    origin_region: str | None = None
    origin_place: str | None = None


def _officer(session: Session, actor: Actor, case_id: str) -> None:
    require(actor, "acts.code")
    visible_case(session, actor, case_id)


def case_pseudonyms(session: Session, archive: Archive, *, actor: Actor, case_id: str) -> list[str]:
    """The person pseudonyms redaction found in this case (French and English forms are the same entry: the
    French one is returned), in the order they were given. No name leaves the vault."""
    _officer(session, actor, case_id)
    pseudonymiser = vault.load(session, archive.key, case_id)
    entries = sorted((e for e in pseudonymiser.map.entries.values() if e.label == "PERSON"),
                     key=lambda e: e.number)
    return [e.display("fr") for e in entries]


def _canonical(session: Session, archive: Archive, case_id: str, pseudonym: str) -> str:
    """The vault's French form of a pseudonym given in French or English; refused when the case has none."""
    wanted = pseudonym.strip()
    pseudonymiser = vault.load(session, archive.key, case_id)
    for entry in pseudonymiser.map.entries.values():
        if entry.label == "PERSON" and wanted in (entry.display("fr"), entry.display("en")):
            return entry.display("fr")
    raise Invalid("person_pseudonym_unknown", pseudonym=pseudonym)


def add_person(*, session: Session, archive: Archive, actor: Actor, case_id: str, pseudonym: str,
               fields: PersonFields | None = None) -> ActPerson:
    """This pseudonym is a person of this case. Logged (the pseudonym only)."""
    _officer(session, actor, case_id)
    name = _canonical(session, archive, case_id, pseudonym)
    existing = session.execute(select(ActPerson).where(ActPerson.case_id == case_id,
                                                       ActPerson.pseudonym == name)).scalar_one_or_none()
    if existing is not None:
        raise Conflict("person_exists", pseudonym=name)
    f = fields or PersonFields()
    if f.birth_year is not None and not EARLIEST_BIRTH_YEAR <= f.birth_year <= dt.date.today().year:
        raise Invalid("person_birth_year", value=f.birth_year, earliest=EARLIEST_BIRTH_YEAR)
    person = ActPerson(case_id=case_id, pseudonym=name,
                       sex=_term("sex", f.sex or "unknown", VICTIM_SEXES) or "unknown",
                       age_band=_term("age_band", f.age_band, AGE_BANDS), birth_year=f.birth_year,
                       origin_region=_region(f.origin_region), origin_place=(f.origin_place or "").strip() or None,
                       created_by=actor.name)
    session.add(person)
    session.flush()
    custody.record(session, actor=actor, action="act_person", object_type="case", object_id=case_id,
                   details={"person": person.id, "pseudonym": name})
    return person


def list_persons(session: Session, *, actor: Actor, case_id: str) -> list[ActPerson]:
    _officer(session, actor, case_id)
    return list(session.execute(select(ActPerson).where(ActPerson.case_id == case_id)
                                .order_by(ActPerson.pseudonym)).scalars())


def link_person(*, session: Session, actor: Actor, act: Act, person_id: str, role: str) -> ActRole:
    """Name a person of the act's case in this act with a role. A person of another case is refused. When the
    person is the act's victim, the act's victim sex and age band follow the person's (what statistics count)."""
    _officer(session, actor, act.case_id)
    if role not in PERSON_ROLES:
        raise Invalid("act_term_unknown", field="role", value=role, terms=", ".join(PERSON_ROLES))
    person = session.get(ActPerson, person_id)
    if person is None:
        raise NotFound("person", id=person_id)
    if person.case_id != act.case_id:
        raise Invalid("person_other_case", pseudonym=person.pseudonym)
    existing = session.execute(select(ActRole).where(ActRole.act_id == act.id, ActRole.person_id == person.id,
                                                     ActRole.role == role)).scalar_one_or_none()
    if existing is not None:
        return existing
    link = ActRole(act_id=act.id, person_id=person.id, role=role, created_by=actor.name)
    session.add(link)
    if role == "victim":
        cells.act_changing(session, act)
        if person.sex != "unknown":
            act.victim_sex = person.sex
        if person.age_band is not None:
            act.victim_age_band = person.age_band
        cells.act_changed(session, act)
    session.flush()
    custody.record(session, actor=actor, action="act_person", object_type="act", object_id=act.id,
                   details={"person": person.id, "pseudonym": person.pseudonym, "role": role})
    if role == "victim":
        item = session.get(Item, act.item_id)
        assert item is not None
        consequences.acts_changed(session, item)
    return link


def add_incident(*, session: Session, actor: Actor, case_id: str, label: str, date: str | None = None,
                 region: str | None = None) -> Incident:
    """An event of the case that groups acts (an attack on a village on a date)."""
    _officer(session, actor, case_id)
    text = " ".join((label or "").split())
    if not text or len(text) > 200:
        raise Invalid("incident_label", length=len(text))
    year, month, day, precision = parse_date(date)
    incident = Incident(case_id=case_id, label=text, date_year=year, date_month=month, date_day=day,
                        date_precision=precision, region=_region(region), created_by=actor.name)
    session.add(incident)
    session.flush()
    custody.record(session, actor=actor, action="act_incident", object_type="case", object_id=case_id,
                   details={"incident": incident.id})
    return incident


def list_incidents(session: Session, *, actor: Actor, case_id: str) -> list[Incident]:
    _officer(session, actor, case_id)
    return list(session.execute(select(Incident).where(Incident.case_id == case_id)
                                .order_by(Incident.date_year, Incident.created_at)).scalars())


def set_incident(*, session: Session, actor: Actor, act_id: str, incident_id: str | None) -> Act:
    """Group an act into an incident of its own case (``None``: out of any incident)."""
    act = get_act(session, act_id)
    _officer(session, actor, act.case_id)
    if incident_id:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise NotFound("incident", id=incident_id)
        if incident.case_id != act.case_id:
            raise Invalid("incident_other_case")
    act.incident_id = incident_id or None
    session.flush()
    custody.record(session, actor=actor, action="act_incident", object_type="act", object_id=act.id,
                   details={"incident": incident_id})
    return act
