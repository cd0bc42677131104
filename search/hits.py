"""Turn what an engine returned into Hits, re-checking every hit against the access rules in Python."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from search.analysis import Analysis
from search.base import Hit, Query, ScopeViolation
from search.highlight import Pattern, patterns, snippets
from search.query import Node
from search.scope import AccessScope, visible_text
from search.stored import StoredTestimony


class HitBuilder:
    """Builds the Hits of one search: per-analysis patterns are computed once, not per hit."""

    def __init__(self, scope: AccessScope, node: Node) -> None:
        self.scope = scope
        self.node = node
        self._patterns: dict[Analysis, tuple[Pattern, ...]] = {}

    def hit(self, stored: StoredTestimony, score: float) -> Hit:
        kind = visible_text(self.scope, stored.access)
        if kind is None:
            # The engine returned a document the rules forbid: refuse the whole search rather than leak.
            raise ScopeViolation(f"index returned {stored.item_id!r} outside the caller's scope: refused")
        if stored.analysis not in self._patterns:
            self._patterns[stored.analysis] = patterns(self.node, stored.analysis)
        return Hit(
            item_id=stored.item_id,
            case_id=stored.case_id,
            score=score,
            snippets=snippets(stored.view(kind), stored.analysis, self._patterns[stored.analysis]),
            evidence_number=stored.evidence_number,
        )


def facet_result(query: Query, counts: Mapping[str, Mapping[str, int]]) -> Mapping[str, Mapping[str, int]]:
    """Facets in the order asked, values by descending count then name; read-only."""
    return MappingProxyType({
        name: MappingProxyType(dict(sorted(counts.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0]))))
        for name in query.facets
    })
