"""The embedded engine's schema, and the rendering of query ASTs, access filters and user filters to tantivy.

Nothing here parses a user's string: terms are analyzed with ``search.analysis`` and turned into term,
phrase and regex queries on the exact fields the caller passes, so a query can never reach another field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Final

import tantivy

from search.analysis import ANALYSES, Analysis, analysis_for, analyzer, prefix_tokens, tokens, word_variants
from search.base import SearchDocument
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
from search.stored import (
    COLLECTED_AT,
    INCIDENT_DATE,
    ITEM_ID,
    KEYWORD_FIELDS,
    TEXT_FIELDS,
    UNTIL_FIELDS,
    consent_until,
    keyword_values,
    text_field,
    to_record,
    until_field,
)

RECORD: Final = "record"
#: Bumped whenever the schema changes: an index made with another layout is rebuilt from the system of record.
SCHEMA_VERSION: Final = 3  # 3: coded fields of acts (issue 15)
_TOKENIZERS: Final[dict[Analysis, str]] = {a: f"temoin_{a}" for a in ANALYSES}


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, fast=name != ITEM_ID, tokenizer_name="raw", index_option="basic")
    for kind_fields in TEXT_FIELDS.values():
        for name in kind_fields:
            tokenizer = _TOKENIZERS[_analysis_of(name)]
            builder.add_text_field(name, tokenizer_name=tokenizer, index_option="position")
    builder.add_date_field(COLLECTED_AT, indexed=True, fast=True)
    builder.add_date_field(INCIDENT_DATE, indexed=True, fast=True)
    for name in UNTIL_FIELDS:
        builder.add_date_field(name, indexed=True, fast=True)
    builder.add_bytes_field(RECORD, stored=True)
    return builder.build()


def register_analyzers(index: tantivy.Index) -> None:
    """Tokenizers are not persisted by tantivy: register them on every opened index."""
    for analysis, name in _TOKENIZERS.items():
        index.register_tokenizer(name, analyzer(analysis))


def _analysis_of(field: str) -> Analysis:
    suffix = field.rsplit("_", 1)[1]
    for analysis in ANALYSES:
        if analysis == suffix:
            return analysis
    raise ValueError(f"{field!r} is not a text field")


def _utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    record = to_record(doc)
    out = tantivy.Document()
    for name, values in keyword_values(doc).items():
        for value in values:
            out.add_text(name, value)
    analysis = analysis_for(doc.language)
    texts: tuple[tuple[TextKind, str], ...] = (("full", doc.text), ("redacted", doc.redacted_text))
    for kind, text in texts:
        out.add_text(text_field(kind, analysis), text)
        if analysis != "plain":  # every text is also indexed unstemmed, for prefix queries
            out.add_text(text_field(kind, "plain"), text)
    out.add_date(COLLECTED_AT, _utc(doc.collected_at))
    if doc.incident_date is not None:
        out.add_date(INCIDENT_DATE, _utc(doc.incident_date))
    for scope, until in consent_until(doc).items():
        out.add_date(until_field(scope), _utc(until))
    out.add_bytes(RECORD, json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode())
    return out


class Renderer:
    """Renders ASTs and filters against one schema."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    # --- access and user filters (never scored) ---------------------------------------------------------
    def filter(self, flt: Filter) -> tantivy.Query:
        if isinstance(flt, Everything):
            return tantivy.Query.all_query()
        if isinstance(flt, Nothing) or (isinstance(flt, KeywordIn) and not flt.values):
            return tantivy.Query.empty_query()
        if isinstance(flt, KeywordIn):
            return self.keyword_in(flt.field, sorted(flt.values))
        if isinstance(flt, InForce):
            if until_field(flt.scope) not in UNTIL_FIELDS:
                return tantivy.Query.empty_query()  # not a scope the rules read: never in force for access
            return tantivy.Query.range_query(self.schema, until_field(flt.scope), tantivy.FieldType.Date,
                                             lower_bound=_utc(flt.now), include_lower=False)
        if isinstance(flt, AllOf):  # exclusions become MustNot clauses next to the positive ones
            clauses = [
                (tantivy.Occur.MustNot, self.filter(p.part)) if isinstance(p, NoneOf)
                else (tantivy.Occur.Must, self.filter(p))
                for p in flt.parts
            ]
            if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
                clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
            return self._bool(clauses)
        if isinstance(flt, AnyOf):
            return self._bool([(tantivy.Occur.Should, self.filter(p)) for p in flt.parts])
        return self._bool([(tantivy.Occur.Must, tantivy.Query.all_query()),
                           (tantivy.Occur.MustNot, self.filter(flt.part))])

    def keyword_in(self, field: str, values: Sequence[str]) -> tantivy.Query:
        """Any of ``values`` (term queries: tantivy's term_set_query costs ~0.25 ms to build per call)."""
        terms = [tantivy.Query.term_query(self.schema, field, value) for value in values]
        if not terms:
            return tantivy.Query.empty_query()
        return terms[0] if len(terms) == 1 else self._bool([(tantivy.Occur.Should, t) for t in terms])

    def date_range(
        self, field: str, low: date | datetime | None, high: date | datetime | None
    ) -> tantivy.Query:
        return tantivy.Query.range_query(
            self.schema, field, tantivy.FieldType.Date,
            lower_bound=_utc(low) if low is not None else None,
            upper_bound=_utc(high) if high is not None else None,
        )

    # --- text ----------------------------------------------------------------------------------------------
    def text(self, node: Node, fields: Sequence[str]) -> tantivy.Query | None:
        """``node`` on ``fields`` (any of them); None when the query has nothing searchable."""
        if isinstance(node, MatchAll):
            return tantivy.Query.all_query()
        if isinstance(node, Term | Phrase | Prefix):
            return self._any([self._leaf(node, field) for field in fields])
        if isinstance(node, Or):
            return self._any([self.text(part, fields) for part in node.parts])
        if isinstance(node, Not):
            inner = self.text(node.part, fields)
            if inner is None:
                return None
            everything = tantivy.Query.all_query()
            return self._bool([(tantivy.Occur.Must, everything), (tantivy.Occur.MustNot, inner)])
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for part in node.parts:
            negated = isinstance(part, Not)
            rendered = self.text(part.part if isinstance(part, Not) else part, fields)
            if rendered is not None:
                clauses.append((tantivy.Occur.MustNot if negated else tantivy.Occur.Must, rendered))
        if not clauses:
            return None
        if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        return self._bool(clauses)

    def _leaf(self, leaf: Term | Phrase | Prefix, field: str) -> tantivy.Query | None:
        analysis = _analysis_of(field)
        if isinstance(leaf, Prefix):  # unstemmed field only: a stemmed token may be shorter than the prefix
            plain = prefix_tokens(leaf.text)
            if analysis != "plain" or not plain:
                return None
            last = tantivy.Query.regex_query(self.schema, field, re.escape(plain[-1]) + ".*")
            if len(plain) == 1:
                return last
            lead = self._sequence(field, plain[:-1])
            return self._bool([(tantivy.Occur.Must, lead), (tantivy.Occur.Must, last)])
        variants = word_variants(leaf.text, analysis) if isinstance(leaf, Term) else (leaf.text,)
        return self._any([self._sequence(field, toks) for v in variants if (toks := tokens(v, analysis))])

    def _sequence(self, field: str, toks: Sequence[str]) -> tantivy.Query:
        if len(toks) == 1:
            return tantivy.Query.term_query(self.schema, field, toks[0])
        return tantivy.Query.phrase_query(self.schema, field, list(toks))

    def _any(self, queries: Sequence[tantivy.Query | None]) -> tantivy.Query | None:
        present = [q for q in queries if q is not None]
        if not present:
            return None
        return present[0] if len(present) == 1 else self._bool([(tantivy.Occur.Should, q) for q in present])

    @staticmethod
    def _bool(clauses: Sequence[tuple[tantivy.Occur, tantivy.Query]]) -> tantivy.Query:
        return tantivy.Query.boolean_query(list(clauses))

    # --- the whole scoped query --------------------------------------------------------------------------
    def scoped(self, node: Node, scope: AccessScope, constraints: Sequence[tantivy.Query]) -> tantivy.Query:
        """(full filter AND node on full-text fields) OR (redacted filter AND node on redacted fields),
        AND every constraint. Filters and constraints score nothing; only the text match ranks."""
        branches: list[tuple[tantivy.Occur, tantivy.Query]] = []
        kinds: tuple[tuple[TextKind, Filter], ...] = (
            ("full", scope.full_text), ("redacted", scope.redacted_text)
        )
        for kind, flt in kinds:
            if isinstance(flt, Nothing):
                continue
            text = self.text(node, TEXT_FIELDS[kind]) or tantivy.Query.all_query()
            branches.append((tantivy.Occur.Should, self._bool([
                (tantivy.Occur.Must, text), (tantivy.Occur.Must, self._unscored(self.filter(flt)))
            ])))
        if not branches:
            return tantivy.Query.empty_query()
        must = [(tantivy.Occur.Must, self._unscored(c)) for c in constraints]
        return self._bool([(tantivy.Occur.Must, self._bool(branches)), *must])

    @staticmethod
    def _unscored(query: tantivy.Query) -> tantivy.Query:
        return tantivy.Query.const_score_query(query, 0.0)
