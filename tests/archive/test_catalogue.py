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
from archive.claims.links import FATES, RELATIONS
from archive.claims.service import OUTCOMES, STEPS, VICTIM_CATEGORIES
from archive.exports.purposes import PURPOSE_SCOPE
from archive.i18n import CATALOGUES
from archive.review.scans import AREA_KINDS
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
    "claims.outcome.": OUTCOMES, "claims.relation.": RELATIONS, "claims.fate.": FATES,
    "claims.pair.": ("open", "same", "different", "undone"),
    "claims.status.": ("registered", *STEPS), "review.media_help_": ("audio", "scan"),
    "review.media_mark_": ("audio", "scan"), "scans.area_": AREA_KINDS,
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


# -- the command line --------------------------------------------------------------------------------------------

CLI_MODULES = sorted((ROOT / "archive" / "cli").glob("*.py"))
#: Calls that put text before the user: Rich's consoles and tables, typer's echo and prompt, the commands' helpers.
SHOWN_BY = {"print", "echo", "secho", "prompt", "confirm", "fail", "warn", "failed", "_fail", "_say", "add_column",
            "add_row", "Table", "write", "BadParameter"}
#: Calls whose string arguments are catalogue keys or formatting, never shown as they are.
NOT_SHOWN = {"say", "translate", "t", "label", "get", "join", "escape", "shown", "dumps", "format", "decode", "encode",
             "message"}
MARKUP = re.compile(r"\[/?[a-z ]*\]")
#: Text shown as it is in every language: the program's name and the check mark of `temoin doctor`.
SAME_IN_EVERY_LANGUAGE = {"temoin doctor", "ok"}


def _literal_words(node: ast.AST) -> list[str]:
    """The literal text under ``node`` that would be shown (markup and catalogue keys left out)."""
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name in NOT_SHOWN:
            return []
    if isinstance(node, ast.Subscript):  # r["path"]: a key, not text
        return _literal_words(node.value)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = MARKUP.sub("", node.value).strip()
        return [text] if re.search(r"[^\W\d_]{2,}", text) and text not in SAME_IN_EVERY_LANGUAGE else []
    return [w for child in ast.iter_child_nodes(node) for w in _literal_words(child)]


def _printed_literals() -> tuple[int, list[str]]:
    """(calls that show text, 'module:line: text' for each literal among what they show)."""
    calls, found = 0, []
    for path in CLI_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in SHOWN_BY:
                continue
            calls += 1
            shown = [*node.args, *(k.value for k in node.keywords if k.arg == "title")]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {w!r}" for arg in shown for w in _literal_words(arg)]
    return calls, found


def test_when_a_cli_command_prints_then_the_words_come_from_the_catalogue() -> None:
    """What a command prints (results, warnings, refusals) is a catalogue message in the user's language, never a
    literal: French by default, English with TEMOIN_LANG=en or an English LANG. Help texts are the command
    contract (docs/cli.md) and stay out of this rule."""
    assert {p.stem for p in CLI_MODULES} >= {"cases", "doctor", "export", "ingest", "migrate", "persons", "redact",
                                             "serve", "transfer", "users"}
    calls, literals = _printed_literals()
    assert calls > 60  # the scan sees the commands' output
    assert literals == []


#: Calls that name catalogue keys and fill them: (positions of the keys among the positional arguments).
FILLED_BY = {"say": (0,), "translate": (1,), "passed": (1,), "failed": (1, 2), "Said": (0,)}
PLACEHOLDER = re.compile(r"\{(\w+)[^{}]*\}")


def _filled_calls() -> list[tuple[str, list[str], set[str] | None]]:
    """('module:line', keys, names given) for every call in the CLI and the doctor that fills literal keys; the
    names are None when the call spreads a mapping (``**values``), which the scan cannot see into."""
    found = []
    for path in [*CLI_MODULES, ROOT / "archive" / "doctor.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in FILLED_BY:
                continue
            keys = [a.value for i, a in enumerate(node.args) if i in FILLED_BY[name]
                    and isinstance(a, ast.Constant) and isinstance(a.value, str)]
            given: set[str] | None = {k.arg for k in node.keywords if k.arg is not None}
            if any(k.arg is None for k in node.keywords):
                given = None
            if name == "Said":
                values = node.args[1] if len(node.args) > 1 else None
                given = ({k.value for k in values.keys if isinstance(k, ast.Constant)}
                         if isinstance(values, ast.Dict) else set() if values is None else None)
            if keys:
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", keys, given))
    return found


def test_when_the_cli_or_the_doctor_fills_a_message_then_every_placeholder_gets_a_value() -> None:
    calls = _filled_calls()
    assert len(calls) > 80  # the CLI's and the doctor's messages
    problems = []
    for where, keys, given in calls:
        for key in keys:
            for lang in ("fr", "en"):
                if key not in CATALOGUES[lang]:
                    problems.append(f"{where}: {key} missing in {lang}")
                elif given is not None and not (needed := set(PLACEHOLDER.findall(CATALOGUES[lang][key]))) <= given:
                    problems.append(f"{where}: {key} ({lang}) needs {sorted(needed)}")
        if given is not None and given & {"lang", "key"}:
            problems.append(f"{where}: a value named lang or key clashes with the call's own arguments")
    assert problems == []


def test_when_the_doctor_names_a_fix_by_backend_then_every_backend_has_it() -> None:
    from typing import get_args

    from archive.settings import Settings

    for prefix, setting in (("doctor.storage_fix_", "storage"), ("doctor.search_fix_", "search_backend")):
        for value in get_args(Settings.model_fields[setting].annotation):
            assert all(f"{prefix}{value}" in CATALOGUES[lang] for lang in ("fr", "en")), (prefix, value)
