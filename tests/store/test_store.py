from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from zuoye.store import Store, StoreError, TurnUpdate, _db


def _conv(store: Store, user: str = "u1", title: str = "解方程 x^2-5x+6=0") -> str:
    return store.create_conversation(
        user_id=user, title=title, model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    ).id


def test_question_is_stored_before_the_answer_and_finished_later(store: Store) -> None:
    cid = _conv(store)
    turn = store.start_turn(
        conversation_id=cid, question="解方程 x^2-5x+6=0", mode="讲解", model="ERNIE-4.0-8K"
    )
    pending = store.get_turn(turn_id=turn.id)
    assert pending is not None and pending.status == "pending" and pending.answer == ""

    store.finish_turn(
        turn_id=turn.id,
        update_=TurnUpdate(
            answer="解：x=2 或 x=3",
            status="complete",
            prompt_tokens=10,
            completion_tokens=5,
            total_tokens=15,
            checks=[{"status": "agree"}],
        ),
    )
    conv = store.get_conversation(conversation_id=cid)
    assert conv is not None
    [done] = conv.turns
    assert (done.status, done.answer, done.total_tokens, done.checks) == (
        "complete",
        "解：x=2 或 x=3",
        15,
        [{"status": "agree"}],
    )
    assert done.completed_at is not None


def test_a_new_conversation_starts_with_its_question_stored(store: Store) -> None:
    turn = store.start_conversation(
        user_id="u1", question="解方程 x^2-5x+6=0", model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    )
    [(conv, count)] = store.list_conversations(user_id="u1")
    assert (conv.id, conv.title, conv.grade, conv.mode, count) == (
        turn.conversation_id,
        "解方程 x^2-5x+6=0",
        "初中",
        "讲解",
        1,
    )
    stored = store.get_turn(turn_id=turn.id)
    assert stored is not None and (stored.question, stored.status, stored.answer) == (
        "解方程 x^2-5x+6=0",
        "pending",
        "",
    )


def test_partial_answer_is_kept_and_marked_incomplete(store: Store) -> None:
    cid = _conv(store)
    turn = store.start_turn(conversation_id=cid, question="q", mode="讲解", model="m")
    store.finish_turn(
        turn_id=turn.id, update_=TurnUpdate(answer="第一句。", status="incomplete", error="cut")
    )
    got = store.get_turn(turn_id=turn.id)
    assert got is not None and (got.status, got.answer, got.error) == ("incomplete", "第一句。", "cut")
    with pytest.raises(ValueError, match="status"):
        store.finish_turn(turn_id=turn.id, update_=TurnUpdate(answer="", status="pending"))


def test_list_is_newest_first_with_turn_counts_and_per_user(store: Store) -> None:
    a = _conv(store, title="first")
    b = _conv(store, title="second")
    other = _conv(store, user="u2", title="someone else's")
    store.start_turn(conversation_id=a, question="q", mode="讲解", model="m")  # touches a: now newest
    rows = store.list_conversations(user_id="u1")
    assert [(c.id, n) for c, n in rows] == [(a, 1), (b, 0)]
    assert other in [c.id for c, _ in store.list_conversations()]


def test_users_cannot_read_or_delete_each_others_conversations(store: Store) -> None:
    mine = _conv(store, user="u1")
    assert store.get_conversation(conversation_id=mine, user_id="u2") is None
    assert store.find_conversation(ref=mine, user_id="u2") is None
    assert store.delete_conversation(conversation_id=mine, user_id="u2") is False
    assert store.get_conversation(conversation_id=mine, user_id="u1") is not None
    assert store.delete_conversation(conversation_id=mine, user_id="u1") is True
    assert store.get_conversation(conversation_id=mine) is None


def test_find_by_unambiguous_prefix(store: Store) -> None:
    cid = _conv(store)
    found = store.find_conversation(ref=cid[:8].upper())
    assert found is not None and found.id == cid
    assert store.find_conversation(ref=cid[:3]) is None  # too short to be safe
    assert store.find_conversation(ref="%%%%") is None
    assert store.find_conversation(ref="zzzzzzzz") is None


def test_history_skips_cleared_and_unanswered_turns(store: Store) -> None:
    cid = _conv(store)
    ids = []
    for i in range(3):
        t = store.start_turn(conversation_id=cid, question=f"q{i}", mode="讲解", model="m")
        store.finish_turn(turn_id=t.id, update_=TurnUpdate(answer=f"a{i}", status="complete"))
        ids.append(t.id)
    failed = store.start_turn(conversation_id=cid, question="q-failed", mode="讲解", model="m")
    store.finish_turn(turn_id=failed.id, update_=TurnUpdate(answer="", status="failed", error="boom"))
    assert [t.question for t in store.history(conversation_id=cid)] == ["q0", "q1", "q2"]
    assert store.clear_history(conversation_id=cid, up_to_turn_id=ids[1]) == 2
    assert [t.question for t in store.history(conversation_id=cid)] == ["q2"]
    conv = store.get_conversation(conversation_id=cid)
    assert conv is not None and len(conv.turns) == 4  # cleared turns are kept, only not sent


def test_reopening_does_not_migrate_again(db_url: str) -> None:
    Store(db_url).close()
    with Store(db_url) as again:
        tables = set(inspect(again.engine).get_table_names())
    assert {"conversations", "turns", "alembic_version"} <= tables


def test_bad_database_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="不是数据库地址"):
        Store("not a url at all")
    with pytest.raises(StoreError, match="无法打开数据库"):
        Store("postgresql+psycopg://nobody:secretpw@127.0.0.1:1/none")


def test_error_hides_the_database_password() -> None:
    with pytest.raises(StoreError) as info:
        Store("postgresql+psycopg://nobody:secretpw@127.0.0.1:1/none")
    assert "secretpw" not in str(info.value)


WRITER = textwrap.dedent(
    """
    import sys
    from zuoye.store import Store, TurnUpdate
    url, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(url)
    cid = store.create_conversation(user_id=tag, title=tag, model="m", grade="初中", mode="讲解").id
    for i in range(n):
        t = store.start_turn(conversation_id=cid, question=f"{tag}-{i}", mode="讲解", model="m")
        store.finish_turn(turn_id=t.id, update_=TurnUpdate(answer=f"{tag}-{i}", status="complete"))
    print(cid)
    """
)


def test_two_processes_writing_at_once_lose_nothing(db_url: str) -> None:
    n = 40
    # Both start on a database that does not exist yet: the migration races too.
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, tag, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for tag in ("p1", "p2")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err.decode()
    with Store(db_url) as store:
        for tag, (out, _) in zip(("p1", "p2"), outputs, strict=True):
            conv = store.get_conversation(conversation_id=out.decode().strip())
            assert conv is not None
            assert [t.answer for t in conv.turns] == [f"{tag}-{i}" for i in range(n)]
            assert all(t.status == "complete" for t in conv.turns)


def test_opening_retries_while_another_process_holds_the_file_briefly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite can report "database is locked" at once, without its busy timeout, while another
    # process switches the file to WAL or cleans up its WAL (seen in CI as a rare failure of the
    # two-process test above). Those moments are short: the open waits them out.
    real = _db._migrate_once
    failures = iter([True, True, False])

    def flaky(engine: Any) -> None:
        if next(failures):
            raise OperationalError(
                "PRAGMA journal_mode=WAL", {}, sqlite3.OperationalError("database is locked")
            )
        real(engine)

    monkeypatch.setattr(_db, "_migrate_once", flaky)
    with Store(f"sqlite:///{tmp_path / 'zuoye.db'}") as store:
        assert store.list_conversations() == []


def test_a_database_that_stays_locked_is_reported_not_waited_on_forever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(engine: Any) -> None:
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(_db, "_migrate_once", locked)
    monkeypatch.setattr(_db, "BUSY_TIMEOUT_MS", 300)
    with pytest.raises(StoreError, match="database is locked"):
        Store(f"sqlite:///{tmp_path / 'zuoye.db'}")


def test_each_database_has_its_own_identity(tmp_path: Path, db_url: str) -> None:
    # What several deployments keep in one Redis is kept apart by it (turn ids repeat across databases).
    with Store(db_url) as a, Store(db_url) as again:
        assert a.identity() == again.identity() and len(a.identity()) == 12
    with Store(f"sqlite:///{tmp_path / 'other.db'}") as other, Store(db_url) as a:
        assert other.identity() != a.identity()
    first = Store(f"sqlite:///{tmp_path / 'remade.db'}")
    before = first.identity()
    first.close()
    for name in ("remade.db", "remade.db-wal", "remade.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    with Store(f"sqlite:///{tmp_path / 'remade.db'}") as remade:  # dropped and made again
        assert remade.identity() != before
