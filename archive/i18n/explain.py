"""Problems and records said in the user's words: input validation, search syntax, custody details, file types.

Pydantic and the search library speak English and name things by code (``string_too_long``, ``unclosed_quote``,
``expires_at``); every door (API JSON, web pages, CLI) turns them into catalogue messages here, so a French user
never meets an English sentence or an internal key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from archive.i18n import CATALOGUES, Lang, format_date, format_size, label, translate

if TYPE_CHECKING:
    from search import InvalidQuery

#: Pydantic error types that mean the same thing to a person, folded onto one message.
_SAME_AS = {
    "int_type": "int_parsing", "int_from_float": "int_parsing", "float_type": "float_parsing",
    "bool_type": "bool_parsing", "date_type": "date_parsing", "date_from_datetime_parsing": "date_parsing",
    "date_from_datetime_inexact": "date_parsing", "datetime_type": "datetime_parsing",
    "datetime_from_date_parsing": "datetime_parsing", "enum": "literal_error", "model_type": "dict_type",
    "model_attributes_type": "dict_type", "json_type": "json_invalid", "uuid_type": "uuid_parsing",
    "too_long": "too_many", "too_short": "too_few", "list_type": "list_type", "string_unicode": "string_type",
}
#: Detail values that are sizes in bytes, dates, or vocabulary terms (shown with the vocabulary's label).
_SIZES = frozenset({"size", "bytes", "limit"})
_LABELLED = {"scope": "scope", "consent_scope": "scope", "role": "role", "status": "status", "label": "review.label",
             "action": "action", "view": "view", "method": "method", "decision": "review.status"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


def _catalogued(lang: Lang, key: str) -> bool:
    return key in CATALOGUES[lang]


def field_name(lang: Lang, loc: Iterable[object]) -> str:
    """The field a problem is about, in the user's words (``body.metadata.language`` -> « Langue »)."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "header", "cookie")]
    names = [p for p in parts if not p.isdigit()]
    if not names:
        return translate(lang, "field._request")
    name = names[-1]
    shown = translate(lang, f"field.{name}") if _catalogued(lang, f"field.{name}") else name
    return shown + "".join(f" [{int(p) + 1}]" for p in parts[len(parts) - 1:] if p.isdigit())


def validation_problem(lang: Lang, error: Mapping[str, Any]) -> str:
    """One pydantic error (``{"type", "loc", "msg", "ctx"}``) as a sentence in the user's language."""
    kind = str(error.get("type", ""))
    kind = _SAME_AS.get(kind, kind)
    ctx = {k: _value(lang, k, v) for k, v in (error.get("ctx") or {}).items()}
    key = f"valid.{kind}"
    if _catalogued(lang, key):
        try:
            return translate(lang, key, **ctx)
        except (KeyError, IndexError):  # a context this pydantic version names differently
            pass
    return translate(lang, "valid.other")


def validation_problems(lang: Lang, errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Every problem of a request as ``{"field", "problem"}``, both in the user's language."""
    return [{"field": field_name(lang, e.get("loc", ())), "problem": validation_problem(lang, e)} for e in errors]


def said_problems(lang: Lang, problems: Iterable[Mapping[str, str]]) -> str:
    """Problems as one sentence, with the locale's punctuation (« langue : … ; région : … »)."""
    colon, semicolon = (" :", " ; ") if lang == "fr" else (":", "; ")
    return semicolon.join(f"{p['field']}{colon} {p['problem']}" for p in problems)


def query_problem(lang: Lang, exc: InvalidQuery) -> str:
    """A search the engine could not understand: what is wrong and how to fix it."""
    key = f"err.search.{exc.code}"
    if not _catalogued(lang, key):
        key = "err.search.other"
    values = {k: _value(lang, k, v) for k, v in exc.params.items()}
    return translate(lang, "err.search_invalid", detail=translate(lang, key, **values))


def _value(lang: Lang, name: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return translate(lang, "value.yes" if value else "value.no")
    if isinstance(value, int | float) and name in _SIZES:
        return format_size(int(value), lang)
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value, lang)
    if isinstance(value, str) and _ISO.match(value):
        try:
            return format_date(value, lang)
        except ValueError:
            return value
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_value(lang, name, v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{detail_name(lang, str(k))} {_value(lang, str(k), v)}" for k, v in value.items()) or "—"
    kind = _LABELLED.get(name)
    if kind is not None and isinstance(value, str):
        return _vocabulary(lang, kind, value)
    return str(value)


def _vocabulary(lang: Lang, kind: str, value: str) -> str:
    if kind in ("review.label", "review.status"):
        key = f"{kind}_{value}"
        return translate(lang, key) if _catalogued(lang, key) else value
    return label(lang, kind, value)


def detail_name(lang: Lang, key: str) -> str:
    """A custody detail's name in the user's words; an unforeseen one with its underscores as spaces."""
    return translate(lang, f"detail.{key}") if _catalogued(lang, f"detail.{key}") else key.replace("_", " ")


def custody_details(lang: Lang, details: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A custody entry's details as (name, value) pairs a person can read: « Expire le : — », never
    ``expires_at: None``. Sealed words are named (« Scellé : nom du fichier »), never shown."""
    shown: list[tuple[str, str]] = []
    for key, value in details.items():
        if key == "sealed" and isinstance(value, Mapping):
            names = ", ".join(detail_name(lang, str(k)) for k in value)
            shown.append((translate(lang, "detail.sealed"), names))
        else:
            shown.append((detail_name(lang, key), _value(lang, key, value)))
    return shown


def media_kind(lang: Lang, media_type: str | None) -> str:
    """« Enregistrement audio », « Document PDF »...: what a file is, in the user's words."""
    value = (media_type or "").split(";")[0].strip().lower()
    for key in (f"media.{value}", f"media.{value.split('/')[0]}/*"):
        if _catalogued(lang, key):
            return translate(lang, key)
    return translate(lang, "media.other")


def item_name(lang: Lang, media_type: str | None, when: dt.date | dt.datetime | str | None) -> str:
    """What a testimony is called on pages: « Enregistrement audio du 3 mars 2013 » (kind and the day it was
    collected, else added). Never its file name: the name is shown to roles that may not see file names."""
    kind = media_kind(lang, media_type)
    if when is None or when == "":
        return kind
    return translate(lang, "item.named", kind=kind, date=format_date(when, lang, with_time=False))
