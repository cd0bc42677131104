"""Reading one row by its key, or the domain's ``NotFound``: the getter every service writes the same way.

    case = get_or_not_found(session, Case, case_id, "case")      # NotFound("case", id=case_id) when missing
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from archive.errors import NotFound

Row = TypeVar("Row")


def get_or_not_found(session: Session, model: type[Row], key: Any, what: str, **params: object) -> Row:
    """``session.get(model, key)``, or ``NotFound(what, id=key)`` (or ``NotFound(what, **params)`` when given)."""
    found = session.get(model, key)
    if found is None:
        raise NotFound(what, **(params or {"id": key}))
    return found
