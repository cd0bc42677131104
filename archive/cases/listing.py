"""The case list as a read model: which cases an actor may see, how many of their items, and each case's name at
the actor's level — from a few plain queries run through any DB-API-like ``fetch`` (issue 18).

One rule, two drivers. ``archive.cases.service`` runs it over the ORM session (``list_cases``, and
``visible_case_ids`` for every door that scopes by case); the command line's read-only path
(``archive.cli.readonly``) runs it over the standard library's ``sqlite3`` (the embedded default) or a
SQLAlchemy Core connection, without the ORM, pydantic or the mapped models. A test compares both for every
role on SQLite and PostgreSQL. ``shape`` makes one case's read, for the lists here and for ``case_reads``.

Imports only the standard library, the roles and the catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from archive.i18n import Lang, translate
from archive.roles import REDACTED_ONLY, ROLE_SCOPE, has_permission

#: Runs one SQL statement (``:name`` parameters) and returns its rows.
Fetch = Callable[[str, Mapping[str, object]], Sequence[Sequence[Any]]]
CaseView = Literal["full", "redacted"]
#: Permissions that make a role read a case's free text as typed (they work on the case or assign it).
TYPED_READERS = ("items.read", "cases.create", "users.manage")
#: (case id, field) -> the current redacted form of that field.
Forms = Mapping[tuple[str, str], str]


@dataclass(frozen=True)
class CaseRow:
    """One case as an actor may read it: the fields of ``CaseFullRead`` / ``CaseRedactedRead``, in their order."""

    id: str
    label: str
    created_at: dt.datetime
    items: int
    view: CaseView
    title: str | None
    description: str | None
    created_by: str | None = None

    def as_json(self) -> dict[str, object]:
        """The same document as the typed read's ``model_dump(mode="json")``."""
        out: dict[str, object] = {"id": self.id, "label": self.label,
                                  "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
                                  "items": self.items, "view": self.view, "title": self.title,
                                  "description": self.description}
        if self.view == "full":
            out["created_by"] = self.created_by
        return out


def utc(value: object) -> dt.datetime:
    """A stored timestamp as an aware UTC datetime (SQLite's driver gives text, PostgreSQL's a datetime)."""
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def case_view(role: str) -> CaseView:
    if role == "system" or any(has_permission(role, p) for p in TYPED_READERS):
        return "full"
    return "redacted"


def shape(*, view: CaseView, id: str, title: str, description: str | None, created_by: str,
          created_at: dt.datetime, items: int, forms: Forms, lang: Lang) -> CaseRow:
    """One case at a view level. A redacted-only reader gets the current redacted form of each field ("" for an
    empty field, None while the pipeline redoes it) and no staff name."""
    if view == "full":
        return CaseRow(id=id, label=title, created_at=created_at, items=items, view="full", title=title,
                       description=description or "", created_by=created_by)
    shown_title = forms.get((id, "title")) if title.strip() else ""
    typed = description or ""
    return CaseRow(id=id, created_at=created_at, items=items, view="redacted", title=shown_title,
                   description=forms.get((id, "description")) if typed.strip() else "",
                   label=shown_title or translate(lang, "freetext.case_pending", id=id[:8]))


def assigned_cases(fetch: Fetch, user_id: str | None) -> frozenset[str]:
    if user_id is None:
        return frozenset()
    return frozenset(r[0] for r in fetch("SELECT case_id FROM case_assignments WHERE user_id = :user",
                                         {"user": user_id}))


def consented_items(fetch: Fetch, role: str, user_id: str | None,
                    now: dt.datetime | None = None) -> dict[str, str]:
    """Item id -> case id of the items a redacted-only role may read in any case: the consent its role relies
    on is in force (the latest event of that scope is a grant not past its expiry), the role may read redacted
    content, and an item under seal names the user (``archive.consent.decide_access``'s rule for these roles)."""
    if role not in REDACTED_ONLY or not has_permission(role, "items.read_redacted"):
        return {}
    now = now or dt.datetime.now(dt.UTC)
    latest: dict[str, tuple[str, object]] = {}
    for item_id, status, expires_at in fetch(
            "SELECT item_id, status, expires_at FROM consent_events WHERE scope = :scope ORDER BY id",
            {"scope": ROLE_SCOPE[role]}):
        latest[item_id] = (status, expires_at)
    in_force = {i for i, (status, expires) in latest.items()
                if status == "granted" and (expires is None or utc(expires) > now)}
    sealed_for_user = frozenset(r[0] for r in fetch(
        "SELECT item_id FROM sealed_access WHERE user_id = :user", {"user": user_id})) if user_id else frozenset()
    return {item_id: case_id for item_id, case_id, confidentiality in fetch(
                "SELECT i.id, i.case_id, i.confidentiality FROM items i WHERE i.id IN "
                "(SELECT item_id FROM consent_events WHERE scope = :scope)", {"scope": ROLE_SCOPE[role]})
            if item_id in in_force and (confidentiality != "sealed" or item_id in sealed_for_user)}


def visible_case_ids(fetch: Fetch, role: str, user_id: str | None) -> frozenset[str] | None:
    """The cases an actor may open. None means every case (metadata only for roles without content access).
    Officers and lawyers: the cases they are assigned to. Reparations officers work across cases on redacted
    material the survivors consented to share with reparations: the cases holding such an item (the same
    rule their reads, searches and exports follow)."""
    if role == "system" or has_permission(role, "cases.read_all"):
        return None
    if role in REDACTED_ONLY:
        return frozenset(consented_items(fetch, role, user_id).values())
    return assigned_cases(fetch, user_id)


def current_case_forms(fetch: Fetch) -> dict[tuple[str, str], str]:
    """The stored redacted forms of cases' fields still current (their case's vault has learnt no name since)."""
    return {(case_id, field): redacted for case_id, field, redacted, made_with, now_at in fetch(
        "SELECT f.object_id, f.field, f.redacted, f.names_version, COALESCE(v.names_version, 0) "
        "FROM free_text_forms f LEFT JOIN case_vaults v ON v.case_id = f.case_id WHERE f.object_type = 'case'", {})
        if made_with == now_at}


def listed_cases(fetch: Fetch, *, role: str, user_id: str | None, lang: Lang = "fr") -> list[CaseRow]:
    """The cases an actor may see, oldest first, each with the items this actor may see counted: every item for
    the roles that see cases, only the consented ones for redacted-only roles (others' existence is not theirs
    to know)."""
    ids = visible_case_ids(fetch, role, user_id)
    rows: Iterable[Sequence[Any]] = fetch(
        "SELECT c.id, c.title, c.description, c.created_by, c.created_at, COUNT(i.id) FROM cases c "
        "LEFT OUTER JOIN items i ON i.case_id = c.id "
        "GROUP BY c.id, c.title, c.description, c.created_by, c.created_at ORDER BY c.created_at", {})
    if ids is not None:
        rows = [r for r in rows if r[0] in ids]
    counts: dict[str, int] | None = None
    if role in REDACTED_ONLY:
        counts = {}
        for case_id in consented_items(fetch, role, user_id).values():
            counts[case_id] = counts.get(case_id, 0) + 1
    view = case_view(role)
    forms = current_case_forms(fetch) if view == "redacted" else {}
    return [shape(view=view, id=r[0], title=r[1], description=r[2], created_by=r[3], created_at=utc(r[4]),
                  items=r[5] if counts is None else counts.get(r[0], 0), forms=forms, lang=lang) for r in rows]
