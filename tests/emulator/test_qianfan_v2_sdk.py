"""The qianfan SDK's v2 client, `qianfan.Qianfan` (its own venv, $ZUOYE_QIANFAN_PYTHON), against /v2.

Baidu's own v2 client: with a bce-v3 API key and with IAM keys (it fetches its bearer token from
`QIANFAN_IAM_BASE_URL`, signed), it must complete a chat, a stream with usage and a tool round trip
(plain and streamed) and read a thinking model's reasoning. Its error handling is recorded as it
is, because it differs from the openai SDK's: a non-2xx reply is a `RequestError` carrying the
status (not retried), an error before a stream starts or inside it is an `APIError` with v2's code,
and a 401 on an expired IAM token is not refreshed by the client that holds it (a TODO in the SDK).

Its stream types require `id`, `type` and `function.name` in every tool-call delta (and have no
`index`), so OpenAI-style fragments fail its parsing: these emulators send each streamed tool call
whole (`tool_call_stream="whole"`), the shape the SDK was written for.
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

QIANFAN_PYTHON = os.environ.get("ZUOYE_QIANFAN_PYTHON")
pytestmark = pytest.mark.skipif(
    not QIANFAN_PYTHON, reason="ZUOYE_QIANFAN_PYTHON is not set (./dev test sets it)"
)

AK, SK = "test-iam-ak", "test-iam-sk"
SCENARIO = {
    "rules": [
        {
            "match": "天气",
            "when_functions": True,
            "reply": {"function_call": {"name": "get_current_weather", "arguments": {"location": "上海市"}}},
        },
        {"match": "一直限流", "reply": {"code": "tpm_rate_limit_exceeded"}},
        {"match": "中途", "reply": {"code": "internal_error"}, "error_after": 2},
    ]
}

# Runs inside the qianfan venv; prints one JSON object.
SCRIPT = r"""
import json, sys, requests
from qianfan import Qianfan
from qianfan.errors import APIError, RequestError

mode, base = sys.argv[1], sys.argv[2]
client = Qianfan()  # everything from the environment, as a user would set it
TOOLS = [{"type": "function", "function": {
    "name": "get_current_weather", "description": "获得指定地点的天气",
    "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}}]
out = {}

def user(text):
    return [{"role": "user", "content": text}]

def failure(call):
    try:
        call()
    except RequestError as exc:
        return ["RequestError", exc.status_code]
    except APIError as exc:
        return ["APIError", exc.error_code]
    return None

r = client.chat.completions.create(model="ernie-4.0-8k", messages=user("解方程 x^2-5x+6=0"))
out["chat"] = {"id": r.id, "content": r.choices[0].message.content, "finish": r.choices[0].finish_reason,
               "flag": r.choices[0].flag, "prompt_tokens": r.usage.prompt_tokens, "total_tokens": r.usage.total_tokens}
raw = client.chat.completions.do(model="ernie-speed-8k", messages=user("你好"))
out["headers"] = {name: raw.headers.get(name) for name in (
    "X-Ratelimit-Limit-Requests", "X-Ratelimit-Remaining-Input-Tokens", "X-Ratelimit-Remaining-Output-Tokens")}

chunks = list(client.chat.completions.create(model="ernie-4.0-8k", messages=user("给我推荐一些自驾游路线"),
                                             stream=True, stream_options={"include_usage": True}))
whole = client.chat.completions.create(model="ernie-4.0-8k", messages=user("给我推荐一些自驾游路线"))
out["stream"] = {"content": "".join(c.choices[0].delta.content or "" for c in chunks if c.choices),
                 "whole": whole.choices[0].message.content, "events": len(chunks),
                 "finish": [c.choices[0].finish_reason for c in chunks if c.choices][-1],
                 "usage": chunks[-1].usage.total_tokens, "whole_usage": whole.usage.total_tokens}

messages = user("上海市今天天气如何？")
r = client.chat.completions.create(model="ernie-4.0-8k", messages=messages, tools=TOOLS)
call = r.choices[0].message.tool_calls[0]
messages.append(r.raw["choices"][0]["message"])
messages.append({"role": "tool", "tool_call_id": call.id,
                 "content": json.dumps({"temperature": "25", "description": "晴朗"}, ensure_ascii=False)})
final = client.chat.completions.create(model="ernie-4.0-8k", messages=messages, tools=TOOLS)
out["tool"] = {"finish": r.choices[0].finish_reason, "id": call.id, "name": call.function.name,
               "arguments": call.function.arguments, "final": final.choices[0].message.content}

calls, finish = [], None
for c in client.chat.completions.create(model="ernie-4.0-8k", messages=user("天气怎么样"), tools=TOOLS, stream=True):
    calls.extend({"id": tc.id, "name": tc.function.name, "arguments": tc.function.arguments}
                 for tc in c.choices[0].delta.tool_calls or [])
    finish = c.choices[0].finish_reason or finish
out["tool_stream"] = {"calls": calls, "finish": finish}

out["reasoning"] = client.chat.completions.create(model="ernie-x1-turbo-32k", messages=user("你好")).choices[0].message.reasoning_content

def drain(**kwargs):
    for _ in client.chat.completions.create(model="ernie-4.0-8k", stream=True, retry_count=1, **kwargs):
        pass

out["errors"] = {
    "400": failure(lambda: client.chat.completions.create(model="ernie-4.0-8k", messages=user("你好"), top_p=5)),
    "429": failure(lambda: client.chat.completions.create(model="ernie-4.0-8k", messages=user("一直限流"), retry_count=1)),
    "429_stream": failure(lambda: drain(messages=user("一直限流"))),
    "mid_stream": failure(lambda: drain(messages=user("中途出错"))),
}

if mode == "iam":
    held = client.chat.completions  # one resource object keeps the bearer token it fetched
    held.create(model="ernie-speed-8k", messages=user("你好"))
    requests.post(base + "/_emulator/expire-tokens").raise_for_status()
    out["held_after_expiry"] = failure(lambda: held.create(model="ernie-speed-8k", messages=user("你好"), retry_count=1))
    out["fresh_after_expiry"] = Qianfan().chat.completions.create(model="ernie-speed-8k", messages=user("你好")).choices[0].message.content
    wrong = Qianfan(access_key="test-iam-ak", secret_key="wrong")
    try:
        wrong.chat.completions.create(model="ernie-speed-8k", messages=user("你好"), retry_count=1)
        out["wrong_key"] = None
    except RequestError as exc:
        out["wrong_key"] = [exc.status_code, "SignatureDoesNotMatch" in str(exc)]
print(json.dumps(out, ensure_ascii=False))
"""


def _run(tmp_path: Path, mode: str, base_url: str, credentials: dict[str, str]) -> dict[str, Any]:
    script = tmp_path / "qianfan_v2_check.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIANFAN_")}
    env |= {
        "QIANFAN_CONSOLE_API_BASE_URL": base_url,  # where the v2 client sends /v2/chat/completions
        "QIANFAN_IAM_BASE_URL": base_url,  # where it fetches bearer tokens for IAM keys
        "QIANFAN_CACHE_DIR": str(tmp_path / "qianfan-cache"),
        **credentials,
    }
    assert QIANFAN_PYTHON
    proc = subprocess.run(
        [QIANFAN_PYTHON, str(script), mode, base_url],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _check_common(out: dict[str, Any]) -> None:
    chat = out["chat"]
    assert chat["id"].startswith("as-") and chat["finish"] == "stop" and chat["flag"] == 0
    assert chat["content"].startswith("解：") and "答：" in chat["content"]
    assert chat["total_tokens"] > chat["prompt_tokens"] > 0
    # Found under v2's own capitalisation, as the SDK copies headers into a plain dict.
    assert all(value is not None for value in out["headers"].values()), out["headers"]

    stream = out["stream"]
    assert stream["content"] == stream["whole"] and stream["events"] >= 4 and stream["finish"] == "stop"
    assert stream["usage"] == stream["whole_usage"]

    tool = out["tool"]
    assert tool["finish"] == "tool_calls" and tool["name"] == "get_current_weather"
    assert tool["id"].startswith("call_") and json.loads(tool["arguments"]) == {"location": "上海市"}
    assert "25" in tool["final"] and "晴朗" in tool["final"]
    [streamed] = out["tool_stream"]["calls"]
    assert out["tool_stream"]["finish"] == "tool_calls" and streamed["name"] == "get_current_weather"
    assert json.loads(streamed["arguments"]) == {"location": "上海市"}

    assert out["reasoning"] and "思考" in out["reasoning"]
    assert out["errors"] == {
        "400": ["RequestError", 400],  # a non-2xx status, not an APIError
        "429": ["RequestError", 429],  # and not retried
        "429_stream": ["APIError", "tpm_rate_limit_exceeded"],  # the JSON before a stream is read
        "mid_stream": ["APIError", "internal_error"],  # the data: {"error": …} event
    }


def test_qianfan_v2_client_with_an_api_key(tmp_path: Path, emulator_factory: Callable[..., str]) -> None:
    key = fake_api_key()
    url = emulator_factory(scenario=SCENARIO, bearer_token=key, tool_call_stream="whole")
    out = _run(tmp_path, "apikey", url, {"QIANFAN_BEARER_TOKEN": key})
    _check_common(out)
    counters = stats(url)
    assert counters["function_calls"] == 2 and counters["bearer_token_requests"] == 0
    assert counters["v2_errors"]["tpm_rate_limit_exceeded"] == 2 and counters["chat_requests"] == 0


def test_qianfan_v2_client_with_iam_keys(tmp_path: Path, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(
        scenario=SCENARIO,
        iam_access_key=AK,
        iam_secret_key=SK,
        bearer_token=fake_api_key(),
        tool_call_stream="whole",
    )
    out = _run(tmp_path, "iam", url, {"QIANFAN_ACCESS_KEY": AK, "QIANFAN_SECRET_KEY": SK})
    _check_common(out)
    assert out["held_after_expiry"] == ["RequestError", 401]  # the SDK does not refresh on a 401
    assert "模拟器" in out["fresh_after_expiry"]  # a new client fetches a new token
    assert out["wrong_key"] == [401, True]
    counters = stats(url)
    assert counters["bearer_tokens_issued"] >= 2 and counters["iam_errors"] == {"SignatureDoesNotMatch": 1}
    assert counters["v2_errors"]["invalid_iam_token"] == 1
