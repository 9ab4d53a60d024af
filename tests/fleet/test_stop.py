"""A stop sent to any process stops the answer wherever it is being written: two `zuoye serve`
processes on one PostgreSQL database and one Redis (what a balancer without sticky sessions
would spread a student's requests over), the answer asked on one and stopped on the other."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.store.conftest import postgres_url  # noqa: F401 -- a fixture, used by name
from tests.web.conftest import stream_events
from tests.web.test_cli import serving

pytestmark = pytest.mark.postgres

STORY = "".join(f"第{i}句，故事还在继续。" for i in range(1, 61))  # ~6 s at 100 ms a sentence


def test_a_stop_sent_to_another_process_stops_the_answer(
    tmp_path: Path,
    emulator_factory: Callable[..., str],
    redis_url: str,
    postgres_url: str,  # noqa: F811
) -> None:
    slow = emulator_factory(
        scenario={"rules": [{"match": "故事", "reply": {"result": STORY}, "delay_ms": 100}]}
    )
    shared = {"ZUOYE_DATABASE_URL": postgres_url, "ZUOYE_REDIS_URL": redis_url}
    with ExitStack() as stack:
        (a, _), (b, _) = (stack.enter_context(serving(tmp_path, emulator_url=slow, env=shared)) for _ in "ab")
        seen, cid, events = "", None, []
        began = time.monotonic()
        with httpx.stream("POST", f"{a}/api/ask", json={"question": "讲一个很长的故事"}, timeout=30) as r:
            for _, name, data in stream_events(r.iter_lines()):
                events.append(name)
                if name == "started":
                    cid = data["conversation_id"]
                elif name == "delta":
                    seen += data["text"]
                    if len(seen) > 20 and "stop" not in events:
                        events.append("stop")
                        stopped = httpx.post(f"{b}/api/conversations/{cid}/stop", timeout=30).json()
                        stop_took = time.monotonic() - began
        assert stopped["stopped"] is True and stopped["turn_id"]
        assert stop_took < 5  # well before the story's ~6 s
        conversation = httpx.get(f"{b}/api/conversations/{cid}", timeout=10).json()
        [turn] = conversation["turns"]
        assert turn["status"] == "incomplete" and seen.startswith(turn["answer"]) and turn["answer"]
        assert len(turn["answer"]) < len(STORY)
        assert conversation["running"] is False


@pytest.mark.anyio
async def test_a_stop_whose_message_was_missed_is_found_by_the_flag(redis_url: str, tmp_path: Path) -> None:
    import asyncio

    import redis

    from zuoye.providers import Registry
    from zuoye.settings import Settings
    from zuoye.store import Store
    from zuoye.web._state import AppState, Running
    from zuoye.web._stops import StopSignals

    with Store(f"sqlite:///{tmp_path / 'z.db'}") as store:
        state = AppState(
            settings=Settings(home=tmp_path),
            store=store,
            registry=Registry([]),
            recognize=lambda data: None,
            local_user_id="u",
            owns_store=False,
        )
        writing = asyncio.create_task(asyncio.sleep(60))
        state.running["c" * 32] = Running(writing, "u", 42)
        stops = StopSignals(redis_url, state)
        stops.start()
        try:
            # Only the flag, as if the listener had been away when the message went out.
            redis.Redis.from_url(redis_url).set(f"{stops.channel}:42", "1", ex=60)
            await asyncio.wait([writing], timeout=5)
            assert writing.cancelled()
        finally:
            await stops.aclose()
