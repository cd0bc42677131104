"""Render query ASTs, access filters and user constraints to Elasticsearch query DSL.

The user's words only ever appear as the text of ``match_phrase`` (analyzed, no syntax) or as a
letters-and-digits prefix of a ``regexp``; field names always come from ``search.stored``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from search.analysis import Analysis, prefix_tokens, tokens, word_variants
from search.base import Query
from search.query import MatchAll, Node, Not, Or, Phrase, Prefix, Term
from search.scope import (
    AccessScope,
    AllOf,
    AnyOf,
    Everything,
    Filter,
    InForce,
    KeywordIn,
    NoneOf,
    Nothing,
    TextKind,
)
from search.stored import COLLECTED_AT, INCIDENT_DATE, TEXT_FIELDS, UNTIL_FIELDS, until_field

Dsl = dict[str, Any]
MATCH_ALL: Dsl = {"match_all": {}}
MATCH_NONE: Dsl = {"match_none": {}}


def render_filter(flt: Filter) -> Dsl:
    if isinstance(flt, Everything):
        return MATCH_ALL
    if isinstance(flt, Nothing) or (isinstance(flt, KeywordIn) and not flt.values):
        return MATCH_NONE
    if isinstance(flt, KeywordIn):
        return {"terms": {flt.field: sorted(flt.values)}}
    if isinstance(flt, InForce):
        if until_field(flt.scope) not in UNTIL_FIELDS:
            return MATCH_NONE  # not a scope the rules read: never in force for access
        return {"range": {until_field(flt.scope): {"gt": _instant(flt.now)}}}
    if isinstance(flt, AllOf):
        keep = [render_filter(p) for p in flt.parts if not isinstance(p, NoneOf)]
        drop = [render_filter(p.part) for p in flt.parts if isinstance(p, NoneOf)]
        return {"bool": {"filter": keep or [MATCH_ALL], "must_not": drop}}
    if isinstance(flt, AnyOf):
        return {"bool": {"should": [render_filter(p) for p in flt.parts], "minimum_should_match": 1}}
    return {"bool": {"must": [MATCH_ALL], "must_not": [render_filter(flt.part)]}}


def _analysis_of(field: str) -> Analysis:
    suffix = field.rsplit("_", 1)[1]
    return "fr" if suffix == "fr" else "en" if suffix == "en" else "plain"


def _leaf(leaf: Term | Phrase | Prefix, field: str) -> Dsl | None:
    analysis = _analysis_of(field)
    if isinstance(leaf, Prefix):  # unstemmed field only, as in the embedded engine
        plain = prefix_tokens(leaf.text)
        if analysis != "plain" or not plain:
            return None
        last: Dsl = {"regexp": {field: {"value": re.sub(r"([^\w])", r"\\\1", plain[-1]) + ".*"}}}
        if len(plain) == 1:
            return last
        return {"bool": {"must": [{"match_phrase": {field: " ".join(plain[:-1])}}, last]}}
    variants = word_variants(leaf.text, analysis) if isinstance(leaf, Term) else (leaf.text,)
    # Skip what analyzes to nothing (punctuation): the embedded engine drops it the same way.
    return _any([{"match_phrase": {field: v}} for v in variants if tokens(v, analysis)])


def _any(parts: Sequence[Dsl | None]) -> Dsl | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else {"bool": {"should": present, "minimum_should_match": 1}}


def render_text(node: Node, fields: Sequence[str]) -> Dsl | None:
    """``node`` on ``fields``; None when nothing in it is searchable."""
    if isinstance(node, MatchAll):
        return MATCH_ALL
    if isinstance(node, Term | Phrase | Prefix):
        return _any([_leaf(node, field) for field in fields])
    if isinstance(node, Or):
        return _any([render_text(part, fields) for part in node.parts])
    if isinstance(node, Not):
        inner = render_text(node.part, fields)
        return None if inner is None else {"bool": {"must": [MATCH_ALL], "must_not": [inner]}}
    must: list[Dsl] = []
    must_not: list[Dsl] = []
    for part in node.parts:
        rendered = render_text(part.part if isinstance(part, Not) else part, fields)
        if rendered is not None:
            (must_not if isinstance(part, Not) else must).append(rendered)
    if not must and not must_not:
        return None
    return {"bool": {"must": must or [MATCH_ALL], "must_not": must_not}}


def _day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date().isoformat() if value.tzinfo else value.date().isoformat()
    return value.isoformat()


def _instant(value: datetime) -> str:
    return (value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def constraints(query: Query) -> list[Dsl]:
    """The user's filters and date ranges (all must hold)."""
    out: list[Dsl] = [{"terms": {name: list(values)}} for name, values in query.filters.items()]
    if query.collected_from is not None or query.collected_to is not None:
        bounds = {}
        if query.collected_from is not None:
            bounds["gte"] = _instant(query.collected_from)
        if query.collected_to is not None:
            bounds["lte"] = _instant(query.collected_to)
        out.append({"range": {COLLECTED_AT: bounds}})
    if query.incident_from is not None or query.incident_to is not None:
        bounds = {}
        if query.incident_from is not None:
            bounds["gte"] = _day(query.incident_from)
        if query.incident_to is not None:
            bounds["lte"] = _day(query.incident_to)
        out.append({"range": {INCIDENT_DATE: bounds}})
    return out


def scoped_query(node: Node, scope: AccessScope, filters: Sequence[Dsl]) -> Dsl:
    """(full filter AND node on full text) OR (redacted filter AND node on redacted text), AND filters."""
    branches: list[Dsl] = []
    kinds: tuple[tuple[TextKind, Filter], ...] = (
        ("full", scope.full_text), ("redacted", scope.redacted_text)
    )
    for kind, flt in kinds:
        if isinstance(flt, Nothing):
            continue
        text = render_text(node, TEXT_FIELDS[kind]) or MATCH_ALL
        branches.append({"bool": {"must": [text], "filter": [render_filter(flt)]}})
    if not branches:
        return MATCH_NONE
    return {"bool": {"should": branches, "minimum_should_match": 1, "filter": list(filters)}}
