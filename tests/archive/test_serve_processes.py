"""`temoin serve` with several worker processes (TEMOIN_WEB_WORKERS): they share the login throttle, and they end
with their parent, even when it is killed with SIGKILL (issue 12: use both cores)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from archive.settings import Settings
from tests.archive.conftest import settings_env
from tests.archive.load_clients import PASSWORD, seed, server_env
from tests.served import served


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    return {**server_env(settings_env(settings)), "TEMOIN_WEB_WORKERS": "2", "TEMOIN_LOGIN_MAX_FAILURES": "3"}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_when_two_processes_answer_then_failed_logins_count_across_both(env: dict[str, str]) -> None:
    names, _case = seed(env, 1)
    with served(env) as server:
        workers = [pid for pid in _children(server.process.pid)
                   if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()]  # uvicorn's worker processes
        assert len(workers) == 2, workers
        codes = []
        for _ in range(6):  # a new connection each time: the kernel hands each to either process
            r = httpx.post(f"{server.url}/auth/login", json={"username": names[0], "password": "pas le bon"},
                           headers={"Connection": "close"}, timeout=30)
            codes.append(r.status_code)
        assert codes[:3] == [401, 401, 401] and codes[3] == 429, codes  # the fourth is refused, wherever it lands
        r = httpx.post(f"{server.url}/auth/login", json={"username": names[0], "password": PASSWORD}, timeout=30)
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1


def test_when_serve_is_killed_then_its_worker_processes_end_too(env: dict[str, str]) -> None:
    seed(env, 1)
    with served(env) as server:
        workers = _children(server.process.pid)
        assert workers
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
        with pytest.raises(httpx.HTTPError):  # nobody answers on the port any more
            httpx.get(f"{server.url}/health", timeout=2)


def test_when_a_worker_starts_after_its_parent_died_then_it_ends_at_once() -> None:
    """Regression (seen under load): a worker process still importing when `temoin serve` was killed had init as
    its parent by the time it asked to end with its parent, took init for it, and kept running as an orphan. It
    now compares with the pid its parent said it had."""
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    code = "from archive.api import _end_with_parent; _end_with_parent(); print('still running')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TEMOIN_SERVE_PID": dead.stdout.strip()})
    assert proc.returncode == 1 and "still running" not in proc.stdout, (proc.returncode, proc.stdout, proc.stderr)
