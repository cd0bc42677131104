"""Failed-login throttling in memory: per user name and per client address, refused, never slept.

A guessed password costs the guesser time, not the archive: once a user name (or a client address) has failed
too often, the next attempts are refused at once with the number of seconds to wait (HTTP 429 + Retry-After)
until the block ends. Nothing here touches the database or holds a lock while anything else waits: other
people's logins and requests are never slowed. The table is bounded (least recently seen entries are dropped)
so a flood of invented user names cannot grow memory without limit.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

#: An address may serve several people (an office behind one router): it gets this many times more attempts.
ADDRESS_FACTOR = 5
MAX_BLOCK_S = 30.0
MAX_ENTRIES = 10_000


def block_seconds(failures: int, threshold: int) -> float:
    """How long a name (or address) is refused after `failures` consecutive failures (doubling, capped)."""
    if failures < threshold:
        return 0.0
    return float(min(2 ** (failures - threshold), MAX_BLOCK_S))


@dataclass
class _Count:
    failures: int = 0
    blocked_until: float = 0.0


class LoginThrottle:
    """Counts failures per key (``user:<name>``, ``addr:<ip>``); thread-safe, bounded, never blocks a caller."""

    def __init__(self, *, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic) -> None:
        self._counts: OrderedDict[str, _Count] = OrderedDict()
        self._lock = threading.Lock()  # held for a few dictionary operations only, never around I/O
        self._max = max_entries
        self._clock = clock

    def _keys(self, username: str, address: str | None, threshold: int) -> list[tuple[str, int]]:
        keys = [(f"user:{username.strip().casefold()[:120]}", threshold)]
        if address:
            keys.append((f"addr:{address}", threshold * ADDRESS_FACTOR))
        return keys

    def retry_after(self, *, username: str, address: str | None, threshold: int) -> float:
        """Seconds before this name may try again from this address (0: go ahead)."""
        now = self._clock()
        with self._lock:
            waits = [count.blocked_until - now for key, _ in self._keys(username, address, threshold)
                     if (count := self._counts.get(key)) is not None]
        return max([0.0, *waits])

    def failed(self, *, username: str, address: str | None, threshold: int) -> None:
        now = self._clock()
        with self._lock:
            for key, limit in self._keys(username, address, threshold):
                count = self._counts.pop(key, None) or _Count()
                count.failures += 1
                count.blocked_until = now + block_seconds(count.failures, limit)
                self._counts[key] = count  # most recently seen last
            while len(self._counts) > self._max:
                self._counts.popitem(last=False)

    def succeeded(self, *, username: str) -> None:
        """The right password: the name's count starts again (the address keeps its count: one valid account
        must not let an address go on guessing others' passwords)."""
        with self._lock:
            self._counts.pop(f"user:{username.strip().casefold()[:120]}", None)

    def __len__(self) -> int:
        return len(self._counts)
