"""A turn being written: its partial answer saved as it streams, its lease, and the sweep that
closes the turns of a writer that died (on SQLite and PostgreSQL)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event

from zuoye.store import Store, TurnUpdate
from zuoye.store.tables import utcnow

LEASE = timedelta(seconds=30)


def _turn(store: Store, question: str = "讲讲勾股定理") -> int:
    return store.start_conversation(
        user_id="u1", question=question, model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    ).id


def test_the_answer_so_far_is_saved_and_the_lease_renewed(store: Store) -> None:
    turn_id = _turn(store)
    until = utcnow() + LEASE
    assert store.save_progress(turn_id=turn_id, answer="第一句。", alive_until=until)
    turn = store.get_turn(turn_id=turn_id)
    assert turn is not None and (turn.status, turn.answer, turn.alive_until) == ("pending", "第一句。", until)


def test_a_finished_turn_is_never_overwritten_by_a_late_partial_save(store: Store) -> None:
    turn_id = _turn(store)
    store.finish_turn(turn_id=turn_id, update_=TurnUpdate(answer="全部。", status="complete"))
    assert not store.save_progress(turn_id=turn_id, answer="全", alive_until=utcnow() + LEASE)
    turn = store.get_turn(turn_id=turn_id)
    assert turn is not None and (turn.status, turn.answer) == ("complete", "全部。")


def test_the_sweep_closes_only_turns_whose_lease_passed(store: Store) -> None:
    now = utcnow()
    dead_with_text, dead_silent, alive, never_renewed, finished = (_turn(store, f"问题{i}") for i in range(5))
    store.save_progress(turn_id=dead_with_text, answer="写到一半", alive_until=now - timedelta(seconds=1))
    store.save_progress(turn_id=dead_silent, answer="", alive_until=now - timedelta(seconds=1))
    store.save_progress(turn_id=alive, answer="还在写", alive_until=now + 2 * LEASE)
    store.finish_turn(turn_id=finished, update_=TurnUpdate(answer="完", status="complete"))

    assert sorted(store.close_abandoned_turns(lease=LEASE, now=now)) == sorted([dead_with_text, dead_silent])
    assert store.close_abandoned_turns(lease=LEASE, now=now) == []  # closed once
    for turn_id, (status, answer) in {
        dead_with_text: ("incomplete", "写到一半"),
        dead_silent: ("failed", ""),
        alive: ("pending", "还在写"),
        never_renewed: ("pending", ""),
        finished: ("complete", "完"),
    }.items():
        turn = store.get_turn(turn_id=turn_id)
        assert turn is not None and (turn.status, turn.answer) == (status, answer), turn_id
        if status in ("incomplete", "failed"):
            assert turn.error == "interrupted" and turn.completed_at is not None

    # a turn never renewed has its lease counted from when it was written
    later = now + LEASE + timedelta(seconds=1)
    assert sorted(store.close_abandoned_turns(lease=LEASE, now=later)) == [never_renewed]
    # a later save from a writer taken for dead does not reopen its turn
    assert not store.save_progress(turn_id=never_renewed, answer="迟到", alive_until=later + LEASE)
    turn = store.get_turn(turn_id=never_renewed)
    assert turn is not None and (turn.status, turn.error) == ("failed", "interrupted")


def test_the_sweep_finds_pending_turns_through_the_pending_index(store: Store) -> None:
    """The lease is not indexed (migration 0016); the sweep's search is still an index scan, of
    the pending turns' index, not a read of every turn ever answered. (With a handful of rows
    PostgreSQL would rather read the table: sequential scans are turned off to see that it can.)"""
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "alive_until" in statement:
            seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        store.close_abandoned_turns(lease=LEASE)
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    statement, parameters = seen[0]
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars().all()
        else:
            plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
    assert any("uq_turns_one_pending" in line for line in plan), plan


@pytest.mark.postgres
def test_saving_an_answer_being_written_updates_its_row_in_place(postgres_url: str) -> None:
    """HOT updates: no column a save changes is indexed, so PostgreSQL writes no index entries."""
    with Store(postgres_url) as store:
        turn_id = _turn(store)
        for n in range(10):
            store.save_progress(turn_id=turn_id, answer="一句。" * n, alive_until=utcnow() + LEASE)
    # closed: its connections end, and an ending connection sends its statistics (soon after)
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for _ in range(50):
                updated, in_place = conn.exec_driver_sql(
                    "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'turns'"
                ).one()
                if updated >= 10:
                    break
                conn.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
                time.sleep(0.1)
    finally:
        engine.dispose()
    assert updated >= 10 and in_place >= 9, (updated, in_place)
