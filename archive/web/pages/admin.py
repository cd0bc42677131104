"""Pages for auditors (custody log, verification) and administrators (users, roles, case assignments)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from archive import custody
from archive.auth import require, roles
from archive.cases.service import assign_case, unassign_case
from archive.integrity.service import verify_custody
from archive.models import Case, CaseAssignment, CustodyEntry, User
from archive.users.service import change_role as change_user_role
from archive.users.service import confirm_role, create_account, pending_requests
from archive.web.page import PageDep, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PAGE_SIZE = 50


def _entries(session: Any, after: int, object_id: str) -> list[dict[str, Any]]:
    query = select(CustodyEntry).where(CustodyEntry.seq > after).order_by(CustodyEntry.seq).limit(PAGE_SIZE)
    if object_id:
        query = query.where(CustodyEntry.object_id == object_id)
    rows = []
    for entry in session.execute(query).scalars():
        data = custody.as_dict(entry)
        data["details"] = json.loads(entry.details)
        rows.append(data)
    return rows


@router.get("/ui/custody")
def custody_log(page: PageDep, after: int = 0, object_id: str = "") -> Response:
    require(page.actor, "custody.read")
    with page.archive.db.session() as session:
        rows = _entries(session, max(after, 0), object_id.strip())
    return page.render("custody.html", entries=rows, after=after, object_id=object_id.strip(), report=None,
                       page_size=PAGE_SIZE)


@router.post("/ui/custody/verify")
def custody_verify(page: PageDep, csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    require(page.actor, "custody.read")
    with page.archive.db.session() as session:  # the same check and the same log entry as GET /custody/verify
        report = verify_custody(session)
        custody.record(session, actor=page.actor, action="verify", object_type="custody", object_id="chain",
                       details={"ok": report.ok, "entries": report.entries})
    with page.archive.db.session() as session:
        rows = _entries(session, 0, "")
    return page.render("custody.html", entries=rows, after=0, object_id="", report=report, page_size=PAGE_SIZE)


@router.get("/ui/admin/users")
def users(page: PageDep, done: str = "") -> Response:
    require(page.actor, "users.manage")
    with page.archive.db.session() as session:
        people = list(session.execute(select(User).order_by(User.username)).scalars())
        cases = list(session.execute(select(Case).order_by(Case.created_at)).scalars())
        names = {u.id: u.username for u in people}
        assigned: dict[str, list[str]] = {}
        for row in session.execute(select(CaseAssignment)).scalars():
            assigned.setdefault(row.case_id, []).append(names.get(row.user_id, row.user_id))
        pending = pending_requests(session=session, actor=page.actor)
        return page.render("users.html", users=people, cases=cases, assigned=assigned, roles=list(roles()),
                           done=done, pending=pending)


@router.post("/ui/admin/users")
def add_user(page: PageDep, username: Annotated[str, Form(max_length=120)], role: Annotated[str, Form()],
             password: Annotated[str, Form(max_length=1024)], csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        opened = create_account(session=session, actor=page.actor, username=username, role=role, password=password)
        done = "created_pending" if opened.pending else "created"
    return RedirectResponse(f"/ui/admin/users?done={done}", status_code=303)


@router.post("/ui/admin/users/{username}/role")
def change_role(username: str, page: PageDep, role: Annotated[str, Form()],
                reason: Annotated[str, Form(max_length=2000)] = "", csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        pending = change_user_role(session=session, actor=page.actor, username=username, role=role, reason=reason)
    return RedirectResponse(f"/ui/admin/users?done={'role_pending' if pending else 'role'}", status_code=303)


@router.post("/ui/admin/role-requests/{request_id}/confirm")
def confirm_role_change(request_id: str, page: PageDep, reason: Annotated[str, Form(max_length=2000)] = "",
                        csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        confirm_role(session=session, actor=page.actor, request_id=request_id, reason=reason)
    return RedirectResponse("/ui/admin/users?done=role", status_code=303)


@router.post("/ui/admin/assignments")
def assign(page: PageDep, case_id: Annotated[str, Form()], username: Annotated[str, Form(max_length=120)],
           reason: Annotated[str, Form(max_length=2000)] = "", csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        assign_case(session=session, actor=page.actor, case_id=case_id, username=username, reason=reason)
    return RedirectResponse("/ui/admin/users?done=assigned", status_code=303)


@router.post("/ui/admin/assignments/remove")
def unassign(page: PageDep, case_id: Annotated[str, Form()], username: Annotated[str, Form(max_length=120)],
             reason: Annotated[str, Form(max_length=2000)] = "", csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        unassign_case(session=session, actor=page.actor, case_id=case_id, username=username, reason=reason)
    return RedirectResponse("/ui/admin/users?done=unassigned", status_code=303)
