"""The wire protocol as the spec describes it, checked with plain httpx against a real socket."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from tests.emulator._helpers import ask, chat, chat_url, sse_events, token
from zuoye.emulator import CHAT_PREFIX, MODELS
from zuoye.emulator.testing import expire_tokens, revoke_tokens, stats

TOKEN_SHAPE = re.compile(r"24\.[0-9a-f]{32}\.2592000\.\d+\.282335-\d+")


def test_token_exchange_in_query_form_body_and_get(emulator: str) -> None:
    query = {"grant_type": "client_credentials", "client_id": "test-ak", "client_secret": "test-sk"}
    by_query = httpx.post(f"{emulator}/oauth/2.0/token", params=query, json="")
    by_form = httpx.post(f"{emulator}/oauth/2.0/token", data=query)
    by_get = httpx.get(f"{emulator}/oauth/2.0/token", params=query)
    for response in (by_query, by_form, by_get):
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert TOKEN_SHAPE.fullmatch(body["access_token"])
        assert body["expires_in"] == 2592000


def test_wrong_keys_get_the_oauth_error_with_401(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(api_key="test-ak", secret_key="test-sk")
    query = {"grant_type": "client_credentials", "client_id": "nope", "client_secret": "test-sk"}
    response = httpx.post(f"{url}/oauth/2.0/token", params=query)
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client", "error_description": "unknown client id"}
    query |= {"client_id": "test-ak", "client_secret": "nope"}
    response = httpx.post(f"{url}/oauth/2.0/token", params=query)
    assert response.json() == {"error": "invalid_client", "error_description": "Client authentication failed"}
    assert token(url) and stats(url)["oauth_errors"] == {"invalid_client": 2}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.endpoint)
def test_every_model_answers_with_the_documented_fields(emulator: str, model: object) -> None:
    endpoint = model.endpoint  # type: ignore[attr-defined]
    response = chat(emulator, ask("介绍一下你自己"), access_token=token(emulator), endpoint=endpoint)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["statement"] == "AI-generated"
    for name in ("limit-requests", "limit-tokens", "remaining-requests", "remaining-tokens"):
        assert int(response.headers[f"x-ratelimit-{name}"]) >= 0
    body = response.json()
    assert re.fullmatch(r"as-[a-z0-9]{10}", body["id"])
    assert body["object"] == "chat.completion"
    assert isinstance(body["created"], int)
    assert "模拟器" in body["result"] and "介绍一下你自己" in body["result"]
    assert body["is_truncated"] is False and body["need_clear_history"] is False
    assert body["usage"]["prompt_tokens"] == 7  # the page's own figure for this question
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 7


def test_stream_is_sentence_by_sentence_with_cumulative_usage(emulator: str) -> None:
    response = chat(emulator, ask("给我推荐一些自驾游路线", stream=True), access_token=token(emulator))
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["statement"] == "AI-generated"
    assert "x-ratelimit-remaining-requests" in response.headers
    events = sse_events(response.text)
    assert len(events) >= 3
    assert [e["sentence_id"] for e in events] == list(range(len(events)))
    assert [e["is_end"] for e in events] == [False] * (len(events) - 1) + [True]
    assert len({e["id"] for e in events}) == 1
    completions = [e["usage"]["completion_tokens"] for e in events]
    assert completions == sorted(completions)
    whole = chat(emulator, ask("给我推荐一些自驾游路线"), access_token=token(emulator)).json()
    assert "".join(e["result"] for e in events) == whole["result"]
    assert events[-1]["usage"] == whole["usage"]


def test_the_older_page_ends_on_the_last_sentence_the_newer_with_an_empty_event(emulator: str) -> None:
    access = token(emulator)
    pro = sse_events(chat(emulator, ask("你好", stream=True), access_token=access).text)
    speed = sse_events(
        chat(emulator, ask("你好", stream=True), access_token=access, endpoint="ernie_speed").text
    )
    assert pro[-1]["result"] != "" and pro[-1]["is_end"]
    assert speed[-1]["result"] == "" and speed[-1]["is_end"]


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (b"{not json", 336002, "Invalid JSON"),
        (b"[1, 2]", 336001, "Invalid Argument"),
        (b'{"stream": true}', 336001, "Invalid Argument"),
        (b'{"messages": []}', 336006, "the length of messages must be an odd number"),
        (
            b'{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}',
            336006,
            "the length of messages must be an odd number",
        ),
        (
            b'{"messages": [{"role": "assistant", "content": "a"}]}',
            336006,
            "the role of message with even index in the messages must be user or function",
        ),
        (
            b'{"messages": [{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"user","content":"c"}]}',
            336006,
            "the role of message with odd index in the messages must be assistant",
        ),
        (b'{"messages": [{"role": "user", "content": "  "}]}', 336006, "can not be blank"),
        (b'{"messages": [{"role": "user", "content": "a"}], "temperature": 0}', 336003, "temperature"),
        (b'{"messages": [{"role": "user", "content": "a"}], "top_p": 1.5}', 336003, "top_p"),
        (b'{"messages": [{"role": "user", "content": "a"}], "penalty_score": 3}', 336003, "penalty_score"),
        (b'{"messages": [{"role": "user", "content": "a"}], "max_output_tokens": 1}', 336003, "max_output"),
        (b'{"messages": [{"role": "user", "content": "a"}], "stop": ["1","2","3","4","5"]}', 336003, "stop"),
        (
            b'{"messages": [{"role": "user", "content": "a"}], "temperature": "hot"}',
            336001,
            "Invalid Argument",
        ),
    ],
)
def test_bad_bodies_get_baidus_codes_with_http_200(
    emulator: str, body: bytes, code: int, message: str
) -> None:
    response = httpx.post(chat_url(emulator), params={"access_token": token(emulator)}, content=body)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    got = response.json()
    assert got["error_code"] == code
    assert message in got["error_msg"]


def test_system_and_length_limits(emulator: str) -> None:
    access = token(emulator)
    long_system = chat(emulator, ask("你好", system="人" * 1025), access_token=access).json()
    assert long_system["error_code"] == 336104  # ERNIE-4.0-8K's own 1024-character system limit
    ok = chat(emulator, ask("你好", system="人" * 1025), access_token=access, endpoint="ernie_speed").json()
    assert "result" in ok
    huge = chat(emulator, ask("字" * 20001), access_token=access).json()
    assert huge["error_code"] == 336003 and "20000" in huge["error_msg"]
    too_many_tokens = chat(emulator, ask("字" * 5121), access_token=access).json()
    assert too_many_tokens["error_code"] == 336003 and "tokens" in too_many_tokens["error_msg"]


def test_unknown_endpoint_is_3_and_wrong_method_is_336101(emulator: str) -> None:
    access = token(emulator)
    unknown = chat(emulator, ask("你好"), access_token=access, endpoint="ernie-9000")
    assert unknown.json() == {"error_code": 3, "error_msg": "Unsupported openapi method"}
    assert httpx.get(f"{emulator}/somewhere/else").json()["error_code"] == 3
    wrong = httpx.get(chat_url(emulator), params={"access_token": access})
    assert wrong.json()["error_code"] == 336101
    assert wrong.json()["error_msg"] == "Invalid HTTP Method"


def test_missing_unknown_expired_and_revoked_tokens(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory()
    assert httpx.post(chat_url(url), json=ask("你好")).json()["error_code"] == 100
    assert chat(url, ask("你好"), access_token="24.nope").json()["error_code"] == 110
    access = token(url)
    assert "result" in chat(url, ask("你好"), access_token=access).json()
    assert expire_tokens(url) == 1
    assert chat(url, ask("你好"), access_token=access).json() == {
        "error_code": 111,
        "error_msg": "Access token expired",
    }
    fresh = token(url)
    assert "result" in chat(url, ask("你好"), access_token=fresh).json()
    revoke_tokens(url)
    assert chat(url, ask("你好"), access_token=fresh).json()["error_code"] == 110


def test_token_ttl_makes_tokens_expire_by_themselves(emulator_factory: Callable[..., str]) -> None:
    import time

    url = emulator_factory(token_ttl=1)
    access = token(url)
    reply = httpx.post(
        f"{url}/oauth/2.0/token",
        params={"grant_type": "client_credentials", "client_id": "a", "client_secret": "b"},
    ).json()
    assert reply["expires_in"] == 1
    time.sleep(1.1)
    assert chat(url, ask("你好"), access_token=access).json()["error_code"] == 111


def test_qps_rpm_and_tpm_limits(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(rpm=2)
    access = token(url)
    first = chat(url, ask("你好"), access_token=access)
    assert first.headers["x-ratelimit-limit-requests"] == "2"
    assert first.headers["x-ratelimit-remaining-requests"] == "1"
    assert "result" in chat(url, ask("你好"), access_token=access).json()
    assert chat(url, ask("你好"), access_token=access).json()["error_code"] == 336501

    url = emulator_factory(tpm=100)
    access = token(url)
    first = chat(url, ask("你好"), access_token=access)
    used = first.json()["usage"]["total_tokens"]
    assert int(first.headers["x-ratelimit-remaining-tokens"]) == 100 - used
    assert chat(url, ask("你" * 60), access_token=access).json()["error_code"] == 336502

    url = emulator_factory(qps=1)
    access = token(url)
    codes = [chat(url, ask("你好"), access_token=access).json().get("error_code") for _ in range(3)]
    assert 18 in codes
    assert stats(url)["errors"].get("18", 0) >= 1


def test_need_clear_history_on_flagged_input(emulator: str) -> None:
    access = token(emulator)
    body = chat(emulator, ask("这里有敏感词"), access_token=access).json()
    assert body["need_clear_history"] is True and body["ban_round"] == -1
    assert body["finish_reason"] == "content_filter"
    history = {
        "messages": [
            {"role": "user", "content": "敏感词"},
            {"role": "assistant", "content": "……"},
            {"role": "user", "content": "换个话题"},
        ]
    }
    assert chat(emulator, history, access_token=access).json()["ban_round"] == 1


def test_flag_pattern_is_configurable(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(flag_pattern="禁区")
    access = token(url)
    assert chat(url, ask("进入禁区"), access_token=access).json()["need_clear_history"] is True
    assert chat(url, ask("敏感词"), access_token=access).json()["need_clear_history"] is False


def test_max_output_tokens_truncates_and_stop_cuts(emulator: str) -> None:
    access = token(emulator)
    cut = chat(emulator, ask("你好", max_output_tokens=5), access_token=access).json()
    assert cut["is_truncated"] is True and cut["finish_reason"] == "length"
    assert cut["usage"]["completion_tokens"] <= 5
    stopped = chat(emulator, ask("你好", stop=["模拟器"]), access_token=access).json()
    assert stopped["finish_reason"] == "stop" and "模拟器" not in stopped["result"]


def test_unknown_fields_are_ignored_like_the_service_does(emulator: str) -> None:
    body = ask("你好", extra_parameters={"request_source": "sdk"}, user_id="u1")
    assert "result" in chat(emulator, body, access_token=token(emulator)).json()


def test_admin_hooks_are_off_the_api_paths(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory()
    chat(url, ask("你好"), access_token=token(url))
    counters = stats(url)
    assert counters["chat_requests"] == 1 and counters["token_requests"] == 1
    assert counters["endpoints"] == {"completions_pro": 1}
    assert httpx.get(f"{url}/_emulator/nope").status_code == 404
    assert not CHAT_PREFIX.startswith("/_emulator")
