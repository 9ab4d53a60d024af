"""A turn being written: its partial answer saved as it streams, its lease, and the sweep that
closes the turns of a writer that died (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

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
