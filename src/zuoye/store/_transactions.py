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

from sqlalchemy import Connection, Engine
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
        sqlite = engine.dialect.name == "sqlite"
        # Re-entrant so that a write nested in a write (a bug) fails with SQLite's "database is
        # locked" after the busy timeout instead of hanging its thread for good.
        self._rlock = threading.RLock()
        self._lock: AbstractContextManager[Any] = self._rlock if sqlite else nullcontext()
        # Each pair: (waiting, not waiting), indexed by whether `call` runs on the event loop.
        self._instant: Engine | None = None
        instant = engine
        database = engine.url.database or ""
        if sqlite and database not in ("", ":memory:") and "memory" not in str(engine.url.query):
            # Its own connections (one per thread): taking one from the shared pool could wait.
            self._instant = instant = make_engine(engine.url, wait=False)
        self._engines = (engine, instant)
        self._writes = (_makers(engine), _makers(instant))
        read_only = {READ_ONLY: True}
        self._reads = (
            _makers(engine.execution_options(**read_only)),
            _makers(instant.execution_options(**read_only)),
        )

    def close(self) -> None:
        if self._instant is not None:
            self._instant.dispose()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """An ORM session that may write."""
        with self._turn(write=True) as now, self._writes[now].begin() as session:
            yield session

    @contextmanager
    def write_rows(self) -> Iterator[Connection]:
        """A Core connection that may write: for the few statements every question runs, where
        the ORM's unit of work costs three times the statements (0.7 against 0.25 ms a question)."""
        with self._turn(write=True) as now, self._engines[now].begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._turn(write=False) as now, self._reads[now].begin() as session:
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
    def _turn(self, *, write: bool) -> Iterator[bool]:
        """Wait for this process's other writers (a write in a thread), or, on the event loop
        inside `call`, do not: Busy at once. Yields whether the no-waiting engine is to be used."""
        if not getattr(_on_loop, "active", False):
            with self._lock if write else nullcontext():
                yield False
            return
        if write and not self._rlock.acquire(blocking=False):
            raise Busy
        try:
            yield True
        except OperationalError as exc:
            if getattr(exc.orig, "sqlite_errorcode", 0) & 0xFF in (
                sqlite3.SQLITE_BUSY,
                sqlite3.SQLITE_LOCKED,
            ):
                raise Busy from None
            raise
        finally:
            if write:
                self._rlock.release()


def _makers(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
