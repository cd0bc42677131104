"""Backends for the shared contract and leak suites: embedded in tmp_path, Elasticsearch over HTTP to one
osmem-server per session (each test gets its own alias, so tests never see each other's documents)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from osmem_server import OsmemServer

from search import SearchBackend, init_search
from tests.search.osmem_node import PlainJsonNode

BACKENDS = ("embedded", "elasticsearch")
_names = itertools.count()


@pytest.fixture(scope="session")
def osmem_url() -> Iterator[str]:
    server = OsmemServer.start(japanese=False)
    try:
        yield server.url
    finally:
        server.close()
        for stream in (server.process.stdout, server.process.stdin):
            if stream is not None:
                stream.close()


MakeBackend = Callable[[], SearchBackend]


@pytest.fixture(params=BACKENDS)
def make_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeBackend]:
    """A factory of fresh, empty backends of the parametrized kind (closed at teardown)."""
    opened: list[SearchBackend] = []

    def make() -> SearchBackend:
        if request.param == "embedded":
            backend = init_search(backend="embedded", path=tmp_path / f"index{next(_names)}")
        else:
            url = request.getfixturevalue("osmem_url")
            backend = init_search(
                backend="elasticsearch", url=url, index=f"test{next(_names)}", node_class=PlainJsonNode
            )
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        backend.close()


@pytest.fixture
def backend(make_backend: MakeBackend) -> SearchBackend:
    return make_backend()
