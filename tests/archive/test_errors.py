"""Domain errors, mapped once: every refusal a service raises has a French and an English message, and anything
else is a logged 500, never dressed up as a 404 or a 422."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

import archive.errors as errors
from archive.api import create_app
from archive.context import Archive
from archive.errors import ConsentMissing, DomainError, NotFound
from archive.i18n import CATALOGUES

ARCHIVE = Path(__file__).resolve().parents[2] / "archive"


def _error_classes() -> set[str]:
    """Every DomainError subclass, by name, wherever it is defined."""
    # archive.api imports every domain, so every subclass is defined; then the services only the CLI reaches.
    import archive.api
    import archive.migrate
    import archive.persons.matchcsv
    import archive.transfer.importer  # noqa: F401

    seen, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub.__name__ not in seen:
                seen.add(sub.__name__)
                todo.append(sub)
    return seen | {"PermissionDenied"}


def _raised_keys() -> set[tuple[str, str]]:
    names = "|".join(sorted(_error_classes()))
    pattern = re.compile(rf"\b({names})\(\s*\"([a-z_]+)\"")
    found = set()
    for path in ARCHIVE.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.add((str(path.relative_to(ARCHIVE.parent)), match.group(2)))
    return found


def test_when_a_service_raises_a_refusal_then_its_key_has_a_message_in_both_languages() -> None:
    keys = _raised_keys()
    assert len(keys) > 50  # the scan finds the services' refusals
    missing = sorted((where, key, lang) for where, key in keys for lang in ("fr", "en")
                     if f"err.{key}" not in CATALOGUES[lang])
    assert missing == []


def test_when_a_refusal_is_shown_then_scope_names_are_in_the_users_words() -> None:
    refusal = ConsentMissing("consent_missing", scope="share_prosecution")
    assert "partage avec le parquet" in refusal.message("fr")
    assert "share_prosecution" not in refusal.message("fr")
    assert str(refusal) == refusal.message("en")


@pytest.mark.parametrize("exc", [KeyError("item 42"), LookupError("no such thing"), ValueError("bad value")])
def test_when_a_bug_escapes_a_view_then_the_answer_is_a_logged_500_not_a_user_error(
    archive: Archive, exc: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(archive)
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise exc

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/boom", headers={"Accept-Language": "fr"})
    assert r.status_code == 500 and r.json()["code"] == "internal"
    assert "item 42" not in r.text and "Erreur interne" in r.json()["error"]
    assert any("unexpected error" in rec.message for rec in caplog.records)


def test_when_a_domain_error_reaches_the_api_then_status_code_and_language_follow_it(archive: Archive) -> None:
    app = create_app(archive)
    router = APIRouter()

    @router.get("/missing")
    def missing() -> None:
        raise NotFound("case", id="abc")

    app.include_router(router)
    with TestClient(app) as client:
        fr = client.get("/missing")
        en = client.get("/missing", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert (fr.status_code, fr.json()) == (404, {"error": "Dossier introuvable (abc).", "code": "case"})
    assert en.json()["error"] == "Case not found (abc)."
    assert issubclass(errors.PermissionDenied, errors.Forbidden)
