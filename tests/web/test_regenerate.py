"""Regenerating never makes the server wait on the database: while another writer holds SQLite
(a worksheet being saved, a `zuoye ask` beside the server), a regenerate waits in a thread and
every other request, here /api/health, is still answered."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import answer_text, ask, parse_sse
from zuoye.store import Store

pytestmark = pytest.mark.anyio


async def test_regenerate_does_not_block_the_server_while_the_database_is_busy(
    client: httpx.AsyncClient, model: ScriptedModel, store: Store
) -> None:
    model.replies += ["第一个回答。", "更好的回答。"]
    cid = (await ask(client, "问题"))[0][1]["conversation_id"]

    holding, release = threading.Event(), threading.Event()
    released_late = threading.Event()  # the writer gave up waiting: something blocked the loop

    def another_writer() -> None:
        with store._transactions.write():
            holding.set()
            if not release.wait(timeout=5):
                released_late.set()

    writer = threading.Thread(target=another_writer)
    writer.start()
    try:
        assert await asyncio.to_thread(holding.wait, 5)
        regenerating = asyncio.create_task(client.post(f"/api/conversations/{cid}/regenerate", json={}))
        await asyncio.sleep(0.2)  # the regenerate reaches its write and waits for the database
        health = await client.get("/api/health")
        assert health.status_code == 200
        assert not released_late.is_set(), "the event loop was blocked until the writer let go"
        assert not regenerating.done()  # it is still waiting for the database, off the loop
    finally:
        release.set()
        await asyncio.to_thread(writer.join)
    r = await regenerating
    assert answer_text(parse_sse(r.text)) == "更好的回答。"
    turns = (await client.get(f"/api/conversations/{cid}")).json()["turns"]
    assert [(t["answer"], t["in_context"]) for t in turns] == [
        ("第一个回答。", False),
        ("更好的回答。", True),
    ]


async def test_the_answers_to_one_question_are_versions_of_it(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    """Each regenerate marks the answer it replaces, so a reloaded page can offer 1/2/3 instead of
    showing the question three times; a follow-up after them is a turn of its own."""
    model.replies += ["第一个回答。", "第二个回答。", "第三个回答。", "追问的回答。"]
    cid = (await ask(client, "问题"))[0][1]["conversation_id"]
    for _ in range(2):
        r = await client.post(f"/api/conversations/{cid}/regenerate", json={})
        assert r.status_code == 200
    await ask(client, "追问", conversation_id=cid)
    turns = (await client.get(f"/api/conversations/{cid}")).json()["turns"]
    assert [(t["question"], t["answer"], t["regenerated"], t["in_context"]) for t in turns] == [
        ("问题", "第一个回答。", True, False),
        ("问题", "第二个回答。", True, False),
        ("问题", "第三个回答。", False, True),
        ("追问", "追问的回答。", False, True),
    ]


async def test_a_regenerate_that_cannot_start_leaves_the_answer_as_it_was(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    model.replies += ["第一个回答。"]
    cid = (await ask(client, "问题"))[0][1]["conversation_id"]
    r = await client.post(f"/api/conversations/{cid}/regenerate", json={"mode": "不存在的模式"})
    assert r.status_code == 422
    [turn] = (await client.get(f"/api/conversations/{cid}")).json()["turns"]
    assert (turn["regenerated"], turn["in_context"]) == (False, True)
