"""Fixtures for the web interface: an archive with its app (TestClient), logged-in browsers per role,
and, for the browser suite, one real `temoin serve` and one headless Chromium per session."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright
from pydantic import SecretStr

from archive.api import create_app
from archive.context import Archive
from archive.custody import SYSTEM
from archive.settings import Settings
from archive.users.service import create_user
from tests.web.server import Server, launch_chromium, running_server

PASSWORD = "un mot de passe solide"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    settings = Settings(data_dir=tmp_path / "data", jwt_secret=SecretStr("w" * 48), max_upload_bytes=4 * 1024**2,
                        login_max_failures=50, worker_in_process=False)
    arch = Archive.open(settings)
    yield arch
    arch.close()


@pytest.fixture
def app_client(archive: Archive) -> Iterator[TestClient]:
    with TestClient(create_app(archive), base_url="http://testserver") as c:
        yield c


def make_user(archive: Archive, role: str, username: str | None = None) -> str:
    username = username or f"{role[:6]}-{uuid.uuid4().hex[:5]}"
    with archive.db.session() as session:
        create_user(session, actor=SYSTEM, username=username, role=role, password=PASSWORD)
    return username


def form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    nonce = form_csrf(client.get("/ui/login").text)
    r = client.post("/ui/login", data={"username": username, "password": password, "csrf": nonce},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


@pytest.fixture
def browser_as(archive: Archive) -> Iterator[object]:
    """`browser_as(role)` -> a fresh TestClient logged in as a new user of that role, and the user name."""
    clients: list[TestClient] = []

    def make(role: str, username: str | None = None) -> tuple[TestClient, str]:
        name = make_user(archive, role, username)
        client = TestClient(create_app(archive), base_url="http://testserver")
        client.__enter__()
        clients.append(client)
        log_in(client, name)
        return client, name

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real `temoin serve` (with its in-process worker) for the browser suite."""
    with running_server(tmp_path_factory.mktemp("served") / "data") as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
