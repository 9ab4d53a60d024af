"""The facts a teacher or parent reads of each turn (migration 0008), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect, update

from zuoye.store import Store, TurnUpdate
from zuoye.store.class_report import turn_facts
from zuoye.store.tables import Turn, utcnow


def test_facts_are_stored_with_the_answer_and_unknown_for_older_turns(store: Store) -> None:
    columns = {c["name"] for c in inspect(store.engine).get_columns("turns")}
    assert {"problem_kind", "mistake_kind", "ceiling_reached"} <= columns
    older = store.start_conversation(user_id="amy", question="2x+3=7", model="m", grade="初中", mode="讲解")
    store.finish_turn(turn_id=older.id, update_=TurnUpdate(answer="x=2", status="complete"))
    newer = store.start_turn(
        conversation_id=older.conversation_id, question="2x+3=7\n2x=10", mode="批改", model="m"
    )
    store.finish_turn(
        turn_id=newer.id,
        update_=TurnUpdate(
            answer="第 2 行",
            status="complete",
            problem_kind="linear_equation",
            mistake_kind="transposition",
            ceiling_reached=True,
        ),
    )
    bob = store.start_conversation(user_id="bob", question="1+1", model="m", grade="小学", mode="讲解")
    store.finish_turn(turn_id=bob.id, update_=TurnUpdate(answer="2", status="complete", problem_kind=""))

    facts = turn_facts(store, user_ids=["amy"], since=utcnow() - timedelta(days=1))
    assert [(f.turn_id, f.problem_kind, f.mistake_kind, f.ceiling_reached) for f in facts] == [
        (older.id, None, None, None),  # not recorded: the view says so rather than guessing
        (newer.id, "linear_equation", "transposition", True),
    ]
    assert {f.user_id for f in facts} == {"amy"} and facts[1].mode == "批改"
    assert [
        f.problem_kind for f in turn_facts(store, user_ids=["bob"], since=utcnow() - timedelta(days=1))
    ] == [""]
    assert turn_facts(store, user_ids=["amy"], since=utcnow() + timedelta(minutes=1)) == []
    with store.session() as s:  # answered again: the question counts once, with the new answer
        s.execute(update(Turn).where(Turn.id == older.id).values(regenerated=True))
    again = turn_facts(store, user_ids=["amy"], since=utcnow() - timedelta(days=1))
    assert [f.turn_id for f in again] == [newer.id]
    assert turn_facts(store, user_ids=[], since=utcnow() - timedelta(days=1)) == []
