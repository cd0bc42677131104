"""Editable vocabularies of coded acts (act types, perpetrator groups): what a new act may use, the words a
page shows for a code, and an administrator's changes. Codes are stable: a term in use is never removed (a
deletion becomes a deprecation, said so), and a deprecated term keeps its labels for the acts that carry it."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from archive import custody
from archive.acts.default_terms import defaults
from archive.acts.models import Act, ActTerm
from archive.auth import require
from archive.custody import Actor
from archive.errors import Invalid, NotFound
from archive.i18n import Lang
from archive.i18n import label as catalogue_label
from archive.models import utcnow

VOCABULARIES: dict[str, object] = {"act_type": Act.act_type, "perpetrator_group": Act.perpetrator_group}
CODE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")


def _vocabulary(name: str) -> str:
    if name not in VOCABULARIES:
        raise Invalid("vocabulary_unknown", name=name, names=", ".join(VOCABULARIES))
    return name


def ensure_defaults(session: Session) -> None:
    """Load the shipped terms of a vocabulary that has none (a new archive; migration 0013 does it too)."""
    present = set(session.execute(select(ActTerm.vocabulary).distinct()).scalars())
    rows = [r for r in defaults() if r["vocabulary"] not in present]
    if rows:
        session.execute(insert(ActTerm), [{**r, "updated_by": "system", "updated_at": utcnow()} for r in rows])
        session.flush()


def terms(session: Session, vocabulary: str, *, include_deprecated: bool = True) -> list[ActTerm]:
    _vocabulary(vocabulary)
    ensure_defaults(session)
    query = select(ActTerm).where(ActTerm.vocabulary == vocabulary)
    if not include_deprecated:
        query = query.where(ActTerm.deprecated.is_(False))
    return list(session.execute(query.order_by(ActTerm.code)).scalars())


def check_term(session: Session, vocabulary: str, field: str, value: str | None) -> str | None:
    """A code a new act may use: known and not deprecated (said in the user's words otherwise)."""
    if value is None or value == "":
        return None
    known = {t.code: t for t in terms(session, vocabulary)}
    term = known.get(value)
    if term is None:
        live = [c for c, t in known.items() if not t.deprecated]
        raise Invalid("act_term_unknown", field=field, value=value, terms=", ".join(live))
    if term.deprecated:
        raise Invalid("act_term_deprecated", field=field, value=value)
    return value


def labels(session: Session, lang: str) -> dict[tuple[str, str], str]:
    """(vocabulary, code) -> label in ``lang`` for every term (deprecated ones too: old acts still show)."""
    ensure_defaults(session)
    rows = session.execute(select(ActTerm.vocabulary, ActTerm.code, ActTerm.label_fr, ActTerm.label_en)).all()
    return {(v, c): (en if lang == "en" else fr) for v, c, fr, en in rows}


def set_term(*, session: Session, actor: Actor, vocabulary: str, code: str, label_fr: str, label_en: str,
             definition_fr: str = "", definition_en: str = "", origin: str | None = None,
             deprecated: bool | None = None) -> ActTerm:
    """Add a term or change its labels, definitions, origin or deprecation (an administrator's work; logged)."""
    require(actor, "vocabularies.manage")
    _vocabulary(vocabulary)
    if not CODE.match(code):
        raise Invalid("term_code", code=code)
    label_fr, label_en = " ".join(label_fr.split()), " ".join(label_en.split())
    if not label_fr or not label_en or len(label_fr) > 120 or len(label_en) > 120:
        raise Invalid("term_labels")
    if len(definition_fr) > 1000 or len(definition_en) > 1000:
        raise Invalid("term_definition")
    ensure_defaults(session)
    term = session.get(ActTerm, (vocabulary, code))
    created = term is None
    if term is None:
        term = ActTerm(vocabulary=vocabulary, code=code, origin=origin or "CVJR", deprecated=bool(deprecated))
        session.add(term)
    term.label_fr, term.label_en = label_fr, label_en
    term.definition_fr, term.definition_en = definition_fr.strip(), definition_en.strip()
    if origin is not None:
        term.origin = origin.strip()[:40]
    if deprecated is not None:
        term.deprecated = deprecated
    term.updated_by, term.updated_at = actor.name, utcnow()
    session.flush()
    custody.record(session, actor=actor, action="vocabulary_edit", object_type="vocabulary", object_id=vocabulary,
                   details={"code": code, "created": created, "deprecated": term.deprecated})
    return term


def in_use(session: Session, vocabulary: str, code: str) -> int:
    column = VOCABULARIES[vocabulary]
    return int(session.execute(select(func.count()).select_from(Act).where(column == code)).scalar_one())  # type: ignore[arg-type]


def delete_term(*, session: Session, actor: Actor, vocabulary: str, code: str) -> str:
    """Remove a term no act uses; a term in use is deprecated instead (its acts keep their code and words).
    Returns ``deleted`` or ``deprecated``."""
    require(actor, "vocabularies.manage")
    _vocabulary(vocabulary)
    ensure_defaults(session)
    term = session.get(ActTerm, (vocabulary, code))
    if term is None:
        raise NotFound("term", vocabulary=vocabulary, code=code)
    used = in_use(session, vocabulary, code)
    if used:
        term.deprecated, term.updated_by, term.updated_at = True, actor.name, utcnow()
        outcome = "deprecated"
    else:
        session.delete(term)
        outcome = "deleted"
    session.flush()
    custody.record(session, actor=actor, action="vocabulary_edit", object_type="vocabulary", object_id=vocabulary,
                   details={"code": code, "outcome": outcome, "acts": used})
    return outcome



def labeller(session: Session, lang: Lang) -> Callable[[str | None, str | None], str]:
    """``label(kind, code)`` in ``lang``: act types (kind ``act_type``) and perpetrator groups (``perpetrator``)
    in the words of the editable vocabularies, deprecated terms included; anything else from the catalogue
    (``sex.f``...), or the value as it is."""
    words = labels(session, lang)
    kinds = {"act_type": "act_type", "perpetrator": "perpetrator_group"}

    def label(kind: str | None, value: str | None) -> str:
        if not value:
            return "—"
        vocabulary = kinds.get(kind or "")
        if vocabulary is not None and (vocabulary, value) in words:
            return words[(vocabulary, value)]
        return catalogue_label(lang, kind or "", value)

    return label
