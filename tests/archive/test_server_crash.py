"""A real `temoin serve` killed with SIGKILL in the middle of a large upload loses nothing and stores nothing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from archive.settings import Settings
from tests.archive.conftest import settings_env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    return {**settings_env(settings), "TEMOIN_MAX_UPLOAD_BYTES": str(2 * 1024**3),
            "TEMOIN_WORKER_IN_PROCESS": "false"}


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archive", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120, check=True)


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "archive", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not start")


def test_when_the_server_is_killed_during_a_large_upload_then_no_partial_item_and_the_chain_verifies(
    env: dict[str, str],
) -> None:
    _cli(env, "users", "add", "aminata", "--role", "documentation_officer", "--password-stdin",
         stdin="un mot de passe solide\n")
    case_id = json.loads(_cli(env, "cases", "create", "Dossier", "--as", "aminata", "--json").stdout)["id"]
    port = _free_port()
    server = _serve(env, port)
    base = f"http://127.0.0.1:{port}"
    token = httpx.post(f"{base}/auth/login", json={"username": "aminata", "password": "un mot de passe solide"}
                       ).json()["access_token"]
    boundary = "crashboundary"
    sent = {"bytes": 0}

    def body() -> Iterator[bytes]:
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.wav\"\r\n"
               "Content-Type: audio/wav\r\n\r\n").encode()
        chunk = os.urandom(1024 * 1024)
        for i in range(512):  # would be 512 MiB; the server dies after ~40 MiB
            sent["bytes"] += len(chunk)
            if i == 40:
                server.send_signal(signal.SIGKILL)
                server.wait(timeout=30)
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    with pytest.raises(httpx.HTTPError):
        httpx.post(f"{base}/cases/{case_id}/items", content=body(), timeout=60,
                   headers={"Authorization": f"Bearer {token}",
                            "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert server.returncode == -signal.SIGKILL and sent["bytes"] >= 40 * 1024 * 1024
    server = _serve(env, port)  # restart
    try:
        cases = httpx.get(f"{base}/cases", headers={"Authorization": f"Bearer {token}"}).json()
        assert [c["items"] for c in cases if c["id"] == case_id] == [0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert json.loads(_cli(env, "audit", "verify", "--json").stdout)["ok"] is True
    assert json.loads(_cli(env, "fixity", "--json").stdout) == {"ok": True, "checked": 0, "bytes": 0,
                                                                  "problems": []}
