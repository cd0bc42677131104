"""A real `temoin serve` on 127.0.0.1, started for a block and stopped after it: the one helper the load tests
(tests/archive/load_clients.py, bench/load.py) and the browser suite (tests/web/server.py) start servers with."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

START_S = 90.0
STOP_S = 30.0


@dataclass(frozen=True)
class Served:
    url: str
    process: subprocess.Popen[bytes]

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(env: dict[str, str], *, port: int | None = None, log: Path | None = None) -> Iterator[Served]:
    """`python -m archive serve` with this environment on a free port (or `port`); waits for /health, yields, then
    stops it (SIGTERM, SIGKILL if it does not stop). Its output goes to `log` (discarded without one)."""
    port = port or free_port()
    out = log.open("wb") if log is not None else None
    proc = subprocess.Popen([sys.executable, "-m", "archive", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=out or subprocess.DEVNULL, stderr=subprocess.STDOUT if out else
                            subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("`temoin serve` did not start" + (f"; see {log}" if log else ""))
            time.sleep(0.2)
        yield Served(url, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_S)
        if out is not None:
            out.close()
