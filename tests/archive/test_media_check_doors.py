"""Marking redacted media checked ("vérifié" / "écouté et vérifié", issue 20) through every door: the API, the
review page and the CLI call one service, and each leaves a custody entry naming who checked what.

The doors are a registry (``DOORS``); a test fails when the application or the CLI offers a way to mark media
checked that the registry does not list. One scanned page (a small image, read by OCR once for the module).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from archive.api import create_app
from archive.auth import issue_token
from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM, Actor, entries_for
from archive.exports.checks import media_status
from archive.items.service import get_item
from archive.settings import Settings
from archive.users.service import create_user
from tests.archive.conftest import PASSWORD, build_settings, settings_env, web_client
from tests.archive.exports_seed import add_file, work
from tests.ingest import generate

FORM = "FICHE D'ENTRETIEN\nNom : DEMBÉLÉ   Prénom : Oumou\nVillage : Siby"


@dataclass
class Seeded:
    archive: Archive
    settings: Settings
    api: TestClient
    web: TestClient
    token: str
    officer: str
    item_id: str


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Iterator[Seeded]:
    root = tmp_path_factory.mktemp("media-check-doors")
    settings = build_settings(root / "data", database_url=None, s3_endpoint=None, es_url=None, model_cache=model_cache,
                              worker_in_process=False)
    archive = Archive.open(settings)
    with archive.db.session() as session:
        user = create_user(session, actor=SYSTEM, username="aminata-doors", role="documentation_officer",
                           password=PASSWORD)
        officer = Actor(user.username, user.role, user.id)
        token = issue_token(user, secret=archive.jwt_secret, ttl_minutes=60)
        case_id = create_case(session=session, actor=officer, title="Dossier Siby 2014").id
    path = root / "fiche.png"
    generate.text_image(FORM, size=(1400, 420), font_size=48).save(path)
    item_id = add_file(archive, officer, case_id, path)
    work(archive)
    app = create_app(archive)
    api = TestClient(app)
    api.__enter__()
    web = web_client(app, officer.name)
    try:
        yield Seeded(archive, settings, api, web, token, officer.name, item_id)
    finally:
        web.__exit__(None, None, None)
        api.__exit__(None, None, None)
        archive.close()


def _by_api(seeded: Seeded, profile: str) -> None:
    done = seeded.api.post(f"/items/{seeded.item_id}/media-checks", json={"profile": profile},
                           headers={"Authorization": f"Bearer {seeded.token}"})
    assert done.status_code == 201, done.text
    assert done.json()["checked"] and done.json()["release"] == "media"


def _by_web(seeded: Seeded, profile: str) -> None:
    page = seeded.web.get(f"/ui/items/{seeded.item_id}/review")
    assert page.status_code == 200 and f'id="media-check-{profile}"' in page.text
    csrf = re.search(r'name="csrf" value="([^"]*)"', page.text)
    assert csrf
    done = seeded.web.post(f"/ui/items/{seeded.item_id}/media-check", data={"profile": profile,
                                                                           "csrf": csrf.group(1)},
                           follow_redirects=False)
    assert done.status_code == 303, done.text


def _by_cli(seeded: Seeded, profile: str) -> None:
    import archive.cli  # noqa: F401  (registers the commands)
    from archive.cli.app import app

    env = {**settings_env(seeded.settings), "TEMOIN_LANG": "fr"}
    result = CliRunner().invoke(app, ["items", "check", seeded.item_id, "--profile", profile,
                                      "--as", seeded.officer, "--json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["item"] == seeded.item_id and data["checked"] and data["release"] == "media"


@dataclass(frozen=True)
class Door:
    mark: Callable[[Seeded, str], None]
    profile: str  # each door checks another profile, so each check is its own
    routes: tuple[tuple[str, str], ...] = ()
    commands: tuple[str, ...] = ()


DOORS = {
    "api": Door(_by_api, "strict", routes=(("POST", "/items/{item_id}/media-checks"),)),
    "web": Door(_by_web, "reparations", routes=(("POST", "/ui/items/{item_id}/media-check"),)),
    "cli": Door(_by_cli, "prosecution", commands=("items check",)),
}


def app_routes(routes: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(method, path) of every route, routers included (FastAPI 0.165 keeps an included router as one entry)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from app_routes(included.routes, prefix + route.include_context.prefix)
            continue
        for method in (getattr(route, "methods", None) or set()) - {"HEAD"}:
            yield method, prefix + getattr(route, "path", "")


@pytest.mark.parametrize("door", sorted(DOORS))
def test_when_an_officer_marks_a_scanned_page_checked_through_any_door_then_custody_records_it(
    seeded: Seeded, door: str
) -> None:
    profile = DOORS[door].profile
    with seeded.archive.db.session() as session:
        before = len(entries_for(session, [seeded.item_id]))
        item = get_item(session, seeded.item_id)
        assert not next(s for s in media_status(session, seeded.archive, actor=SYSTEM, item=item)
                        if s.profile == profile).checked
    DOORS[door].mark(seeded, profile)
    with seeded.archive.db.session() as session:
        new = entries_for(session, [seeded.item_id])[before:]
        status = next(s for s in media_status(session, seeded.archive, actor=SYSTEM,
                                              item=get_item(session, seeded.item_id)) if s.profile == profile)
    checks = [json.loads(e.details) | {"actor": e.actor} for e in new if e.action == "media_check"]
    assert checks == [{"profile": profile, "kind": "scan", "decision": "vérifié", "actor": seeded.officer,
                       "fingerprint": checks[0]["fingerprint"] if checks else None}], door
    assert status.checked and status.checked_by == seeded.officer and status.release == "media"


def test_when_a_door_marks_media_checked_then_it_is_in_the_registry(seeded: Seeded) -> None:
    import typer

    import archive.cli  # noqa: F401  (registers the commands)
    from archive.cli.app import app as cli_app

    routes = {(method, path) for method, path in app_routes(create_app(seeded.archive).routes)
              if re.search(r"media-check", path) and method != "GET"}
    assert routes == {r for door in DOORS.values() for r in door.routes}
    command = typer.main.get_command(cli_app)
    names = {f"{group} {sub}".strip() for group, cmd in getattr(command, "commands", {}).items()
             for sub in (list(getattr(cmd, "commands", {})) or [""]) if re.search(r"check", f"{group} {sub}")}
    assert names == {c for door in DOORS.values() for c in door.commands}
