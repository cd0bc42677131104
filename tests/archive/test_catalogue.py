"""Catalogue completeness: every message key the code, the templates and the doors ask for exists in French and
in English, including keys built from a prefix and a vocabulary (``review.label_`` + every label)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from archive.acts.terms import VOCABULARIES
from archive.acts.vocabulary import STAT_FIELDS
from archive.acts.vocabulary import STATUSES as ACT_STATUSES
from archive.auth import roles
from archive.claims.duplicates import COMPARED
from archive.claims.service import OUTCOMES, STEPS, VICTIM_CATEGORIES
from archive.exports.purposes import PURPOSE_SCOPE
from archive.i18n import CATALOGUES
from archive.web.page import TITLES
from archive.web.pages.review import KNOWN_FLAGS
from archive.web.pages.search import SORTS
from redaction.findings import LABELS
from search import FILTER_FIELDS

ROOT = Path(__file__).resolve().parents[2]
KEY = re.compile(r"^[a-z_]+\.[A-Za-z0-9_.]+$")
#: Calls whose string argument is a catalogue key: translate(lang, KEY), t(KEY), page.t(KEY), self.t(KEY).
KEY_CALLS = {"translate", "t"}
#: Keyword arguments that carry a catalogue key.
KEY_KEYWORDS = {"title_key", "error"}
#: Prefixes the templates complete with a value, and every value they may be completed with.
PREFIXED: dict[str, tuple[str, ...]] = {
    "review.label_": LABELS, "review.flag_": KNOWN_FLAGS,
    "review.status_": ("proposed", "accepted", "rejected", "added"),
    "export.profile_": tuple(PURPOSE_SCOPE), "roleinfo.": tuple(roles()), "search.field_": tuple(FILTER_FIELDS),
    "search.sort_": SORTS, "users.done_": ("created", "role", "assigned", "unassigned"),
    "acts.status_": ACT_STATUSES, "acts.passage_": ("current", "moved", "corrected", "stale"),
    "acts.field_": STAT_FIELDS, "vocab.": tuple(VOCABULARIES),
    "claims.": COMPARED, "claims.agreement.": ("same", "differs", "missing"), "claims.category.": VICTIM_CATEGORIES,
    "claims.flag.": ("birth_date_conflict", "evidence_consent_withdrawn", "merge_undone_after_decision"),
    "claims.outcome.": OUTCOMES, "claims.pair.": ("open", "same", "different", "undone"),
    "claims.status.": ("registered", *STEPS), "review.media_help_": ("audio", "scan"),
    "review.media_mark_": ("audio", "scan"),
}


def _keys_in_python() -> dict[str, str]:
    """Key -> where, for every literal key handed to translate/t or to a key-carrying keyword argument."""
    found: dict[str, str] = {}
    for path in (ROOT / "archive").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            values = [a for a in node.args if name in KEY_CALLS]
            values += [k.value for k in node.keywords if k.arg in KEY_KEYWORDS]
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and KEY.match(value.value):
                    found[value.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def _keys_in_templates() -> tuple[set[str], set[str]]:
    """(whole keys, prefixes completed with ~) asked for by the templates."""
    whole, prefixes = set(), set()
    for path in (ROOT / "archive" / "web" / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        whole |= set(re.findall(r"""\bt\(["']([a-z_]+\.[A-Za-z0-9_.]+)["']\s*[,)]""", text))
        prefixes |= set(re.findall(r"""\bt\(["']([a-z_]+\.[A-Za-z0-9_.]*)["']\s*~""", text))
    return whole, prefixes


def test_when_the_code_asks_for_a_message_then_both_catalogues_have_it() -> None:
    keys = _keys_in_python()
    assert len(keys) > 15  # the scan finds the doors' messages
    missing = sorted(f"{where}: {key} ({lang})" for key, where in keys.items() for lang in ("fr", "en")
                     if key not in CATALOGUES[lang])
    assert missing == []


def test_when_a_template_asks_for_a_message_then_both_catalogues_have_it() -> None:
    whole, _ = _keys_in_templates()
    assert len(whole) > 150
    assert sorted(f"{k} ({lang})" for k in whole for lang in ("fr", "en") if k not in CATALOGUES[lang]) == []


def test_when_a_template_builds_a_key_from_a_value_then_every_value_has_a_message() -> None:
    _, prefixes = _keys_in_templates()
    assert sorted(prefixes - set(PREFIXED)) == [], "register the new prefix and its values in PREFIXED"
    missing = sorted(f"{prefix}{value} ({lang})" for prefix in prefixes for value in PREFIXED[prefix]
                     for lang in ("fr", "en") if f"{prefix}{value}" not in CATALOGUES[lang])
    assert missing == []


@pytest.mark.parametrize("status", sorted(TITLES))
def test_when_an_error_page_is_titled_then_its_title_exists(status: int) -> None:
    assert all(TITLES[status] in CATALOGUES[lang] for lang in ("fr", "en"))


def test_when_a_french_message_is_read_then_it_is_not_the_english_one() -> None:
    """A key copied into fr without translating: the same long sentence in both languages."""
    same = sorted(k for k, v in CATALOGUES["fr"].items() if len(v) > 25 and v == CATALOGUES["en"][k])
    assert same == []
