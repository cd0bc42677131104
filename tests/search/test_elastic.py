from __future__ import annotations

import socket

import pytest

from search import Principal, Query, SearchUnavailable, init_search
from search.elastic.backend import ElasticsearchSearch
from tests.search.corpus import make_testimony
from tests.search.osmem_node import PlainJsonNode

OFFICER = Principal("doc-amina", "documentation_officer", frozenset({"CASE-GAO"}))


def test_when_rebuilt_then_the_alias_points_to_one_new_index_and_the_old_one_is_gone(osmem_url: str) -> None:
    backend = init_search(backend="elasticsearch", url=osmem_url, index="aliastest", node_class=PlainJsonNode)
    assert isinstance(backend, ElasticsearchSearch)
    backend.index([make_testimony("a", "Texte original.")])
    (before,) = backend.client.indices.get_alias(name="aliastest").body
    backend.rebuild([make_testimony("b", "Texte reconstruit.")])
    (after,) = backend.client.indices.get_alias(name="aliastest").body
    assert before != after and after.startswith("aliastest-")
    assert not backend.client.indices.exists(index=before)
    assert {h.item_id for h in backend.search(Query(), OFFICER).hits} == {"b"}
    backend.check()
    backend.close()


def test_when_the_server_is_unreachable_then_check_and_search_raise_search_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = init_search(backend="elasticsearch", url=f"http://127.0.0.1:{port}", request_timeout=2)
    with pytest.raises(SearchUnavailable, match="unreachable"):
        backend.check()
    with pytest.raises(SearchUnavailable, match="unreachable"):
        backend.search(Query(text="a"), OFFICER)
    backend.close()


def test_when_the_alias_does_not_exist_yet_then_check_says_to_reindex(osmem_url: str) -> None:
    backend = init_search(backend="elasticsearch", url=osmem_url, index="neverused", node_class=PlainJsonNode)
    with pytest.raises(SearchUnavailable, match="temoin reindex"):
        backend.check()
    backend.close()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"backend": "embedded"}, "needs path="),
        ({"backend": "elasticsearch"}, "needs url="),
        ({"backend": "solr", "url": "x"}, "unknown search backend"),
    ],
)
def test_when_the_factory_lacks_settings_then_it_says_which(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        init_search(**kwargs)  # type: ignore[arg-type]
