"""Non-streamed calls through the fake server, sync and async from one body: results, credentials and
their precedence, error mapping, retries and the token refresh on 110/111."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.ernie._fake import FakeWenxin, chat, close, err, make_client, ok, status
from zuoye.ernie import (
    AccessTokenError,
    APIConnectionError,
    APIError,
    APIRetiredError,
    APITimeoutError,
    AsyncErnie,
    BadRequestError,
    Ernie,
    FunctionCallError,
    InternalServerError,
    InvalidCredentialsError,
    MissingCredentialsError,
    PermissionDeniedError,
    QuotaExceededError,
    RateLimitError,
    ServerBusyError,
    ServerError,
    credentials_configured,
)

pytestmark = pytest.mark.anyio


async def test_a_reply_and_everything_on_it(sync: bool, fake: FakeWenxin) -> None:
    fake.replies.append(
        lambda request: httpx.Response(
            200,
            json={
                "id": "as-1",
                "object": "chat.completion",
                "created": 1680167072,
                "result": "x = 2 或 x = 3",
                "is_truncated": False,
                "need_clear_history": False,
                "finish_reason": "normal",
                "usage": {"prompt_tokens": 7, "completion_tokens": 67, "total_tokens": 74},
            },
            headers={
                "X-Baidu-Request-Id": "req-42",
                "X-Ratelimit-Limit-Requests": "300",
                "X-Ratelimit-Limit-Tokens": "300000",
                "X-Ratelimit-Remaining-Requests": "298",
                "X-Ratelimit-Remaining-Tokens": "",
            },
        )
    )
    client = make_client(sync, fake)
    r = await chat(client, model="ERNIE-4.0-8K", system="你是数学老师", temperature=0.7)
    assert r.result == "x = 2 或 x = 3"
    assert (r.usage.prompt_tokens, r.usage.completion_tokens, r.usage.total_tokens) == (7, 67, 74)
    assert (r.id, r.finish_reason, r.need_clear_history, r.is_truncated) == ("as-1", "normal", False, False)
    assert r.request_id == "req-42"
    assert r.ratelimit is not None
    assert (r.ratelimit.limit_requests, r.ratelimit.remaining_requests) == (300, 298)
    assert r.ratelimit.remaining_tokens is None  # the docs' example sends it blank
    assert r.raw["created"] == 1680167072
    assert r.to_message() == {"role": "assistant", "content": "x = 2 或 x = 3"}
    # What went over the wire: the token in the query, JSON body, the model's endpoint.
    sent = fake.requests[-1]
    assert sent.url.path == "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro"
    assert sent.url.params["access_token"] == "tok-1"
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.content)["system"] == "你是数学老师"
    await close(client)


async def test_function_call_reply(sync: bool, fake: FakeWenxin) -> None:
    call = {"name": "get_current_weather", "thoughts": "需要查天气", "arguments": '{"location":"上海市"}'}
    fake.replies.append(ok("", function_call=call, finish_reason="function_call"))
    fake.replies.append(ok("", function_call={"name": "f", "arguments": "[1, 2]"}))
    client = make_client(sync, fake)
    fns = [
        {
            "name": "get_current_weather",
            "description": "天气",
            "parameters": {"type": "object", "properties": {}},
        }
    ]
    r = await chat(client, model="ERNIE-3.5-8K", functions=fns)
    assert r.function_call is not None
    assert (r.function_call.name, r.function_call.thoughts) == ("get_current_weather", "需要查天气")
    assert r.function_call.parsed_arguments() == {"location": "上海市"}
    assert r.finish_reason == "function_call"
    assert r.to_message()["function_call"]["arguments"] == '{"location":"上海市"}'
    bad = await chat(client, model="ERNIE-3.5-8K", functions=fns)
    with pytest.raises(FunctionCallError, match="must be a JSON object"):
        bad.function_call.parsed_arguments()
    await close(client)


async def test_one_token_per_key_pair_shared_by_clients(sync: bool, fake: FakeWenxin) -> None:
    a, b = make_client(sync, fake), make_client(sync, fake)
    other = make_client(sync, fake, api_key="test-ak2")
    for client in (a, b, a, other):
        await chat(client)
    assert fake.token_requests == 2  # test-ak once, test-ak2 once
    token_request = next(r for r in fake.requests if r.url.path == "/oauth/2.0/token")
    assert token_request.method == "POST"
    assert dict(token_request.url.params) == {
        "grant_type": "client_credentials",
        "client_id": "test-ak",
        "client_secret": "test-sk",
    }
    for client in (a, b, other):
        await close(client)


async def test_credentials_from_the_environment(
    sync: bool, fake: FakeWenxin, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = Ernie if sync else AsyncErnie
    monkeypatch.setenv("QIANFAN_BASE_URL", "http://emulator.test:8080/")
    monkeypatch.setenv("QIANFAN_AK", "env-ak")
    monkeypatch.setenv("QIANFAN_SK", "env-sk")
    client = cls(transport=fake.transport(), retry_delay=0)
    await chat(client)
    assert fake.requests[0].url.params["client_id"] == "env-ak"
    assert str(fake.requests[1].url).startswith("http://emulator.test:8080/rpc/2.0/")
    await close(client)


async def test_explicit_arguments_win_over_the_environment(
    sync: bool, fake: FakeWenxin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QIANFAN_AK", "env-ak")
    monkeypatch.setenv("QIANFAN_SK", "env-sk")
    monkeypatch.setenv("QIANFAN_BASE_URL", "http://env.test")
    fake.valid.add("ready-token")
    client = make_client(
        sync, fake, api_key=None, secret_key=None, access_token="ready-token", base_url="http://arg.test"
    )
    await chat(client)
    assert fake.token_requests == 0  # the environment's key pair was not used
    assert str(fake.requests[0].url).startswith("http://arg.test/")
    assert fake.requests[0].url.params["access_token"] == "ready-token"
    await close(client)


async def test_iam_keys_sign_v1_requests_when_v1_is_asked_for(
    sync: bool, fake: FakeWenxin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QIANFAN_ACCESS_KEY", "iam-ak")
    monkeypatch.setenv("QIANFAN_SECRET_KEY", "iam-sk")
    cls = Ernie if sync else AsyncErnie
    client = cls(transport=fake.transport(), protocol="v1")
    await chat(client)
    sent = fake.requests[0]
    assert fake.token_requests == 0 and "access_token" not in sent.url.params
    assert sent.headers["authorization"].startswith("bce-auth-v1/iam-ak/")
    assert sent.headers["authorization"].split("/")[4] == "content-type;host;x-bce-date"
    assert sent.headers["x-bce-date"].endswith("Z")
    await close(client)


def test_no_credentials_is_a_typed_error_naming_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    assert credentials_configured() is False
    for cls in (Ernie, AsyncErnie):
        with pytest.raises(MissingCredentialsError, match="QIANFAN_BEARER_TOKEN") as info:
            cls()
        assert info.value.retryable is False
    monkeypatch.setenv("QIANFAN_AK", "only-half")
    assert credentials_configured() is True
    with pytest.raises(InvalidCredentialsError, match="QIANFAN_AK is set but QIANFAN_SK is not"):
        Ernie()
    with pytest.raises(InvalidCredentialsError, match="secret_key is set but api_key is not"):
        Ernie(secret_key="half")


def test_bad_base_url_and_options_are_refused() -> None:
    from zuoye.ernie import ValidationError

    with pytest.raises(ValidationError, match="http:// or https://"):
        Ernie(api_key="a", secret_key="b", base_url="aip.baidubce.com")
    with pytest.raises(ValidationError, match="max_retries"):
        Ernie(api_key="a", secret_key="b", max_retries=-1)
    with pytest.raises(ValidationError, match="rpm"):
        Ernie(api_key="a", secret_key="b", rpm=0)
    with pytest.raises(ValidationError, match="transport= or http_client="):
        Ernie(api_key="a", secret_key="b", transport=httpx.MockTransport(ok()), http_client=httpx.Client())


# --------------------------------------------------------------------------- errors and retries


@pytest.mark.parametrize(
    ("code", "cls", "attempts", "words"),
    [
        (336100, ServerBusyError, 3, "overloaded"),
        (2, ServerBusyError, 3, "unavailable"),
        (18, RateLimitError, 3, "per second"),
        (4, RateLimitError, 3, "cluster"),
        (336501, RateLimitError, 3, "requests-per-minute"),
        (336502, RateLimitError, 3, "tokens-per-minute"),
        (1, InternalServerError, 3, "try again"),
        (336000, InternalServerError, 3, "internal"),
        (17, QuotaExceededError, 1, "billing"),
        (19, QuotaExceededError, 1, "billing"),
        (6, APIRetiredError, 1, "2026-08-31"),
        (15, PermissionDeniedError, 1, "application"),
        (336004, PermissionDeniedError, 1, "permission"),
        (336005, PermissionDeniedError, 1, "endpoint"),
        (3, APIRetiredError, 1, "QIANFAN_BEARER_TOKEN"),
        (336003, BadRequestError, 1, "validation"),
        (336104, BadRequestError, 1, "system"),
        (100, BadRequestError, 1, "access_token"),
        (13, InvalidCredentialsError, 1, "QIANFAN_AK/QIANFAN_SK"),
        (14, InvalidCredentialsError, 1, "IAM"),
        (999999, APIError, 1, "error_code 999999"),
    ],
)
async def test_error_codes_map_to_types_and_retry_policy(
    sync: bool, fake: FakeWenxin, code: int, cls: type[APIError], attempts: int, words: str
) -> None:
    for _ in range(5):
        fake.replies.append(err(code, f"message for {code}"))
    client = make_client(sync, fake, max_retries=2)
    with pytest.raises(cls) as info:
        await chat(client)
    e = info.value
    assert type(e) is cls
    assert fake.chat_requests == attempts
    assert (e.error_code, e.error_msg, e.request_id) == (code, f"message for {code}", f"req-{code}")
    assert e.retryable is (attempts > 1)
    assert words in str(e)
    await close(client)


async def test_rate_limit_kind_and_bad_request_field(sync: bool, fake: FakeWenxin) -> None:
    fake.replies.extend([err(336502, "tpm limit"), err(336003, "the temperature is invalid")])
    client = make_client(sync, fake, max_retries=0)
    with pytest.raises(RateLimitError) as limited:
        await chat(client)
    assert limited.value.kind == "tpm"
    with pytest.raises(BadRequestError) as bad:
        await chat(client)
    assert bad.value.field == "temperature"
    await close(client)


async def test_a_transient_error_then_success(sync: bool, fake: FakeWenxin) -> None:
    fake.replies.extend([err(336100), status(502), err(18)])
    client = make_client(sync, fake, max_retries=3)
    r = await chat(client)
    assert r.result == "你好"
    assert fake.chat_requests == 4
    await close(client)


async def test_max_retries_counts_retries(sync: bool, fake: FakeWenxin) -> None:
    for retries in (0, 1, 4):
        fake.chat_requests = 0
        fake.replies.clear()
        fake.replies.extend([err(336100)] * 10)
        client = make_client(sync, fake, max_retries=retries)
        with pytest.raises(ServerBusyError):
            await chat(client)
        assert fake.chat_requests == retries + 1
        await close(client)


@pytest.mark.parametrize(
    ("code", "cls", "retried"),
    [(429, RateLimitError, True), (500, ServerError, True), (503, ServerError, True), (404, APIRetiredError, False),
     (403, APIRetiredError, False), (400, APIRetiredError, False)],
)  # fmt: skip
async def test_http_statuses_without_a_baidu_body(
    sync: bool, fake: FakeWenxin, code: int, cls: type[APIError], retried: bool
) -> None:
    fake.replies.extend([status(code, "<html>bad gateway</html>")] * 3)
    client = make_client(sync, fake, max_retries=1)
    with pytest.raises(cls) as info:
        await chat(client)
    assert info.value.http_status == code
    assert "<html>bad gateway</html>" in str(info.value)
    assert fake.chat_requests == (2 if retried else 1)
    await close(client)


async def test_connection_errors_and_timeouts_are_retried_then_typed(sync: bool, fake: FakeWenxin) -> None:
    fake.replies.extend([httpx.ConnectError("connection refused"), httpx.ReadTimeout("slow")])
    client = make_client(sync, fake, max_retries=2)
    assert (await chat(client)).result == "你好"
    assert fake.chat_requests == 3
    fake.replies.extend([httpx.ConnectError("connection refused")] * 3)
    with pytest.raises(APIConnectionError, match="connection refused") as refused:
        await chat(client)
    assert not isinstance(refused.value, APITimeoutError)
    fake.replies.extend([httpx.ReadTimeout("slow")] * 3)
    with pytest.raises(APITimeoutError, match="timed out"):
        await chat(client)
    await close(client)


async def test_unreadable_success_body(sync: bool, fake: FakeWenxin) -> None:
    fake.replies.append(lambda request: httpx.Response(200, text="<html>maintenance</html>"))
    client = make_client(sync, fake)
    with pytest.raises(APIError, match="not a JSON object"):
        await chat(client)
    await close(client)


# --------------------------------------------------------------------------- token lifecycle


async def test_110_refreshes_once_and_retries(sync: bool, fake: FakeWenxin) -> None:
    client = make_client(sync, fake, max_retries=0)
    await chat(client)
    fake.revoke_all()  # the service forgets tok-1 before its expiry
    r = await chat(client)
    assert r.result == "你好"
    assert fake.token_requests == 2
    assert fake.requests[-1].url.params["access_token"] == "tok-2"
    await close(client)


async def test_111_twice_gives_up_after_one_refresh(sync: bool, fake: FakeWenxin) -> None:
    fake.check_tokens = False
    fake.replies.extend([err(111, "Access token expired")] * 3)
    client = make_client(sync, fake, max_retries=2)
    with pytest.raises(AccessTokenError, match="expired"):
        await chat(client)
    assert fake.token_requests == 2 and fake.chat_requests == 2
    await close(client)


async def test_a_ready_token_that_is_rejected_says_what_to_do(sync: bool, fake: FakeWenxin) -> None:
    client = make_client(sync, fake, api_key=None, secret_key=None, access_token="old-token")
    with pytest.raises(AccessTokenError, match="cannot refresh") as info:
        await chat(client)
    assert "QIANFAN_ACCESS_TOKEN" in str(info.value)
    assert fake.chat_requests == 1 and fake.token_requests == 0
    await close(client)


async def test_wrong_keys_at_the_token_exchange(sync: bool, fake: FakeWenxin) -> None:
    fake.token_replies.append(
        lambda request: httpx.Response(
            401, json={"error": "invalid_client", "error_description": "unknown client id"}
        )
    )
    client = make_client(sync, fake)
    with pytest.raises(InvalidCredentialsError, match="QIANFAN_AK and QIANFAN_SK") as info:
        await chat(client)
    assert "invalid_client" in str(info.value)
    assert fake.token_requests == 1 and fake.chat_requests == 0  # never retried
    await close(client)


async def test_token_endpoint_outage_is_retried(sync: bool, fake: FakeWenxin) -> None:
    fake.token_replies.extend([status(503), httpx.ConnectError("refused")])
    client = make_client(sync, fake, max_retries=2)
    assert (await chat(client)).result == "你好"
    assert fake.token_requests == 3
    await close(client)


# --------------------------------------------------------------------------- the connection pool


async def test_per_call_timeout_reaches_the_transport(sync: bool, fake: FakeWenxin) -> None:
    client = make_client(sync, fake, timeout=30)
    await chat(client)
    await chat(client, timeout=2.5)
    assert fake.requests[1].extensions["timeout"]["read"] == 30
    assert fake.requests[2].extensions["timeout"]["read"] == 2.5
    await close(client)


def test_with_closes_the_pool_but_not_a_borrowed_one(fake: FakeWenxin) -> None:
    with Ernie(api_key="a", secret_key="b", transport=fake.transport()) as client:
        client.chat(messages=[{"role": "user", "content": "你好"}])
    assert client._http.is_closed
    borrowed = httpx.Client(transport=fake.transport())
    with Ernie(api_key="a", secret_key="b", http_client=borrowed) as client:
        client.chat(messages=[{"role": "user", "content": "你好"}])
    assert not borrowed.is_closed
    borrowed.close()


async def test_async_with_closes_the_pool(fake: FakeWenxin) -> None:
    async with AsyncErnie(api_key="a", secret_key="b", transport=fake.transport()) as client:
        await client.chat(messages=[{"role": "user", "content": "你好"}])
    assert client._http.is_closed
