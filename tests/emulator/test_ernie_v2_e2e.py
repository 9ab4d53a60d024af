"""`zuoye.ernie` on v2 against `zuoye emulator` over real sockets, sync and async: a v2 API key, IAM
keys exchanged for a bearer token (and refreshed when revoked), a tool round trip, the three
rate-limit budgets, a retired v1, the model list and an OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from zuoye.emulator.testing import revoke_tokens, stats
from zuoye.ernie import (
    APIRetiredError,
    AsyncErnie,
    BadRequestError,
    ChatResponse,
    Ernie,
    RateLimiter,
    TokenStore,
)

pytestmark = pytest.mark.anyio

KEY = "bce-v3/ALTAK-" + "e" * 20 + "/" + "f" * 40
SOLVE = {
    "name": "solve-equation",
    "description": "解方程",
    "parameters": {"type": "object", "properties": {"equation": {"type": "string"}}},
}
SCENARIO: dict[str, Any] = {
    "rules": [
        {
            "match": "方程",
            "when_functions": True,
            "reply": {"function_call": {"name": "solve_equation", "arguments": '{"equation": "2x+3=7"}'}},
        },
    ]
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "QIANFAN_AK", "QIANFAN_SK", "QIANFAN_ACCESS_TOKEN", "QIANFAN_ACCESS_KEY", "QIANFAN_SECRET_KEY",
        "QIANFAN_BASE_URL", "QIANFAN_BEARER_TOKEN", "QIANFAN_API_KEY", "QIANFAN_CONSOLE_API_BASE_URL",
        "QIANFAN_IAM_BASE_URL", "QIANFAN_APP_ID",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    TokenStore._stores.clear()
    yield
    TokenStore._stores.clear()


@pytest.fixture(params=[True, False], ids=["sync", "async"])
def sync(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def client(sync: bool, **kwargs: Any) -> Ernie | AsyncErnie:
    kwargs.setdefault("retry_delay", 0)
    return Ernie(**kwargs) if sync else AsyncErnie(**kwargs)


async def call(c: Ernie | AsyncErnie, method: str, **kwargs: Any) -> Any:
    result = getattr(c, method)(**kwargs)
    return result if isinstance(c, Ernie) else await result


async def read(stream: Any) -> list[Any]:
    if hasattr(stream, "__aiter__"):
        return [chunk async for chunk in stream]
    return list(stream)


async def done(c: Ernie | AsyncErnie) -> None:
    if isinstance(c, Ernie):
        c.close()
    else:
        await c.close()


async def test_a_v2_key_from_the_environment(
    sync: bool, emulator_factory: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = emulator_factory(bearer_token=KEY, input_tpm=100_000, output_tpm=50_000)
    monkeypatch.setenv("QIANFAN_BEARER_TOKEN", KEY)
    monkeypatch.setenv("QIANFAN_CONSOLE_API_BASE_URL", url)
    limiter = RateLimiter()
    c = client(sync, rate_limiter=limiter)
    assert c.protocol == "v2"
    reply: ChatResponse = await call(
        c,
        "chat",
        model="ERNIE-4.0-8K",
        messages=[{"role": "user", "content": "解方程 x+1=3"}],
        system="你是老师",
    )
    s = await call(
        c, "chat", model="ernie-speed-8k", messages=[{"role": "user", "content": "你好"}], stream=True
    )
    chunks = await read(s)
    models = await call(c, "models")
    await done(c)
    assert reply.result and reply.usage.total_tokens > 0 and reply.finish_reason == "normal"
    assert reply.ratelimit is not None and reply.ratelimit.limit_input_tokens == 100_000
    assert limiter.input_tpm == 100_000 and limiter.output_tpm == 50_000  # learned from the headers
    assert chunks[-1].is_end and "".join(ch.result for ch in chunks) == s.response.result
    assert s.response.usage.total_tokens > 0
    assert "ernie-4.0-8k" in models


async def test_a_tool_round_trip(sync: bool, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(scenario=SCENARIO)
    c = client(sync, bearer_token=KEY, base_url=url)
    messages: list[dict[str, Any]] = [{"role": "user", "content": "解方程 2x+3=7"}]
    first: ChatResponse = await call(c, "chat", model="ernie-4.0-8k", messages=messages, functions=[SOLVE])
    assert first.function_call is not None and first.function_call.name == "solve-equation"
    assert first.function_call.id and first.finish_reason == "function_call"
    messages += [
        first.to_message(),
        {"role": "tool", "tool_call_id": first.function_call.id, "content": '{"x": 2}'},
    ]
    second: ChatResponse = await call(c, "chat", model="ernie-4.0-8k", messages=messages, functions=[SOLVE])
    await done(c)
    assert second.function_call is None and second.result


async def test_iam_keys_get_a_bearer_token_and_a_new_one_when_it_is_revoked(
    sync: bool, emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory(iam_access_key="test-iam-ak", iam_secret_key="test-iam-sk")
    c = client(
        sync, access_key="test-iam-ak", secret_access_key="test-iam-sk", base_url=url, iam_base_url=url
    )
    assert c.protocol == "v2" and "bearer token" in c.credentials
    await call(c, "chat", messages=[{"role": "user", "content": "你好"}])
    revoke_tokens(url)
    again: ChatResponse = await call(c, "chat", messages=[{"role": "user", "content": "你好"}])
    await done(c)
    assert again.result
    assert stats(url)["bearer_tokens_issued"] == 2  # one, and one more after the revocation


async def test_a_retired_v1_says_what_to_do(sync: bool, emulator_factory: Callable[..., str]) -> None:
    for mode in ("3", "404", "html"):
        url = emulator_factory(v1_retired=mode)
        c = client(sync, api_key="old-ak", secret_key="old-sk", base_url=url)
        with pytest.raises(APIRetiredError) as info:
            await call(c, "chat", model="ERNIE-4.0-8K", messages=[{"role": "user", "content": "你好"}])
        await done(c)
        message = str(info.value)
        assert "2026-08-31" in message and "QIANFAN_BEARER_TOKEN" in message and "千帆控制台" in message
        assert "old-sk" not in message


async def test_an_openai_compatible_server(sync: bool, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(openai_api_key="sk-school")
    c = client(sync, protocol="openai", base_url=url + "/v1", bearer_token="sk-school")
    reply: ChatResponse = await call(
        c, "chat", model="ernie-4.0-8k", messages=[{"role": "user", "content": "你好"}]
    )
    s = await call(
        c, "chat", model="ernie-4.0-8k", messages=[{"role": "user", "content": "你好"}], stream=True
    )
    chunks = await read(s)
    models = await call(c, "models")
    wrong = client(sync, protocol="openai", base_url=url + "/v1", bearer_token="sk-wrong", max_retries=0)
    with pytest.raises(Exception, match="401"):
        await call(wrong, "chat", model="ernie-4.0-8k", messages=[{"role": "user", "content": "你好"}])
    await done(c)
    await done(wrong)
    assert reply.result and chunks[-1].is_end and models


async def test_the_server_refuses_what_it_does_not_know(
    sync: bool, emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory()
    c = client(sync, bearer_token=KEY, base_url=url)
    with pytest.raises(BadRequestError) as info:
        await call(c, "chat", model="ernie-no-such-model", messages=[{"role": "user", "content": "你好"}])
    await done(c)
    assert info.value.field == "model" and info.value.code == "invalid_model"
