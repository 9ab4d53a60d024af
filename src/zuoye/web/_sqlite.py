"""One SQLite transaction at a time in the server process.

SQLite lets one writer in at a time (and the store starts every transaction as a writer). When
many threads of one process contend, each loser waits in SQLite's busy handler, which sleeps in
growing steps of up to 100 ms whether or not the lock has been freed meanwhile: under a burst of
questions a few-millisecond transaction then waits hundreds of milliseconds, and the tutor's
final save, which runs on the event loop, stalls every stream with it. Queueing the process's
own transactions on a lock instead hands the database over the moment it is free. Other
processes (a `zuoye ask` next to the server) still meet the busy timeout, as before.

PostgreSQL needs none of this and is left alone.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any

from zuoye.store import Store


class SerializedStore:
    """A `Store` whose methods (and sessions) run one at a time."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.RLock()  # re-entrant: a method may open a session inside

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._store, name)
        if name.startswith("_") or not callable(value) or name in ("close", "__enter__", "__exit__"):
            return value
        if name == "session":
            return self._session
        return self._locked(value)

    def _locked(self, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return method(*args, **kwargs)

        return call

    @contextlib.contextmanager
    def _session(self) -> Iterator[Any]:
        with self._lock, self._store.session() as s:
            yield s


def one_at_a_time(store: Store) -> Store:
    if store.engine.dialect.name != "sqlite":
        return store
    return SerializedStore(store)  # type: ignore[return-value]
