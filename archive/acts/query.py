"""Acts matching coded-field filters, for a case or across the archive, in the reader's scope: an act is shown
only to whoever may read its testimony, at that reader's level (``list_acts``: role, assignment, seal, consent
in force now), exactly as the item itself. Filters apply to what the reader may see (a redacted-only reader
cannot find a sexual-violence act by its victim's age band, which that reader is never shown)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.acts.models import Act
from archive.acts.reads import act_read
from archive.acts.schemas import ActFullRead, ActRedactedRead
from archive.acts.service import _region, _term, list_acts
from archive.acts.terms import terms
from archive.acts.vocabulary import AGE_BANDS, STAT_FIELDS, VICTIM_SEXES
from archive.cases.service import visible_case
from archive.custody import Actor
from archive.errors import Invalid, PermissionDenied
from archive.models import Item

if TYPE_CHECKING:
    from archive.context import Archive

Read = ActFullRead | ActRedactedRead
UNKNOWN = "unknown"


@dataclass(frozen=True)
class ActFilter:
    case_id: str | None = None
    act_type: str | None = None
    perpetrator_group: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    region: str | None = None
    victim_sex: str | None = None
    victim_age_band: str | None = None


def checked(session: Session, f: ActFilter) -> ActFilter:
    """The filter with every value checked against its vocabulary (bad input is said in the user's words)."""
    if f.year_from is not None and f.year_to is not None and f.year_from > f.year_to:
        raise Invalid("acts_period", year_from=f.year_from, year_to=f.year_to)
    types = [t.code for t in terms(session, "act_type")]  # deprecated terms too: old acts carry them
    groups = [t.code for t in terms(session, "perpetrator_group")]
    return ActFilter(case_id=f.case_id or None, act_type=_term("type", f.act_type, tuple(types)),
                     perpetrator_group=_term("perpetrator_group", f.perpetrator_group, tuple(groups)),
                     year_from=f.year_from, year_to=f.year_to, region=_region(f.region),
                     victim_sex=_term("victim_sex", f.victim_sex, VICTIM_SEXES),
                     victim_age_band=_term("victim_age_band", f.victim_age_band, AGE_BANDS))


def value(read: Read, field: str) -> str:
    """The value of a coded field as this reader sees the act (``unknown`` when not shown)."""
    raw: object = {"violation_type": read.act_type, "region": read.region, "year": read.date_year,
                   "perpetrator_group": read.perpetrator_group, "victim_sex": read.victim_sex,
                   "victim_age_band": read.victim_age_band}[field]
    return UNKNOWN if raw is None else str(raw)


def _matches(read: Read, f: ActFilter) -> bool:
    year = read.date_year
    return ((f.act_type is None or read.act_type == f.act_type)
            and (f.perpetrator_group is None or read.perpetrator_group == f.perpetrator_group)
            and (f.region is None or read.region == f.region)
            and (f.victim_sex is None or read.victim_sex == f.victim_sex)
            and (f.victim_age_band is None or read.victim_age_band == f.victim_age_band)
            and (f.year_from is None or (year is not None and year >= f.year_from))
            and (f.year_to is None or (year is not None and year <= f.year_to)))


def find_acts(*, session: Session, archive: Archive, actor: Actor, filters: ActFilter,
              max_items: int = 500) -> list[Read]:
    """The acts matching ``filters`` that this actor may read, each at the actor's level."""
    f = checked(session, filters)
    if f.case_id is not None:
        visible_case(session, actor, f.case_id)
    query = select(Act.item_id).distinct()
    for column, wanted in ((Act.case_id, f.case_id), (Act.act_type, f.act_type),
                           (Act.perpetrator_group, f.perpetrator_group), (Act.region, f.region),
                           (Act.victim_sex, f.victim_sex)):
        if wanted is not None:
            query = query.where(column == wanted)
    if f.year_from is not None:
        query = query.where(Act.date_year >= f.year_from)
    if f.year_to is not None:
        query = query.where(Act.date_year <= f.year_to)
    item_ids = list(session.execute(query.order_by(Act.item_id).limit(max_items)).scalars())
    reads: list[Read] = []
    for item in session.execute(select(Item).where(Item.id.in_(item_ids)).order_by(Item.created_at)).scalars():
        try:
            views = list_acts(session=session, archive=archive, actor=actor, item=item)
        except PermissionDenied:
            continue
        reads.extend(r for r in (act_read(v) for v in views) if _matches(r, f))
    return reads


def facets(reads: list[Read]) -> dict[str, dict[str, int]]:
    """How many of these acts carry each value of each coded field."""
    return {field: dict(Counter(value(r, field) for r in reads).most_common()) for field in STAT_FIELDS}


def cross_table(reads: list[Read], rows: str, columns: str) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """Counts of these acts by two coded fields: row values, column values, and the cells."""
    for field in (rows, columns):
        if field not in STAT_FIELDS:
            raise Invalid("stats_field_unknown", field=field, fields=", ".join(STAT_FIELDS))
    cells = Counter((value(r, rows), value(r, columns)) for r in reads)
    return (sorted({k[0] for k in cells}), sorted({k[1] for k in cells}), dict(cells))
