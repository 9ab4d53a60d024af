"""Engines and migrations.

SQLite is the default and must survive two `zuoye` processes writing at once: WAL journal, a busy
timeout, and every transaction that may write started with BEGIN IMMEDIATE so a writer waits for
the lock instead of failing half-way (a deferred read-then-write transaction cannot wait; it gets
SQLITE_BUSY). Read-only transactions (an engine with the READ_ONLY execution option, see
`Store.reading`) start deferred: in WAL mode readers never wait for the writer.
PostgreSQL needs none of this; its migrations are serialised with an advisory lock.
"""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.pool import SingletonThreadPool

from zuoye.errors import ZuoyeError
from zuoye.messages import say

MIGRATIONS = Path(__file__).with_name("migrations")
# Any number: the advisory lock id that serialises migrations on PostgreSQL.
_PG_MIGRATION_LOCK = 0x2F0E
# How long a write waits for another process's writer before failing.
BUSY_TIMEOUT_MS = 30_000
# PostgreSQL connections a process keeps open, and never more. A store call takes milliseconds;
# waiting that long for a pooled connection costs less than opening one for the call and closing
# it after (SQLAlchemy's overflow connections): a burst of questions did that hundreds of times a
# second, and PostgreSQL's start-up of each connection took 8.5 CPU-seconds of 1,000 answers
# (2.4 with no overflow; bench/bench_scale.py). The server's threads outnumber them.
POOL_SIZE = min(32, (os.cpu_count() or 1) + 8)
# A pooled connection left unused this long is pinged before it is used again, so that one a
# restarted PostgreSQL or a firewall dropped is replaced instead of failing a question. One in
# constant use is not: pinging on every checkout (`pool_pre_ping`) was a round trip per store
# call, 4% of a busy server's CPU.
PING_AFTER_IDLE_S = 2.0
# The execution option that marks an engine's transactions as read-only (started deferred on SQLite).
READ_ONLY = "zuoye_read_only"


class StoreError(ZuoyeError, RuntimeError):
    """The database cannot be opened or migrated; the message says what to check."""

    kind = "config"
    code = "database"


def make_engine(url: str | URL, *, wait: bool = True) -> Engine:
    """The engine for `url`. With `wait=False` (SQLite only), one that never waits for a busy
    database (busy timeout 0: SQLITE_BUSY at once) and keeps one connection per thread."""
    try:
        parsed = make_url(url)
    except Exception:
        raise StoreError(say("store.bad_url")) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:  # ZUOYE_HOME is a file, or somewhere that cannot be written: not a traceback
                raise StoreError(say("store.no_folder", folder=folder)) from None
        if not wait:
            engine = create_engine(parsed, connect_args={"timeout": 0}, poolclass=SingletonThreadPool)
            event.listen(engine, "connect", _sqlite_on_connect_no_wait)
        else:
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not the psycopg2 default
    try:
        engine = create_engine(parsed, pool_size=POOL_SIZE, max_overflow=0)
    except Exception as exc:  # e.g. driver not installed
        raise StoreError(
            say("store.cannot_use", where=parsed.render_as_string(hide_password=True), reason=exc)
        ) from None
    event.listen(engine, "checkin", _note_returned)
    event.listen(engine, "checkout", functools.partial(_ping_if_idle, engine.dialect))
    return engine


def _note_returned(_dbapi_connection: Any, record: Any) -> None:
    record.info["zuoye_returned"] = time.monotonic()


def _ping_if_idle(dialect: Any, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    returned = record.info.get("zuoye_returned")  # None: opened just now
    if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_S:
        return
    try:
        dialect.do_ping(dbapi_connection)  # what pool_pre_ping runs (outside any transaction)
    except Exception:
        # the pool throws this connection away and hands out another (a new one if need be)
        raise DisconnectionError("a pooled PostgreSQL connection is gone") from None


def _sqlite_on_connect(dbapi_connection: Any, _record: Any, busy_ms: int = BUSY_TIMEOUT_MS) -> None:
    # Let SQLAlchemy's "begin" event decide how transactions start (pysqlite's own handling
    # would start them lazily, deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; WAL keeps commits atomic
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.close()


def _sqlite_on_connect_no_wait(dbapi_connection: Any, record: Any) -> None:
    _sqlite_on_connect(dbapi_connection, record, busy_ms=0)


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; cheap when it is already there.

    On SQLite, opening can fail at once with "database is locked" whatever the busy timeout:
    SQLite's WAL notes list the cases (another process is switching the file to WAL, cleaning up
    the WAL as its last connection closes, or recovering it). They last milliseconds, so the open
    is retried for a while before it is reported."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            return _migrate_once(engine)
        except OperationalError as exc:
            busy = "locked" in str(exc.orig) or "busy" in str(exc.orig)
            if engine.dialect.name != "sqlite" or not busy or time.monotonic() + delay > deadline:
                raise
        engine.dispose()
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def _migrate_once(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
