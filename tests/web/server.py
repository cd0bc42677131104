"""A real `temoin serve` on a free port with a fresh data directory and users of each role, and Chromium.

Shared by the browser suite and by `python -m tests.web.screenshots`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, Playwright

from archive.context import Archive
from archive.custody import SYSTEM
from archive.settings import Settings
from archive.users.service import create_user
from tests.served import served

PASSWORD = "un mot de passe solide"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
USERS = {"aminata": "documentation_officer", "moussa": "auditor", "kadiatou": "admin",
         "oumar": "reparations_officer", "maitre-traore": "lawyer"}


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]


def seed_users(data_dir: Path) -> None:
    archive = Archive.open(Settings(data_dir=data_dir))
    try:
        with archive.db.session() as session:
            for name, role in USERS.items():
                create_user(session, actor=SYSTEM, username=name, role=role, password=PASSWORD)
    finally:
        archive.close()


@contextmanager
def running_server(data_dir: Path, *, log: Path | None = None) -> Iterator[Server]:
    """Seed the users, start `python -m archive serve` (tests/served.py), wait for /health, stop it afterwards."""
    seed_users(data_dir)
    env = {**os.environ, "TEMOIN_DATA_DIR": str(data_dir), "TEMOIN_MAX_UPLOAD_BYTES": str(64 * 1024**2),
           "TEMOIN_LOGIN_MAX_FAILURES": "50"}
    with served(env, log=log or data_dir / "server.log") as server:
        yield Server(server.url, data_dir, server.process)


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/ui/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_url(f"{base}/ui/")


def api_token(http: httpx.Client, username: str, password: str = PASSWORD) -> dict[str, str]:
    """The API's bearer header for a served user (logged in through `POST /auth/login`)."""
    r = http.post("/auth/login", json={"username": username, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
