"""The registry and its adapter against `zuoye emulator`, configured the way a user would: a v2 API
key, IAM keys, a school's OpenAI-compatible server at /v1, and the retired v1 keys."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from zuoye.providers import (
    Message,
    ProviderError,
    ReasoningDelta,
    Registry,
    Reply,
    TextDelta,
    ToolSpec,
    complete,
    retired_v1_hint,
)
from zuoye.settings import Settings

pytestmark = pytest.mark.anyio

_VARIABLES = (
    "QIANFAN_AK",
    "QIANFAN_SK",
    "QIANFAN_ACCESS_TOKEN",
    "QIANFAN_ACCESS_KEY",
    "QIANFAN_SECRET_KEY",
    "QIANFAN_BEARER_TOKEN",
    "QIANFAN_API_KEY",
    "QIANFAN_APP_ID",
    "QIANFAN_BASE_URL",
    "QIANFAN_CONSOLE_API_BASE_URL",
    "QIANFAN_IAM_BASE_URL",
    "ZUOYE_OPENAI_BASE_URL",
    "ZUOYE_OPENAI_API_KEY",
    "ZUOYE_OPENAI_MODELS",
    "ZUOYE_OPENAI_TOOLS",
    "ZUOYE_MODEL",
)
WEATHER = ToolSpec(
    name="get_weather",
    description="查询城市天气",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


def v2_key(tag: str = "k") -> str:
    return "bce-v3/ALTAK-" + tag * 20 + "/" + "s" * 40


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Callable[..., Registry]]:
    """`registry(**environment)`: a registry from that environment alone (closed at the end)."""
    made: list[Registry] = []
    for name in _VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))

    def make(**environ: str) -> Registry:
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        reg = Registry.from_settings(Settings.load(), client_options=lambda: {"max_retries": 0})
        made.append(reg)
        return reg

    yield make
    for reg in made:
        await reg.aclose()


async def _stream(model: Any, question: str, **kw: Any) -> list[Any]:
    return [e async for e in model.stream(messages=[Message.user(question)], **kw)]


async def test_v2_key_streams_reports_three_budgets_and_lists_the_models(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    key = v2_key()
    url = emulator_factory(bearer_token=key, rpm=120, input_tpm=50_000, output_tpm=8_000)
    reg = registry(QIANFAN_BEARER_TOKEN=key, QIANFAN_CONSOLE_API_BASE_URL=url)
    [status] = reg.providers
    assert (status.protocol, status.problem) == ("v2", None)
    model = reg.get()
    assert model.name == "ERNIE-4.0-8K"
    events = await _stream(model, "讲讲勾股定理", system="你是老师", user_id="student-1")
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    reply = events[-1]
    assert isinstance(reply, Reply) and len(deltas) > 1
    assert reply.text == "".join(deltas) and reply.finish_reason == "stop" and not reply.refused
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens > 0
    assert reply.limits is not None
    assert (reply.limits.requests, reply.limits.input_tokens, reply.limits.output_tokens) == (
        120,
        50_000,
        8_000,
    )
    [listing] = await reg.listings()
    assert listing.source == "service" and listing.error is None
    names = {m.model: m for m in listing.models}
    assert names["ERNIE-4.0-8K"].supports_tools and not names["ERNIE-Speed-8K"].supports_tools
    assert "ernie-4.5-turbo-128k" in names and "ernie-x1-turbo-32k" in names


async def test_v2_parallel_tool_calls_go_back_by_id(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    calls = [
        {"name": "get_weather", "arguments": json.dumps({"city": "北京"}, ensure_ascii=False)},
        {"name": "get_weather", "arguments": json.dumps({"city": "上海"}, ensure_ascii=False)},
    ]
    url = emulator_factory(scenario={"rules": [{"match": "天气", "reply": {"tool_calls": calls}}]})
    model = registry(QIANFAN_BEARER_TOKEN=v2_key(), QIANFAN_CONSOLE_API_BASE_URL=url).get("ernie-3.5-8k")
    asked = [Message.user("北京和上海的天气怎么样？")]
    reply = await complete(model, messages=asked, tools=[WEATHER])
    assert reply.finish_reason == "tool_calls"
    assert [json.loads(c.arguments)["city"] for c in reply.tool_calls] == ["北京", "上海"]
    assert len({c.id for c in reply.tool_calls}) == 2 and all(
        c.id.startswith("call_") for c in reply.tool_calls
    )
    answered = [*asked, Message.assistant(reply.text, reply.tool_calls)]
    answered += [Message.tool(c, json.dumps({"天气": "晴"}, ensure_ascii=False)) for c in reply.tool_calls]
    final = await complete(model, messages=answered, tools=[WEATHER])
    assert final.text and not final.tool_calls and final.finish_reason == "stop"


async def test_v2_thinking_model_reasoning_comes_apart_from_the_answer(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    scenario = {
        "rules": [{"match": "思考", "reply": {"result": "答：x=2。", "reasoning": "先移项，再两边除以 2。"}}]
    }
    url = emulator_factory(scenario=scenario)
    model = registry(QIANFAN_BEARER_TOKEN=v2_key(), QIANFAN_CONSOLE_API_BASE_URL=url).get(
        "ernie-x1-turbo-32k"
    )
    events = await _stream(model, "思考一下：2x+3=7")
    reasoning = "".join(e.text for e in events if isinstance(e, ReasoningDelta))
    answer = "".join(e.text for e in events if isinstance(e, TextDelta))
    reply = events[-1]
    assert reasoning == reply.reasoning == "先移项，再两边除以 2。"
    assert answer == reply.text == "答：x=2。"
    first_text = next(i for i, e in enumerate(events) if isinstance(e, TextDelta))
    assert all(not isinstance(e, ReasoningDelta) for e in events[first_text:])


async def test_v2_refusal_and_errors_say_who_must_act(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    scenario = {
        "rules": [
            {"match": "挤", "reply": {"status": 429, "code": "rpm_rate_limit_exceeded"}},
            {"match": "坏", "reply": {"status": 400, "code": "invalid_argument", "message": "bad field"}},
        ]
    }
    key = v2_key()
    url = emulator_factory(scenario=scenario, bearer_token=key)
    model = registry(QIANFAN_BEARER_TOKEN=key, QIANFAN_CONSOLE_API_BASE_URL=url).get()
    assert (await complete(model, messages=[Message.user("一个敏感词问题")])).refused
    with pytest.raises(ProviderError) as busy:
        await complete(model, messages=[Message.user("太挤了")])
    assert (busy.value.kind, busy.value.rate_limited) == ("service", True)
    with pytest.raises(ProviderError) as bad:
        await complete(model, messages=[Message.user("坏请求")])
    assert bad.value.kind == "input"


async def test_a_wrong_v2_key_is_for_a_person_to_fix_and_never_shown(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory(bearer_token=v2_key("r"))
    wrong = v2_key("w")
    model = registry(QIANFAN_BEARER_TOKEN=wrong, QIANFAN_CONSOLE_API_BASE_URL=url).get()
    with pytest.raises(ProviderError) as info:
        await complete(model, messages=[Message.user("你好")])
    assert info.value.kind == "config" and wrong not in str(info.value) and "s" * 40 not in str(info.value)


async def test_iam_keys_reach_v2(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    ak, sk = "iam-ak-" + "a" * 16, "iam-sk-" + "b" * 32
    url = emulator_factory(iam_access_key=ak, iam_secret_key=sk)
    reg = registry(
        QIANFAN_ACCESS_KEY=ak,
        QIANFAN_SECRET_KEY=sk,
        QIANFAN_IAM_BASE_URL=url,
        QIANFAN_CONSOLE_API_BASE_URL=url,
    )
    [status] = reg.providers
    assert status.protocol == "v2" and sk not in status.credentials
    reply = await complete(reg.get("ERNIE-Speed-8K"), messages=[Message.user("1+1 等于几？")])
    assert reply.text and reply.usage.total_tokens > 0


async def test_a_schools_openai_compatible_server(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    school_key = "school-" + "z" * 24
    url = emulator_factory(openai_api_key=school_key, models=("qwen2.5:7b",))
    reg = registry(
        ZUOYE_OPENAI_BASE_URL=f"{url}/v1",
        ZUOYE_OPENAI_API_KEY=school_key,
        ZUOYE_OPENAI_MODELS="qwen2.5:7b",
        ZUOYE_OPENAI_TOOLS="1",
    )
    model = reg.get()
    assert (model.name, model.supports_tools) == ("openai/qwen2.5:7b", True)
    events = await _stream(model, "讲讲勾股定理")
    assert isinstance(events[-1], Reply) and events[-1].text
    assert events[-1].text == "".join(e.text for e in events if isinstance(e, TextDelta))
    [listing] = await reg.listings()
    assert listing.source == "service"
    assert listing.models[0].model == "openai/qwen2.5:7b"  # the configured model first
    assert "openai/deepseek-r1" in [m.model for m in listing.models]


async def test_the_openai_server_gets_its_own_key_never_baidus(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str | None]] = []

    def server(request: httpx.Request) -> httpx.Response:
        # One transport for both clients here: ERNIE's requests go to Baidu's host, with its key.
        seen.append((request.url.host, request.headers.get("authorization")))
        if request.url.path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": []})
        body = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "好"}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        return httpx.Response(200, json=body)

    for name in _VARIABLES:
        monkeypatch.delenv(name, raising=False)
    baidu = v2_key("b")
    for name, value in {
        "QIANFAN_BEARER_TOKEN": baidu,
        "ZUOYE_OPENAI_BASE_URL": "http://school.test/v1",
        "ZUOYE_OPENAI_MODELS": "m",
    }.items():
        monkeypatch.setenv(name, value)
    reg = Registry.from_settings(
        Settings.load(), client_options=lambda: {"transport": httpx.MockTransport(server), "max_retries": 0}
    )
    try:
        assert (await complete(reg.get("openai/m"), messages=[Message.user("hi")])).text == "好"
        await reg.listings()
    finally:
        await reg.aclose()
    school = [auth for host, auth in seen if host == "school.test"]
    assert len(school) == 2 and school == [None, None]  # no key configured: no Authorization at all
    assert all(auth == f"Bearer {baidu}" for host, auth in seen if host != "school.test")


async def test_a_listing_that_fails_says_why(registry: Callable[..., Registry]) -> None:
    reg = registry(ZUOYE_OPENAI_BASE_URL="http://127.0.0.1:9/v1", ZUOYE_OPENAI_MODELS="m1,m2")
    [listing] = await reg.listings()
    assert listing.source == "table" and [m.model for m in listing.models] == ["openai/m1", "openai/m2"]
    assert listing.error is not None and listing.error.startswith("openai: ")


async def test_v1_keys_still_answer_and_warn(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory()
    reg = registry(QIANFAN_AK="v1-ak-" + "a" * 10, QIANFAN_SK="v1-sk-" + "b" * 10, QIANFAN_BASE_URL=url)
    [status] = reg.providers
    assert (status.protocol, status.problem) == ("v1", retired_v1_hint())
    tools = [WEATHER]
    scenario_free = await complete(
        reg.get("ERNIE-4.0-8K"), messages=[Message.user("讲讲勾股定理")], tools=tools
    )
    assert scenario_free.text
    [listing] = await reg.listings()
    assert listing.source == "table"  # v1 has no list of models


@pytest.mark.parametrize("mode", ["3", "404"])
async def test_a_retired_v1_says_exactly_what_to_do(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str], mode: str
) -> None:
    url = emulator_factory(v1_retired=mode)
    reg = registry(QIANFAN_AK="v1-ak-" + "a" * 10, QIANFAN_SK="v1-sk-" + "b" * 10, QIANFAN_BASE_URL=url)
    with pytest.raises(ProviderError) as info:
        await complete(reg.get(), messages=[Message.user("你好")])
    assert info.value.kind == "config"
    assert "QIANFAN_BEARER_TOKEN" in str(info.value) and "2026-08-31" in str(info.value)


# A stream cut once it has begun says so (ProviderError.cut), so the tutor can ask again; a call
# refused before it answered does not.
@pytest.mark.parametrize(
    ("rule", "cut"),
    [
        ({"match": "断", "reply": {"result": "第一句。第二句。第三句。"}, "cut_after": 1}, True),
        ({"match": "断", "reply": {"status": 503, "code": "service_unavailable"}}, False),
        (
            {"match": "断", "reply": {"status": 503, "code": "service_unavailable"}, "error_after": 1},
            True,
        ),
    ],
    ids=["dropped mid-stream", "refused before answering", "error mid-stream"],
)
async def test_a_cut_stream_is_marked_as_such(
    registry: Callable[..., Registry],
    emulator_factory: Callable[..., str],
    rule: dict[str, object],
    cut: bool,
) -> None:
    key = v2_key()
    url = emulator_factory(bearer_token=key, scenario={"rules": [rule]})
    model = registry(QIANFAN_BEARER_TOKEN=key, QIANFAN_CONSOLE_API_BASE_URL=url).get()
    with pytest.raises(ProviderError) as caught:
        await _stream(model, "讲一讲，会断")
    assert (caught.value.kind, caught.value.cut, caught.value.unreachable) == ("service", cut, False)
