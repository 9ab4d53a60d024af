"""The quota ledger and one answer per conversation, held by the database (SQLite and PostgreSQL).

The races use one Store per thread: each has its own engine and connections, as separate server
processes do, so nothing in one process (a lock, a dict) can be what keeps the count right.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, column, insert, select, table

from zuoye.store import ConversationBusy, Store, TurnUpdate
from zuoye.store._db import MIGRATIONS, make_engine
from zuoye.store.account_tables import QuotaUsageRow
from zuoye.store.quota import Quotas, quota_day
from zuoye.store.tables import Turn, utcnow

T = TypeVar("T")
DAY = date(2026, 12, 4)


def race(db_url: str, n: int, work: Callable[[Store], T]) -> list[T | BaseException]:
    """`work` run by n threads at once, each on its own Store; what each returned or raised."""
    stores = [Store(db_url) for _ in range(n)]
    barrier = threading.Barrier(n)
    results: list[T | BaseException] = [RuntimeError("did not run")] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(stores[i])
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        for s in stores:
            s.close()
    return results


def test_a_day_holds_up_to_the_limit(store: Store) -> None:
    quotas = Quotas(store)
    assert [quotas.take(user_id="kid", day=DAY, limit=2) for _ in range(3)] == [1, 2, None]
    assert quotas.used(user_id="kid", day=DAY) == 2
    quotas.give_back(user_id="kid", day=DAY)
    assert quotas.take(user_id="kid", day=DAY, limit=2) == 2
    assert quotas.take(user_id="kid", day=DAY, limit=1) is None  # a lowered limit holds at once
    assert quotas.take(user_id="kid", day=DAY + timedelta(days=1), limit=2) == 1  # a new day
    assert [quotas.take(user_id="free", day=DAY, limit=0) for _ in range(3)] == [1, 2, 3]  # counted
    assert quotas.used(user_id="nobody", day=DAY) == 0
    for _ in range(5):
        quotas.give_back(user_id="nobody", day=DAY)  # never below zero, never a row from nothing
    assert quotas.used(user_id="nobody", day=DAY) == 0


def test_deleting_conversations_gives_no_questions_back(store: Store) -> None:
    quotas = Quotas(store)
    for i in range(3):
        assert quotas.take(user_id="kid", day=DAY, limit=3) == i + 1
        conv = store.create_conversation(user_id="kid", title="t", model="m", grade="初中", mode="讲解")
        turn = store.start_turn(conversation_id=conv.id, question=str(i), mode="讲解", model="m")
        store.finish_turn(turn_id=turn.id, update_=TurnUpdate(answer="答。", status="complete"))
        assert store.delete_conversation(conversation_id=conv.id, user_id="kid")
    assert quotas.used(user_id="kid", day=DAY) == 3
    assert quotas.take(user_id="kid", day=DAY, limit=3) is None


def test_ten_processes_racing_for_three_questions_get_three(db_url: str) -> None:
    results = race(db_url, 10, lambda s: Quotas(s).take(user_id="kid", day=DAY, limit=3))
    assert sorted(r for r in results if isinstance(r, int)) == [1, 2, 3]
    assert [r for r in results if not isinstance(r, int)] == [None] * 7


def test_one_pending_turn_per_conversation(store: Store) -> None:
    conv = store.create_conversation(user_id="kid", title="t", model="m", grade="初中", mode="讲解")
    other = store.create_conversation(user_id="kid", title="t", model="m", grade="初中", mode="讲解")
    first = store.start_turn(conversation_id=conv.id, question="1", mode="讲解", model="m")
    with pytest.raises(ConversationBusy, match="正在写"):
        store.start_turn(conversation_id=conv.id, question="2", mode="讲解", model="m")
    assert store.pending_turn(conversation_id=conv.id) == first.id
    store.start_turn(conversation_id=other.id, question="3", mode="讲解", model="m")  # its own claim
    # the claim ends with the turn, however it ended (here: cut off)
    store.finish_turn(turn_id=first.id, update_=TurnUpdate(answer="半", status="incomplete"))
    assert store.pending_turn(conversation_id=conv.id) is None
    second = store.start_turn(conversation_id=conv.id, question="2", mode="讲解", model="m")
    assert store.pending_turn(conversation_id=conv.id) == second.id


def test_ten_processes_racing_into_one_conversation_start_one_answer(db_url: str) -> None:
    with Store(db_url) as s:
        conv = s.create_conversation(user_id="kid", title="t", model="m", grade="初中", mode="讲解")

    def start(s: Store) -> int:
        return s.start_turn(conversation_id=conv.id, question="q", mode="讲解", model="m").id

    results = race(db_url, 10, start)
    assert len([r for r in results if isinstance(r, int)]) == 1
    assert all(isinstance(r, ConversationBusy) for r in results if not isinstance(r, int)), results


def test_upgrading_keeps_todays_count_and_one_pending_turn_per_conversation(db_url: str) -> None:
    engine = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    now = utcnow()
    # The tables as revision 0002 has them (the ORM classes follow the newest revision).
    conversations = table(
        "conversations",
        *(
            column(c)
            for c in ["id", "user_id", "title", "model", "grade", "mode", "created_at", "updated_at"]
        ),
    )
    turns = table(
        "turns",
        *(
            column(c)
            for c in ["conversation_id", "question", "answer", "status", "mode", "model", "created_at"]
        ),
        *(column(c) for c in ["prompt_tokens", "completion_tokens", "total_tokens", "cleared"]),
        column("checks", JSON),
        column("tool_calls", JSON),
    )
    turn: dict[str, Any] = {"mode": "讲解", "model": "m", "checks": [], "tool_calls": []}
    turn |= {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "cleared": False}
    with engine.begin() as conn:
        for cid, user in [("a" * 32, "kid"), ("b" * 32, "kid"), ("c" * 32, "other")]:
            row = {"id": cid, "user_id": user, "title": "t", "model": "m", "grade": "初中", "mode": "讲解"}
            conn.execute(insert(conversations), row | {"created_at": now, "updated_at": now})
        rows = [
            ("a" * 32, "complete", "答", now),
            ("a" * 32, "failed", "", now),  # failed turns never counted
            ("a" * 32, "pending", "写了一半", now),  # a crashed writer's: closed as interrupted
            ("a" * 32, "pending", "", now),  # the newest pending is kept (it may be live)
            ("b" * 32, "pending", "", now),
            ("b" * 32, "complete", "昨天的", now - timedelta(days=2)),
            ("c" * 32, "complete", "答", now),
        ]
        for cid, status, answer, at in rows:
            conn.execute(
                insert(turns),
                turn
                | {"conversation_id": cid, "question": "q", "status": status, "answer": answer}
                | {"created_at": at},
            )
    engine.dispose()

    with Store(db_url) as store, store.reading() as s:
        ledger = {(r.user_id, r.day): r.used for r in s.scalars(select(QuotaUsageRow))}
        assert ledger == {("kid", quota_day()): 4, ("other", quota_day()): 1}
        turns = s.scalars(select(Turn).where(Turn.conversation_id == "a" * 32).order_by(Turn.id)).all()
        assert [(t.status, t.error) for t in turns] == [
            ("complete", None),
            ("failed", None),
            ("incomplete", "interrupted"),
            ("pending", None),
        ]
        assert store.pending_turn(conversation_id="b" * 32) is not None


def test_a_dead_writers_claim_ends_when_the_sweep_closes_its_turn(store: Store) -> None:
    conv = store.create_conversation(user_id="kid", title="t", model="m", grade="初中", mode="讲解")
    orphan = store.start_turn(conversation_id=conv.id, question="1", mode="讲解", model="m")  # then kill -9
    with pytest.raises(ConversationBusy):
        store.start_turn(conversation_id=conv.id, question="2", mode="讲解", model="m")
    later = utcnow() + timedelta(minutes=5)
    assert store.close_abandoned_turns(lease=timedelta(seconds=30), now=later) == [orphan.id]
    assert store.pending_turn(conversation_id=conv.id) is None
    store.start_turn(conversation_id=conv.id, question="2", mode="讲解", model="m")
