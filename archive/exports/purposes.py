"""Which consent scope each export profile relies on, and how the summary generalises dates under it.

- ``reparations`` -> ``share_reparations`` (a reparations board; dates to the month);
- ``prosecution`` -> ``share_prosecution`` (a prosecutor or court; exact dates);
- ``strict``      -> ``truth_commission_report`` (the commission's public report; dates to the year).
"""

from __future__ import annotations

import datetime as dt

from archive.errors import Invalid

PURPOSE_SCOPE: dict[str, str] = {
    "reparations": "share_reparations",
    "prosecution": "share_prosecution",
    "strict": "truth_commission_report",
}
DATE_PRECISION: dict[str, str] = {"reparations": "month", "prosecution": "day", "strict": "year"}


def scope_for(profile: str) -> str:
    try:
        return PURPOSE_SCOPE[profile]
    except KeyError:
        raise Invalid("profile_unknown", profile=profile, profiles=list(PURPOSE_SCOPE)) from None


def generalised_date(value: dt.date | None, profile: str) -> str | None:
    """An incident date as precise as the profile allows: ``2023``, ``2023-05`` or ``2023-05-14``."""
    if value is None:
        return None
    precision = DATE_PRECISION.get(profile, "year")
    if precision == "day":
        return value.isoformat()
    return value.strftime("%Y-%m") if precision == "month" else value.strftime("%Y")
