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


def start_moto(env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """moto's S3 server in its own process (its memory stays out of our tracemalloc figures)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"moto server exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("moto server did not start listening within 30 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stderr:
        process.stderr.close()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    process, endpoint = start_moto()
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
