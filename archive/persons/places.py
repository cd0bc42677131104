"""Birth places at any level (village, commune, cercle, region) brought to their cercle and region.

The place table is the one the redaction package already ships (``redaction/conf/places/localities.csv``,
derived from OCHA COD 2015, see ``redaction/conf/README.md`` for its source, licence note and attribution),
read here as data at run time: nothing derived from it is shipped a second time.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

from archive.persons.names import fold as fold_name


def fold(text: str) -> str:
    return fold_name(text, digits=True)


_PREFIX = re.compile(r"^(?:(region|cercle|commune|village|quartier|ville|district|hameau)\s+(?:de\s+|du\s+|d\s*)?)")


@dataclass(frozen=True, slots=True)
class PlaceKeys:
    norm: str | None    # folded place name, level words removed ("cercle de Kati" -> "kati")
    cercle: str | None  # folded cercle when it is certain
    region: str | None  # folded region when it is certain


@dataclass(frozen=True)
class PlaceTable:
    localities: dict[str, frozenset[tuple[str, str]]]  # folded name -> {(cercle, region)}
    cercles: dict[str, str]                            # folded cercle -> region
    regions: frozenset[str]


@functools.cache
def load_place_table() -> PlaceTable:
    path = resources.files("redaction") / "conf" / "places" / "localities.csv"
    localities: dict[str, set[tuple[str, str]]] = {}
    cercles: dict[str, str] = {}
    with path.open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle.read().splitlines()):
            cercle, region = fold(row["cercle"]), fold(row["region_post2016"] or row["region"])
            if cercle and region:
                cercles.setdefault(cercle, region)
            for name in (row["name"], *row["alt_names"].split("|"), row["commune"]):
                if fold(name):
                    localities.setdefault(fold(name), set()).add((cercle, region))
    regions = frozenset(cercles.values())
    return PlaceTable({k: frozenset(v) for k, v in localities.items()}, cercles, regions)


Candidates = frozenset[tuple[str | None, str]]


def _candidates(part: str, table: PlaceTable) -> tuple[str, Candidates]:
    """The folded name without its level word and the (cercle, region) it may be in (empty: unknown)."""
    prefix = _PREFIX.match(part)
    level = prefix.group(1) if prefix else None
    name = part[prefix.end():].strip() if prefix else part
    if name in table.regions and (level == "region" or name not in table.cercles):
        return name, frozenset({(None, name)})
    if name in table.cercles:  # a cercle, or its capital town: the same cercle either way
        return name, frozenset({(name, table.cercles[name])})
    return name, table.localities.get(name, frozenset())


def _consistent(place: tuple[str | None, str], other: tuple[str | None, str]) -> bool:
    return place[1] == other[1] and (other[0] is None or place[0] == other[0])


@functools.lru_cache(maxsize=100_000)
def place_keys(text: str) -> PlaceKeys:
    """Keys of one birth place; a place the table does not know keeps its folded name only.

    "Sikasso, Kita" (a place, then a larger area) keeps the candidates of the first part that lie in the
    second; a name shared by villages of several cercles keeps only what they have in common.
    """
    table = load_place_table()
    parts = [fold(p) for p in re.split(r"[,/;()]", text) if fold(p)]
    if not parts:
        return PlaceKeys(None, None, None)
    norm, places = _candidates(parts[0], table)
    if len(parts) > 1:  # "Sikasso, Kita": the village of Kita cercle, not the town of Sikasso
        every = places | table.localities.get(norm, frozenset())
        for part in parts[1:]:
            _, larger = _candidates(part, table)
            narrowed = frozenset(p for p in every if any(_consistent(p, o) for o in larger))
            every = narrowed or every
        places = every if every != places | table.localities.get(norm, frozenset()) else places
    cercles = {c for c, _ in places}
    regions = {r for _, r in places}
    cercle = next(iter(cercles)) if len(cercles) == 1 else None
    region = next(iter(regions)) if len(regions) == 1 else None
    return PlaceKeys(norm or parts[0], cercle, region)
