"""An act as one actor may see it: the schema of the level the service decided, filled from the domain object."""

from __future__ import annotations

from archive.acts.models import ActPerson, Incident
from archive.acts.schemas import ActFullRead, ActPersonRef, ActRedactedRead, IncidentRead, PassageRead, PersonRead
from archive.acts.service import ActView, is_crsv


def act_read(shown: ActView) -> ActFullRead | ActRedactedRead:
    act = shown.act
    passages = [PassageRead(id=s.passage.id, item=s.passage.item_id, start=s.passage.start, end=s.passage.end,
                            status=s.passage.status, text=s.text, cite=s.cite) for s in shown.passages]
    common = {"id": act.id, "case": act.case_id, "item": act.item_id, "act_type": act.act_type,
              "crsv": is_crsv(act), "date_year": act.date_year, "region": act.region,
              "perpetrator_group": act.perpetrator_group, "victim_sex": act.victim_sex, "status": act.status,
              "incident": act.incident_id, "passages": passages,
              "persons": [ActPersonRef(person=p.id, pseudonym=p.pseudonym, role=r.role) for r, p in shown.persons]}
    if shown.view == "full":
        return ActFullRead(**common, date_month=act.date_month, date_day=act.date_day,
                           date_precision=act.date_precision, place=act.place, victim_age_band=act.victim_age_band,
                           created_by=act.created_by, created_at=act.created_at, reviewed_by=act.reviewed_by)
    if is_crsv(act):  # sexual violence: the year only, no age band, for redacted-only readers
        precision = "year" if act.date_precision in ("day", "month") else act.date_precision
        return ActRedactedRead(**common, date_precision=precision)
    return ActRedactedRead(**common, date_month=act.date_month, date_precision=act.date_precision,
                           victim_age_band=act.victim_age_band)


def person_read(person: ActPerson) -> PersonRead:
    return PersonRead(id=person.id, case=person.case_id, pseudonym=person.pseudonym, sex=person.sex,
                      age_band=person.age_band, birth_year=person.birth_year, origin_region=person.origin_region,
                      origin_place=person.origin_place)


def incident_read(incident: Incident) -> IncidentRead:
    return IncidentRead(id=incident.id, case=incident.case_id, label=incident.label, date_year=incident.date_year,
                        date_month=incident.date_month, date_precision=incident.date_precision,
                        region=incident.region)
