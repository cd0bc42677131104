"""Fixtures for the object store tests: one moto S3 server per session, one harness per backend."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from minio import Minio

from archive.storage import LocalStore
from archive.storage.s3 import S3Store
from tests.archive.storage.harness import Harness, LocalHarness, S3Harness, build_store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_moto(log: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """moto's S3 server in its own process (its memory stays out of our tracemalloc figures).

    Its request log goes to the file ``log``: a pipe nobody reads would fill up and stall the server.
    """
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            env={**os.environ, **(env or {})},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    stop(process)
    raise RuntimeError(f"moto server did not listen within 30 s: {log.read_text(errors='replace')[-2000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, endpoint = start_moto(tmp_path_factory.mktemp("moto") / "server.log")
    yield endpoint
    stop(process)


@pytest.fixture(scope="session")
def raw_client(moto_endpoint: str) -> Minio:
    """A plain minio client for what a store never does (tampering, inspecting versions)."""
    return Minio(moto_endpoint, "testing", "testing", secure=False, region="us-east-1")


@pytest.fixture
def bucket_name() -> str:
    return f"temoin-{uuid.uuid4().hex[:16]}"


@pytest.fixture
def make_s3(moto_endpoint: str, raw_client: Minio, bucket_name: str) -> Callable[..., S3Harness]:
    def make(**options: Any) -> S3Harness:
        spec = {"kind": "s3", "endpoint": moto_endpoint, "bucket": bucket_name, **options}
        store = build_store(spec)
        assert isinstance(store, S3Store)
        return S3Harness(store=store, spec=spec, client=raw_client)

    return make


@pytest.fixture
def local_harness(tmp_path: Path) -> LocalHarness:
    spec = {"kind": "local", "root": str(tmp_path / "objects")}
    store = build_store(spec)
    assert isinstance(store, LocalStore)
    return LocalHarness(store=store, spec=spec)


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Harness:
    """The same contract, run once per backend."""
    if request.param == "local":
        harness: Harness = request.getfixturevalue("local_harness")
    else:
        harness = request.getfixturevalue("make_s3")()
    return harness


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """Where a test writes the files it stores (apart from the local store's own directory)."""
    path = tmp_path / "sources"
    path.mkdir()
    return path
