"""Deleting a conversation, and what hung on its turns: the 错题本 entry stays (its texts are
copies) but no longer points at a conversation that is gone, and a later question — which SQLite
may give the deleted turn's id — is a turn of its own: it can go into the 错题本 and its answer
stream is its own."""

from __future__ import annotations

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import answer_text, ask, done

pytestmark = pytest.mark.anyio


async def _ask_in_a_new_conversation(
    client: httpx.AsyncClient, model: ScriptedModel, question: str, reply: str
) -> tuple[dict, str, str]:  # type: ignore[type-arg]
    model.replies.append(reply)
    events = await ask(client, question)
    listed = (await client.get("/api/conversations")).json()["conversations"]
    return done(events), answer_text(events), listed[0]["id"]


async def test_an_entry_outlives_its_conversation_without_pointing_at_it(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    turn, _, cid = await _ask_in_a_new_conversation(client, model, "解方程 2x+3=7", "答：$x=2$。")
    entry = (await client.post("/api/mistakes", json={"turn_id": turn["id"]})).json()["entry"]
    assert entry["conversation_id"] == cid
    assert entry["conversation_deleted"] is False and entry["conversation_note"] is None

    assert (await client.delete(f"/api/conversations/{cid}")).status_code == 204
    [kept] = (await client.get("/api/mistakes")).json()["entries"]
    assert kept["id"] == entry["id"] and kept["problem"] == "解方程 2x+3=7"
    # the page links an entry to its conversation: a link to one deleted would open "没有这个对话"
    assert kept["conversation_id"] is None and kept["turn_id"] is None
    # ... and says so instead, in the reader's language
    assert kept["conversation_deleted"] is True and kept["conversation_note"] == "原对话已删除"
    english = await client.get("/api/mistakes", headers={"Accept-Language": "en"})
    assert english.json()["entries"][0]["conversation_note"] == "original conversation deleted"


async def test_a_question_after_a_deletion_is_a_turn_of_its_own(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    first, _, cid = await _ask_in_a_new_conversation(client, model, "解方程 2x+3=7", "答：$x=2$。")
    assert (await client.post("/api/mistakes", json={"turn_id": first["id"]})).status_code == 201
    assert (await client.delete(f"/api/conversations/{cid}")).status_code == 204

    second, text, _ = await _ask_in_a_new_conversation(client, model, "解方程 5x-1=14", "答：$x=3$。")
    # its own answer, not the deleted turn's (the answer's events are kept by turn id)
    assert "x=3" in text and second["question"] == "解方程 5x-1=14" and "x=3" in second["answer"]
    r = await client.post("/api/mistakes", json={"turn_id": second["id"]})
    assert r.status_code == 201, r.text
    assert r.json()["created"] is True and r.json()["entry"]["problem"] == "解方程 5x-1=14"
    problems = [e["problem"] for e in (await client.get("/api/mistakes")).json()["entries"]]
    assert sorted(problems) == ["解方程 2x+3=7", "解方程 5x-1=14"]
