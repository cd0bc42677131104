"""Move an archive to other servers: rows in foreign-key order, every object verified on arrival, the custody
chain verified on the target, then the target's search index rebuilt from the target's own records.

The move is resumable: ``<data_dir>/migrate-state.json`` records the tables already copied (each table is
copied in one transaction, so a table is either complete on the target or redone) and the last object key
copied (objects go in key order; puts are idempotent). A target that holds anything but an earlier, partial
migration of this same archive is refused: the first custody entry is the archive's birth certificate, and
its hash must match.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, inspect, select, text

import archive.uploads.models  # noqa: F401  (registers upload_sessions on the metadata)
from archive import custody, schema
from archive.context import Archive
from archive.custody import SYSTEM
from archive.errors import Conflict, Invalid
from archive.exports.signing import archive_id
from archive.models import Base, Blob, CustodyEntry
from archive.storage import LocalStore, ObjectStore, verify_object
from archive.storage.base import StorageError

STATE_FILE = "migrate-state.json"
FIRST_TABLES = ("custody", "custody_head")  # first, so that any partial target carries the archive's lineage

Step = Callable[[str, int, int], None]
"""Progress of one kind of work: (``rows`` | ``objects`` | ``bytes`` | ``index``, done, total)."""


class MigrationRefused(Invalid, ValueError):
    """The target cannot receive this archive (it holds another archive, or was used since)."""


class MigrationFailed(Conflict, RuntimeError):
    """Something arrived on the target different from what left the source: nothing is trusted."""


@dataclass
class MigrateState:
    archive_id: str
    target: str
    tables_done: list[str] = field(default_factory=list)
    last_object: str = ""
    objects_done: int = 0
    bytes_done: int = 0
    finished: bool = False

    @classmethod
    def load(cls, path: Path, *, archive: str, target: str) -> MigrateState:
        """The saved state if it belongs to this archive and this target; a fresh one otherwise."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            state = cls(**data)
        except FileNotFoundError:
            return cls(archive, target)
        except (ValueError, TypeError) as exc:
            raise MigrationRefused("migrate_state_damaged", path=path, detail=exc) from exc
        return state if (state.archive_id, state.target) == (archive, target) else cls(archive, target)

    def save(self, path: Path) -> None:
        temp = path.with_name(path.name + ".tmp")
        temp.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        os.replace(temp, path)


@dataclass
class MigrateReport:
    archive_id: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    objects: int = 0
    bytes: int = 0
    objects_resumed: int = 0
    tables_resumed: int = 0
    verified: bool = True
    chain: dict[str, Any] = field(default_factory=dict)
    indexed: int = 0
    already_done: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def tables() -> list[Table]:
    """Every table of the system of record, parents before children, the custody log first."""
    ordered = list(Base.metadata.sorted_tables)
    return [t for name in FIRST_TABLES for t in ordered if t.name == name] + \
        [t for t in ordered if t.name not in FIRST_TABLES]


def describe_target(target: Archive) -> str:
    """The target named without secrets (kept in the state file and the report)."""
    s = target.settings
    db = target.db.engine.url.render_as_string(hide_password=True)
    store = f"s3://{s.s3_endpoint}/{s.s3_bucket}" if s.storage == "s3" else f"local:{s.resolved_storage_dir}"
    search = f"elasticsearch:{s.elasticsearch_url}/{s.elasticsearch_index}" if s.search_backend == "elasticsearch" \
        else f"embedded:{s.resolved_search_dir}"
    return f"{db} {store} {search}"


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _hash_at(conn: Connection, seq: int) -> str | None:
    value = conn.execute(select(CustodyEntry.entry_hash).where(CustodyEntry.seq == seq)).scalar_one_or_none()
    return str(value) if value is not None else None


def check_target(source: Archive, target: Archive, *, finished: bool) -> None:
    """Refuse a target that holds anything but (a prefix of) this archive."""
    existing = set(inspect(target.db.engine).get_table_names())
    known = [t for t in tables() if t.name in existing]
    with target.db.engine.connect() as tconn, source.db.engine.connect() as sconn:
        filled = {t.name: n for t in known if (n := _count(tconn, t))}
        if not filled:
            return
        where = describe_target(target)
        entries = filled.get("custody", 0)
        mine, theirs = _hash_at(sconn, 1), _hash_at(tconn, 1)
        if not entries or mine != theirs:
            raise MigrationRefused("migrate_target_other", where=where, tables=", ".join(sorted(filled)),
                                   archive=archive_id(source.settings))
        source_entries = _count(sconn, CustodyEntry.__table__)  # type: ignore[arg-type]
        last = min(entries, source_entries)
        if not finished and (entries > source_entries or _hash_at(sconn, last) != _hash_at(tconn, last)):
            raise MigrationRefused("migrate_target_used", where=where, entries=entries, source_entries=source_entries)


def _fix_sequences(conn: Connection) -> None:
    """PostgreSQL: explicit ids do not advance serial sequences; move each past the copied ids."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].type.python_type is int:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"COALESCE(MAX({pk[0].name}), 1), MAX({pk[0].name}) IS NOT NULL) FROM {table.name}"))


def copy_table(source: Archive, target: Archive, table: Table, *, batch: int, step: Step | None) -> int:
    """Copy one table in one target transaction (emptied first: a crash after commit leaves no duplicates)."""
    order = list(table.primary_key.columns)
    copied = 0
    with source.db.engine.connect() as sconn, target.db.engine.begin() as tconn:
        total = _count(sconn, table)
        tconn.execute(table.delete())
        result = sconn.execute(select(table).order_by(*order))
        while rows := result.fetchmany(batch):
            tconn.execute(table.insert(), [dict(r._mapping) for r in rows])
            copied += len(rows)
            if step:
                step("rows", copied, total)
        if _count(tconn, table) != total:
            raise MigrationFailed("migrate_rows", table=table.name, total=total, arrived=_count(tconn, table))
    return copied


def object_list(source: Archive) -> list[tuple[str, str, int]]:
    """(sha256, media type, size) of every object: the blob rows plus any stored object without a row."""
    with source.db.engine.connect() as conn:
        listed = {str(r.sha256): (str(r.media_type), int(r.size)) for r in conn.execute(select(Blob))}
    for key in source.store.keys():  # noqa: SIM118  (a store, not a dict)
        listed.setdefault(key, ("application/octet-stream", source.store.size(key)))
    return [(k, *listed[k]) for k in sorted(listed)]


@contextmanager
def _local_copy(store: ObjectStore, sha256: str, work_dir: Path) -> Iterator[Path]:
    """A path holding the object's bytes: the file itself for a local store, a temporary copy otherwise."""
    if isinstance(store, LocalStore):
        yield store.path_of(sha256)
        return
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=work_dir, prefix="migrate-") as fh:
        with store.open(sha256) as stream:
            while chunk := stream.read(1 << 20):
                fh.write(chunk)
        fh.flush()
        yield Path(fh.name)


def copy_object(source: ObjectStore, target: ObjectStore, sha256: str, media_type: str, *, verify: bool,
                work_dir: Path) -> int:
    """Put one object on the target; with ``verify``, read it back and re-hash it (bytes and sidecar).

    Raises ``MigrationFailed`` naming the object if what arrived is not what left."""
    with _local_copy(source, sha256, work_dir) as path:
        try:
            put = target.put(sha256, path, media_type=media_type)
        except StorageError as exc:
            if "hash to" in str(exc):
                raise MigrationFailed("migrate_object_copy", sha256=sha256, detail=exc) from exc
            raise
    if verify:
        try:
            return verify_object(target, sha256)
        except StorageError as exc:
            raise MigrationFailed("migrate_object_damaged", sha256=sha256, store=target.name, detail=exc) from exc
    return put.size


def migrate(source: Archive, target: Archive, *, step: Step | None = None, batch: int = 1000,
            verify: bool = True, reindex: bool = True) -> MigrateReport:
    """Move everything from ``source`` to ``target``; resumes from ``<data_dir>/migrate-state.json``."""
    started = time.perf_counter()
    state_path = source.settings.data_dir / STATE_FILE
    state = MigrateState.load(state_path, archive=archive_id(source.settings), target=describe_target(target))
    report = MigrateReport(state.archive_id, state.target)
    check_target(source, target, finished=state.finished)
    if state.finished:
        report.already_done = True
        return report
    schema.upgrade(target.db.engine)
    report.tables_resumed = len(state.tables_done)
    with target.db.engine.begin() as conn:  # children first: whatever an unrecorded run left is redone
        for table in reversed(tables()):
            if table.name not in state.tables_done:
                conn.execute(table.delete())
    for table in tables():
        if table.name not in state.tables_done:
            report.rows[table.name] = copy_table(source, target, table, batch=batch, step=step)
            state.tables_done.append(table.name)
            state.save(state_path)
    with target.db.engine.begin() as conn:
        _fix_sequences(conn)
    _copy_objects(source, target, state, state_path, report, verify=verify, step=step)
    _verify_chain(source, target, report)
    if reindex:
        from archive.pipeline.index import reindex as rebuild

        report.indexed = rebuild(target, progress=(lambda f: step("index", int(f * 1000), 1000)) if step else None)
    with target.db.session() as session:
        custody.record(session, actor=SYSTEM, action="migrate", object_type="archive", object_id=state.archive_id,
                       details={"target": state.target, "objects": state.objects_done, "bytes": state.bytes_done,
                                "rows": sum(report.rows.values()), "verified": verify})
    state.finished = True
    state.save(state_path)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _copy_objects(source: Archive, target: Archive, state: MigrateState, state_path: Path, report: MigrateReport,
                  *, verify: bool, step: Step | None) -> None:
    objects = object_list(source)
    total_bytes = sum(size for _k, _m, size in objects)
    report.objects_resumed = state.objects_done
    work_dir = source.settings.uploads_dir
    for n, (sha256, media_type, size) in enumerate(objects, start=1):
        if sha256 <= state.last_object:
            continue
        copy_object(source.store, target.store, sha256, media_type, verify=verify, work_dir=work_dir)
        state.last_object, state.objects_done, state.bytes_done = sha256, n, state.bytes_done + size
        state.save(state_path)  # a few hundred bytes: cheap next to any object put
        if step:
            step("objects", n, len(objects))
            step("bytes", state.bytes_done, total_bytes)
    state.save(state_path)
    report.objects, report.bytes, report.verified = len(objects), total_bytes, verify


def _verify_chain(source: Archive, target: Archive, report: MigrateReport) -> None:
    with source.db.session() as session:
        mine = custody.verify_chain(session)
    with target.db.session() as session:
        theirs = custody.verify_chain(session)
    report.chain = theirs.as_dict()
    if not theirs.ok:
        raise MigrationFailed("migrate_chain", problem=theirs.problem)
    if (theirs.entries, theirs.head_hash) != (mine.entries, mine.head_hash):
        raise MigrationFailed("migrate_chain_end", entries=theirs.entries, head=theirs.head_hash,
                              source_entries=mine.entries, source_head=mine.head_hash)
