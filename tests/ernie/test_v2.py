"""The client on Qianfan v2 (and any OpenAI-compatible server), sync and async from one body: which
protocol the credentials choose, the translation of v1's arguments, replies, streams, errors,
retries, IAM bearer tokens and the three rate-limit budgets."""

from __future__ import annotations

import json
import logging
import os
import stat
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.ernie._fake import FakeWenxin, chat, close, consume, event, make_client
from tests.ernie._fake import stream as v1_stream
from tests.ernie._fake_v2 import (
    API_KEY,
    USAGE,
    FakeQianfan,
    completion,
    delta,
    error,
    finish,
    reply,
    stream,
)
from zuoye.ernie import (
    APIConnectionError,
    AsyncErnie,
    AuthenticationError,
    BadRequestError,
    ChatChunk,
    Ernie,
    IncompleteStreamError,
    InvalidCredentialsError,
    MissingCredentialsError,
    QuotaExceededError,
    RateLimiter,
    RateLimitError,
    RateLimitInfo,
    ServerError,
    TokenStore,
    ValidationError,
    credentials_configured,
    trim_messages,
)

pytestmark = pytest.mark.anyio

FN = {"name": "solve-equation", "description": "解方程", "parameters": {"type": "object", "properties": {}}}


def v2(sync: bool, fake: FakeQianfan, **kwargs: Any) -> Ernie | AsyncErnie:
    kwargs.setdefault("retry_delay", 0)
    if not kwargs.keys() & {"access_key", "api_key", "protocol"}:
        kwargs.setdefault("bearer_token", fake.api_key)
    cls = Ernie if sync else AsyncErnie
    return cls(transport=fake.transport(), **kwargs)


# --------------------------------------------------------------------------- which protocol


@pytest.mark.parametrize(
    ("env", "protocol", "credentials"),
    [
        ({"QIANFAN_BEARER_TOKEN": API_KEY}, "v2", "v2 API key"),
        ({"QIANFAN_API_KEY": API_KEY}, "v2", "v2 API key"),
        ({"QIANFAN_ACCESS_KEY": "iam-ak", "QIANFAN_SECRET_KEY": "iam-sk"}, "v2", "bearer token"),
        ({"QIANFAN_AK": "old-ak", "QIANFAN_SK": "old-sk"}, "v1", "v1 API Key"),
        ({"QIANFAN_ACCESS_TOKEN": "old-token"}, "v1", "access token"),
        # A v2 key beside old ones: v2 wins (the old ones are what people forget to unset).
        ({"QIANFAN_BEARER_TOKEN": API_KEY, "QIANFAN_AK": "old-ak", "QIANFAN_SK": "old-sk"}, "v2", "v2"),
    ],
)
def test_the_credentials_choose_the_protocol(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], protocol: str, credentials: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert credentials_configured() is True
    client = Ernie()
    assert client.protocol == protocol and credentials in client.credentials
    assert client.base_url == (
        "https://qianfan.baidubce.com" if protocol == "v2" else "https://aip.baidubce.com"
    )
    assert API_KEY not in repr(client) and "old-ak" not in repr(client)
    client.close()


def test_explicit_arguments_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QIANFAN_AK", "old-ak")
    monkeypatch.setenv("QIANFAN_SK", "old-sk")
    monkeypatch.setenv("QIANFAN_CONSOLE_API_BASE_URL", "http://127.0.0.1:9/v2/")
    # api_key= alone is the v2 key, as in the official SDK's v2 client; the environment is ignored.
    client = Ernie(api_key=API_KEY)
    assert client.protocol == "v2" and client.base_url == "http://127.0.0.1:9"
    client.close()
    assert Ernie(api_key="a", secret_key="b").protocol == "v1"
    assert Ernie(access_key="a", secret_access_key="b", protocol="v1").protocol == "v1"
    with pytest.raises(InvalidCredentialsError, match="do not work on v2"):
        Ernie(api_key="a", secret_key="b", protocol="v2")
    with pytest.raises(InvalidCredentialsError, match="v2 API key"):
        Ernie(bearer_token=API_KEY, protocol="v1")
    with pytest.raises(ValidationError, match="protocol must be one of"):
        Ernie(bearer_token=API_KEY, protocol="v3")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="base_url="):
        Ernie(protocol="openai")
    monkeypatch.delenv("QIANFAN_AK")
    monkeypatch.delenv("QIANFAN_SK")
    monkeypatch.setenv("QIANFAN_SECRET_KEY", "half")
    with pytest.raises(InvalidCredentialsError, match="QIANFAN_SECRET_KEY is set but QIANFAN_ACCESS_KEY"):
        Ernie()


def test_no_credentials_say_how_to_get_a_v2_key() -> None:
    assert credentials_configured({}) is False
    with pytest.raises(MissingCredentialsError, match="QIANFAN_BEARER_TOKEN") as info:
        Ernie()
    assert "千帆控制台" in str(info.value)


# --------------------------------------------------------------------------- the request


async def test_v1_arguments_become_v2_fields(sync: bool) -> None:
    fake = FakeQianfan()
    client = v2(sync, fake, app_id="app-123")
    await chat(
        client,
        model="ERNIE-4.0-8K",
        system="你是数学老师",
        functions=[FN],
        tool_choice={"type": "function", "function": {"name": "solve-equation"}},
        user_id="stu-1",
        max_output_tokens=300,
        disable_search=True,
        enable_citation=False,
        penalty_score=1.2,
        response_format="json_object",
        stop=["。"],
        seed=7,
        temperature=0.5,
    )
    await close(client)
    sent = fake.requests[-1]
    assert sent.url.path == "/v2/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {API_KEY}" and sent.headers["appid"] == "app-123"
    body = fake.bodies()[-1]
    assert body["model"] == "ernie-4.0-8k"
    assert body["messages"] == [
        {"role": "system", "content": "你是数学老师"},
        {"role": "user", "content": "你好"},
    ]
    # v2 refuses "-" in function names: sent with "_", the choice too.
    assert body["tools"] == [
        {
            "type": "function",
            "function": {"name": "solve_equation", "description": "解方程", "parameters": FN["parameters"]},
        }
    ]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "solve_equation"}}
    assert body["user"] == "stu-1" and body["max_completion_tokens"] == 300
    assert body["web_search"] == {"enable": False, "enable_citation": False}
    assert body["penalty_score"] == 1.2 and body["response_format"] == {"type": "json_object"}
    assert body["stop"] == ["。"] and body["seed"] == 7 and body["temperature"] == 0.5
    assert "system" not in body and "functions" not in body and "user_id" not in body


async def test_a_v1_function_round_trip_is_sent_as_tool_messages(sync: bool) -> None:
    fake = FakeQianfan()
    client = v2(sync, fake)
    history = [
        {"role": "user", "content": "解方程 2x+3=7"},
        {"role": "assistant", "content": "", "function_call": {"name": "solve-equation", "arguments": "{}"}},
        {"role": "function", "name": "solve-equation", "content": '{"x": 2}'},
    ]
    await chat(client, messages=history, functions=[FN])
    await close(client)
    sent = fake.bodies()[-1]["messages"]
    call_id = sent[1]["tool_calls"][0]["id"]
    assert sent[1] == {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {"id": call_id, "type": "function", "function": {"name": "solve_equation", "arguments": "{}"}}
        ],
    }
    assert sent[2] == {"role": "tool", "tool_call_id": call_id, "content": '{"x": 2}'}


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"user_ip": "1.2.3.4"}, "user_ip", "no equivalent on v2"),
        ({"temperature": 0}, "temperature", "out of range"),
        ({"stop": ["a"] * 5}, "stop", "at most 4"),
        ({"tool_choice": "auto"}, "tool_choice", "needs functions"),
        ({"functions": [FN], "tools": [{"type": "function", "function": FN}]}, "tools", "not both"),
        ({"temprature": 0.5}, "temprature", "did you mean 'temperature'"),
        ({"max_output_tokens": 99_999}, "max_output_tokens", "out of range"),
        ({"messages": [{"role": "tool", "content": "2"}]}, "messages[0].tool_call_id", "tool_call_id"),
        ({"messages": [{"role": "function", "name": "f", "content": "2"}]}, "messages[0].name", "no earlier"),
        ({"messages": [{"role": "user", "content": "  "}]}, "messages", "blank"),
        ({"model": "ernie speed"}, "model", "without spaces"),
        ({"model": "ERNIE-Speed-8K", "functions": [FN]}, "tools", "no function calling"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    sync: bool, kwargs: dict[str, Any], field: str, words: str
) -> None:
    fake = FakeQianfan()
    client = v2(sync, fake)
    with pytest.raises(ValidationError, match=words) as info:
        await chat(client, **kwargs)
    await close(client)
    assert info.value.field == field and fake.requests == []


async def test_unknown_model_ids_pass_through(sync: bool) -> None:
    fake = FakeQianfan()
    client = v2(sync, fake)
    await chat(client, model="ernie-5.0", temperature=1.5)  # undocumented models: OpenAI's range
    await close(client)
    assert fake.bodies()[-1]["model"] == "ernie-5.0"


# --------------------------------------------------------------------------- replies


async def test_a_reply_and_everything_on_it(sync: bool) -> None:
    fake = FakeQianfan()
    headers = {
        "X-Ratelimit-Limit-Requests": "300",
        "X-Ratelimit-Remaining-Requests": "299",
        "X-Ratelimit-Limit-Input-Tokens": "30000",
        "X-Ratelimit-Remaining-Input-Tokens": "29990",
        "X-Ratelimit-Limit-Output-Tokens": "10000",
        "X-Ratelimit-Remaining-Output-Tokens": "9990",
    }
    fake.replies.append(reply(completion("答：x=2", reasoning_content="先移项"), headers=headers))
    client = v2(sync, fake)
    r = await chat(client)
    await close(client)
    assert r.result == "答：x=2" and r.reasoning == "先移项" and r.finish_reason == "normal"
    assert r.usage.total_tokens == 10 and r.need_clear_history is False and r.function_call is None
    assert r.ratelimit == RateLimitInfo(
        limit_requests=300,
        remaining_requests=299,
        limit_input_tokens=30000,
        remaining_input_tokens=29990,
        limit_output_tokens=10000,
        remaining_output_tokens=9990,
    )


async def test_tool_calls_come_back_under_the_names_given(sync: bool) -> None:
    fake = FakeQianfan()
    calls = [
        {
            "id": "call_a",
            "type": "function",
            "function": {"name": "solve_equation", "arguments": '{"e": "x=1"}'},
        },
        {"id": "call_b", "type": "function", "function": {"name": "solve_equation", "arguments": "{}"}},
    ]
    fake.replies.append(reply(completion("", finish="tool_calls", tool_calls=calls)))
    client = v2(sync, fake)
    r = await chat(client, functions=[FN])
    await close(client)
    assert r.finish_reason == "function_call"
    assert [(c.id, c.name) for c in r.tool_calls] == [
        ("call_a", "solve-equation"),
        ("call_b", "solve-equation"),
    ]
    assert r.function_call == r.tool_calls[0] and r.function_call.parsed_arguments() == {"e": "x=1"}
    # The reply goes back into the history as it is, ids kept.
    assert r.to_message()["tool_calls"][1]["id"] == "call_b"


@pytest.mark.parametrize(
    ("flag", "reason", "cleared"), [(0, "stop", False), (2, "stop", True), (0, "content_filter", True)]
)
async def test_flag_and_content_filter_end_the_conversation(
    sync: bool, flag: int, reason: str, cleared: bool
) -> None:
    fake = FakeQianfan()
    body = completion("", finish=reason)
    body["choices"][0]["flag"] = flag
    fake.replies.append(reply(body))
    client = v2(sync, fake)
    r = await chat(client)
    await close(client)
    assert r.need_clear_history is cleared and r.flag == flag


# --------------------------------------------------------------------------- streams


async def test_a_stream_of_text_reasoning_and_a_tool_call(sync: bool) -> None:
    fake = FakeQianfan()
    fake.replies.append(
        stream(
            [
                delta(role="assistant", content=""),
                delta(reasoning_content="想"),
                delta(content="解："),
                delta(content="x=2"),
                delta(
                    tool_calls=[
                        {
                            "index": 0,
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "solve_equation", "arguments": '{"e"'},
                        }
                    ]
                ),
                delta(tool_calls=[{"index": 0, "function": {"arguments": ': "x"}'}}]),
                finish("tool_calls", flag=0),
                USAGE,
            ],
            pieces=7,
            headers={"X-Ratelimit-Limit-Requests": "60"},
        )
    )
    client = v2(sync, fake)
    s = await chat(client, functions=[FN], stream=True)
    chunks: list[ChatChunk] = await consume(s)
    await close(client)
    assert [(c.result, c.reasoning, c.is_end) for c in chunks] == [
        ("", "想", False),
        ("解：", "", False),
        ("x=2", "", False),
        ("", "", True),
    ]
    final = s.response
    assert final.result == "解：x=2" and final.reasoning == "想" and final.finish_reason == "function_call"
    assert final.function_call is not None and final.function_call.name == "solve-equation"
    assert final.function_call.id == "call_1" and final.function_call.parsed_arguments() == {"e": "x"}
    assert final.usage.total_tokens == 8 and chunks[-1].usage.total_tokens == 8
    assert final.ratelimit is not None and final.ratelimit.limit_requests == 60
    body = fake.bodies()[-1]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


async def test_an_error_event_mid_stream_raises_and_keeps_the_part(sync: bool) -> None:
    fake = FakeQianfan()
    oops = {"error": {"code": "internal_error", "message": "boom", "type": "server_error"}}
    fake.replies.append(stream([delta(content="先"), oops], done=False))
    client = v2(sync, fake)
    s = await chat(client, stream=True)
    got: list[ChatChunk] = []
    with pytest.raises(ServerError, match="boom"):
        await consume(s, got)
    await close(client)
    assert [c.result for c in got] == ["先"] and s.snapshot().result == "先"


async def test_a_cut_stream_is_never_a_quiet_answer(sync: bool) -> None:
    fake = FakeQianfan()
    fake.replies.append(stream([delta(content="先"), delta(content="移项")], done=False))
    fake.replies.append(stream([delta(content="先")], done=False, error=httpx.ReadError("reset")))
    client = v2(sync, fake)
    with pytest.raises(IncompleteStreamError) as cut:
        await consume(await chat(client, stream=True))
    assert cut.value.partial_result == "先移项"
    with pytest.raises(APIConnectionError, match="incomplete"):
        await consume(await chat(client, stream=True))
    await close(client)


async def test_a_finished_stream_without_done_is_complete(sync: bool) -> None:
    """Some OpenAI-compatible servers close after the finish reason without `[DONE]`."""
    fake = FakeQianfan()
    fake.replies.append(stream([delta(content="好"), finish("stop")], done=False))
    client = v2(sync, fake)
    s = await chat(client, stream=True)
    chunks = await consume(s)
    await close(client)
    assert chunks[-1].is_end and s.response.result == "好" and s.response.finish_reason == "normal"


async def test_a_stream_refused_before_it_starts_is_retried(sync: bool) -> None:
    fake = FakeQianfan()
    fake.replies.append(error(429, "rpm_rate_limit_exceeded", kind="rate_limit_exceeded"))
    fake.replies.append(stream([delta(content="好"), finish()]))
    client = v2(sync, fake)
    s = await chat(client, stream=True)
    await consume(s)
    await close(client)
    assert s.response.result == "好" and fake.chat_requests == 2


# --------------------------------------------------------------------------- errors and retries


@pytest.mark.parametrize(
    ("status", "code", "cls", "attempts", "extra"),
    [
        (429, "rpm_rate_limit_exceeded", RateLimitError, 3, {"kind": "rpm"}),
        (429, "tpm_rate_limit_exceeded", RateLimitError, 3, {"kind": "tpm"}),
        (429, "input_tpm_rate_limit_exceeded", RateLimitError, 3, {"kind": "input_tpm"}),
        (429, "output_tpm_rate_limit_exceeded", RateLimitError, 3, {"kind": "output_tpm"}),
        (429, "insufficient_quota", QuotaExceededError, 1, {}),
        (400, "invalid_model", BadRequestError, 1, {"field": "model"}),
        (400, "invalid_argument", BadRequestError, 1, {"field": "temperature"}),
        (401, "access_denied", AuthenticationError, 1, {}),
        (500, "internal_error", ServerError, 3, {}),
        (503, "service_unavailable", ServerError, 3, {}),
    ],
)
async def test_errors_the_v2_way(
    sync: bool, status: int, code: str, cls: type[Exception], attempts: int, extra: dict[str, Any]
) -> None:
    fake = FakeQianfan()
    fake.replies.extend([error(status, code, "temperature is out of range")] * 3)
    client = v2(sync, fake)
    with pytest.raises(cls) as info:
        await chat(client)
    await close(client)
    assert info.value.code == code and info.value.http_status == status  # type: ignore[attr-defined]
    for name, value in extra.items():
        assert getattr(info.value, name) == value
    assert fake.chat_requests == attempts
    if status == 401:
        assert "QIANFAN_BEARER_TOKEN" in str(info.value)


async def test_a_rate_limit_empties_that_budget(sync: bool) -> None:
    fake = FakeQianfan()
    fake.replies.append(error(429, "output_tpm_rate_limit_exceeded"))
    limiter = RateLimiter(output_tpm=6000)
    client = v2(sync, fake, rate_limiter=limiter, max_retries=0)
    with pytest.raises(RateLimitError):
        await chat(client)
    await close(client)
    # The refusal emptied the output budget: the next call waits for it to refill.
    assert limiter.reserve(0, 100) > 0


# --------------------------------------------------------------------------- IAM bearer tokens


async def test_iam_keys_fetch_one_bearer_token_and_refresh_it_on_401(sync: bool, tmp_path: Path) -> None:
    fake = FakeQianfan()
    cache = tmp_path / "tokens.json"
    client = v2(sync, fake, access_key="iam-ak-1234", secret_access_key="iam-sk-5678", token_cache=cache)
    await chat(client)
    await chat(client)
    assert fake.token_requests == 1
    fetch = next(r for r in fake.requests if r.url.path == "/v1/BCE-BEARER/token")
    assert fetch.method == "GET" and fetch.url.host == "iam.bj.baidubce.com"
    assert fetch.url.params["expireInSeconds"].isdigit()
    assert fetch.headers["authorization"].startswith("bce-auth-v1/iam-ak-1234/")
    assert fetch.headers["authorization"].split("/")[4] == "host;x-bce-date"
    assert fake.requests[-1].headers["authorization"] == f"Bearer {fake.issued[0]}"
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o600 and "iam-sk" not in cache.read_text()
    # The token is revoked behind our back: one 401, a new token, the call retried.
    fake.valid.clear()
    r = await chat(client)
    await close(client)
    assert r.result and fake.token_requests == 2
    assert fake.requests[-1].headers["authorization"] == f"Bearer {fake.issued[1]}"


async def test_a_bearer_token_is_refreshed_ahead_of_its_expiry(sync: bool) -> None:
    now = [1_000_000.0]
    fake = FakeQianfan(lifetime=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now[0] + 1000)))
    store = TokenStore("iam-test", clock=lambda: now[0])
    client = v2(sync, fake, access_key="iam-ak-1234", secret_access_key="iam-sk-5678", token_cache=store)
    await chat(client)
    now[0] += 850  # 85% of the token's life: still used
    await chat(client)
    assert fake.token_requests == 1
    now[0] += 60  # past the refresh margin (the last 10%): fetched again before it expires
    await chat(client)
    await close(client)
    assert fake.token_requests == 2


async def test_refused_iam_keys_say_what_to_check(sync: bool) -> None:
    fake = FakeQianfan()
    fake.iam_replies.append(
        reply({"requestId": "r", "code": "SignatureDoesNotMatch", "message": "bad signature"}, 403)
    )
    client = v2(sync, fake, access_key="iam-ak-1234", secret_access_key="iam-sk-5678")
    with pytest.raises(InvalidCredentialsError, match="QIANFAN_ACCESS_KEY") as info:
        await chat(client)
    await close(client)
    assert info.value.code == "SignatureDoesNotMatch" and "iam-sk-5678" not in str(info.value)


# --------------------------------------------------------------------------- models, OpenAI servers, secrets


async def test_the_model_list(sync: bool) -> None:
    fake = FakeQianfan()
    client = v2(sync, fake)
    ids = client.models() if isinstance(client, Ernie) else await client.models()
    await close(client)
    assert ids == ["deepseek-r1", "ernie-4.0-8k"] and fake.requests[-1].url.path == "/v2/models"
    assert Ernie(api_key="a", secret_key="b").models()[0] == "ERNIE-4.0-8K"  # v1: the table


async def test_any_openai_compatible_server(sync: bool) -> None:
    fake = FakeQianfan(api_key="sk-local")
    cls = Ernie if sync else AsyncErnie
    client = cls(
        protocol="openai",
        base_url="http://school.lan/v1",
        bearer_token="sk-local",
        transport=fake.transport(),
    )
    await chat(client, model="qwen2.5:7b", system="老师")
    with pytest.raises(ValidationError, match="Qianfan parameter"):
        await chat(client, model="qwen2.5:7b", penalty_score=1.5)
    await close(client)
    sent = fake.requests[-1]
    assert str(sent.url) == "http://school.lan/v1/chat/completions"
    assert json.loads(sent.content)["model"] == "qwen2.5:7b"
    open_server = Ernie(protocol="openai", base_url="http://school.lan/v1")
    assert open_server.credentials == "no credentials"
    open_server.close()


async def test_secrets_stay_out_of_errors_and_logs(sync: bool, caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeQianfan()
    fake.replies.append(error(400, "invalid_argument", f"bad key {API_KEY} in header"))
    caplog.set_level(logging.DEBUG)
    client = v2(sync, fake)
    with pytest.raises(BadRequestError) as info:
        await chat(client)
    await close(client)
    secret = API_KEY.split("/")[-1]
    assert secret not in str(info.value) and secret not in repr(info.value) and secret not in repr(client)
    assert secret not in caplog.text


def test_trimming_openai_shaped_history_keeps_system_and_whole_turns() -> None:
    call = {"id": "call_1", "type": "function", "function": {"name": "solve", "arguments": "{}"}}
    old = [
        {"role": "user", "content": "题" * 9000},
        {"role": "assistant", "content": "", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "答" * 9000},
        {"role": "assistant", "content": "x=2"},
    ]
    now = [{"role": "user", "content": "下一题"}]
    kept = trim_messages([{"role": "system", "content": "老师"}, *old, *now], model="ERNIE-4.0-8K")
    assert kept == [{"role": "system", "content": "老师"}, *now]
    short = [{"role": "system", "content": "老师"}, *old[1:], *now]  # no user first: cut to a turn
    assert trim_messages(short, model="ERNIE-4.0-8K")[1:] == now
    short = [{"role": "system", "content": "老师"}, {"role": "user", "content": "题"}, old[3], *now]
    assert trim_messages(short, model="ERNIE-4.0-8K") == short


async def test_tool_calls_streamed_whole_and_milliseconds_in_expire_time(sync: bool) -> None:
    """Qianfan sends each streamed tool call whole (no `index`); its docs show expireTime with
    milliseconds. Both must work as well as OpenAI's fragments and plain seconds."""
    fake = FakeQianfan(lifetime="2099-11-28T06:09:57.000Z")
    whole = {"id": "call_w", "type": "function", "function": {"name": "solve_equation", "arguments": "{}"}}
    other = {
        "id": "call_v",
        "type": "function",
        "function": {"name": "solve_equation", "arguments": '{"a": 1}'},
    }
    fake.replies.append(
        stream([delta(tool_calls=[whole]), delta(tool_calls=[other]), finish("tool_calls"), USAGE])
    )
    fake.replies.append(error(400, "invalid_messages", "the role of message 2 is wrong"))
    client = v2(sync, fake, access_key="iam-ak-1234", secret_access_key="iam-sk-5678")
    s = await chat(client, functions=[FN], stream=True)
    await consume(s)
    with pytest.raises(BadRequestError) as bad:
        await chat(client)
    await close(client)
    assert [(c.id, c.arguments) for c in s.response.tool_calls] == [("call_w", "{}"), ("call_v", '{"a": 1}')]
    assert bad.value.field == "messages"
    # Read, not fallen back to the day asked for: a far expiry is capped at twice that.
    left = client._auth.store._expires_at - time.time()  # type: ignore[union-attr]
    assert 86_400 + 3600 < left <= 2 * 86_400


async def test_a_v1_stream_ending_in_a_function_call_lists_it_in_tool_calls(sync: bool) -> None:
    fake = FakeWenxin()
    call = {"name": "solve", "arguments": "{}"}
    play, _ = v1_stream([event("", is_end=True, function_call=call, finish_reason="function_call")])
    fake.replies.append(play)
    client = make_client(sync, fake)
    s = await chat(client, stream=True, model="ERNIE-3.5-8K", functions=[FN | {"name": "solve"}])
    await consume(s)
    await close(client)
    assert s.response.function_call is not None and s.response.tool_calls == [s.response.function_call]
