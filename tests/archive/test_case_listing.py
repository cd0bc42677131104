"""The case list reads the same through the ORM and through the command line's read-only path (issue 18), for
every role, on SQLite and PostgreSQL (TEMOIN_TEST_DB=postgresql), and follows the access rule of item reads."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from archive.cases.service import list_cases
from archive.cli.readonly import acting, answer, reading
from archive.consent import decide_access
from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.errors import PermissionDenied
from archive.freetext.models import FreeTextForm
from archive.models import Blob, Case, CaseAssignment, CaseVault, ConsentEvent, Item, SealedAccess, utcnow
from archive.roles import REDACTED_ONLY, roles
from tests.archive.conftest import Accounts

NOW = dt.datetime.now(dt.UTC)


def _seed(archive: Archive, accounts: Accounts) -> dict[str, Actor]:
    """Cases with items under every consent state, a seal, assignments and free-text forms (current and stale)."""
    people = {role: accounts.make(role).actor for role in roles()}
    people["reparations_officer_on_seal"] = accounts.make("reparations_officer").actor
    people["officer_elsewhere"] = accounts.make("documentation_officer").actor
    officer = people["documentation_officer"]
    with archive.db.session() as s:
        cases = [Case(title=t, description=d, created_by=officer.name,
                      created_at=NOW - dt.timedelta(minutes=10 - n))
                 for n, (t, d) in enumerate([("Arrestations Sévaré", "Témoins de Moussa Keïta"),
                                             ("Déplacements Mopti", ""), ("Tombes de Diafarabé", "Fosse"),
                                             ("  ", "")])]
        s.add_all(cases)
        s.add(Blob(sha256="0" * 64, size=4, media_type="text/plain"))
        s.flush()
        a, b, c, _ = cases

        def item(case: Case, *events: tuple[str, str, dt.datetime | None], sealed: bool = False) -> Item:
            it = Item(case_id=case.id, sha256="0" * 64, size=4, media_type="text/plain", uploaded_by=officer.name,
                      uploaded_by_id=officer.user_id, confidentiality="sealed" if sealed else "confidential")
            s.add(it)
            s.flush()
            for n, (scope, status, expires) in enumerate(events):
                s.add(ConsentEvent(item_id=it.id, scope=scope, status=status, expires_at=expires,
                                   recorded_by=officer.name, recorded_at=NOW + dt.timedelta(seconds=n)))
            return it

        item(a, ("share_reparations", "granted", None), ("internal_case_use", "granted", None))
        item(a, ("share_reparations", "granted", None), ("share_reparations", "withdrawn", None))
        on_seal = item(a, ("share_reparations", "granted", None), sealed=True)
        s.add(SealedAccess(item_id=on_seal.id, user_id=people["reparations_officer_on_seal"].user_id))
        item(b, ("share_reparations", "granted", NOW - dt.timedelta(days=1)))
        item(b, ("share_reparations", "withdrawn", None), ("share_reparations", "granted", NOW + dt.timedelta(days=9)))
        item(c, ("internal_case_use", "granted", None), ("share_prosecution", "granted", None))
        for case, who in ((a, "lawyer"), (a, "documentation_officer"), (b, "legal_aid_lawyer"), (c, "lawyer")):
            s.add(CaseAssignment(case_id=case.id, user_id=people[who].user_id, assigned_by="admin"))
        s.add(CaseVault(case_id=a.id, sealed=b"x", names_version=2))
        s.add(CaseVault(case_id=b.id, sealed=b"x", names_version=1))
        for case, field, text, version in ((a, "title", "Arrestations [Lieu A]", 2),
                                           (a, "description", "Témoins de [Personne A]", 1),  # stale
                                           (b, "title", "Déplacements [Lieu B]", 1)):
            s.add(FreeTextForm(object_type="case", object_id=case.id, field=field, case_id=case.id,
                               source_hmac="h", names_version=version, profile="index", redacted=text,
                               updated_at=utcnow()))
    return {"system": SYSTEM, **people}


def _through_orm(archive: Archive, actor: Actor) -> list[dict[str, object]]:
    with archive.db.session() as session:
        return [r.model_dump(mode="json") for r in list_cases(session=session, actor=actor, lang="fr")]


def _read_only(archive: Archive, actor: Actor) -> list[dict[str, object]]:
    from archive.cases.listing import listed_cases

    with reading(archive.settings.resolved_database_url) as fetch:
        assert fetch is not None, "an archive at its latest schema takes the read-only path"
        found = acting(fetch, None if actor is SYSTEM else actor.name)
        assert found == (actor.role, actor.user_id)
        return [r.as_json() for r in listed_cases(fetch, role=found[0], user_id=found[1], lang="fr")]


def test_when_every_role_lists_cases_then_the_read_only_path_and_the_orm_agree(
        archive: Archive, accounts: Accounts) -> None:
    people = _seed(archive, accounts)
    seen = {}
    for who, actor in people.items():
        orm = _through_orm(archive, actor)
        assert _read_only(archive, actor) == orm, who
        seen[who] = orm
    assert len(seen["system"]) == 4 and [r["items"] for r in seen["system"]] == [3, 2, 1, 0]
    assert [r["items"] for r in seen["lawyer"]] == [3, 1]
    officer = seen["reparations_officer"]  # two consented items in force: one in A, one in B
    assert [(r["view"], r["items"]) for r in officer] == [("redacted", 1), ("redacted", 1)]
    assert officer[0]["title"] == "Arrestations [Lieu A]" and officer[0]["description"] is None  # stale form
    assert "created_by" not in officer[0]
    assert [r["items"] for r in seen["reparations_officer_on_seal"]] == [2, 1]
    assert seen["officer_elsewhere"] == []
    # A redacted-only role counts exactly the items item reads let it read (``decide_access``), case by case.
    for who, actor in people.items():
        if actor.role in REDACTED_ONLY:
            assert {r["id"]: r["items"] for r in seen[who]} == _readable(archive, actor), who


def _readable(archive: Archive, actor: Actor) -> dict[str, int]:
    readable: dict[str, int] = {}
    with archive.db.session() as session:
        for it in session.query(Item).all():
            try:
                decide_access(session, actor=actor, item=it, purpose="read")
            except PermissionDenied:
                continue
            readable[it.case_id] = readable.get(it.case_id, 0) + 1
    return readable


@pytest.mark.parametrize("name", ["nobody", "disabled"])
def test_when_the_user_must_be_explained_then_the_read_only_path_steps_aside(
        archive: Archive, accounts: Accounts, name: str) -> None:
    from archive.models import User

    gone = accounts.make("lawyer", "disabled")
    with archive.db.session() as session:
        user = session.get(User, gone.id)
        assert user is not None
        user.active = False
    with reading(archive.settings.resolved_database_url) as fetch:
        assert fetch is not None and acting(fetch, name) is None


def test_when_the_schema_is_behind_then_the_read_only_path_steps_aside(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path
    monkeypatch.setenv("TEMOIN_DATA_DIR", str(data))
    monkeypatch.delenv("TEMOIN_DATABASE_URL", raising=False)
    assert answer(None, lambda fetch, role, user: role) is None  # no database yet
    conn = sqlite3.connect(data / "temoin.db")
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    conn.execute("INSERT INTO alembic_version VALUES ('0001')")
    conn.commit()
    conn.close()
    assert answer(None, lambda fetch, role, user: role) is None


def test_when_accounts_are_listed_then_the_read_only_path_and_the_orm_agree(archive: Archive,
                                                                         accounts: Accounts) -> None:
    from archive.db import session_fetch
    from archive.models import User
    from archive.users.listing import listed_accounts

    for role in ("lawyer", "admin", "reparations_officer"):
        accounts.make(role)
    with archive.db.session() as session:
        user = session.query(User).filter(User.role == "lawyer").one()
        user.active = False
    with archive.db.session() as session:
        through_orm = [a.as_json() for a in listed_accounts(session_fetch(session))]
    with reading(archive.settings.resolved_database_url) as fetch:
        assert fetch is not None
        assert [a.as_json() for a in listed_accounts(fetch)] == through_orm
    assert len(through_orm) == 3 and [a["active"] for a in through_orm].count(False) == 1
