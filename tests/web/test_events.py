"""GET /api/conversations/{id}/events: a page that lost its stream reads the answer again, from
the start or from the last event it saw; a finished answer is its stored turn."""

from __future__ import annotations

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import ask, parse_sse

pytestmark = pytest.mark.anyio


async def test_reading_a_finished_answer_again(client: httpx.AsyncClient, model: ScriptedModel) -> None:
    model.replies.append("第一句。第二句。第三句。")
    events = await ask(client, "讲讲勾股定理")
    cid = events[0][1]["conversation_id"]

    again = await client.get(f"/api/conversations/{cid}/events")
    assert again.headers["content-type"].startswith("text/event-stream")
    assert [e for e, _ in parse_sse(again.text)] == [e for e, _ in events]  # the same events, replayed

    ids = [line[3:].strip() for line in again.text.splitlines() if line.startswith("id:")]
    turn_id = events[0][1]["turn_id"]
    assert ids == [f"{turn_id}-{n}" for n in range(1, len(events) + 1)]
    tail = await client.get(f"/api/conversations/{cid}/events", headers={"Last-Event-ID": ids[2]})
    assert parse_sse(tail.text) == events[3:]  # carries on after the third

    stale = await client.get(f"/api/conversations/{cid}/events", headers={"Last-Event-ID": "999999-3"})
    assert parse_sse(stale.text) == events  # another turn's id: from the start


async def test_an_answer_whose_events_are_gone_is_its_stored_turn(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    model.replies.append("答：5。")
    response = await client.post("/api/ask", json={"question": "2+3=?", "stream": False})
    cid = response.json()["conversation_id"]  # not streamed: no events were kept
    events = parse_sse((await client.get(f"/api/conversations/{cid}/events")).text)
    assert [e for e, _ in events] == ["done"]
    assert events[0][1]["turn"]["answer"] == "答：5。"
    missing = await client.get("/api/conversations/" + "f" * 32 + "/events")
    assert missing.status_code == 404


async def test_a_stored_check_says_what_the_computer_understood(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    model.replies.append("解：$(x-2)(x-3)=0$，所以 $x_1=2$，$x_2=3$。\n\n答：$x_1=2$，$x_2=3$。")
    events = await ask(client, "解方程 x^2-5x+6=0")
    cid = events[0][1]["conversation_id"]
    [turn] = (await client.get(f"/api/conversations/{cid}")).json()["turns"]
    check = turn["checks"][-1]
    assert check["status"] == "agree"
    shown = check["understood_segments"]
    assert shown[0] == {"kind": "text", "content": "计算机理解的题目：解方程 "}
    assert shown[1] == {"kind": "inline", "content": "x^{2} - 5 x + 6 = 0"}
