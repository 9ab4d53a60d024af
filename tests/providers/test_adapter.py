from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from zuoye import ernie
from zuoye.tutor.ernie_model import ErnieChatModel, as_model_error
from zuoye.tutor.identity import local_user_id
from zuoye.tutor.model import ModelError, ModelReply, TextDelta, complete

pytestmark = pytest.mark.anyio


def _model(name: str = "ERNIE-4.0-8K", base_url: str = "http://127.0.0.1:9") -> ErnieChatModel:
    """For tests that send nothing (no connection is ever opened)."""
    client = ernie.AsyncErnie(api_key="test-ak", secret_key="test-sk", base_url=base_url, max_retries=0)
    return ErnieChatModel(client, name)


@pytest.fixture
async def connected() -> AsyncIterator[Callable[[str], ErnieChatModel]]:
    clients: list[ernie.AsyncErnie] = []

    def make(base_url: str) -> ErnieChatModel:
        client = ernie.AsyncErnie(api_key="test-ak", secret_key="test-sk", base_url=base_url, max_retries=0)
        clients.append(client)
        return ErnieChatModel(client, "ERNIE-4.0-8K")

    yield make
    for c in clients:
        await c.close()


def test_capabilities_come_from_the_model_table() -> None:
    assert _model("ernie-bot-4").name == "ERNIE-4.0-8K"
    assert _model("ERNIE-4.0-8K").supports_functions
    assert not _model("ERNIE-Speed-8K").supports_functions
    with pytest.raises(ModelError, match="unknown model"):
        _model("ERNIE-9")


def test_long_conversations_are_trimmed_oldest_first_and_stay_valid() -> None:
    model = _model()
    history: list[dict[str, Any]] = []
    for i in range(40):
        history += [
            {"role": "user", "content": f"问题{i} " + "很长" * 300},
            {"role": "assistant", "content": "答" * 600},
        ]
    history.append({"role": "user", "content": "最后的问题"})
    fitted = model.fit_messages(history, system="你是老师")
    assert fitted[-1]["content"] == "最后的问题"
    assert len(fitted) % 2 == 1 and fitted[0]["role"] == "user"
    assert [m["role"] for m in fitted] == ["user", "assistant"] * (len(fitted) // 2) + ["user"]
    assert sum(len(m["content"]) for m in fitted) <= 20000
    assert fitted[0]["content"].startswith("问题")  # whole turns dropped, never cut
    with pytest.raises(ModelError, match="too long") as info:
        model.fit_messages([{"role": "user", "content": "字" * 30000}], system=None)
    assert info.value.kind == "input"


async def test_stream_maps_chunks_function_calls_and_quota_headers(
    emulator_factory: Any, connected: Any
) -> None:
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
    events = [
        e async for e in model.stream(messages=[{"role": "user", "content": "讲讲勾股定理"}], user_id="u")
    ]
    assert any(isinstance(e, TextDelta) and e.text for e in events)
    reply = events[-1]
    assert isinstance(reply, ModelReply)
    assert reply.text == "".join(e.text for e in events if isinstance(e, TextDelta))
    assert reply.total_tokens > 0 and reply.limit_requests == 600
    fn = [{"name": "weather", "description": "天气", "parameters": {"type": "object", "properties": {}}}]
    call = await complete(model, messages=[{"role": "user", "content": "今天天气"}], functions=fn)
    assert call.function_call is not None
    assert (call.function_call.name, call.function_call.thoughts) == ("weather", "查天气")


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
    with pytest.raises(ModelError) as info:
        await complete(connected(url), messages=[{"role": "user", "content": "hi"}])
    assert (info.value.kind, info.value.rate_limited) == (kind, rate_limited)


def test_connection_errors_are_retryable_service_errors() -> None:
    err = as_model_error(ernie.APIConnectionError("refused"))
    assert (err.kind, err.retryable) == ("service", True)


def test_local_user_id_is_stable_and_not_the_login_name(tmp_path: Any) -> None:
    import getpass

    first = local_user_id(tmp_path)
    assert first == local_user_id(tmp_path)
    assert getpass.getuser() not in first and len(first) == 32
    assert (tmp_path / "install-secret").stat().st_mode & 0o777 == 0o600
    assert local_user_id(tmp_path / "other-install") != first
