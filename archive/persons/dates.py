"""Birth dates as registries write them: a full date, a month, a year, or an approximate year ("vers 1971")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
#: "vers 1971", "v. 1971", "env. 1971", "environ 1971", "ca 1971", "circa 1971", "about 1971", "~1971".
_APPROX = re.compile(r"^(?:vers|v\.?|env\.?|environ|ca\.?|circa|about|around|~)\s*(\d{4})$", re.IGNORECASE)
EARLIEST_YEAR = 1880


class BadBirthDate(ValueError):
    """A birth date that is none of YYYY-MM-DD, YYYY-MM, YYYY or "vers YYYY"."""


@dataclass(frozen=True, slots=True)
class BirthDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def full(self) -> str | None:
        """``YYYY-MM-DD`` when the day is known."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.day and self.month else None

    @property
    def year_month(self) -> str | None:
        return f"{self.year:04d}-{self.month:02d}" if self.month else None


def parse_birth_date(text: str, *, today: dt.date | None = None) -> BirthDate | None:
    """None for an empty field; :class:`BadBirthDate` (saying what is accepted) for anything unreadable."""
    value = text.strip()
    if not value:
        return None
    latest = (today or dt.date.today()).year
    approx = _APPROX.match(value)
    if approx:
        year = int(approx.group(1))
        if not EARLIEST_YEAR <= year <= latest:
            raise BadBirthDate(f"{value!r}: year out of range {EARLIEST_YEAR}-{latest}")
        return BirthDate(year, approximate=True)
    match = _ISO.match(value)
    if match is None:
        raise BadBirthDate(f"{value!r} is not YYYY-MM-DD, YYYY-MM, YYYY or 'vers YYYY'")
    year = int(match.group(1))
    month, day = (int(g) if g else None for g in match.groups()[1:])
    if not EARLIEST_YEAR <= year <= latest:
        raise BadBirthDate(f"{value!r}: year out of range {EARLIEST_YEAR}-{latest}")
    if month is not None and not 1 <= month <= 12:
        raise BadBirthDate(f"{value!r}: no month {month}")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise BadBirthDate(f"{value!r}: no such day") from None
    return BirthDate(year, month, day)
