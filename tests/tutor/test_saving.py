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
    saving, release = threading.Event(), threading.Event()
    released: list[bool] = []
    finish_turn = store.finish_turn

    def slow_finish_turn(**kw: Any) -> None:  # a database busy with other writers
        saving.set()
        released.append(release.wait(timeout=10))
        finish_turn(**kw)

    monkeypatch.setattr(store, "finish_turn", slow_finish_turn)
    model = ScriptedModel(["第一句。第二句。"], hold=asyncio.Event())  # never goes past the first
    events: asyncio.Queue[TutorEvent] = asyncio.Queue()

    async def ask() -> None:
        async for event in make_tutor(model).ask("讲讲勾股定理"):
            events.put_nowait(event)

    task = asyncio.create_task(ask())
    started = await events.get()
    assert isinstance(started, Started)
    assert isinstance(await events.get(), Delta)
    task.cancel()  # the student pressed stop
    # The save runs in a thread: this coroutine still runs while it waits (an in-line save would
    # hold the event loop until the 10 s above ran out).
    assert await asyncio.to_thread(saving.wait, 10)
    task.cancel()  # stopped again (the page closed, the server shutting down)
    for _ in range(10):
        await asyncio.sleep(0)
    assert not task.done()  # whoever waits for the task finds the answer stored when it ends
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert released == [True]
    turn = store.get_turn(turn_id=started.turn_id)
    assert turn is not None
    assert (turn.status, turn.answer, turn.error) == ("incomplete", "第一句。", "interrupted")
