"""The ``generalise`` operator: exact age -> age band, date of birth -> age band (or month, or year, as the
profile says), other date -> month, locality -> cercle and region.

Returns None when a span cannot be generalised (an unknown place, an unreadable date): the caller then
removes it instead, never keeps it.
"""

from __future__ import annotations

import datetime as dt
import re

from redaction.numbers import parse_number
from redaction.places import generalise_place, load_places

AGE_BANDS: tuple[tuple[int, int], ...] = (
    (0, 4), (5, 9), (10, 14), (15, 17), (18, 24), (25, 34), (35, 44), (45, 59), (60, 200),
)
_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
       "novembre", "décembre")
_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
       "November", "December")
_MONTH_NUMBER = {m: i for i, m in enumerate(_FR, 1)} | {"fevrier": 2, "aout": 8, "decembre": 12} \
    | {m.lower(): i for i, m in enumerate(_EN, 1)} | {m[:3].lower(): i for i, m in enumerate(_EN, 1)} | {"sept": 9}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _number_in(text: str) -> int | None:
    digits = re.search(r"\d{1,3}", text)
    if digits:
        return int(digits.group(0))
    words = re.split(r"[\s\-]+", text.lower())
    for cut in range(len(words), 0, -1):
        for joiner in (" ", "-"):
            value = parse_number(joiner.join(words[:cut]))
            if value is not None:
                return value
    return None


def age_band(text: str, lang: str) -> str | None:
    value = _number_in(text)
    if value is None:
        return None
    low, high = next(b for b in AGE_BANDS if b[0] <= value <= b[1])
    band = f"{low}+" if high >= 200 else f"{low}-{high}"
    return f"[{band} years]" if lang == "en" else f"[{band} ans]"


def month_of(text: str, lang: str) -> str | None:
    months = _EN if lang == "en" else _FR
    iso = _ISO.search(text)
    if iso:
        return f"{months[int(iso.group(2)) - 1]} {iso.group(1)}" if 1 <= int(iso.group(2)) <= 12 else None
    numeric = _NUMERIC.search(text)
    if numeric:
        month, year = int(numeric.group(2)), int(numeric.group(3))
        year = year + (1900 if year >= 30 else 2000) if year < 100 else year
        return f"{months[month - 1]} {year}" if 1 <= month <= 12 else None
    year_match = _YEAR.search(text)
    if year_match is None:
        return None
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if word in _MONTH_NUMBER:
            return f"{months[_MONTH_NUMBER[word] - 1]} {year_match.group(1)}"
    return year_match.group(1)


def place_area(text: str, lang: str) -> str | None:
    area = generalise_place(load_places().lookup(text), lang)
    return f"[{area}]" if area else None


def birth_age_band(text: str, lang: str, today: dt.date | None = None) -> str | None:
    """The age band a person born on ``text`` is in this year: "[25-34 ans en 2026]"."""
    year_match = _YEAR.search(text)
    if year_match is None:
        numeric = _NUMERIC.search(text)
        if numeric is None or len(numeric.group(3)) != 2:
            return None
        short = int(numeric.group(3))
        year = short + (1900 if short >= 30 else 2000)
    else:
        year = int(year_match.group(1))
    now = (today or dt.date.today()).year
    if not 0 <= now - year <= 130:
        return None
    low, high = next(b for b in AGE_BANDS if b[0] <= now - year <= b[1])
    band = f"{low}+" if high >= 200 else f"{low}-{high}"
    return f"[{band} years in {now}]" if lang == "en" else f"[{band} ans en {now}]"


def generalised(label: str, text: str, lang: str, how: str | None = None) -> str | None:
    if label == "AGE":
        return age_band(text, lang)
    if label == "BIRTH_DATE" and how in (None, "age_band"):
        return birth_age_band(text, lang)
    if label == "BIRTH_DATE" and how == "year":
        year = _YEAR.search(text)
        return f"[{year.group(1)}]" if year else None
    if label in ("BIRTH_DATE", "DATE"):
        month = month_of(text, lang)
        return f"[{month}]" if month else None
    if label == "LOC":
        return place_area(text, lang)
    return None
