"""One question, one turn, one paid answer: a run resumed after a kill -9 takes what its
predecessor stored but did not journal from the store, closes the turns it left pending, and a
call refused before it answered is sent again inside the same turn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.tutor.fakes import ScriptedModel
from zuoye.batch import AdaptivePacer, Item, Journal, PacedModel, run_batch
from zuoye.providers import ProviderError
from zuoye.settings import Settings
from zuoye.store import Store, TurnUpdate
from zuoye.tutor.tutor import Tutor

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'z.db'}") as s:
        yield s


def _tutor(store: Store, model: Any, tmp_path: Path) -> Tutor:
    return Tutor(store=store, settings=Settings(home=tmp_path), model=model, user_id="teacher")


def _turns(store: Store) -> list[Any]:
    return [
        t for c, _ in store.list_conversations() for t in store.get_conversation(conversation_id=c.id).turns
    ]  # type: ignore[union-attr]


async def test_a_resumed_run_does_not_pay_again_and_leaves_nothing_pending(
    store: Store, tmp_path: Path
) -> None:
    items = [Item("q1", "讲讲勾股定理"), Item("q2", "讲讲三角形内角和"), Item("q3", "讲讲圆周率")]
    out = tmp_path / "a.jsonl"
    # What a run killed mid-way left: q1 answered and stored but not yet journaled, q2 being
    # written (pending, part of it saved), q3 not started. Asked as this run asks (the scripted
    # model's name, the settings' grade and mode).
    stored = store.start_conversation(
        user_id="teacher", question=items[0].question, model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    )
    store.finish_turn(
        turn_id=stored.id,
        update_=TurnUpdate(answer="勾股定理：a²+b²=c²。", status="complete", total_tokens=30),
    )
    cut = store.start_conversation(
        user_id="teacher", question=items[1].question, model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    )
    store.save_progress(turn_id=cut.id, answer="三角形的内角", alive_until=cut.created_at)
    with Journal(out) as journal:
        journal.started("q1", items[0].question, stored.id)
        journal.started("q2", items[1].question, cut.id)

    model = ScriptedModel(["内角和是 180°。", "圆周率约是 3.14159。"])
    with Journal(out) as journal:
        summary = await run_batch(items, tutor=_tutor(store, model, tmp_path), journal=journal, concurrency=2)
        records = {r["id"]: r for r in journal.records.values()}
    assert (summary.skipped, summary.answered, summary.failed) == (1, 2, 0)
    assert len(model.calls) == 2  # q1 was not asked again
    assert records["q1"]["answer"] == "勾股定理：a²+b²=c²。" and records["q1"]["status"] == "answered"
    assert records["q1"]["usage"]["total_tokens"] == 30
    assert {r["status"] for r in records.values()} == {"answered"}
    turns = _turns(store)
    assert not [t for t in turns if t.status == "pending"]
    old = store.get_turn(turn_id=cut.id)
    assert old is not None and (old.status, old.error, old.answer) == (
        "incomplete",
        "interrupted",
        "三角形的内角",
    )
    complete = sorted(t.question for t in turns if t.status == "complete")
    assert complete == sorted(it.question for it in items)  # each question answered exactly once


async def test_a_turn_stored_but_not_yet_linked_is_closed_and_a_live_one_with_its_words_is_not(
    store: Store, tmp_path: Path
) -> None:
    """Killed between storing a turn and linking it: the journal named its conversation before it
    was stored, and that is how the resume finds it, not by its words: the same teacher having
    the same question answered on the page at that moment keeps that answer running."""
    items = [Item("q1", "讲讲勾股定理")]
    words = {"question": items[0].question, "model": "ERNIE-4.0-8K", "grade": "初中", "mode": "讲解"}
    with Journal(tmp_path / "a.jsonl") as journal:
        journal.asking("q1", "c0ffee" * 5 + "00")
    orphan = store.start_conversation(user_id="teacher", conversation_id="c0ffee" * 5 + "00", **words)
    live = store.start_conversation(user_id="teacher", **words)  # on the page, being written
    others = store.start_conversation(user_id="someone-else", **words)
    model = ScriptedModel(["a²+b²=c²。"])
    with Journal(tmp_path / "a.jsonl") as journal:
        summary = await run_batch(items, tutor=_tutor(store, model, tmp_path), journal=journal, concurrency=1)
    assert summary.answered == 1 and len(model.calls) == 1
    closed = store.get_turn(turn_id=orphan.id)
    assert closed is not None and (closed.status, closed.error) == ("failed", "interrupted")
    for untouched in (live, others):
        turn = store.get_turn(turn_id=untouched.id)
        assert turn is not None and turn.status == "pending"


async def test_each_question_is_journaled_with_its_conversation_before_it_is_stored(
    store: Store, tmp_path: Path
) -> None:
    """What the resume above relies on: the in-flight file names the conversation first."""
    seen: list[tuple[str, list[str]]] = []

    class Watching(Journal):
        def asking(self, item_id: str, conversation_id: str) -> None:
            super().asking(item_id, conversation_id)
            seen.append((conversation_id, [c.id for c, _ in store.list_conversations()]))

    with Watching(tmp_path / "a.jsonl") as journal:
        await run_batch(
            [Item("q1", "讲讲勾股定理")],
            tutor=_tutor(store, ScriptedModel(["a²+b²=c²。"]), tmp_path),
            journal=journal,
            concurrency=1,
        )
    [(conversation_id, existing)] = seen
    assert conversation_id not in existing  # named before it was stored…
    [(conv, _)] = store.list_conversations()
    assert conv.id == conversation_id  # …and stored under that name


async def test_a_call_refused_before_answering_is_sent_again_in_the_same_turn(
    store: Store, tmp_path: Path
) -> None:
    busy = ProviderError("service busy (336100)", kind="service", retryable=True)
    model = ScriptedModel([busy, busy, "答：5。"])
    paced = PacedModel(model, AdaptivePacer(), retry_delay=0)
    with Journal(tmp_path / "a.jsonl") as journal:
        summary = await run_batch(
            [Item("q", "讲讲加法")], tutor=_tutor(store, paced, tmp_path), journal=journal, concurrency=1
        )
    assert summary.answered == 1 and len(model.calls) == 3
    [turn] = _turns(store)
    assert (turn.status, turn.answer) == ("complete", "答：5。")


async def test_an_answer_stored_for_another_grade_is_not_taken_by_a_resumed_run(
    store: Store, tmp_path: Path
) -> None:
    # A run for 高中 killed after storing q1's answer; resumed for 初中 (the settings' grade): asked again.
    item = Item("q1", "讲讲勾股定理")
    out = tmp_path / "a.jsonl"
    stored = store.start_conversation(
        user_id="teacher", question=item.question, model="ERNIE-4.0-8K", grade="高中", mode="讲解"
    )
    store.finish_turn(turn_id=stored.id, update_=TurnUpdate(answer="高中的回答。", status="complete"))
    with Journal(out) as journal:
        journal.started("q1", item.question, stored.id)
    model = ScriptedModel(["初中的回答。"])
    with Journal(out) as journal:
        summary = await run_batch(
            [item], tutor=_tutor(store, model, tmp_path), journal=journal, concurrency=1
        )
        record = journal.records["q1"]
    assert (summary.skipped, summary.answered, len(model.calls)) == (0, 1, 1)
    assert record["answer"] == "初中的回答。" and record["basis"]["grade"] == "初中"
