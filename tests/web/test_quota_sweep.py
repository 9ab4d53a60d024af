"""A question whose answer never came is given back to the daily quota once, whoever finds the
failure: the server answering it (its model failed before any text), or — when that server died —
the sweep of another server closing the turn it left. A turn with text keeps its question.
On SQLite and PostgreSQL; two apps on one database are two server processes."""

from __future__ import annotations

import asyncio
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
