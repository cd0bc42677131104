"""One person record as the flat row of keys the linkage model compares and blocks on."""

from __future__ import annotations

from typing import Any

from archive.persons.names import NameTable, name_keys, orient, parent_keys
from archive.persons.places import place_keys
from archive.persons.records import PersonRecord

_SEX = {"f": "f", "femme": "f", "female": "f", "feminin": "f", "féminin": "f", "w": "f",
        "m": "m", "h": "m", "homme": "m", "male": "m", "masculin": "m"}

#: Columns of a feature row, in order (``unique_id`` is the record's position in the input).
COLUMNS = (
    "unique_id", "given_norm", "given_canon", "given_root", "given_phon", "given_key",
    "family_norm", "family_canon", "family_phon", "family_key", "family_initial", "name_pair_key",
    "birth_full", "birth_ym", "birth_year", "birth_approx", "birth_exact_year",
    "place_norm", "place_name", "place_code", "place_cercle", "place_region", "place_block", "place_area",
    "father_canon", "father_phon", "father_key", "mother_canon", "mother_phon", "mother_key", "sex", "sex_block",
)


def _words(place: str | None) -> str | None:
    """The place's words without its numbers ("kelmscott 5088" -> "kelmscott")."""
    words = " ".join(w for w in (place or "").split() if not w.isdigit())
    return words or None


def _digits(place: str | None) -> str | None:
    """The place's numbers, a postal code where one is written ("kelmscott 5088" -> "5088")."""
    digits = " ".join(w for w in (place or "").split() if w.isdigit())
    return digits or None


def has_name(record: PersonRecord) -> bool:
    """A record without any name is never matched: a date and a place alone do not make a person."""
    return bool((record.given_name + record.family_name).strip(" -'.,"))


def feature_row(position: int, record: PersonRecord, table: NameTable) -> dict[str, Any]:
    given_tokens, family_tokens = orient(record.given_name, record.family_name, table)
    given = name_keys(given_tokens, table, main="first")
    family = name_keys(family_tokens, table, main="last")
    date = record.birth_date
    place = place_keys(record.birth_place)
    father, mother = parent_keys(record.father_name, table), parent_keys(record.mother_name, table)
    keys = sorted(k for k in (given.key, family.key) if k)
    return {
        "unique_id": position,
        "given_norm": given.norm, "given_canon": given.canon, "given_root": given.root, "given_phon": given.phon,
        "given_key": given.key,
        "family_norm": family.norm, "family_canon": family.canon, "family_phon": family.phon,
        "family_key": family.key,
        "family_initial": family.phon[:1] if family.phon else None,
        "name_pair_key": "|".join(keys) if len(keys) == 2 else None,
        "birth_full": date.full if date else None,
        "birth_ym": date.year_month if date else None,
        "birth_year": date.year if date else None,
        "birth_approx": bool(date and date.approximate),
        "birth_exact_year": date.year if date and not date.approximate else None,
        "place_norm": place.norm, "place_name": _words(place.norm), "place_code": _digits(place.norm),
        "place_cercle": place.cercle, "place_region": place.region,
        "place_block": place.cercle or place.norm,
        "place_area": place.region or place.norm,
        "father_canon": father.canon, "father_phon": father.phon, "father_key": father.key,
        "mother_canon": mother.canon, "mother_phon": mother.phon, "mother_key": mother.key,
        "sex": _SEX.get(record.sex.strip().casefold()),
        "sex_block": _SEX.get(record.sex.strip().casefold(), "?"),
    }
