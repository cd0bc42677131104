"""Translations (French first, English) and locale formatting of dates, numbers and sizes.

The catalogues are plain dicts: ``fr.py`` / ``en.py`` (pages and labels), and one pair of modules per domain,
``<domain>_fr.py`` / ``<domain>_en.py``, each with a ``MESSAGES`` dict (``errors_*`` hold the services' refusals,
``err.<key>``). Every module of this package ending in ``_fr`` or ``_en`` is merged in; a test fails when a key
is missing in one language or a template asks for a key no catalogue has.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from typing import Literal

from archive.i18n.en import MESSAGES as EN
from archive.i18n.fr import MESSAGES as FR

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
DEFAULT: Lang = "fr"


def _catalogue(lang: Lang, base: dict[str, str]) -> dict[str, str]:
    merged = dict(base)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.endswith(f"_{lang}"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            clashes = sorted(k for k, v in module.MESSAGES.items() if k in merged and merged[k] != v)
            if clashes:  # two domains saying the same key differently: one of them would silently lose
                raise RuntimeError(f"{info.name} redefines catalogue keys: {', '.join(clashes)}")
            merged.update(module.MESSAGES)
    return merged


CATALOGUES: dict[Lang, dict[str, str]] = {"fr": _catalogue("fr", FR), "en": _catalogue("en", EN)}

_MONTHS: dict[Lang, tuple[str, ...]] = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
NARROW_NBSP = "\u202f"


def pick_lang(value: str | None) -> Lang:
    return next((lang for lang in LANGS if lang == value), DEFAULT)


def accept_language(header: str | None) -> Lang:
    """The first of our languages an HTTP Accept-Language header names (French when none)."""
    for part in (header or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGS:
            return pick_lang(tag)
    return DEFAULT


def label(lang: Lang, kind: str, value: str) -> str:
    """A vocabulary value in the user's words (``scope.share_prosecution`` ...), or the value as it is."""
    return CATALOGUES[lang].get(f"{kind}.{value}", value)


def translate(lang: Lang, key: str, **values: object) -> str:
    """The message for `key` in `lang`, with `{name}` placeholders filled; a missing key is an error."""
    try:
        message = CATALOGUES[lang][key]
    except KeyError:
        raise KeyError(f"no {lang!r} translation for {key!r}: add it to archive/i18n/{lang}.py") from None
    return message.format(**values) if values else message


def format_number(value: float, lang: Lang, *, decimals: int = 0) -> str:
    """1 234 567,5 in French (narrow no-break spaces), 1,234,567.5 in English."""
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        return text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def format_size(size: int, lang: Lang) -> str:
    """Bytes in the locale's units: 1,5 Mo / 1.5 MB."""
    units = ("o", "ko", "Mo", "Go", "To") if lang == "fr" else ("B", "KB", "MB", "GB", "TB")
    value, unit = float(size), 0
    while value >= 1000 and unit < len(units) - 1:
        value, unit = value / 1000, unit + 1
    return f"{format_number(value, lang, decimals=0 if unit == 0 else 1)}{chr(160)}{units[unit]}"


def format_date(value: dt.date | dt.datetime | str | None, lang: Lang, *, with_time: bool = True) -> str:
    """23 novembre 2026 à 14:05 UTC / 23 November 2026, 14:05 UTC; dates alone without the time."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    day = f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}"
    if lang == "fr" and value.day == 1:
        day = "1er" + day[1:]
    if not isinstance(value, dt.datetime) or not with_time:
        return day
    moment = value.astimezone(dt.UTC)
    clock = f"{moment.hour:02d}:{moment.minute:02d}{chr(160)}UTC"
    return f"{day} à {clock}" if lang == "fr" else f"{day}, {clock}"
