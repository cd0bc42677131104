"""Custody entries appended in groups (group commit), for requests that only need their entry logged.

A search logs one custody entry. Appended one transaction per search, every search takes the chain head's lock
(a row lock on PostgreSQL, the write turn on SQLite) and holds it until its commit: under many searches the head
becomes a queue that every other writer (an upload, a consent change) waits in. Here the entries of concurrent
requests in one process are chained together: the first request to arrive leads, appends every entry queued so
far in one short transaction and commits; the others wait for that commit. One head lock and one commit per
group instead of one per request.

Nothing is weakened: ``log`` returns only once the entry is committed in the chain (the caller answers only
after it, exactly as before), an entry that fails to commit raises in its own request (no answer without its
log entry), and the entries are ordinary chained entries (``temoin verify`` checks them like any other).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field

from archive import custody
from archive.db import Database


class CustodyNotLogged(RuntimeError):
    """The group holding this entry failed to commit: the request must not answer."""


@dataclass
class _Waiting:
    entry: custody.Prepared
    done: bool = False
    error: BaseException | None = field(default=None)


class GroupAppender:
    """One per database per process: requests' entries chained in groups (leader/followers, no thread of its
    own, so nothing to start or stop, and nothing to go wrong across ``fork``)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._changed = threading.Condition()
        self._queue: list[_Waiting] = []
        self._leading = False

    def log(self, entry: custody.Prepared) -> None:
        """Return once ``entry`` is committed in the custody chain; raise if it could not be."""
        mine = _Waiting(entry)
        with self._changed:
            self._queue.append(mine)
            while not mine.done and self._leading:
                self._changed.wait()
            if mine.done:
                _raise_if_failed(mine)
                return
            self._leading = True  # nobody leads and my entry is still queued: I lead this group
            group, self._queue = self._queue, []
        error: BaseException | None = None
        try:
            with self._db.session() as session:
                custody.append(session, *(w.entry for w in group))
        except BaseException as exc:  # every waiter of the group learns it, then the leader re-raises
            error = exc
        with self._changed:
            for waiting in group:
                waiting.done, waiting.error = True, error
            self._leading = False
            self._changed.notify_all()
        if error is not None:
            raise error


def _raise_if_failed(waiting: _Waiting) -> None:
    if waiting.error is not None:
        raise CustodyNotLogged("the custody entry of this request was not committed") from waiting.error


_appenders: weakref.WeakKeyDictionary[Database, GroupAppender] = weakref.WeakKeyDictionary()
_appenders_lock = threading.Lock()


def appender_for(db: Database) -> GroupAppender:
    with _appenders_lock:
        found = _appenders.get(db)
        if found is None:
            found = _appenders[db] = GroupAppender(db)
        return found


def log(db: Database, entry: custody.Prepared) -> None:
    """Chain ``entry`` with those of concurrent requests of this process; return once it is committed."""
    appender_for(db).log(entry)
