"""Issue 15: the web API sends a checked answer's figure in its check (the `done` event's turn)
and a reloaded conversation has it again."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.web.conftest import ask, done

pytestmark = pytest.mark.anyio

RIGHT = "原方程：$x^2-5x+6=0$。\n因式分解得 $(x-2)(x-3)=0$。\n答：$x_1=2$，$x_2=3$。"


async def test_the_done_event_and_the_reloaded_conversation_carry_the_figure(
    client: httpx.AsyncClient, model: Any
) -> None:
    model.replies.append(RIGHT)
    events = await ask(client, "解方程 x^2-5x+6=0")
    turn = done(events)
    figure = turn["checks"][-1]["figure"]
    assert figure["kind"] == "graph"
    assert {p["text"] for p in figure["points"]} == {"(2, 0)", "(3, 0)", "(5/2, -1/4)"}
    [started] = [d for e, d in events if e == "started"]
    conversation = (await client.get(f"/api/conversations/{started['conversation_id']}")).json()
    assert conversation["turns"][-1]["checks"][-1]["figure"] == figure
