"""What the search index knows of an item's coded acts: one list of values per coded field, so that search can
filter and count (facets) testimonies by act type, perpetrator group, year, region, victim sex and age band,
under the same scope as every search (the index's own access filter).

Redacted-only readers search too, and they may not learn the age of a victim of sexual violence: the age band
of a conflict-related sexual-violence act is left out of the index. No place below region is indexed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.acts.models import Act
from archive.acts.vocabulary import CRSV


def coded_values(session: Session, item_id: str) -> dict[str, tuple[str, ...]]:
    rows = session.execute(select(Act.act_type, Act.perpetrator_group, Act.date_year, Act.region, Act.victim_sex,
                                  Act.victim_age_band).where(Act.item_id == item_id)).all()
    values: dict[str, set[str]] = {name: set() for name in ("act_type", "perpetrator_group", "act_year",
                                                            "act_region", "victim_sex", "victim_age_band")}
    for act_type, group, year, region, sex, band in rows:
        values["act_type"].add(act_type)
        if group:
            values["perpetrator_group"].add(group)
        if year:
            values["act_year"].add(str(year))
        if region:
            values["act_region"].add(region)
        if sex:
            values["victim_sex"].add(sex)
        if band and act_type not in CRSV:
            values["victim_age_band"].add(band)
    return {name: tuple(sorted(v)) for name, v in values.items() if v}
