"""How the store's transactions start, wait, and where they run.

Writes (`write()`): on SQLite the transaction starts as the database's one writer (BEGIN
IMMEDIATE) and, within this process, first waits its turn on a lock. SQLite lets one writer in at
a time, and when threads of one process contend for it each loser waits in SQLite's busy handler,
which sleeps in growing steps of up to 100 ms whether or not the lock has been freed meanwhile:
under a burst of questions a few-millisecond transaction then waits hundreds of milliseconds.
Queueing the process's own writers on a lock hands the database over the moment it is free
(other processes, a `zuoye ask` next to the server, still meet the busy timeout).

Reads (`read()`): a deferred transaction that neither takes that lock nor waits for the writer
(WAL readers see the last commit), so reads never queue behind writes.

From an event loop (`call()`): a store operation is first tried right there, on the loop, in a
mode where nothing may wait (the lock taken only if free, SQLite's busy timeout 0); only if the
database is busy does it go to a thread. Measured with 300 students asking at once
(bench/bench_web.py): handing a 0.5 ms write to a thread made it take 5–10 ms, because the
thread has to win the GIL back from the busy event loop after every statement, and the server
spent 60% more CPU; on the loop it costs the loop what the write costs and nothing more.
PostgreSQL is always called in a thread (every statement is a network round trip). A commit on
the loop may run SQLite's automatic WAL checkpoint (two fsyncs every ~1000 pages written; well
under a millisecond on this machine), as the tutor's in-line save of every answer did before.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from zuoye.store._db import READ_ONLY, make_engine

P = ParamSpec("P")
T = TypeVar("T")


class Busy(Exception):
    """The database cannot be used without waiting (only raised inside `Transactions.call`)."""


# Set while `call` runs an operation on the event loop's thread: nothing in it may wait.
_on_loop = threading.local()


class Transactions:
    def __init__(self, engine: Engine) -> None:
        self._writes = _makers(engine)
        self._reads = _makers(engine.execution_options(**{READ_ONLY: True}))
        sqlite = engine.dialect.name == "sqlite"
        # Re-entrant so that a write nested in a write (a bug) fails with SQLite's "database is
        # locked" after the busy timeout instead of hanging its thread for good.
        self._rlock = threading.RLock()
        self._lock: AbstractContextManager[Any] = self._rlock if sqlite else nullcontext()
        self._instant: Engine | None = None
        database = engine.url.database or ""
        if sqlite and database not in ("", ":memory:") and "memory" not in str(engine.url.query):
            # Its own connections (one per thread): taking one from the shared pool could wait.
            self._instant = make_engine(engine.url, wait=False)
            self._instant_writes = _makers(self._instant)
            self._instant_reads = _makers(self._instant.execution_options(**{READ_ONLY: True}))

    def close(self) -> None:
        if self._instant is not None:
            self._instant.dispose()

    @contextmanager
    def write(self) -> Iterator[Session]:
        if getattr(_on_loop, "active", False):
            with self._without_waiting(self._instant_writes, lock=True) as session:
                yield session
            return
        with self._lock, self._writes.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        if getattr(_on_loop, "active", False):
            with self._without_waiting(self._instant_reads, lock=False) as session:
                yield session
            return
        with self._reads.begin() as session:
            yield session

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(*args, **kwargs)` without blocking the event loop: on it when the database is free
        this instant, else in a thread. `fn` may be started twice: it must do at most one write,
        as its last step (a busy database is found before anything is written)."""
        if self._instant is not None and not getattr(_on_loop, "active", False):
            _on_loop.active = True
            try:
                return fn(*args, **kwargs)
            except Busy:
                pass
            finally:
                _on_loop.active = False
        return await asyncio.to_thread(fn, *args, **kwargs)

    @contextmanager
    def _without_waiting(self, makers: sessionmaker[Session], *, lock: bool) -> Iterator[Session]:
        if lock and not self._rlock.acquire(blocking=False):
            raise Busy
        try:
            with makers.begin() as session:
                yield session
        except OperationalError as exc:
            if getattr(exc.orig, "sqlite_errorcode", 0) & 0xFF in (
                sqlite3.SQLITE_BUSY,
                sqlite3.SQLITE_LOCKED,
            ):
                raise Busy from None
            raise
        finally:
            if lock:
                self._rlock.release()


def _makers(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
