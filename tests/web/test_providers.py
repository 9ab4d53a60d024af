"""The page's view of the registry: /api/models lists what each service offers, answers stream from
any provider's model, and a thinking model's reasoning comes as its own event."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel, ScriptedProvider
from tests.web.conftest import answer_text, ask, done
from zuoye.providers import Registry, Reply
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.web import create_app

pytestmark = pytest.mark.anyio


@pytest.fixture
async def two_services(
    tmp_path: Path, store: Store
) -> AsyncIterator[tuple[httpx.AsyncClient, ScriptedModel, ScriptedModel]]:
    ernie, school = ScriptedModel(), ScriptedModel(supports_tools=False)
    providers = [ScriptedProvider(ernie), ScriptedProvider(school, name="school", models=("qwen2.5:7b",))]
    app = create_app(Settings(home=tmp_path)._validated(), store=store, registry=Registry(providers))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as client:
        yield client, ernie, school
    await app.state.zuoye.aclose()
    assert all(p.closed for p in providers)  # the app closes what the registry made


async def test_models_lists_every_service_and_the_default(two_services: Any) -> None:
    client, *_ = two_services
    body = (await client.get("/api/models")).json()
    by_name = {m["name"]: m for m in body["models"]}
    assert by_name["ERNIE-4.0-8K"]["provider"] == "qianfan"
    assert by_name["school/qwen2.5:7b"] == {
        "name": "school/qwen2.5:7b",
        "provider": "school",
        "supports_tools": False,
        "description": "scripted",
    }
    assert body["default"] == "ERNIE-4.0-8K" and body["offline"] is False
    assert [p["name"] for p in body["providers"]] == ["qianfan", "school"]
    health = (await client.get("/api/health")).json()
    assert health["providers"] == ["qianfan", "school"] and health["ernie"] == "configured"


async def test_an_answer_streams_from_a_providers_model_and_follow_ups_stay_with_it(
    two_services: Any,
) -> None:
    client, ernie, school = two_services
    school.replies += ["解：$x=2$。答：$x=2$。", "继续：检验成立。"]
    events = await ask(client, "解方程 2x+3=7", model="school/qwen2.5:7b")
    assert events[0][1]["model"] == "school/qwen2.5:7b"
    assert "x=2" in answer_text(events)
    turn = done(events)
    assert (turn["model"], turn["status"]) == ("school/qwen2.5:7b", "complete")
    assert school.calls[0].tools is None  # no tools for a server configured without them
    again = await ask(client, "检验一下", conversation_id=events[0][1]["conversation_id"])
    assert done(again)["model"] == "school/qwen2.5:7b" and ernie.calls == []


async def test_a_model_no_service_offers_is_refused_before_anything_is_stored(two_services: Any) -> None:
    client, *_ = two_services
    r = await client.post("/api/ask", json={"question": "1+1", "model": "nowhere/x"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_model"
    assert "nowhere" in r.json()["error"]["message"]
    assert (await client.get("/api/conversations")).json()["conversations"] == []


async def test_reasoning_is_its_own_event_and_never_in_the_answer(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    model.replies.append(Reply("答：$x=2$。", reasoning="先移项，得 2x=4，再两边除以 2。"))
    events = await ask(client, "解方程 2x+3=7")
    reasoning = "".join(d["text"] for e, d in events if e == "reasoning")
    assert reasoning == "先移项，得 2x=4，再两边除以 2。"
    assert "移项" not in answer_text(events) and "移项" not in done(events)["answer"]
    names = [e for e, _ in events]
    assert names.index("reasoning") < names.index("delta")


async def test_a_refusal_reaches_the_page_as_a_notice(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    model.replies.append(Reply("", finish_reason="content_filter", refused=True))
    events = await ask(client, "某个问题")
    [notice] = [d for e, d in events if e == "notice" and d["kind"] == "refused"]
    assert "无法回答" in notice["text"]
