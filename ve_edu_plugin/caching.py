"""
Every value the plugin keeps in a process's memory, and how stale each may be, in one place.

The learner path reads the same few things on every request (a question's parsed body, its
snapshot, the course's mastery policy, the practice pool of a bank). Each is kept here in a
bounded :class:`ProcessCache`; the process that makes an edit drops its entry at once, and the
windows below bound how long another process may still serve the old value. Tests call
:func:`clear_all` between cases, as ids are reused.

Pure Python on purpose (no Django): the question bodies, a pure core, keep their graders'
set-up in a :class:`Memo` from here too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = [
    "BODY_MEMO_ENTRIES",
    "LOCAL_SECONDS",
    "SHARED_SNAPSHOT_SECONDS",
    "Memo",
    "ProcessCache",
    "clear_all",
]

#: How long a process serves a question snapshot, a course policy or a bank version's pool
#: without asking the shared cache or the database: an edit made in another process reaches
#: learners here within this time (at once in the process that made it).
LOCAL_SECONDS = 5.0
#: How long a question snapshot (body and knowledge-tracing parameters) stays in the shared cache.
#: Every edit of the question or of its subtopic's parameters deletes it, so this only bounds memory.
SHARED_SNAPSHOT_SECONDS = 300
#: Derived values kept on one parsed body (compiled matchers, verdict tables); past this many a
#: body's memo stops growing.
BODY_MEMO_ENTRIES = 256

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")

_ALL: list[ProcessCache[object, object]] = []
_ALL_LOCK = threading.Lock()


class ProcessCache(Generic[_K, _V]):
    """
    A bounded map kept in this process, with an optional age limit per entry.

    Past ``max_entries`` it empties itself (cheaper than LRU bookkeeping on every hit, and a
    worker's memory stays flat); ``seconds=None`` keeps entries until they are forgotten, for
    values that never change under their key (a question version's parsed body).
    """

    def __init__(self, name: str, *, max_entries: int, seconds: float | None = None) -> None:
        self.name = name
        self.max_entries = max_entries
        self.seconds = seconds
        self._entries: dict[_K, tuple[float, _V]] = {}
        with _ALL_LOCK:
            _ALL.append(self)  # type: ignore[arg-type]

    def get(self, key: _K) -> _V | None:
        """The value kept under ``key`` if it is younger than the window, else ``None``."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self.seconds is not None and time.monotonic() - entry[0] >= self.seconds:
            self._entries.pop(key, None)
            return None
        return entry[1]

    def set(self, key: _K, value: _V) -> None:
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = (time.monotonic(), value)

    def get_or_build(self, key: _K, build: Callable[[], _V]) -> _V:
        """The kept value, or ``build()`` kept from now on."""
        value = self.get(key)
        if value is None:
            value = build()
            self.set(key, value)
        return value

    def forget(self, key: _K) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class Memo:
    """
    Values derived from one immutable object, computed once and kept on it (at most ``limit``).

    It lives and dies with its object, so :func:`clear_all` reaches it through the cache that
    holds the object.
    """

    __slots__ = ("_values", "limit")

    def __init__(self, limit: int = BODY_MEMO_ENTRIES) -> None:
        self._values: dict[Hashable, object] = {}
        self.limit = limit

    def get_or_build(self, key: Hashable, build: Callable[[], _V]) -> _V:
        try:
            return self._values[key]  # type: ignore[return-value]
        except KeyError:
            value = build()
            if len(self._values) < self.limit:
                self._values[key] = value
            return value

    def __len__(self) -> int:
        return len(self._values)


def clear_all() -> None:
    """Empty every process cache (tests, where ids are reused between cases)."""
    with _ALL_LOCK:
        caches = list(_ALL)
    for cache in caches:
        cache.clear()
