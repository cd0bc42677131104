"""Every string in both languages; dates, numbers and sizes in the locale's way."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from archive import custody
from archive.auth import roles
from archive.i18n import CATALOGUES, Lang, format_date, format_number, format_size, translate
from archive.vocabulary import (
    CONFIDENTIALITY,
    CONSENT_METHODS,
    CONSENT_SCOPES,
    CONSENT_STATUSES,
    LANGUAGES,
    TESTIMONY_TYPES,
    VIOLATION_TYPES,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "archive" / "web" / "templates"
NNBSP, NBSP = "\u202f", "\u00a0"


def _fields(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_when_the_catalogues_are_compared_then_they_have_the_same_keys_and_placeholders() -> None:
    fr, en = CATALOGUES["fr"], CATALOGUES["en"]
    assert sorted(set(fr) - set(en)) == [] and sorted(set(en) - set(fr)) == []
    assert [k for k in fr if _fields(fr[k]) != _fields(en[k])] == []
    assert [k for k in fr if not fr[k].strip() or not en[k].strip()] == []


def test_when_templates_ask_for_a_message_then_every_catalogue_has_it() -> None:
    keys = set()
    for path in TEMPLATES.glob("*.html"):
        keys |= set(re.findall(r"""\bt\(["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    keys = {k for k in keys if not k.endswith(("_", "."))}  # prefixes completed from a vocabulary (tested below)
    assert len(keys) > 100
    for lang in ("fr", "en"):
        assert sorted(k for k in keys if k not in CATALOGUES[lang]) == [], lang


@pytest.mark.parametrize(("kind", "values"), [
    ("role", tuple(roles())), ("roleinfo", tuple(roles())), ("scope", CONSENT_SCOPES),
    ("method", CONSENT_METHODS), ("consent", CONSENT_STATUSES), ("violation", VIOLATION_TYPES),
    ("language", LANGUAGES), ("testimony", TESTIMONY_TYPES), ("confidentiality", CONFIDENTIALITY),
    ("action", tuple(sorted(custody.ACTIONS))), ("status", ("queued", "running", "done", "failed")),
    ("users", ("done_created", "done_role", "done_assigned")), ("error", ("csrf", "forbidden", "not_found",
                                                                          "too_large", "invalid")),
])
def test_when_a_vocabulary_value_is_shown_then_it_has_a_label_in_both_languages(kind: str,
                                                                               values: tuple[str, ...]) -> None:
    for lang in ("fr", "en"):
        assert [v for v in values if f"{kind}.{v}" not in CATALOGUES[lang]] == [], lang


def test_when_a_key_is_missing_then_translate_says_where_to_add_it() -> None:
    with pytest.raises(KeyError, match=r"archive/i18n/en\.py"):
        translate("en", "no.such.key")


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (1234567, "fr", 0, f"1{NNBSP}234{NNBSP}567"), (1234567, "en", 0, "1,234,567"),
    (1234.5, "fr", 1, f"1{NNBSP}234,5"), (1234.5, "en", 1, "1,234.5"), (7, "fr", 0, "7"),
])
def test_when_a_number_is_formatted_then_it_follows_the_locale(value: float, lang: Lang, decimals: int,
                                                              expected: str) -> None:
    assert format_number(value, lang, decimals=decimals) == expected


@pytest.mark.parametrize(("size", "lang", "expected"), [
    (512, "fr", f"512{NBSP}o"), (1_500_000, "fr", f"1,5{NBSP}Mo"), (1_500_000, "en", f"1.5{NBSP}MB"),
    (64 * 1024**3, "en", f"68.7{NBSP}GB"),
])
def test_when_a_size_is_formatted_then_it_uses_the_locale_units(size: int, lang: Lang, expected: str) -> None:
    assert format_size(size, lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.UTC), "fr", f"23 novembre 2026 à 14:05{NBSP}UTC"),
    (dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.UTC), "en", f"23 November 2026, 14:05{NBSP}UTC"),
    ("2013-03-01T08:00:00+01:00", "fr", f"1er mars 2013 à 07:00{NBSP}UTC"),
    (dt.date(2013, 8, 1), "fr", "1er août 2013"), ("2013-08-01", "en", "1 August 2013"), (None, "fr", "—"),
])
def test_when_a_date_is_formatted_then_it_reads_naturally_in_the_locale(value: object, lang: Lang,
                                                                       expected: str) -> None:
    assert format_date(value, lang) == expected  # type: ignore[arg-type]
