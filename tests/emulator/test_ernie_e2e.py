"""`zuoye.ernie` end to end against the emulator: real sockets, real token exchange, real signing.

Every test body runs with the sync and the async client. Unlike tests/ernie (scripted fakes on an
httpx.MockTransport), nothing here was written to agree with the client: the emulator follows the
spec pages, so a misunderstanding on either side shows up as a failure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.emulator._helpers import token as _token
from zuoye.emulator.testing import expire_tokens, revoke_tokens, stats
from zuoye.ernie import (
    AccessTokenError,
    APIConnectionError,
    AsyncChatStream,
    AsyncErnie,
    BadRequestError,
    ChatChunk,
    ChatResponse,
    ChatStream,
    Ernie,
    ErnieError,
    IncompleteStreamError,
    InternalServerError,
    InvalidCredentialsError,
    QuotaExceededError,
    RateLimitError,
    ServerBusyError,
    StreamError,
    TokenStore,
)

pytestmark = pytest.mark.anyio

WEATHER = {
    "name": "get_current_weather",
    "description": "获得指定地点的天气",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
    },
}
SCENARIO: dict[str, Any] = {
    "rules": [
        {
            "match": "天气",
            "when_functions": True,
            "reply": {
                "function_call": {
                    "name": "get_current_weather",
                    "arguments": '{"location": "上海市"}',
                    "thoughts": "需要查询天气",
                }
            },
        },
        {"match": "忙", "reply": {"error_code": 336100, "times": 2}},
        {"match": "参数", "reply": {"error_code": 336003, "error_msg": "the temperature is invalid"}},
        {"match": "内部", "reply": {"error_code": 336000}},
        {"match": "额度", "reply": {"error_code": 17}},
        {"match": "断", "reply": {"result": "第一句。第二句。第三句。"}, "cut_after": 1},
        {"match": "半途", "reply": {"error_code": 336100}, "error_after": 1},
    ]
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No credentials from the machine, and no token shared between tests."""
    for name in (
        "QIANFAN_AK",
        "QIANFAN_SK",
        "QIANFAN_ACCESS_TOKEN",
        "QIANFAN_ACCESS_KEY",
        "QIANFAN_SECRET_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("QIANFAN_BASE_URL", raising=False)
    TokenStore._stores.clear()
    yield
    TokenStore._stores.clear()


@pytest.fixture(params=[True, False], ids=["sync", "async"])
def sync(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def client(sync: bool, base_url: str, **kwargs: Any) -> Ernie | AsyncErnie:
    if not {"access_key", "access_token"} & set(kwargs):
        kwargs.setdefault("api_key", "test-ak")
        kwargs.setdefault("secret_key", "test-sk")
    kwargs.setdefault("retry_delay", 0)
    return Ernie(base_url=base_url, **kwargs) if sync else AsyncErnie(base_url=base_url, **kwargs)


async def chat(c: Ernie | AsyncErnie, question: str = "你好", **kwargs: Any) -> Any:
    kwargs.setdefault("messages", [{"role": "user", "content": question}])
    kwargs.setdefault("model", "ERNIE-4.0-8K")
    if isinstance(c, Ernie):
        return c.chat(**kwargs)
    return await c.chat(**kwargs)


async def consume(s: ChatStream | AsyncChatStream) -> list[ChatChunk]:
    if isinstance(s, ChatStream):
        with s:
            return list(s)
    async with s:
        return [chunk async for chunk in s]


async def close(c: Ernie | AsyncErnie) -> None:
    if isinstance(c, Ernie):
        c.close()
    else:
        await c.close()


async def test_token_exchange_chat_and_headers(sync: bool, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(api_key="test-ak", secret_key="test-sk", rpm=100)
    c = client(sync, url)
    try:
        reply: ChatResponse = await chat(c, "介绍一下你自己")
        again: ChatResponse = await chat(c, "介绍一下你自己", model="ERNIE-Speed-8K")
    finally:
        await close(c)
    assert "模拟器" in reply.result and reply.usage.prompt_tokens == 7
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    assert reply.id.startswith("as-") and reply.request_id
    assert reply.ratelimit is not None and reply.ratelimit.limit_requests == 100
    assert again.result == reply.result
    counters = stats(url)
    assert counters["tokens_issued"] == 1  # one token, reused
    assert counters["endpoints"] == {"completions_pro": 1, "ernie_speed": 1}


async def test_wrong_keys_are_invalid_credentials(sync: bool, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(api_key="test-ak", secret_key="test-sk")
    c = client(sync, url, secret_key="wrong")
    try:
        with pytest.raises(InvalidCredentialsError) as info:
            await chat(c)
    finally:
        await close(c)
    assert "wrong" not in str(info.value) and "test-ak" not in repr(info.value)


async def test_stream(sync: bool, emulator: str) -> None:
    c = client(sync, emulator)
    try:
        whole: ChatResponse = await chat(c, "给我推荐一些自驾游路线")
        chunks = await consume(await chat(c, "给我推荐一些自驾游路线", stream=True))
    finally:
        await close(c)
    assert [ch.sentence_id for ch in chunks] == list(range(len(chunks))) and len(chunks) >= 3
    assert chunks[-1].is_end and not any(ch.is_end for ch in chunks[:-1])
    assert "".join(ch.result for ch in chunks) == whole.result
    assert chunks[-1].usage.total_tokens == whole.usage.total_tokens


async def test_function_call_round_trip(sync: bool, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(scenario=SCENARIO)
    c = client(sync, url)
    messages: list[dict[str, Any]] = [{"role": "user", "content": "上海市今天天气如何？"}]
    try:
        first: ChatResponse = await chat(c, messages=messages, functions=[WEATHER])
        assert first.function_call is not None and first.finish_reason == "function_call"
        assert first.function_call.name == "get_current_weather"
        assert first.function_call.parsed_arguments() == {"location": "上海市"}
        result = json.dumps({"temperature": "25", "description": "晴朗"}, ensure_ascii=False)
        messages += [
            first.to_message(),
            {"role": "function", "name": "get_current_weather", "content": result},
        ]
        final: ChatResponse = await chat(c, messages=messages, functions=[WEATHER])
        streamed = await consume(await chat(c, messages=messages, functions=[WEATHER], stream=True))
    finally:
        await close(c)
    assert final.function_call is None and "25" in final.result and "晴朗" in final.result
    assert "".join(ch.result for ch in streamed) == final.result


async def test_iam_signing_on_v1(sync: bool, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(iam_access_key="test-iam-ak", iam_secret_key="test-iam-sk")
    good = client(sync, url, access_key="test-iam-ak", secret_access_key="test-iam-sk", protocol="v1")
    bad = client(sync, url, access_key="test-iam-ak", secret_access_key="wrong", protocol="v1")
    try:
        reply: ChatResponse = await chat(good)
        chunks = await consume(await chat(good, stream=True))
        with pytest.raises(InvalidCredentialsError) as info:
            await chat(bad)
    finally:
        await close(good)
        await close(bad)
    assert "模拟器" in reply.result and chunks[-1].is_end
    assert info.value.error_code == 14
    counters = stats(url)
    assert counters["signed_requests"] == 2 and counters["errors"] == {"14": 1}
    assert counters["token_requests"] == 0


@pytest.mark.parametrize(
    ("question", "error", "code"),
    [
        ("参数不对", BadRequestError, 336003),
        ("内部问题", InternalServerError, 336000),
        ("额度用完", QuotaExceededError, 17),
    ],
)
async def test_service_errors_become_typed_errors(
    sync: bool, emulator_factory: Callable[..., str], question: str, error: type[ErnieError], code: int
) -> None:
    url = emulator_factory(scenario=SCENARIO)
    c = client(sync, url, max_retries=0)
    try:
        with pytest.raises(error) as info:
            await chat(c, question)
    finally:
        await close(c)
    assert info.value.error_code == code  # type: ignore[attr-defined]


async def test_unknown_endpoint_is_a_bad_request(sync: bool, emulator: str) -> None:
    c = client(sync, emulator, max_retries=0)
    try:
        with pytest.raises(BadRequestError) as info:
            await chat(c, model=None, endpoint="no_such_model")
    finally:
        await close(c)
    assert info.value.error_code == 3


async def test_busy_is_retried_until_it_passes(sync: bool, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(scenario=SCENARIO)
    c = client(sync, url, max_retries=2)
    try:
        reply: ChatResponse = await chat(c, "你忙吗")
    finally:
        await close(c)
    assert "模拟器" in reply.result
    assert stats(url)["errors"] == {"336100": 2}

    url = emulator_factory(scenario=SCENARIO)
    c = client(sync, url, max_retries=1)
    try:
        with pytest.raises(ServerBusyError):
            await chat(c, "你忙吗")
    finally:
        await close(c)


@pytest.mark.parametrize(("hook", "code"), [(expire_tokens, 111), (revoke_tokens, 110)])
async def test_expired_or_revoked_token_is_refreshed_and_retried(
    sync: bool, emulator_factory: Callable[..., str], hook: Callable[[str], int], code: int
) -> None:
    url = emulator_factory()
    c = client(sync, url, max_retries=0)  # the token refresh is not a retry
    try:
        await chat(c)
        assert hook(url) == 1
        reply: ChatResponse = await chat(c)
    finally:
        await close(c)
    assert "模拟器" in reply.result
    counters = stats(url)
    assert counters["errors"] == {str(code): 1} and counters["tokens_issued"] == 2


async def test_a_given_token_that_expired_is_an_access_token_error(
    sync: bool, emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory()
    token = _token(url, "a", "b")
    expire_tokens(url)
    c = client(sync, url, access_token=token)
    try:
        with pytest.raises(AccessTokenError) as info:
            await chat(c)
    finally:
        await close(c)
    assert info.value.error_code == 111 and token not in str(info.value)


@pytest.mark.parametrize(
    ("limit", "code", "kind"), [("rpm", 336501, "rpm"), ("tpm", 336502, "tpm"), ("qps", 18, "qps")]
)
async def test_rate_limits(
    sync: bool, emulator_factory: Callable[..., str], limit: str, code: int, kind: str
) -> None:
    url = emulator_factory(**{limit: 1 if limit != "tpm" else 90})
    c = client(sync, url, max_retries=0)
    try:
        await chat(c)
        with pytest.raises(RateLimitError) as info:
            await chat(c, "你好" * 10)
    finally:
        await close(c)
    assert info.value.error_code == code and info.value.retryable
    assert info.value.kind == kind


async def test_a_cut_stream_raises_a_typed_error_and_keeps_the_partial_answer(
    sync: bool, emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory(scenario=SCENARIO)
    c = client(sync, url, max_retries=0)
    try:
        stream = await chat(c, "断了", stream=True)
        with pytest.raises((IncompleteStreamError, APIConnectionError)) as info:
            await consume(stream)
    finally:
        await close(c)
    assert stream.text == "第一句。" and not stream.completed  # what arrived is kept, marked unfinished
    if isinstance(info.value, StreamError):
        assert info.value.partial_result == "第一句。"
    assert stats(url)["cuts"] == 1


async def test_an_error_line_mid_stream_is_raised_not_dropped(
    sync: bool, emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory(scenario=SCENARIO)
    c = client(sync, url, max_retries=0)
    try:
        stream = await chat(c, "半途而废", stream=True)
        with pytest.raises(ErnieError) as info:
            await consume(stream)
    finally:
        await close(c)
    assert getattr(info.value, "error_code", None) == 336100


async def test_flagged_input_sets_need_clear_history(sync: bool, emulator: str) -> None:
    c = client(sync, emulator)
    try:
        reply: ChatResponse = await chat(c, "敏感词")
    finally:
        await close(c)
    assert reply.need_clear_history and reply.ban_round == -1
