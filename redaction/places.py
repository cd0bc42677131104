"""Mali's localities (villages, Bamako quartiers, towns) and IDP sites, with their cercle and region.

Data: ``conf/places/localities.csv`` (derived from the OCHA COD 2015 tables, see ``conf/README.md``) and
``conf/places/idp_sites.csv`` (added by hand), and ``conf/places/abroad.csv`` (towns abroad below country level,
compiled by hand: places abroad are redacted like villages). Used to recognise localities and to generalise one to its
cercle and region.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from redaction.lexicon import CONF
from redaction.words import PhraseIndex, phrase_key

#: Accented region names for the ASCII spellings of the source.
_REGION_SPELLING = {"Segou": "Ségou"}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str
    commune: str
    cercle: str
    region: str


@dataclass(frozen=True)
class Gazetteer:
    index: PhraseIndex[tuple[Place, ...]]

    def lookup(self, name: str) -> tuple[Place, ...]:
        return self.index.get(phrase_key(name)) or ()


def _read(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(line for line in handle if not line.startswith("#")))
    except OSError as exc:
        raise FileNotFoundError(f"place table {path} cannot be read ({exc}); reinstall temoin") from exc


@functools.cache
def load_places(conf: Path = CONF) -> Gazetteer:
    grouped: dict[str, list[Place]] = {}
    rows = [(r, r["type"]) for r in _read(conf / "places" / "localities.csv")]
    rows += [(r, "idp_site") for r in _read(conf / "places" / "idp_sites.csv")]
    # Towns abroad: no cercle or region of Mali (generalised to nothing narrower than "a place").
    rows += [({"name": r["name"], "alt_names": r["alt_names"], "commune": "", "cercle": "", "region": ""}, "abroad")
             for r in _read(conf / "places" / "abroad.csv")]
    for row, kind in rows:
        region = row.get("region_post2016") or row["region"]
        place = Place(row["name"], kind, row["commune"], row["cercle"], _REGION_SPELLING.get(region, region))
        for name in [row["name"], *row["alt_names"].split("|")]:
            if name:
                grouped.setdefault(name, []).append(place)
    merged: dict[tuple[str, ...], list[Place]] = {}
    for name, places in grouped.items():
        merged.setdefault(phrase_key(name), []).extend(places)
    index: PhraseIndex[tuple[Place, ...]] = PhraseIndex()
    for name in grouped:
        index.add(name, tuple(dict.fromkeys(merged[phrase_key(name)])))
    return Gazetteer(index)


def generalise_place(places: tuple[Place, ...], lang: str) -> str | None:
    """The smallest area shared by every candidate: cercle and region, the region alone, or None."""
    if not places:
        return None
    cercles = {(p.cercle, p.region) for p in places}
    regions = {p.region for p in places}
    if len(cercles) == 1 and places[0].cercle:
        cercle, region = next(iter(cercles))
        if region == "Bamako":
            communes = {p.commune for p in places}
            commune = next(iter(communes)) if len(communes) == 1 else ""
            if lang == "en":
                return f"{commune}, Bamako District".lstrip(", ")
            return f"{commune}, district de Bamako".lstrip(", ")
        return f"{cercle} cercle, {region} region" if lang == "en" else f"cercle de {cercle}, région de {region}"
    if len(regions) == 1 and places[0].region:
        region = next(iter(regions))
        return f"{region} region" if lang == "en" else f"région de {region}"
    return None
