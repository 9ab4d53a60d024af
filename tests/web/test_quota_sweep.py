"""A question whose answer never came is given back to the daily quota once, whoever finds the
failure: the server answering it (its model failed before any text), or — when that server died —
the sweep of another server closing the turn it left. A turn with text keeps its question.
On SQLite and PostgreSQL; two apps on one database are two server processes."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from tests.store.conftest import db_url, postgres_url  # noqa: F401 -- fixtures, used by name
from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import ask, done
from tests.web.test_quota import apps, as_user, quota  # noqa: F401 -- apps: a fixture, used by name
from zuoye.providers import ProviderError, StreamEvent
from zuoye.store import Store
from zuoye.store._transactions import Busy
from zuoye.store.tables import utcnow
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio
LEASE = timedelta(seconds=30)


@dataclass
class Silent(ScriptedModel):
    """Answers its first question at once; the next ones say nothing until `wake` is set, and
    then fail: a model that never answered, asked by a server taken for dead meanwhile."""

    wake: asyncio.Event = field(default_factory=asyncio.Event)
    asked: asyncio.Event = field(default_factory=asyncio.Event)

    async def stream(self, **call: Any) -> AsyncIterator[StreamEvent]:
        if self.replies:
            async for event in super().stream(**call):
                yield event
            return
        self.asked.set()
        await self.wake.wait()
        raise ProviderError("the service is down", kind="service", retryable=False)
        yield  # an async generator, as every model's stream is


async def test_the_sweep_gives_back_the_question_of_a_dead_servers_silent_answer_once(
    apps: Callable[..., Any],  # noqa: F811
    db_url: str,  # noqa: F811
) -> None:
    model = Silent(["第一个回答。"])
    dying = apps(db_url, model, daily_quota=3)
    other = apps(db_url, ScriptedModel(), daily_quota=3)
    kid = Accounts(dying.state.zuoye.store).create_user(name="kid")
    async with as_user(dying, kid.id) as a, as_user(other, kid.id) as b:
        assert done(await ask(a, "第一问"))["status"] == "complete"
        asking = asyncio.create_task(a.post("/api/ask", json={"question": "第二问", "stream": False}))
        async with asyncio.timeout(10):
            await model.asked.wait()
        assert (await quota(b))["used"] == 2

        # The first server is taken for dead (its lease passed): the other's sweep closes the turn.
        sweeper: Store = other.state.zuoye.store
        [closed] = sweeper.close_abandoned_turns(lease=LEASE, now=utcnow() + 3 * LEASE)
        turn = sweeper.get_turn(turn_id=closed)
        assert turn is not None and (turn.status, turn.error, turn.answer) == ("failed", "interrupted", "")
        assert await quota(b) == {"limit": 3, "used": 1, "remaining": 2}

        # It was not dead after all: its model fails now, and it gives back what is still held —
        # nothing, the sweep gave the question back already.
        model.wake.set()
        reply = await asyncio.wait_for(asking, 10)
        assert reply.status_code == 502 and reply.json()["turn"]["status"] == "failed"
        assert await quota(a) == await quota(b) == {"limit": 3, "used": 1, "remaining": 2}
        # and a second sweep (a third server) finds nothing to give back either
        assert sweeper.close_abandoned_turns(lease=LEASE, now=utcnow() + 3 * LEASE) == []
        assert sweeper.give_back(turn_id=closed) is False
        assert (await quota(b))["used"] == 1


async def test_a_question_stopped_while_it_was_being_stored_is_given_back_once(
    apps: Callable[..., Any],  # noqa: F811
    db_url: str,  # noqa: F811
) -> None:
    # The asker leaves while the question is being written (the database was busy: the write waits
    # in a thread, and finishes after the asker has gone). The question is given back once: the
    # turn stored meanwhile is closed at once, not left pending for a sweep to give it back again.
    app = apps(db_url, ScriptedModel(["第一个回答。", "不会读到。"]), daily_quota=3)
    store: Store = app.state.zuoye.store
    kid = Accounts(store).create_user(name="kid")
    writing, release = threading.Event(), threading.Event()
    start = store.start_conversation

    def busy_then_slow(**kw: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            raise Busy  # the database is busy this instant: the write goes to a thread and waits
        writing.set()
        release.wait(10)
        return start(**kw)

    async with as_user(app, kid.id) as c:
        assert done(await ask(c, "第一问"))["status"] == "complete"
        store.start_conversation = busy_then_slow  # type: ignore[method-assign]
        asking = asyncio.create_task(c.post("/api/ask", json={"question": "第二问"}))
        assert await asyncio.to_thread(writing.wait, 10)
        asking.cancel()  # the asker is gone
        with contextlib.suppress(asyncio.CancelledError):
            await asking
        release.set()
        for _ in range(500):  # the write finishes, and the answer's task after it
            [(newest, _turns), *_] = store.list_conversations(user_id=kid.id)
            stored = newest.title == "第二问" and store.pending_turn(conversation_id=newest.id) is None
            if stored and (await quota(c))["used"] == 1:
                break
            await asyncio.sleep(0.02)
        store.start_conversation = start  # type: ignore[method-assign]
        # closed at once, not left holding the conversation; a later sweep gives nothing more back
        assert stored
        store.close_abandoned_turns(lease=LEASE, now=utcnow() + 3 * LEASE)
        assert await quota(c) == {"limit": 3, "used": 1, "remaining": 2}
