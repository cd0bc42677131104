"""The search contract: who is asking (Principal), what is indexed (SearchDocument), what is asked (Query),
what comes back (SearchResult), and the protocol every backend implements (SearchBackend).

Backends apply the access rules of ``search.scope`` inside ``search`` on every query: a caller cannot
forget them, and cannot widen them (there is no "unscoped" search in the protocol).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Final, Literal, Protocol

Role = Literal[
    "admin", "documentation_officer", "lawyer", "legal_aid_lawyer", "reparations_officer", "auditor",
    "data_protection_officer", "statistician", "reparations_board",
]
ROLES: Final[frozenset[str]] = frozenset(
    {"admin", "documentation_officer", "lawyer", "legal_aid_lawyer", "reparations_officer", "auditor",
     "data_protection_officer", "statistician", "reparations_board"}
)
Confidentiality = Literal["public", "confidential", "sealed"]
CONFIDENTIALITY_LEVELS: Final[frozenset[str]] = frozenset({"public", "confidential", "sealed"})
Sort = Literal["relevance", "date_desc", "date_asc"]
SORTS: Final[frozenset[str]] = frozenset({"relevance", "date_desc", "date_asc"})

# Consent scopes the access rules read (the archive may grant others; they are indexed and facetable too).
INTERNAL_CASE_USE: Final = "internal_case_use"
SHARE_PROSECUTION: Final = "share_prosecution"
SHARE_LEGAL_AID: Final = "share_legal_aid"
SHARE_REPARATIONS: Final = "share_reparations"
IDENTITY_DISCLOSURE: Final = "identity_disclosure"
#: The scopes the access rules read: each is indexed with the instant its grant runs out, so a consent that
#: expires leaves every search at that instant, on every backend, without any sweep having to run.
RULE_SCOPES: Final[tuple[str, ...]] = (
    INTERNAL_CASE_USE, SHARE_PROSECUTION, SHARE_LEGAL_AID, SHARE_REPARATIONS, IDENTITY_DISCLOSURE,
)
#: Stored as the expiry of a grant that does not expire.
NEVER: Final = datetime(2200, 1, 1, tzinfo=UTC)  # within tantivy's date range (up to 2262)

# Fields a Query may filter on and count (facets), in the users' words.
FILTER_FIELDS: Final[tuple[str, ...]] = (
    "case", "region", "violation_type", "testimony_type", "language", "media_type", "consent_scope",
    *("act_type", "perpetrator_group", "act_year", "act_region", "victim_sex", "victim_age_band"),
)
#: Coded fields: the values of the acts coded from a testimony (an item matches when one of its acts does).
CODED_FIELDS: Final[tuple[str, ...]] = (
    "act_type", "perpetrator_group", "act_year", "act_region", "victim_sex", "victim_age_band",
)
DEFAULT_FACETS: Final[tuple[str, ...]] = FILTER_FIELDS
MAX_PAGE_SIZE: Final = 100
MAX_RESULT_WINDOW: Final = 10_000  # page * size, as Elasticsearch's index.max_result_window
FACET_SIZE: Final = 200  # values returned per facet field (most frequent first)

Progress = Callable[[float], None]


class SearchError(Exception):
    """Base class of the errors raised by ``search``."""


class SearchUnavailable(SearchError):
    """The index cannot be reached or opened; the message says why in plain words."""


class InvalidQuery(SearchError, ValueError):
    """The query cannot be understood; the message says what is wrong and how to fix it.

    ``code`` names the problem and ``params`` its values, so a caller can say it in the user's language
    (this library stays free of any catalogue); the text itself is English for logs and developers."""

    def __init__(self, message: str, *, code: str = "other", **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class ScopeViolation(SearchError):
    """The engine returned a document the access rules forbid: the search is refused, nothing is returned."""


@dataclass(frozen=True)
class Principal:
    """The person searching: their user id, role and the cases they are assigned to."""

    user_id: str
    role: Role | str
    assigned_cases: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} for {self.user_id!r}: use one of {sorted(ROLES)}")
        if not self.user_id:
            raise ValueError("a Principal needs a non-empty user_id")


@dataclass(frozen=True)
class SearchDocument:
    """One testimony item as the index sees it: both texts, their page/timestamp maps and the access facts.

    ``pages`` holds (page number, char offset where the page starts in ``text``); ``segments`` holds
    (start seconds, char offset) for transcripts; the ``redacted_*`` variants do the same for
    ``redacted_text``. ``consent_scopes`` are the scopes granted (and not yet expired when the document was
    built); ``consent_expiry`` gives, for those that run out, the instant they do: searches compare it with
    the time of the search. ``version`` grows with every change of the item in the system of record: a
    backend never replaces a document by one with a lower version (a slow writer cannot undo a newer one).
    ``evidence_number`` is stored with the document and returned with its hits (never searched on).
    """

    item_id: str
    case_id: str
    collected_by: str
    text: str
    redacted_text: str
    media_type: str
    collected_at: datetime
    consent_scopes: frozenset[str]
    confidentiality: Confidentiality | str
    pages: tuple[tuple[int, int], ...] = ()
    redacted_pages: tuple[tuple[int, int], ...] = ()
    segments: tuple[tuple[float, int], ...] = ()
    redacted_segments: tuple[tuple[float, int], ...] = ()
    region: str | None = None
    violation_types: tuple[str, ...] = ()
    testimony_type: str | None = None
    language: str | None = None
    incident_date: date | None = None
    sealed_users: frozenset[str] = frozenset()
    title: str = ""
    consent_expiry: Mapping[str, datetime] = field(default_factory=dict)
    version: int = 0
    evidence_number: str | None = None
    #: The coded acts' values per field of ``CODED_FIELDS`` (act_type, perpetrator_group, act_year, ...).
    coded: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        where = f"search document {self.item_id!r}"
        if not self.item_id or not self.case_id:
            raise ValueError(f"{where}: item_id and case_id must not be empty")
        unknown = sorted(set(self.coded) - set(CODED_FIELDS))
        if unknown:
            raise ValueError(f"{where}: coded fields {unknown} are not among {list(CODED_FIELDS)}")
        object.__setattr__(self, "coded", MappingProxyType({k: tuple(v) for k, v in self.coded.items()}))
        stray = sorted(set(self.consent_expiry) - set(self.consent_scopes))
        if stray:
            raise ValueError(f"{where}: consent_expiry names scopes that are not granted: {stray}")
        object.__setattr__(self, "consent_expiry", MappingProxyType({
            scope: min(_as_utc(at), NEVER) for scope, at in self.consent_expiry.items()
        }))
        if self.version < 0:
            raise ValueError(f"{where}: version must be >= 0")
        if self.confidentiality not in CONFIDENTIALITY_LEVELS:
            raise ValueError(
                f"{where}: confidentiality {self.confidentiality!r} is not one of "
                f"{sorted(CONFIDENTIALITY_LEVELS)}"
            )
        for name in ("pages", "redacted_pages", "segments", "redacted_segments"):
            offsets = [offset for _, offset in getattr(self, name)]
            if offsets != sorted(offsets) or any(offset < 0 for offset in offsets):
                raise ValueError(f"{where}: {name} must be sorted by char offset, offsets >= 0")
        if self.collected_at.tzinfo is None:
            object.__setattr__(self, "collected_at", self.collected_at.replace(tzinfo=UTC))


def _frozen_filters(filters: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({
        name: (values,) if isinstance(values, str) else tuple(values) for name, values in filters.items()
    })


@dataclass(frozen=True)
class Query:
    """What the user asks: free text in the query language of ``search.query``, filters, ranges, sort, page.

    ``filters`` maps a field of ``FILTER_FIELDS`` to accepted values (any of them); fields combine with AND.
    Date bounds are inclusive. ``page`` starts at 1. ``as_of`` is the instant consent is judged at (None: the
    moment of the search).
    """

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    collected_from: datetime | None = None
    collected_to: datetime | None = None
    incident_from: date | None = None
    incident_to: date | None = None
    sort: Sort | str = "relevance"
    page: int = 1
    size: int = 10
    facets: tuple[str, ...] = DEFAULT_FACETS
    as_of: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters", _frozen_filters(self.filters))
        unknown = sorted(set(self.filters) - set(FILTER_FIELDS))
        if unknown:
            raise InvalidQuery(f"cannot filter on {unknown}: filterable fields are {list(FILTER_FIELDS)}",
                               code="filter_unknown", fields=", ".join(unknown))
        empty = sorted(name for name, values in self.filters.items() if not values)
        if empty:
            raise InvalidQuery(f"filter {empty} has no values: give at least one value or drop the filter",
                               code="filter_empty", fields=", ".join(empty))
        unknown = sorted(set(self.facets) - set(FILTER_FIELDS))
        if unknown:
            raise InvalidQuery(f"no facet named {unknown}: facet fields are {list(FILTER_FIELDS)}",
                               code="facet_unknown", fields=", ".join(unknown))
        if self.sort not in SORTS:
            raise InvalidQuery(f"sort {self.sort!r} is not one of {sorted(SORTS)}", code="sort_unknown",
                               sort=self.sort)
        if self.page < 1 or not 1 <= self.size <= MAX_PAGE_SIZE:
            raise InvalidQuery(
                f"page must be >= 1 and size between 1 and {MAX_PAGE_SIZE} (got {self.page}, {self.size})",
                code="page_range", most=MAX_PAGE_SIZE,
            )
        if self.page * self.size > MAX_RESULT_WINDOW:
            raise InvalidQuery(f"page * size must stay <= {MAX_RESULT_WINDOW}: narrow the query with filters",
                               code="too_deep", most=MAX_RESULT_WINDOW)
        for low, high, name in (
            (self.collected_from, self.collected_to, "collected"),
            (self.incident_from, self.incident_to, "incident"),
        ):
            if low is not None and high is not None and _as_utc(low) > _as_utc(high):
                raise InvalidQuery(f"{name} date range is empty: from {low} is after to {high}",
                                   code="dates_reversed", low=low, high=high)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def instant(self) -> datetime:
        """The instant consent is judged at: ``as_of``, or now."""
        return _as_utc(self.as_of) if self.as_of is not None else datetime.now(UTC)


def _as_utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


@dataclass(frozen=True)
class Snippet:
    """A passage: HTML-escaped text with ``<mark>``…``</mark>`` around hits, and where it comes from."""

    text: str
    page: int | None = None
    seconds: float | None = None


@dataclass(frozen=True)
class Hit:
    item_id: str
    case_id: str
    score: float
    snippets: tuple[Snippet, ...] = ()
    evidence_number: str | None = None


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, Mapping[str, int]]


EMPTY_RESULT: Final = SearchResult(total=0, hits=(), facets=MappingProxyType({}))


class SearchBackend(Protocol):
    """An index of SearchDocuments; every ``search`` is scoped by ``search.scope`` for the principal."""

    def index(self, docs: Iterable[SearchDocument]) -> int:
        """Add or replace documents (by item_id); return how many were written. Visible on return.

        A document whose ``version`` is lower than the one already indexed for its item is not written (a
        stale snapshot never replaces a newer one); it is not counted."""
        ...

    def delete(self, item_ids: Iterable[str]) -> None:
        """Remove documents by item_id (unknown ids are ignored). Effective on return."""
        ...

    def search(self, query: Query, principal: Principal) -> SearchResult: ...

    def rebuild(
        self, docs: Iterable[SearchDocument], *, progress: Progress | None = None, total: int | None = None
    ) -> int:
        """Index ``docs`` into a fresh index, then swap it in atomically; searches keep working meanwhile.

        ``progress`` gets fractions 0..1 when the number of documents is known (``total``, or ``len(docs)``).
        """
        ...

    def count(self) -> int: ...

    def check(self) -> None:
        """Raise SearchUnavailable with a plain reason when the index cannot serve searches."""
        ...

    def needs_rebuild(self) -> bool:
        """True when the index was made by an older layout and must be rebuilt from the system of record."""
        ...

    def close(self) -> None: ...
