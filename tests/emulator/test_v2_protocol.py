"""Qianfan v2 on the wire, checked with plain httpx: auth, validation, replies, streams, errors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.emulator._helpers import (
    V2_CHAT,
    ask,
    chat,
    token,
    v2_ask,
    v2_chat,
    v2_events,
    v2_stream_text,
)
from zuoye.emulator import V2_MODELS
from zuoye.emulator.testing import fake_api_key, running_emulator, stats

RATELIMIT_HEADERS = [
    f"x-ratelimit-{kind}-{budget}"
    for kind in ("limit", "remaining")
    for budget in ("requests", "input-tokens", "output-tokens")
]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_current_weather",
        "description": "获得指定地点的天气",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}},
    },
}
TOOL_SCENARIO: dict[str, Any] = {
    "rules": [
        {
            "match": "两个城市",
            "when_functions": True,
            "reply": {
                "tool_calls": [
                    {"name": "get_current_weather", "arguments": {"location": "北京"}},
                    {"name": "get_current_weather", "arguments": {"location": "上海"}},
                ]
            },
        },
        {
            "match": "天气",
            "when_functions": True,
            "reply": {"function_call": {"name": "get_current_weather", "arguments": {"location": "上海市"}}},
        },
    ]
}


@pytest.fixture(scope="module")
def key() -> str:
    return fake_api_key()


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "id"} and re.fullmatch(r"as-[a-z0-9]{10}", body["id"])
    assert set(body["error"]) == {"code", "message", "type"}
    assert body["error"]["code"] == code
    return body["error"]


# --- replies ----------------------------------------------------------------------------------


def test_a_chat_reply_has_v2s_fields_and_headers(emulator: str, key: str) -> None:
    response = v2_chat(emulator, v2_ask("介绍一下你自己"), key=key)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["statement"] == "AI-generated"
    for name in RATELIMIT_HEADERS:
        assert int(response.headers[name]) >= 0
    body = response.json()
    assert re.fullmatch(r"as-[a-z0-9]{10}", body["id"])
    assert body["object"] == "chat.completion" and isinstance(body["created"], int)
    assert body["model"] == "ernie-4.0-8k"
    [choice] = body["choices"]
    assert choice["index"] == 0 and choice["finish_reason"] == "stop" and choice["flag"] == 0
    assert "ban_round" not in choice
    message = choice["message"]
    assert message["role"] == "assistant" and "介绍一下你自己" in message["content"]
    assert "模拟器" in message["content"] and "reasoning_content" not in message
    usage = body["usage"]
    assert usage["prompt_tokens"] == 7  # the same estimate as v1's for the same question
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


@pytest.mark.parametrize("model", V2_MODELS, ids=lambda m: m.id)
def test_every_v2_model_answers_and_thinking_models_reason(emulator: str, key: str, model: Any) -> None:
    body = v2_chat(emulator, v2_ask("你好", model=model.id), key=key).json()
    assert body["model"] == model.id
    message = body["choices"][0]["message"]
    assert ("reasoning_content" in message) == model.thinking
    if model.thinking:
        assert "思考" in message["reasoning_content"]
        details = body["usage"]["completion_tokens_details"]
        assert 0 < details["reasoning_tokens"] < body["usage"]["completion_tokens"]


def test_maths_is_solved_and_answers_are_deterministic(emulator: str, key: str) -> None:
    first = v2_chat(emulator, v2_ask("解方程 x^2-5x+6=0"), key=key).json()
    again = v2_chat(emulator, v2_ask("解方程 x^2-5x+6=0"), key=key).json()
    text = first["choices"][0]["message"]["content"]
    assert text.startswith("解：") and "答：" in text and "x_{1} = 2" in text
    assert again["choices"][0]["message"]["content"] == text


def test_thinking_can_be_switched_off_and_budgeted(emulator: str, key: str) -> None:
    x1 = "ernie-x1-turbo-32k"
    off = v2_chat(emulator, v2_ask("你好", model=x1, enable_thinking=False), key=key).json()
    assert "reasoning_content" not in off["choices"][0]["message"]
    short = v2_chat(emulator, v2_ask("你好", model=x1, thinking_budget=5), key=key).json()
    assert len(short["choices"][0]["message"]["reasoning_content"]) <= 8


def test_max_tokens_truncates_and_stop_cuts(emulator: str, key: str) -> None:
    cut = v2_chat(emulator, v2_ask("你好", max_completion_tokens=5), key=key).json()
    assert cut["choices"][0]["finish_reason"] == "length" and cut["usage"]["completion_tokens"] <= 5
    old_name = v2_chat(emulator, v2_ask("你好", max_tokens=5), key=key).json()
    assert old_name["choices"][0]["finish_reason"] == "length"
    stopped = v2_chat(emulator, v2_ask("你好", stop="模拟器"), key=key).json()
    assert stopped["choices"][0]["finish_reason"] == "stop"
    assert "模拟器" not in stopped["choices"][0]["message"]["content"]


def test_every_documented_field_is_accepted_and_unknown_ones_ignored(emulator: str, key: str) -> None:
    body = {
        "model": "ernie-3.5-8k",
        "messages": [
            {"role": "system", "content": "你是一名数学老师"},
            {"role": "user", "content": [{"type": "text", "text": "你好"}]},
        ],
        "stream": False,
        "stream_options": {"include_usage": True},
        "temperature": 0.5,
        "top_p": 0.8,
        "max_completion_tokens": 1024,
        "seed": 42,
        "stop": ["。。。"],
        "frequency_penalty": 0.1,
        "presence_penalty": -0.1,
        "penalty_score": 1.2,
        "tools": [WEATHER_TOOL],
        "tool_choice": "auto",
        "parallel_tool_calls": True,
        "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}},
        "user": "student-1",
        "web_search": {"enable": False, "enable_citation": False, "enable_trace": False},
        "metadata": {"class": "7-2"},
        "extra_parameters": {"request_source": "sdk"},
    }
    response = v2_chat(emulator, body, key=key)
    assert response.status_code == 200, response.text
    assert "你好" in response.json()["choices"][0]["message"]["content"]


# --- validation --------------------------------------------------------------------------------

_USER = [{"role": "user", "content": "你好"}]
_CALL = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
_BAD_BODIES: list[tuple[Any, str, str]] = [
    ({"model": None}, "invalid_model", "model is empty"),
    ({"model": 5, "messages": _USER}, "invalid_model", "model"),
    ({"model": "ernie-9000", "messages": _USER}, "invalid_model", "ernie-9000"),
    ({"model": "ERNIE-4.0-8K", "messages": _USER}, "invalid_model", "ERNIE-4.0-8K"),  # v2 ids are lower case
    ({"messages": None}, "invalid_messages", "messages"),
    ({"model": "ernie-4.0-8k", "messages": []}, "invalid_messages", "messages"),
    ({"messages": [{"role": "function", "content": "a"}]}, "invalid_messages", "messages[0].role"),
    ({"messages": [{"role": "user", "content": ""}]}, "invalid_messages", "messages[0].content"),
    ({"messages": [{"role": "user", "content": 5}]}, "invalid_messages", "messages[0].content"),
    (
        {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
        "invalid_messages",
        "messages[0].content[0]",
    ),
    (
        {"messages": [*_USER, {"role": "system", "content": "s"}, *_USER]},
        "invalid_messages",
        "messages[1].role",
    ),
    ({"messages": [*_USER, {"role": "assistant", "content": "好"}]}, "invalid_messages", "last message"),
    (
        {
            "messages": [
                *_USER,
                {"role": "assistant", "tool_calls": [_CALL]},
                {"role": "tool", "content": "{}"},
            ]
        },
        "invalid_messages",
        "messages[2].tool_call_id",
    ),
    (
        {
            "messages": [
                *_USER,
                {"role": "assistant", "content": "", "tool_calls": [_CALL]},
                {"role": "tool", "tool_call_id": "call_2", "content": "{}"},
            ]
        },
        "invalid_messages",
        "messages[2].tool_call_id: 'call_2' answers no earlier tool call",
    ),
    (
        {"messages": [*_USER, {"role": "assistant", "tool_calls": [{"id": "c"}]}, *_USER]},
        "invalid_messages",
        "tool_calls[0]",
    ),
    ({"temperature": 0}, "invalid_argument", "temperature"),  # ERNIE: (0, 1]
    ({"temperature": 1.5}, "invalid_argument", "temperature"),
    ({"temperature": "hot"}, "invalid_argument", "temperature"),
    ({"top_p": 1.5}, "invalid_argument", "top_p"),
    ({"penalty_score": 3}, "invalid_argument", "penalty_score"),
    ({"frequency_penalty": 3}, "invalid_argument", "frequency_penalty"),
    ({"presence_penalty": -2.5}, "invalid_argument", "presence_penalty"),
    ({"max_tokens": 1}, "invalid_argument", "max_tokens"),
    ({"max_completion_tokens": 4096}, "invalid_argument", "max_completion_tokens"),  # ERNIE-4.0-8K: ≤ 2048
    ({"max_completion_tokens": "many"}, "invalid_argument", "max_completion_tokens"),
    ({"seed": "x"}, "invalid_argument", "seed"),
    ({"seed": True}, "invalid_argument", "seed"),
    ({"stop": ["1", "2", "3", "4", "5"]}, "invalid_argument", "stop"),
    ({"stop": ["字" * 21]}, "invalid_argument", "stop"),
    ({"stop": 5}, "invalid_argument", "stop"),
    (
        {"tools": [{"type": "function", "function": {"name": "get-weather"}}]},
        "invalid_argument",
        "tools[0].function.name",
    ),
    ({"tools": [{"type": "retrieval"}]}, "invalid_argument", "tools[0].type"),
    (
        {"tools": [{"type": "function", "function": {"description": "x"}}]},
        "invalid_argument",
        "tools[0].function.name",
    ),
    (
        {"model": "ernie-speed-8k", "tools": [WEATHER_TOOL]},
        "invalid_argument",
        "ernie-speed-8k does not support",
    ),
    ({"tool_choice": "sometimes", "tools": [WEATHER_TOOL]}, "invalid_argument", "tool_choice"),
    ({"tool_choice": "required"}, "invalid_argument", "tool_choice"),
    (
        {"tool_choice": {"type": "function", "function": {"name": "other"}}, "tools": [WEATHER_TOOL]},
        "invalid_argument",
        "tool_choice.function.name",
    ),
    ({"parallel_tool_calls": "yes"}, "invalid_argument", "parallel_tool_calls"),
    ({"response_format": {"type": "xml"}}, "invalid_argument", "response_format.type"),
    ({"response_format": {"type": "json_schema"}}, "invalid_argument", "response_format.json_schema"),
    ({"web_search": {"enable": "yes"}}, "invalid_argument", "web_search.enable"),
    ({"web_search": True}, "invalid_argument", "web_search"),
    ({"metadata": "x"}, "invalid_argument", "metadata"),
    ({"model": "ernie-x1-turbo-32k", "enable_thinking": "yes"}, "invalid_argument", "enable_thinking"),
    ({"model": "ernie-x1-turbo-32k", "thinking_budget": 0}, "invalid_argument", "thinking_budget"),
    ({"stream": "yes"}, "invalid_argument", "stream"),
    ({"stream_options": {"include_usage": 1}}, "invalid_argument", "stream_options.include_usage"),
    ({"user": 5}, "invalid_argument", "user"),
    ({"messages": [{"role": "user", "content": "字" * 20001}]}, "characters_too_long", "20000"),
    ({"messages": [{"role": "user", "content": "字" * 5121}]}, "tokens_too_long", "Prompt tokens too long"),
]


@pytest.mark.parametrize(("fields", "code", "message"), _BAD_BODIES, ids=[c[2][:40] for c in _BAD_BODIES])
def test_bad_bodies_get_400_naming_the_field(
    emulator: str, key: str, fields: dict[str, Any], code: str, message: str
) -> None:
    # None drops a field from the base body.
    body = {k: v for k, v in {"model": "ernie-4.0-8k", "messages": _USER, **fields}.items() if v is not None}
    error = _error(v2_chat(emulator, body, key=key), 400, code)
    assert message in error["message"]
    assert error["type"] == "invalid_request_error"


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_malformed_json(emulator: str, key: str, raw: bytes) -> None:
    response = httpx.post(f"{emulator}{V2_CHAT}", content=raw, headers={"Authorization": f"Bearer {key}"})
    assert _error(response, 400, "malformed_json")["message"] == "Invalid Argument"


def test_a_lenient_model_accepts_what_ernie_refuses(emulator: str, key: str) -> None:
    hot = v2_chat(emulator, v2_ask("你好", model="deepseek-v3", temperature=1.5), key=key)
    assert hot.status_code == 200  # DeepSeek takes OpenAI's [0, 2]


def test_wrong_method_is_405(emulator: str, key: str) -> None:
    response = httpx.get(f"{emulator}{V2_CHAT}", headers={"Authorization": f"Bearer {key}"})
    assert _error(response, 405, "method_not_supported")["type"] == "invalid_request_error"


def test_unknown_v2_paths_are_404(emulator: str, key: str) -> None:
    response = httpx.post(f"{emulator}/v2/embeddings", headers={"Authorization": f"Bearer {key}"}, json={})
    _error(response, 404, "not_found")


# --- credentials -------------------------------------------------------------------------------


def test_credentials(emulator_factory: Callable[..., str]) -> None:
    configured = fake_api_key()
    url = emulator_factory(bearer_token=configured)
    assert v2_chat(url, v2_ask("你好"), key=configured).status_code == 200
    missing = _error(v2_chat(url, v2_ask("你好"), key=None), 401, "access_denied")
    assert missing["type"] == "access_denied"
    basic = httpx.post(f"{url}{V2_CHAT}", json=v2_ask("你好"), headers={"Authorization": "Basic abc"})
    _error(basic, 401, "access_denied")
    other = _error(v2_chat(url, v2_ask("你好"), key=fake_api_key()), 401, "invalid_iam_token")
    assert other == {
        "code": "invalid_iam_token",
        "message": "IAM Certification failed",
        "type": "invalid_request_error",
    }
    with_app = httpx.post(
        f"{url}{V2_CHAT}",
        json=v2_ask("你好"),
        headers={"Authorization": f"Bearer {configured}", "appid": "app-42"},
    )
    assert with_app.status_code == 200
    bad_app = httpx.post(
        f"{url}{V2_CHAT}",
        json=v2_ask("你好"),
        headers={"Authorization": f"Bearer {configured}", "appid": "42"},
    )
    _error(bad_app, 401, "invalid_appid")
    assert stats(url)["v2_errors"] == {"access_denied": 2, "invalid_iam_token": 1, "invalid_appid": 1}


def test_any_well_formed_key_without_a_configured_one(emulator: str) -> None:
    assert v2_chat(emulator, v2_ask("你好"), key=fake_api_key()).status_code == 200
    for bad in ("sk-123", "bce-v3/ALTAK-abc", "bce-v3/ALTAK-a/b/c", "24.abc.2592000.1.282335-1"):
        _error(v2_chat(emulator, v2_ask("你好"), key=bad), 401, "invalid_iam_token")


# --- streams -----------------------------------------------------------------------------------


def test_a_stream_is_content_deltas_a_finish_chunk_and_done(emulator: str, key: str) -> None:
    response = v2_chat(emulator, v2_ask("给我推荐一些自驾游路线", stream=True), key=key)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "x-ratelimit-remaining-output-tokens" in response.headers
    events, done = v2_events(response.text)
    assert done
    assert len({e["id"] for e in events}) == 1 and all(e["object"] == "chat.completion.chunk" for e in events)
    assert all(e["model"] == "ernie-4.0-8k" for e in events)
    deltas = [e["choices"][0]["delta"] for e in events]
    assert deltas[0]["role"] == "assistant" and all("role" not in d for d in deltas[1:])
    assert len(deltas) >= 4 and deltas[-1] == {}
    finishes = [e["choices"][0]["finish_reason"] for e in events]
    assert finishes == [None] * (len(events) - 1) + ["stop"]
    assert all(e["choices"][0]["flag"] == 0 for e in events)
    assert not any("usage" in e for e in events)  # no include_usage, no usage chunk
    whole = v2_chat(emulator, v2_ask("给我推荐一些自驾游路线"), key=key).json()
    assert "".join(d.get("content", "") for d in deltas) == whole["choices"][0]["message"]["content"]


def test_include_usage_adds_a_usage_chunk_before_done(emulator: str, key: str) -> None:
    body = v2_ask("给我推荐一些自驾游路线", stream=True, stream_options={"include_usage": True})
    events, done = v2_events(v2_chat(emulator, body, key=key).text)
    assert done and events[-1]["choices"] == []
    whole = v2_chat(emulator, v2_ask("给我推荐一些自驾游路线"), key=key).json()
    assert events[-1]["usage"] == whole["usage"]
    assert events[-2]["choices"][0]["finish_reason"] == "stop"


def test_a_thinking_model_streams_its_reasoning_first(emulator: str, key: str) -> None:
    events, done = v2_events(
        v2_chat(emulator, v2_ask("你好", model="deepseek-r1", stream=True), key=key).text
    )
    deltas = [e["choices"][0]["delta"] for e in events]
    kinds = [next(k for k in ("reasoning_content", "content") if k in d) for d in deltas[:-1]]
    assert (
        done
        and kinds == sorted(kinds, reverse=True)
        and kinds[0] == "reasoning_content"
        and "content" in kinds
    )


# --- tools -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tooled() -> Iterator[str]:
    with running_emulator(scenario=TOOL_SCENARIO) as url:
        yield url


def test_a_tool_round_trip(tooled: str, key: str) -> None:
    question = {"role": "user", "content": "上海市今天天气如何？"}
    first = v2_chat(
        tooled, {"model": "ernie-4.0-8k", "messages": [question], "tools": [WEATHER_TOOL]}, key=key
    )
    choice = first.json()["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    message = choice["message"]
    [call] = message["tool_calls"]
    assert re.fullmatch(r"call_[a-z0-9]{24}", call["id"]) and call["type"] == "function"
    assert call["function"]["name"] == "get_current_weather"
    assert json.loads(call["function"]["arguments"]) == {"location": "上海市"}
    result = {
        "role": "tool",
        "tool_call_id": call["id"],
        "content": '{"temperature": "25", "description": "晴朗"}',
    }
    second = v2_chat(
        tooled,
        {"model": "ernie-4.0-8k", "messages": [question, message, result], "tools": [WEATHER_TOOL]},
        key=key,
    ).json()
    final = second["choices"][0]
    assert final["finish_reason"] == "stop" and "tool_calls" not in final["message"]
    assert "25" in final["message"]["content"] and "晴朗" in final["message"]["content"]


def test_a_streamed_tool_call_arrives_in_fragments(tooled: str, key: str) -> None:
    body = v2_ask("天气怎么样", tools=[WEATHER_TOOL], stream=True)
    events, done = v2_events(v2_chat(tooled, body, key=key).text)
    fragments = [f for e in events for f in e["choices"][0]["delta"].get("tool_calls", [])]
    head, *pieces = fragments
    assert head["index"] == 0 and head["type"] == "function" and head["id"].startswith("call_")
    assert head["function"] == {"name": "get_current_weather", "arguments": ""}
    assert len(pieces) >= 2 and all(set(p) == {"index", "function"} for p in pieces)
    assert json.loads("".join(p["function"]["arguments"] for p in pieces)) == {"location": "上海市"}
    assert done and events[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_whole_tool_calls_when_asked(emulator_factory: Callable[..., str], key: str) -> None:
    url = emulator_factory(scenario=TOOL_SCENARIO, tool_call_stream="whole")
    events, done = v2_events(
        v2_chat(url, v2_ask("两个城市的天气", tools=[WEATHER_TOOL], stream=True), key=key).text
    )
    calls = [f for e in events for f in e["choices"][0]["delta"].get("tool_calls", [])]
    assert [c["index"] for c in calls] == [0, 1] and all(c["id"].startswith("call_") for c in calls)
    assert [json.loads(c["function"]["arguments"]) for c in calls] == [
        {"location": "北京"},
        {"location": "上海"},
    ]
    assert all(c["type"] == "function" and c["function"]["name"] == "get_current_weather" for c in calls)
    assert done and events[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_parallel_tool_calls_and_tool_choice_none(tooled: str, key: str) -> None:
    both = v2_chat(tooled, v2_ask("两个城市的天气", tools=[WEATHER_TOOL]), key=key).json()
    calls = both["choices"][0]["message"]["tool_calls"]
    assert [json.loads(c["function"]["arguments"])["location"] for c in calls] == ["北京", "上海"]
    assert len({c["id"] for c in calls}) == 2
    one = v2_chat(tooled, v2_ask("两个城市的天气", tools=[WEATHER_TOOL], parallel_tool_calls=False), key=key)
    assert len(one.json()["choices"][0]["message"]["tool_calls"]) == 1
    none = v2_chat(tooled, v2_ask("天气", tools=[WEATHER_TOOL], tool_choice="none"), key=key).json()
    assert none["choices"][0]["finish_reason"] == "stop" and "tool_calls" not in none["choices"][0]["message"]


# --- flagged input -----------------------------------------------------------------------------


def test_flagged_input_is_content_filter_with_flag_2(emulator: str, key: str) -> None:
    body = v2_chat(emulator, v2_ask("这里有敏感词"), key=key).json()
    choice = body["choices"][0]
    assert choice["finish_reason"] == "content_filter" and choice["flag"] == 2 and choice["ban_round"] == -1
    assert choice["message"]["content"]  # a refusal the student can read
    history = [
        {"role": "user", "content": "敏感词"},
        {"role": "assistant", "content": "……"},
        {"role": "user", "content": "换个话题"},
    ]
    later = v2_chat(emulator, {"model": "ernie-4.0-8k", "messages": history}, key=key).json()
    assert later["choices"][0]["ban_round"] == 1
    events, done = v2_events(v2_chat(emulator, v2_ask("敏感词", stream=True), key=key).text)
    assert done and all(e["choices"][0]["flag"] == 2 for e in events)
    assert events[-1]["choices"][0]["finish_reason"] == "content_filter"
    assert events[-1]["choices"][0]["ban_round"] == -1


# --- budgets -----------------------------------------------------------------------------------


def test_requests_budget(emulator_factory: Callable[..., str], key: str) -> None:
    url = emulator_factory(rpm=2)
    first = v2_chat(url, v2_ask("你好"), key=key)
    assert first.headers["x-ratelimit-limit-requests"] == "2"
    assert first.headers["x-ratelimit-remaining-requests"] == "1"
    assert v2_chat(url, v2_ask("你好"), key=key).status_code == 200
    refused = v2_chat(url, v2_ask("你好"), key=key)
    error = _error(refused, 429, "rpm_rate_limit_exceeded")
    assert error == {
        "code": "rpm_rate_limit_exceeded",
        "message": "Rate limit reached for RPM",
        "type": "rate_limit_exceeded",
    }
    assert refused.headers["x-ratelimit-remaining-requests"] == "0"
    # v1 keeps its own count: the same --rpm, a separate service.
    assert "result" in chat(url, ask("你好"), access_token=token(url)).json()


def test_input_output_and_total_token_budgets(emulator_factory: Callable[..., str], key: str) -> None:
    url = emulator_factory(input_tpm=20, output_tpm=100)
    first = v2_chat(url, v2_ask("你好"), key=key)
    used_out = first.json()["usage"]["completion_tokens"]
    assert first.headers["x-ratelimit-limit-input-tokens"] == "20"
    assert first.headers["x-ratelimit-remaining-input-tokens"] == "18"
    assert int(first.headers["x-ratelimit-remaining-output-tokens"]) == max(100 - used_out, 0)
    _error(v2_chat(url, v2_ask("你" * 19), key=key), 429, "input_tpm_rate_limit_exceeded")
    v2_chat(url, v2_ask("你好"), key=key)  # spends the rest of the output budget
    _error(v2_chat(url, v2_ask("你好"), key=key), 429, "output_tpm_rate_limit_exceeded")

    url = emulator_factory(tpm=50)
    first = v2_chat(url, v2_ask("你好"), key=key)
    assert first.headers["x-ratelimit-limit-tokens"] == "50"
    assert int(first.headers["x-ratelimit-remaining-tokens"]) == max(
        50 - first.json()["usage"]["total_tokens"], 0
    )
    _error(v2_chat(url, v2_ask("你好"), key=key), 429, "tpm_rate_limit_exceeded")
    assert stats(url)["v2_errors"] == {"tpm_rate_limit_exceeded": 1}


# --- faults and scripted errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("18", 429, "rpm_rate_limit_exceeded"),
        ("2", 503, "service_unavailable"),
        ("336100", 503, "service_unavailable"),
    ],
)
def test_fault_injection_the_v2_way(
    emulator_factory: Callable[..., str], key: str, kind: str, status: int, code: str
) -> None:
    url = emulator_factory(fault_rate=1.0, fault_kinds=[kind])
    _error(v2_chat(url, v2_ask("你好"), key=key), status, code)
    _error(v2_chat(url, v2_ask("你好", stream=True), key=key), status, code)  # before the stream: JSON
    assert stats(url)["faults"] == 2


def test_stream_error_and_disconnect_faults(emulator_factory: Callable[..., str], key: str) -> None:
    url = emulator_factory(fault_rate=1.0, fault_kinds=["stream_error"])
    text, cut = v2_stream_text(url, v2_ask("给我推荐一些自驾游路线", stream=True), key=key)
    events, done = v2_events(text)
    assert not cut and not done
    assert events[-1] == {"error": events[-1]["error"], "id": events[0]["id"]}
    assert events[-1]["error"]["code"] == "service_unavailable" and len(events) >= 2
    _error(v2_chat(url, v2_ask("你好"), key=key), 503, "service_unavailable")  # no stream to break into

    url = emulator_factory(fault_rate=1.0, fault_kinds=["disconnect"])
    text, cut = v2_stream_text(url, v2_ask("给我推荐一些自驾游路线", stream=True), key=key)
    assert cut and "[DONE]" not in text
    with pytest.raises(httpx.RemoteProtocolError):
        v2_chat(url, v2_ask("你好"), key=key)
    assert stats(url)["cuts"] == 2


def test_scenario_errors_of_either_kind(emulator_factory: Callable[..., str], key: str) -> None:
    scenario = {
        "rules": [
            {"match": "忙", "reply": {"error_code": 336100}},
            {"match": "额度", "reply": {"error_code": 336502}},
            {"match": "内部", "reply": {"error_code": 1}},
            {"match": "限速", "reply": {"code": "tpm_rate_limit_exceeded"}},
            {"match": "坏了", "reply": {"status": 500, "code": "internal_error", "message": "模型坏了"}},
            {"match": "中途", "reply": {"code": "internal_error"}, "error_after": 2},
            {"match": "断开", "reply": {"result": "第一句。第二句。第三句。"}, "cut_after": 2},
            {"match": "结尾", "reply": {"result": "第一句。第二句。"}, "cut_after": 10},
        ]
    }
    url = emulator_factory(scenario=scenario)
    _error(v2_chat(url, v2_ask("忙吗"), key=key), 503, "service_unavailable")
    _error(v2_chat(url, v2_ask("额度"), key=key), 429, "tpm_rate_limit_exceeded")
    _error(v2_chat(url, v2_ask("内部"), key=key), 500, "internal_error")
    assert (
        _error(v2_chat(url, v2_ask("限速"), key=key), 429, "tpm_rate_limit_exceeded")["type"]
        == "rate_limit_exceeded"
    )
    assert _error(v2_chat(url, v2_ask("坏了"), key=key), 500, "internal_error")["message"] == "模型坏了"
    # A v2-named error answers v1 with its v1 twin.
    assert chat(url, ask("限速"), access_token=token(url)).json()["error_code"] == 336502

    events, done = v2_events(v2_chat(url, v2_ask("中途", stream=True), key=key).text)
    assert not done and len(events) == 3 and events[-1]["error"]["code"] == "internal_error"
    _error(v2_chat(url, v2_ask("中途"), key=key), 500, "internal_error")  # not streaming: at once

    text, cut = v2_stream_text(url, v2_ask("断开", stream=True), key=key)
    assert cut and len(v2_events(text)[0]) == 2
    text, cut = v2_stream_text(url, v2_ask("结尾", stream=True), key=key)
    events, done = v2_events(text)
    assert cut and not done and events[-1]["choices"][0]["finish_reason"] == "stop"  # all but [DONE]


def test_scenario_rules_can_name_model_protocol_and_v1_endpoint(
    emulator_factory: Callable[..., str], key: str
) -> None:
    scenario = {
        "rules": [
            {"model": "ernie-speed-8k", "reply": {"result": "按模型"}},
            {"protocol": "openai", "reply": {"result": "按接口"}},
            {"endpoint": "completions", "reply": {"result": "按端点"}},
        ]
    }
    url = emulator_factory(scenario=scenario)

    def text(body: dict[str, Any], path: str = V2_CHAT) -> str:
        return str(v2_chat(url, body, key=key, path=path).json()["choices"][0]["message"]["content"])

    assert text(v2_ask("你好", model="ernie-speed-8k")) == "按模型"
    assert text(v2_ask("你好", model="ernie-3.5-8k")) == "按端点"  # the v1 twin of ernie-3.5-8k
    assert text(v2_ask("你好", model="ernie-4.0-8k"), path="/v1/chat/completions") == "按接口"
    assert "模拟器" in text(v2_ask("你好", model="ernie-4.0-8k"))


def test_extra_model_ids(emulator_factory: Callable[..., str], key: str) -> None:
    url = emulator_factory(models=["ernie-5.0"])
    assert v2_chat(url, v2_ask("你好", model="ernie-5.0"), key=key).status_code == 200
    ids = [
        m["id"]
        for m in httpx.get(f"{url}/v2/models", headers={"Authorization": f"Bearer {key}"}).json()["data"]
    ]
    assert "ernie-5.0" in ids


def test_stats_count_v2_calls(emulator_factory: Callable[..., str], key: str) -> None:
    url = emulator_factory()
    v2_chat(url, v2_ask("你好"), key=key)
    v2_chat(url, v2_ask("你好", model="ernie-speed-8k", stream=True), key=key)
    v2_chat(url, v2_ask("你好", model="nope"), key=key)
    counters = stats(url)
    assert counters["v2_requests"] == 3 and counters["v2_replies"] == 2 and counters["streams"] == 1
    assert counters["models"] == {"ernie-4.0-8k": 1, "ernie-speed-8k": 1}
    assert counters["v2_errors"] == {"invalid_model": 1}
    assert counters["chat_requests"] == 0  # v1's counter stays v1's
