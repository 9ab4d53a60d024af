"""The adapter over `zuoye.ernie.AsyncErnie`: neutral messages in, deltas and a neutral reply out,
and ernie's errors as the three kinds of who must act. Against `zuoye emulator`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from zuoye import ernie
from zuoye.providers import (
    ChatModel,
    ErnieChatModel,
    Message,
    ProviderError,
    QianfanProvider,
    Reply,
    TextDelta,
    ToolSpec,
    complete,
)
from zuoye.providers._ernie import input_limit, provider_error

pytestmark = pytest.mark.anyio


def _model(name: str = "ERNIE-4.0-8K", base_url: str = "http://127.0.0.1:9") -> ChatModel:
    """For tests that send nothing (no connection is ever opened)."""
    client = ernie.AsyncErnie(api_key="test-ak", secret_key="test-sk", base_url=base_url, max_retries=0)
    return QianfanProvider(client).get(name)


@pytest.fixture
async def connected() -> AsyncIterator[Callable[[str], ChatModel]]:
    clients: list[ernie.AsyncErnie] = []

    def make(base_url: str) -> ChatModel:
        client = ernie.AsyncErnie(api_key="test-ak", secret_key="test-sk", base_url=base_url, max_retries=0)
        clients.append(client)
        return QianfanProvider(client).get("ERNIE-4.0-8K")

    yield make
    for c in clients:
        await c.close()


def test_capabilities_come_from_the_model_table() -> None:
    assert _model("ernie-bot-4").name == "ERNIE-4.0-8K"
    assert _model("ERNIE-4.0-8K").supports_tools
    assert not _model("ERNIE-Speed-8K").supports_tools
    assert isinstance(_model(), ErnieChatModel)


def test_the_input_limit_of_a_model_nobody_documented_is_read_from_its_id() -> None:
    assert input_limit("ernie-4.5-turbo-128k").tokens == 128 * 1024 * 5 // 8
    assert input_limit("moonshot-v1-32k").tokens == 20480
    assert input_limit("qwen2.5:7b").tokens == 8000
    assert input_limit("qwen2.5:7b", tokens=30000).tokens == 30000


def test_long_conversations_are_trimmed_oldest_turn_first_and_stay_valid() -> None:
    model = _model()
    history: list[Message] = []
    for i in range(40):
        call = ernie_call(f"c{i}")
        history += [
            Message.user(f"问题{i} " + "很长" * 300),
            Message.assistant("", [call]),
            Message.tool(call, '{"answer": ["x=1"]}'),
            Message.assistant("答" * 600),
        ]
    history.append(Message.user("最后的问题"))
    fitted = model.fit_messages(history, system="你是老师")
    assert fitted[-1].content == "最后的问题"
    assert fitted[0].role == "user" and fitted[0].content.startswith("问题")  # whole turns dropped, never cut
    assert len(fitted) % 4 == 1
    for i, m in enumerate(fitted):  # every tool result follows the call it answers
        if m.role == "tool":
            assert fitted[i - 1].tool_calls[0].id == m.tool_call_id
    assert sum(len(m.content) for m in fitted) <= 20000
    with pytest.raises(ProviderError, match="太长") as info:
        model.fit_messages([Message.user("字" * 30000)], system=None)
    assert info.value.kind == "input"


def ernie_call(call_id: str) -> Any:
    from zuoye.providers import ToolCall

    return ToolCall(call_id, "solve_math_problem", '{"question": "x+1=2"}')


async def test_stream_maps_chunks_tool_calls_and_quota_headers(emulator_factory: Any, connected: Any) -> None:
    scenario = {
        "rules": [
            {
                "match": "天气",
                "when_functions": True,
                "reply": {"function_call": {"name": "weather", "arguments": "{}", "thoughts": "查天气"}},
            }
        ]
    }
    model = connected(emulator_factory(scenario=scenario, rpm=600))
    events = [e async for e in model.stream(messages=[Message.user("讲讲勾股定理")], user_id="u")]
    assert any(isinstance(e, TextDelta) and e.text for e in events)
    reply = events[-1]
    assert isinstance(reply, Reply)
    assert reply.text == "".join(e.text for e in events if isinstance(e, TextDelta))
    assert reply.usage.total_tokens > 0 and reply.limits is not None and reply.limits.requests == 600
    assert (reply.finish_reason, reply.refused, reply.tool_calls) == ("stop", False, [])
    tools = [ToolSpec(name="weather", description="天气", parameters={"type": "object", "properties": {}})]
    call = await complete(model, messages=[Message.user("今天天气")], tools=tools)
    [tool_call] = call.tool_calls
    assert (tool_call.name, tool_call.thoughts, call.finish_reason) == ("weather", "查天气", "tool_calls")
    assert tool_call.id.startswith("call_")  # v1 gives none: the adapter makes one
    # the call goes back with its result, by id, and the model answers
    answered = await complete(
        model,
        messages=[
            Message.user("今天天气"),
            Message.assistant("", [tool_call]),
            Message.tool(tool_call, '{"晴": 1}'),
        ],
        tools=tools,
    )
    assert answered.text and not answered.tool_calls


async def test_a_flagged_question_is_a_refusal(emulator_factory: Any, connected: Any) -> None:
    model = connected(emulator_factory(flag_pattern="敏感"))
    reply = await complete(model, messages=[Message.user("一个敏感的问题")])
    assert reply.refused


@pytest.mark.parametrize(
    ("code", "kind", "rate_limited"),
    [
        (18, "service", True),
        (336501, "service", True),
        (17, "config", False),
        (336003, "input", False),
        (336100, "service", False),
    ],
)
async def test_errors_say_who_must_act(
    emulator_factory: Any, connected: Any, code: int, kind: str, rate_limited: bool
) -> None:
    url = emulator_factory(scenario={"rules": [{"reply": {"error_code": code}}]})
    with pytest.raises(ProviderError) as info:
        await complete(connected(url), messages=[Message.user("hi")])
    assert (info.value.kind, info.value.rate_limited) == (kind, rate_limited)
    assert str(info.value).startswith("ERNIE: ")


def test_connection_errors_are_retryable_service_errors() -> None:
    err = provider_error(ernie.APIConnectionError("refused"), "deepseek")
    assert (err.kind, err.retryable, str(err)) == ("service", True, "deepseek: refused")


@pytest.mark.parametrize(
    "exc",
    [
        ernie.InvalidCredentialsError("bad key"),
        ernie.PermissionDeniedError("not enabled"),
        ernie.QuotaExceededError("daily quota"),
    ],
)
def test_credentials_permissions_and_quota_are_for_a_person_to_fix(exc: ernie.ErnieError) -> None:
    assert provider_error(exc, "ERNIE").kind == "config"
