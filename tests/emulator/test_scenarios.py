"""Scenario files and fault injection, seen from the wire."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.emulator._helpers import ask, chat, chat_url, sse_events, stream_lines, token
from zuoye.emulator import ScenarioError, load_scenario, parse_scenario
from zuoye.emulator.testing import stats

WEATHER_FN = {
    "name": "get_current_weather",
    "description": "获得指定地点的天气",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
    },
}
ISSUE_SCENARIO: dict[str, Any] = {
    "rules": [
        {
            "match": "天气",
            "when_functions": True,
            "reply": {
                "function_call": {
                    "name": "get_current_weather",
                    "arguments": '{"location": "上海市"}',
                    "thoughts": "用户问天气，需要调用工具。",
                }
            },
        },
        {"match": "忙", "reply": {"error_code": 336100, "times": 2}},
        {"match": "慢", "reply": {"result": "第一句。第二句。"}, "delay_ms": 200, "cut_after": 1},
    ]
}


@pytest.fixture
def scripted(emulator_factory: Callable[..., str]) -> str:
    return emulator_factory(scenario=ISSUE_SCENARIO)


def test_function_call_round_trip(scripted: str) -> None:
    access = token(scripted)
    first = chat(scripted, ask("上海市今天天气如何？", functions=[WEATHER_FN]), access_token=access).json()
    assert first["result"] == "" and first["finish_reason"] == "function_call"
    call = first["function_call"]
    assert call["name"] == "get_current_weather"
    assert json.loads(call["arguments"]) == {"location": "上海市"}
    second_body = {
        "messages": [
            {"role": "user", "content": "上海市今天天气如何？"},
            {"role": "assistant", "content": None, "function_call": call},
            {
                "role": "function",
                "name": "get_current_weather",
                "content": '{"temperature": "25", "description": "晴朗"}',
            },
        ],
        "functions": [WEATHER_FN],
    }
    second = chat(scripted, second_body, access_token=access).json()
    assert "function_call" not in second
    assert "25" in second["result"] and "晴朗" in second["result"]


def test_function_call_streams_as_one_final_event(scripted: str) -> None:
    body = ask("天气怎么样", functions=[WEATHER_FN], stream=True)
    events = sse_events(chat(scripted, body, access_token=token(scripted)).text)
    assert len(events) == 1
    assert events[0]["is_end"] is True and events[0]["function_call"]["name"] == "get_current_weather"


def test_when_functions_limits_the_rule(scripted: str) -> None:
    body = chat(scripted, ask("上海天气"), access_token=token(scripted)).json()
    assert "function_call" not in body and "模拟器" in body["result"]


def test_times_answers_that_many_then_falls_through(scripted: str) -> None:
    access = token(scripted)
    replies = [chat(scripted, ask("你忙吗"), access_token=access).json() for _ in range(3)]
    assert [r.get("error_code") for r in replies] == [336100, 336100, None]
    assert replies[0]["error_msg"].startswith("人工智能是一项革命性的技术")
    assert "result" in replies[2]


def test_cut_after_drops_the_stream_after_that_many_events(scripted: str) -> None:
    started = time.monotonic()
    lines, cut = stream_lines(chat_url(scripted), ask("慢一点", stream=True), access_token=token(scripted))
    assert cut
    assert [json.loads(line.removeprefix("data: "))["result"] for line in lines] == ["第一句。"]
    assert time.monotonic() - started >= 0.2  # delay_ms before the event
    assert stats(scripted)["cuts"] == 1


def test_cut_after_on_a_plain_request_drops_the_reply(scripted: str) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        chat(scripted, ask("慢一点"), access_token=token(scripted))


def test_error_after_puts_a_bare_json_line_into_the_stream(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(
        scenario={"rules": [{"reply": {"error_code": 336100}, "error_after": 1}]},
    )
    response = chat(url, ask("你好", stream=True), access_token=token(url))
    lines = [line for line in response.text.split("\n") if line]
    assert lines[0].startswith("data: ")
    assert json.loads(lines[1])["error_code"] == 336100
    assert len(lines) == 2
    # Without a stream the same rule fails the request at once, as a JSON error body.
    assert chat(url, ask("你好"), access_token=token(url)).json()["error_code"] == 336100


def test_after_function_rules_script_the_final_answer(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(scenario={"rules": [{"after_function": True, "reply": {"result": "今天晴。"}}]})
    body = {
        "messages": [
            {"role": "user", "content": "天气"},
            {"role": "assistant", "content": "", "function_call": {"name": "f", "arguments": "{}"}},
            {"role": "function", "name": "f", "content": "{}"},
        ]
    }
    assert chat(url, body, access_token=token(url)).json()["result"] == "今天晴。"
    assert "模拟器" in chat(url, ask("天气"), access_token=token(url)).json()["result"]


def test_scenario_endpoints_and_flagged_replies(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(
        scenario={"endpoints": ["my_model"], "rules": [{"match": "坏", "reply": {"flagged": True}}]}
    )
    body = chat(url, ask("坏问题"), access_token=token(url), endpoint="my_model").json()
    assert body["need_clear_history"] is True and body["ban_round"] == -1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": {}}, '{"rules": [...]}'),
        ({"rules": [{"match": "("}]}, "missing `reply`"),
        ({"rules": [{"match": "(", "reply": {"result": "x"}}]}, "not a valid regular expression"),
        ({"rules": [{"reply": {"result": "x", "error_code": 1}}]}, "exactly one of"),
        ({"rules": [{"reply": {"result": "x"}, "cut_after": -1}]}, "`cut_after` must be a whole number"),
        ({"rules": [{"reply": {"result": "x"}, "typo": 1}]}, "unknown key(s) ['typo']"),
        ({"rules": [{"reply": {"function_call": {}}}]}, "needs a non-empty `name`"),
        ({"rules": [{"reply": {"result": "x"}, "error_after": 1}]}, "`error_after` needs"),
        ({"rules": [{"reply": {"code": "x", "error_code": 1}}]}, "exactly one of"),
        ({"rules": [{"reply": {"code": "my_error"}}]}, "`status` must be an HTTP error status"),
        ({"rules": [{"reply": {"code": "internal_error", "status": 200}}]}, "`status` must be an HTTP error"),
        ({"rules": [{"reply": {"error_code": 1, "status": 500}}]}, "`status` goes with a v2 error `code`"),
        ({"rules": [{"reply": {"tool_calls": []}}]}, "`tool_calls` must be a non-empty list"),
        ({"rules": [{"reply": {"tool_calls": [{"arguments": "{}"}]}}]}, "needs a non-empty `name`"),
        ({"rules": [{"reply": {"result": "x", "reasoning": 5}}]}, "`reasoning` must be a string"),
        (
            {"rules": [{"reply": {"result": "x"}, "protocol": "v3"}]},
            "`protocol` must be one of v1, v2, openai",
        ),
        ({"rules": [{"reply": {"result": "x"}, "model": 5}]}, "`model` must be a string"),
    ],
)
def test_bad_scenarios_say_what_to_fix(data: Any, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data, "s.json")
    assert message in str(info.value)
    assert str(info.value).startswith("s.json")


def test_scenario_files(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(ISSUE_SCENARIO, ensure_ascii=False), encoding="utf-8")
    assert len(load_scenario(good).rules) == 3
    bad = tmp_path / "bad.json"
    bad.write_text('{"rules": [', encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid JSON"):
        load_scenario(bad)
    with pytest.raises(ScenarioError, match="cannot read scenario file"):
        load_scenario(tmp_path / "missing.json")


def test_fault_injection_errors_are_the_transient_ones(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(fault_rate=1.0, fault_kinds=("2", "336100", "18"), seed=7)
    access = token(url)
    codes = {chat(url, ask("你好"), access_token=access).json()["error_code"] for _ in range(30)}
    assert codes == {2, 336100, 18}
    assert stats(url)["faults"] == 30


def test_fault_injection_disconnects_mid_stream(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(fault_rate=1.0, fault_kinds=("disconnect",))
    lines, cut = stream_lines(chat_url(url), ask("你好", stream=True), access_token=token(url))
    assert cut and len(lines) >= 1
    assert not any('"is_end":true' in line for line in lines)
    assert stats(url)["cuts"] == 1


def test_fault_injection_slow_and_latency(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(latency_ms=150, fault_rate=1.0, fault_kinds=("slow",), fault_latency_ms=100)
    access = token(url)
    started = time.monotonic()
    assert "result" in chat(url, ask("你好"), access_token=access).json()
    assert time.monotonic() - started >= 0.25


def test_fault_rate_zero_never_faults(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(fault_rate=0.0)
    access = token(url)
    assert all("result" in chat(url, ask("你好"), access_token=access).json() for _ in range(10))
    assert stats(url)["faults"] == 0


def test_stream_error_fault_breaks_into_a_stream_or_fails_a_plain_request(
    emulator_factory: Callable[..., str],
) -> None:
    url = emulator_factory(fault_rate=1.0, fault_kinds=("stream_error",))
    access = token(url)
    lines = [
        line for line in chat(url, ask("你好", stream=True), access_token=access).text.split("\n") if line
    ]
    assert lines[0].startswith("data: ") and json.loads(lines[-1])["error_code"] == 336100
    assert chat(url, ask("你好"), access_token=access).json()["error_code"] == 336100


def test_v1_answers_parallel_tool_calls_with_the_first(emulator_factory: Callable[..., str]) -> None:
    calls = [{"name": "get_current_weather", "arguments": {"location": c}} for c in ("北京", "上海")]
    url = emulator_factory(scenario={"rules": [{"reply": {"tool_calls": calls}, "protocol": "v1"}]})
    body = chat(url, ask("两地天气", functions=[WEATHER_FN]), access_token=token(url)).json()
    assert body["finish_reason"] == "function_call"
    assert json.loads(body["function_call"]["arguments"]) == {"location": "北京"}
