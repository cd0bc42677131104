"""HTTP views for auditors and operators: the custody log, its verification, fixity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from archive import custody
from archive.auth import require
from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.integrity.service import run_fixity, verify_custody
from archive.models import CustodyEntry

router = APIRouter(tags=["custody"])


@router.get("/custody", summary="Custody log entries (auditors)")
def entries(actor: ActorDep, session: SessionDep, after: int = 0,
            limit: int = Query(100, ge=1, le=1000), object_id: str | None = None) -> dict[str, Any]:
    require(actor, "custody.read")
    query = select(CustodyEntry).where(CustodyEntry.seq > after).order_by(CustodyEntry.seq).limit(limit)
    if object_id:
        query = query.where(CustodyEntry.object_id == object_id)
    rows = [custody.as_dict(e) for e in session.execute(query).scalars()]
    return {"entries": rows, "next_after": rows[-1]["seq"] if rows else None}


@router.get("/custody/verify", summary="Verify the custody chain")
def verify(actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    require(actor, "custody.read")
    report = verify_custody(session)
    custody.record(session, actor=actor, action="verify", object_type="custody", object_id="chain",
                   details={"ok": report.ok, "entries": report.entries})
    return report.as_dict()


class Unsealing(BaseModel):
    reason: str = Field(min_length=1, max_length=2000, description="Why (kept in the custody log).")


@router.post("/custody/{seq}/unseal/{name}", summary="Read a sealed value of a custody entry (logged)")
def unseal_value(seq: int, name: str, body: Unsealing, actor: ActorDep, archive: ArchiveDep,
                 session: SessionDep) -> dict[str, Any]:
    return {"seq": seq, "field": name,
            "value": custody.unseal(session, archive.key, actor=actor, seq=seq, name=name, reason=body.reason)}


@router.post("/fixity", summary="Re-hash every stored object")
def fixity(actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> dict[str, Any]:
    require(actor, "system.operate")
    return run_fixity(session, archive.store, actor=actor).as_dict()
