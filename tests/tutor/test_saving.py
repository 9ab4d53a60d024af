"""What the tutor stores and when: the question before the model is called, the answer (or what
was written of it) when the call ends, written off the event loop and seen through a second stop."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from tests.tutor.conftest import collect, finished
from tests.tutor.fakes import ScriptedModel
from zuoye.store import Store
from zuoye.tutor.events import Delta, Started, TutorEvent

pytestmark = pytest.mark.anyio


class WatchingModel(ScriptedModel):
    """Records what the store holds for the asker's conversations at the moment it is called."""

    store: Store | None = None
    seen: list[list[tuple[str, str]]]

    async def stream(self, **kw: Any) -> Any:
        assert self.store is not None
        [(conv, _)] = self.store.list_conversations(user_id="student-1")
        stored = self.store.get_conversation(conversation_id=conv.id)
        assert stored is not None
        self.seen.append([(t.question, t.status) for t in stored.turns])
        async for event in super().stream(**kw):
            yield event


async def test_the_question_is_stored_before_the_model_is_called(make_tutor: Any, store: Store) -> None:
    model = WatchingModel(["答：5。", "答：6。"])
    model.store, model.seen = store, []
    tutor = make_tutor(model)
    first = finished(await collect(tutor, "计算 2+3")).result  # a new conversation
    await collect(tutor, "那 3+3 呢？", conversation_id=first.conversation_id)  # a follow-up
    assert model.seen == [
        [("计算 2+3", "pending")],
        [("计算 2+3", "complete"), ("那 3+3 呢？", "pending")],
    ]
    [(conv, turns)] = store.list_conversations(user_id="student-1")
    assert (conv.title, turns) == ("计算 2+3", 2)


async def test_a_second_stop_while_the_answer_is_saved_still_waits_for_the_save(
    make_tutor: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_thread = threading.get_ident()
    saving_in_a_thread, release = threading.Event(), threading.Event()
    finish_turn = store.finish_turn

    def watched_finish_turn(**kw: Any) -> None:
        if threading.get_ident() != loop_thread:
            saving_in_a_thread.set()
        finish_turn(**kw)

    monkeypatch.setattr(store, "finish_turn", watched_finish_turn)
    model = ScriptedModel(["第一句。第二句。"], hold=asyncio.Event())  # never goes past the first
    events: asyncio.Queue[TutorEvent] = asyncio.Queue()

    async def ask() -> None:
        async for event in make_tutor(model).ask("讲讲勾股定理"):
            events.put_nowait(event)

    def another_writer(holding: threading.Event) -> bool:
        with store.session():  # the database's one writer, until released
            holding.set()
            return release.wait(timeout=10)

    task = asyncio.create_task(ask())
    started = await events.get()
    assert isinstance(started, Started)
    assert isinstance(await events.get(), Delta)
    holding = threading.Event()
    writer = asyncio.create_task(asyncio.to_thread(another_writer, holding))
    assert await asyncio.to_thread(holding.wait, 10)
    task.cancel()  # the student pressed stop: the partial answer waits for the database
    # ... in a thread: this coroutine still runs meanwhile (a save in-line on the event loop
    # would hold it until the other writer gave up after 10 s).
    assert await asyncio.to_thread(saving_in_a_thread.wait, 10)
    task.cancel()  # stopped again (the page closed, the server shutting down)
    for _ in range(10):
        await asyncio.sleep(0)
    assert not task.done()  # whoever waits for the task finds the answer stored when it ends
    release.set()
    assert await writer  # released by this test, not timed out
    with pytest.raises(asyncio.CancelledError):
        await task
    turn = store.get_turn(turn_id=started.turn_id)
    assert turn is not None
    assert (turn.status, turn.answer, turn.error) == ("incomplete", "第一句。", "interrupted")
