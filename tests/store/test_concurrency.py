"""Many threads of one process on one store: reads never wait for a writer, writes take turns,
and an event loop calls the store without ever blocking on it."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text

from zuoye.store import Store, TurnUpdate


def test_reads_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "zuoye.db"
    with Store(f"sqlite:///{path}") as store:
        cid = store.create_conversation(user_id="u", title="t", model="m", grade="初中", mode="讲解").id
        turn = store.start_turn(conversation_id=cid, question="q", mode="讲解", model="m")
        store.finish_turn(turn_id=turn.id, update_=TurnUpdate(answer="committed", status="complete"))
        # Another process is in the middle of a write: it holds SQLite's one writer lock.
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE turns SET answer = 'not yet committed'")

            def read_everything() -> list[str]:
                got = store.get_turn(turn_id=turn.id)
                conv = store.get_conversation(conversation_id=cid, user_id="u")
                assert store.find_conversation(ref=cid[:6], user_id="u") is not None
                assert [c.id for c, _ in store.list_conversations(user_id="u")] == [cid]
                assert conv is not None and got is not None
                return [got.answer, conv.turns[0].answer, store.history(conversation_id=cid)[0].answer]

            # A read that queued for the writer would wait out the 30 s busy timeout.
            with ThreadPoolExecutor(1) as pool:
                assert pool.submit(read_everything).result(timeout=10) == ["committed"] * 3
        finally:
            other.execute("ROLLBACK")
            other.close()


def test_threads_writing_and_reading_at_once_lose_nothing(store: Store) -> None:
    def one_student(k: int) -> list[str]:
        cid = store.create_conversation(user_id=f"u{k}", title="t", model="m", grade="初中", mode="讲解").id
        for i in range(10):
            t = store.start_turn(conversation_id=cid, question=f"{k}-{i}", mode="讲解", model="m")
            assert [h.answer for h in store.history(conversation_id=cid, before_turn_id=t.id)] == [
                f"{k}-{j}" for j in range(i)
            ]
            store.finish_turn(turn_id=t.id, update_=TurnUpdate(answer=f"{k}-{i}", status="complete"))
        conv = store.get_conversation(conversation_id=cid, user_id=f"u{k}")
        assert conv is not None
        return [t.answer for t in conv.turns]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one_student, range(8)))
    assert results == [[f"{k}-{i}" for i in range(10)] for k in range(8)]


# -- from an event loop ----------------------------------------------------------------------------
@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_a_call_runs_at_once_when_the_database_is_free(store: Store) -> None:
    cid = store.create_conversation(user_id="u", title="t", model="m", grade="初中", mode="讲解").id

    def start() -> tuple[int, int]:
        turn = store.start_turn(conversation_id=cid, question="q", mode="讲解", model="m")
        return threading.get_ident(), turn.id

    where, turn_id = await store.call(start)
    # SQLite: on the event loop's own thread (no hand-over to a thread); PostgreSQL: in a thread.
    assert (where == threading.get_ident()) is (store.engine.dialect.name == "sqlite")
    assert await store.call(store.get_turn, turn_id=turn_id) is not None


@pytest.mark.anyio
async def test_a_call_waits_for_another_processes_writer_in_a_thread_not_on_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "zuoye.db"
    with Store(f"sqlite:///{path}") as store:
        cid = store.create_conversation(user_id="u", title="t", model="m", grade="初中", mode="讲解").id
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE conversations SET title = 'not yet committed'")
            # Reads never wait: this one runs at once, on the loop, and sees the last commit.
            conv = await store.call(store.get_conversation, conversation_id=cid)
            assert conv is not None and conv.title == "t"
            writing = asyncio.create_task(
                store.call(store.start_turn, conversation_id=cid, question="q", mode="讲解", model="m")
            )
            # The loop runs on while the write waits (on the loop it would hold everything up
            # for the 30 s busy timeout).
            began = time.monotonic()
            for _ in range(20):
                await asyncio.sleep(0.005)
            assert time.monotonic() - began < 10
            assert not writing.done()
        finally:
            other.execute("ROLLBACK")
            other.close()
        turn = await writing
        assert [t.question for t in store.history(conversation_id=cid)] == []  # pending, unanswered
        assert store.get_turn(turn_id=turn.id) is not None


@pytest.mark.anyio
async def test_a_call_waits_for_a_writer_of_this_process_in_a_thread(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'zuoye.db'}") as store:
        await _waits_for_a_writer_of_this_process(store)


async def _waits_for_a_writer_of_this_process(store: Store) -> None:
    cid = store.create_conversation(user_id="u", title="t", model="m", grade="初中", mode="讲解").id
    holding, release = threading.Event(), threading.Event()

    def another_writer() -> bool:
        with store.session():
            holding.set()
            return release.wait(timeout=10)

    writer = asyncio.create_task(asyncio.to_thread(another_writer))
    assert await asyncio.to_thread(holding.wait, 10)
    writing = asyncio.create_task(
        store.call(store.start_turn, conversation_id=cid, question="q", mode="讲解", model="m")
    )
    for _ in range(20):
        await asyncio.sleep(0.005)
    assert not writing.done()
    release.set()
    assert await writer  # released by this test, not timed out: the loop was never blocked
    turn = await writing
    assert store.get_turn(turn_id=turn.id) is not None


@pytest.mark.postgres
def test_postgresql_connections_killed_while_idle_are_replaced(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restarted PostgreSQL (or a firewall dropping idle connections) ends the pooled
    connections; the next question after a pause still gets answered, on a fresh connection."""
    import zuoye.store._db as db

    monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.05)
    with Store(postgres_url) as store:
        cid = store.create_conversation(user_id="u", title="t", model="m", grade="初中", mode="讲解").id
        with store.reading() as s:
            s.execute(text("SELECT 1"))
        with _admin(postgres_url) as admin:
            killed = admin.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
        assert killed
        time.sleep(0.1)
        turn = store.start_turn(conversation_id=cid, question="q", mode="讲解", model="m")
        assert store.get_turn(turn_id=turn.id) is not None


@pytest.mark.postgres
def test_postgresql_calls_beyond_the_pool_wait_for_a_connection(postgres_url: str) -> None:
    """More threads than pooled connections share them: none is opened for one call and closed."""
    from zuoye.store._db import POOL_SIZE

    def backend(_: int) -> int:
        with store.reading() as s:
            time.sleep(0.002)
            return int(s.execute(text("SELECT pg_backend_pid()")).scalar_one())

    with Store(postgres_url) as store, ThreadPoolExecutor(POOL_SIZE * 3) as pool:
        assert len(set(pool.map(backend, range(POOL_SIZE * 30)))) <= POOL_SIZE


@contextmanager
def _admin(url: str) -> Iterator[Connection]:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()
