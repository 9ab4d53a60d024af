"""An answer given again (regenerate) is a version of the same question, not a new mistake: the
错题本 keeps one entry for it, following the newest version."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.web.conftest import parse_sse

pytestmark = pytest.mark.anyio
WORKING = "解方程 2(x-1)=6\n2x-1=6\n2x=7\nx=3.5"


async def test_a_regenerated_checkwork_keeps_one_entry(make_app: Any) -> None:
    app = make_app(offline=True)  # the local solver checks the working
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver") as client:
        await _ask_and_regenerate(client)
    await app.state.zuoye.aclose()


async def _ask_and_regenerate(client: httpx.AsyncClient) -> None:
    events = parse_sse((await client.post("/api/ask", json={"question": WORKING, "mode": "批改"})).text)
    cid = next(d for e, d in events if e == "started")["conversation_id"]
    [first] = (await client.get("/api/mistakes")).json()["entries"]

    again = parse_sse((await client.post(f"/api/conversations/{cid}/regenerate", json={})).text)
    newer = next(d for e, d in again if e == "done")["turn"]
    # no 已加入错题本 notice the second time: it is in already
    assert [d for e, d in events if e == "notice" and d.get("kind") == "mistake"]
    assert not [d for e, d in again if e == "notice" and d.get("kind") == "mistake"]
    [entry] = (await client.get("/api/mistakes")).json()["entries"]
    assert entry["id"] == first["id"] and entry["wrong_line"] == "2x-1=6"
    assert entry["turn_id"] == newer["id"] and entry["conversation_id"] == cid

    saved = await client.post("/api/mistakes", json={"turn_id": newer["id"]})
    assert saved.status_code == 200 and saved.json()["entry"]["id"] == first["id"]
