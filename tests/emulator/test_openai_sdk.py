"""The official `openai` SDK (its own venv, $ZUOYE_OPENAI_PYTHON) against /v2 and the OpenAI face.

Nobody here wrote it, so it cannot share our misunderstandings of the OpenAI wire format that v2
follows: it must complete a chat, a stream with usage and a tool round trip (plain and streamed),
read a thinking model's reasoning, retry 429 and 5xx by itself, map statuses to its error classes,
and raise on an error event inside a stream.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zuoye.emulator.testing import fake_api_key, stats

OPENAI_PYTHON = os.environ.get("ZUOYE_OPENAI_PYTHON")
pytestmark = pytest.mark.skipif(
    not OPENAI_PYTHON, reason="ZUOYE_OPENAI_PYTHON is not set (./dev test sets it)"
)

SCENARIO = {
    "rules": [
        {
            "match": "天气",
            "when_functions": True,
            "reply": {"function_call": {"name": "get_current_weather", "arguments": {"location": "上海市"}}},
        },
        {"match": "忙", "reply": {"error_code": 336100, "times": 2}},
        {"match": "限流一次", "reply": {"code": "rpm_rate_limit_exceeded", "times": 1}},
        {"match": "一直限流", "reply": {"code": "tpm_rate_limit_exceeded"}},
        {"match": "坏了", "reply": {"code": "internal_error"}},
        {"match": "中途", "reply": {"code": "internal_error"}, "error_after": 2},
    ]
}

# Runs inside the openai venv; prints one JSON object.
SCRIPT = r"""
import json, sys, openai

mode, base, key = sys.argv[1], sys.argv[2], sys.argv[3]
client = openai.OpenAI(base_url=base + ("/v2" if mode == "v2" else "/v1"), api_key=key, max_retries=2)
strict = client.with_options(max_retries=0)
TOOLS = [{"type": "function", "function": {
    "name": "get_current_weather", "description": "获得指定地点的天气",
    "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}}]
out = {}

def user(text):
    return [{"role": "user", "content": text}]

raw = client.chat.completions.with_raw_response.create(model="ernie-4.0-8k", messages=user("解方程 x^2-5x+6=0"))
r = raw.parse()
out["chat"] = {"id": r.id, "content": r.choices[0].message.content, "finish": r.choices[0].finish_reason,
               "usage": r.usage.model_dump(exclude_none=True), "flag": (r.choices[0].model_extra or {}).get("flag"),
               "limit_input": raw.headers.get("X-Ratelimit-Limit-Input-Tokens")}

chunks = list(client.chat.completions.create(model="ernie-4.0-8k", messages=user("给我推荐一些自驾游路线"),
                                             stream=True, stream_options={"include_usage": True}))
whole = client.chat.completions.create(model="ernie-4.0-8k", messages=user("给我推荐一些自驾游路线"))
out["stream"] = {"content": "".join(c.choices[0].delta.content or "" for c in chunks if c.choices),
                 "whole": whole.choices[0].message.content, "events": len(chunks),
                 "finish": [c.choices[0].finish_reason for c in chunks if c.choices][-1],
                 "usage": chunks[-1].usage.model_dump(exclude_none=True),
                 "whole_usage": whole.usage.model_dump(exclude_none=True)}

messages = user("上海市今天天气如何？")
r = client.chat.completions.create(model="ernie-4.0-8k", messages=messages, tools=TOOLS)
message = r.choices[0].message
call = message.tool_calls[0]
messages.append(message.model_dump(exclude_none=True))
messages.append({"role": "tool", "tool_call_id": call.id,
                 "content": json.dumps({"temperature": "25", "description": "晴朗"}, ensure_ascii=False)})
final = client.chat.completions.create(model="ernie-4.0-8k", messages=messages, tools=TOOLS)
out["tool"] = {"finish": r.choices[0].finish_reason, "id": call.id, "name": call.function.name,
               "arguments": call.function.arguments, "final": final.choices[0].message.content,
               "final_finish": final.choices[0].finish_reason}

calls, finish = {}, None
for c in client.chat.completions.create(model="ernie-4.0-8k", messages=user("天气怎么样"), tools=TOOLS, stream=True):
    for tc in c.choices[0].delta.tool_calls or []:
        slot = calls.setdefault(tc.index, {"id": None, "name": "", "arguments": ""})
        slot["id"] = slot["id"] or tc.id
        slot["name"] += tc.function.name or ""
        slot["arguments"] += tc.function.arguments or ""
    finish = c.choices[0].finish_reason or finish
out["tool_stream"] = {"calls": list(calls.values()), "finish": finish}

r = client.chat.completions.create(model="deepseek-r1", messages=user("你好"))
out["reasoning"] = getattr(r.choices[0].message, "reasoning_content", None)

out["retried_5xx"] = client.chat.completions.create(model="ernie-4.0-8k", messages=user("你忙吗")).choices[0].message.content
out["retried_429"] = client.chat.completions.create(model="ernie-4.0-8k", messages=user("限流一次")).choices[0].message.content

def failure(call):
    try:
        call()
    except openai.APIStatusError as exc:
        return [type(exc).__name__, exc.status_code, exc.code]
    return None

wrong = openai.OpenAI(base_url=client.base_url, api_key="sk-wrong", max_retries=0)
out["errors"] = {
    "429": failure(lambda: strict.chat.completions.create(model="ernie-4.0-8k", messages=user("一直限流"))),
    "400": failure(lambda: strict.chat.completions.create(model="ernie-4.0-8k", messages=user("你好"), top_p=5)),
    "401": failure(lambda: wrong.chat.completions.create(model="ernie-4.0-8k", messages=user("你好"))),
    "500": failure(lambda: strict.chat.completions.create(model="ernie-4.0-8k", messages=user("坏了"))),
    "unknown_model": failure(lambda: strict.chat.completions.create(model="llama3", messages=user("你好"))),
}
try:
    for _ in strict.chat.completions.create(model="ernie-4.0-8k", messages=user("中途出错"), stream=True):
        pass
    out["mid_stream"] = None
except openai.APIError as exc:
    out["mid_stream"] = [type(exc).__name__, exc.message]

out["models"] = [m.id for m in client.models.list()]
print(json.dumps(out, ensure_ascii=False))
"""

# Random faults, retried by the SDK until every question is answered.
FAULTS_SCRIPT = r"""
import json, sys, openai
base, key = sys.argv[2], sys.argv[3]
client = openai.OpenAI(base_url=base + "/v2", api_key=key, max_retries=6)
answers = [client.chat.completions.create(model="ernie-speed-8k", messages=[{"role": "user", "content": q}])
           .choices[0].message.content for q in ("你好", "谢谢", "再见", "晚安")]
print(json.dumps({"answers": answers}, ensure_ascii=False))
"""


def _run(tmp_path: Path, script: str, *args: str) -> dict[str, Any]:
    path = tmp_path / "openai_check.py"
    path.write_text(script, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    assert OPENAI_PYTHON
    proc = subprocess.run(
        [OPENAI_PYTHON, str(path), *args], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _check_common(out: dict[str, Any]) -> None:
    chat = out["chat"]
    assert chat["content"].startswith("解：") and "答：" in chat["content"] and chat["finish"] == "stop"
    assert (
        chat["usage"]["total_tokens"] == chat["usage"]["prompt_tokens"] + chat["usage"]["completion_tokens"]
    )

    stream = out["stream"]
    assert stream["content"] == stream["whole"] and stream["events"] >= 4 and stream["finish"] == "stop"
    assert stream["usage"] == stream["whole_usage"]

    tool = out["tool"]
    assert tool["finish"] == "tool_calls" and tool["name"] == "get_current_weather"
    assert tool["id"].startswith("call_") and json.loads(tool["arguments"]) == {"location": "上海市"}
    assert "25" in tool["final"] and "晴朗" in tool["final"] and tool["final_finish"] == "stop"
    [streamed] = out["tool_stream"]["calls"]
    assert out["tool_stream"]["finish"] == "tool_calls" and streamed["id"].startswith("call_")
    assert streamed["name"] == "get_current_weather"
    assert json.loads(streamed["arguments"]) == {"location": "上海市"}

    assert out["reasoning"] and "思考" in out["reasoning"]
    assert "模拟器" in out["retried_5xx"] and "模拟器" in out["retried_429"]
    errors = out["errors"]
    assert errors["429"][:2] == ["RateLimitError", 429]
    assert errors["400"][:2] == ["BadRequestError", 400]
    assert errors["401"][:2] == ["AuthenticationError", 401]
    assert errors["500"] == ["InternalServerError", 500, "internal_error"]
    assert out["mid_stream"] is not None and out["mid_stream"][0] == "APIError"
    assert "ernie-4.0-8k" in out["models"] and "deepseek-r1" in out["models"]


def test_openai_sdk_against_qianfan_v2(tmp_path: Path, emulator_factory: Callable[..., str]) -> None:
    key = fake_api_key()
    url = emulator_factory(scenario=SCENARIO, bearer_token=key)
    out = _run(tmp_path, SCRIPT, "v2", url, key)
    _check_common(out)
    assert out["chat"]["id"].startswith("as-") and out["chat"]["flag"] == 0
    assert out["chat"]["limit_input"] is not None  # v2's budgets, read through the SDK's raw response
    assert out["errors"]["429"][2] == "tpm_rate_limit_exceeded"
    assert out["errors"]["401"][2] == "invalid_iam_token"
    assert out["errors"]["unknown_model"] == ["BadRequestError", 400, "invalid_model"]
    counters = stats(url)
    errors = counters["v2_errors"]
    assert errors["service_unavailable"] == 2 and errors["rpm_rate_limit_exceeded"] == 1  # retried by the SDK
    assert counters["function_calls"] == 2 and counters["openai_requests"] == 0


def test_openai_sdk_against_the_plain_openai_face(
    tmp_path: Path, emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory(scenario=SCENARIO, openai_api_key="school-key")
    out = _run(tmp_path, SCRIPT, "openai", url, "school-key")
    _check_common(out)
    assert out["chat"]["id"].startswith("chatcmpl-") and out["chat"]["flag"] is None
    assert out["chat"]["limit_input"] is None  # no Baidu headers on a plain server
    assert out["errors"]["401"] == ["AuthenticationError", 401, "invalid_api_key"]
    assert out["errors"]["unknown_model"] == ["NotFoundError", 404, "model_not_found"]
    counters = stats(url)
    assert counters["openai_errors"]["service_unavailable"] == 2 and counters["v2_requests"] == 0


def test_openai_sdk_retries_injected_faults(tmp_path: Path, emulator_factory: Callable[..., str]) -> None:
    key = fake_api_key()
    url = emulator_factory(fault_rate=0.5, fault_kinds=["2", "18"], seed=1)  # the seed draws 503, 429, 503
    out = _run(tmp_path, FAULTS_SCRIPT, "v2", url, key)
    assert [
        f"「{q}」" in a for q, a in zip(("你好", "谢谢", "再见", "晚安"), out["answers"], strict=True)
    ] == [True] * 4
    counters = stats(url)
    assert counters["faults"] >= 2 and counters["v2_replies"] == 4
    assert counters["v2_requests"] == 4 + counters["faults"]
    assert set(counters["v2_errors"]) == {"service_unavailable", "rpm_rate_limit_exceeded"}
