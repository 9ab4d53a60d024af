"""The official `qianfan` SDK (its own venv, $ZUOYE_QIANFAN_PYTHON) against the emulator.

Nobody here wrote it, so it is the fidelity test that cannot share our misunderstandings: it
must complete a chat, a stream, an IAM-signed chat and a scripted function-call round trip, and
its own retry and token-refresh logic must work on the emulator's errors.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zuoye.emulator.testing import stats

QIANFAN_PYTHON = os.environ.get("ZUOYE_QIANFAN_PYTHON")
pytestmark = pytest.mark.skipif(
    not QIANFAN_PYTHON, reason="ZUOYE_QIANFAN_PYTHON is not set (./dev test sets it)"
)

SCENARIO = {
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
    ]
}

# Runs inside the qianfan venv; prints one JSON object per check.
SCRIPT = r"""
import json, sys, requests, qianfan
from qianfan.errors import APIError

mode, base = sys.argv[1], sys.argv[2]
out = {}
WEATHER = {"name": "get_current_weather", "description": "获得指定地点的天气",
           "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                          "required": ["location"]}}

if mode == "aksk":
    chat = qianfan.ChatCompletion(model="ERNIE-4.0-8K")
    r = chat.do(messages=[{"role": "user", "content": "介绍一下你自己"}])
    out["chat"] = {"result": r.body["result"], "usage": r.body["usage"],
                   "ratelimit": r.headers.get("X-Ratelimit-Limit-Requests")}
    events = [e.body for e in qianfan.ChatCompletion(model="ERNIE-Speed-8K").do(
        messages=[{"role": "user", "content": "给我推荐一些自驾游路线"}], stream=True)]
    out["stream"] = [{"sentence_id": e["sentence_id"], "is_end": e["is_end"], "result": e["result"]}
                     for e in events]
    msgs = [{"role": "user", "content": "上海市今天天气如何？"}]
    r = chat.do(messages=msgs, functions=[WEATHER])
    call = r.body["function_call"]
    msgs += [{"role": "assistant", "content": "", "function_call": call},
             {"role": "function", "name": call["name"],
              "content": json.dumps({"temperature": "25", "description": "晴朗"}, ensure_ascii=False)}]
    r2 = chat.do(messages=msgs, functions=[WEATHER])
    out["function"] = {"call": call, "final": r2.body["result"]}
    r = chat.do(messages=[{"role": "user", "content": "你忙吗"}], retry_count=3, backoff_factor=0.01)
    out["retried"] = r.body["result"]
    requests.post(base + "/_emulator/expire-tokens").raise_for_status()
    r = chat.do(messages=[{"role": "user", "content": "你好"}])
    out["after_expiry"] = r.body["result"]
elif mode == "iam":
    r = qianfan.ChatCompletion(model="ERNIE-4.0-8K").do(messages=[{"role": "user", "content": "你好"}])
    out["chat"] = r.body["result"]
    try:
        qianfan.ChatCompletion(model="ERNIE-4.0-8K", access_key="test-iam-ak", secret_key="wrong").do(
            messages=[{"role": "user", "content": "你好"}], retry_count=1)
        out["wrong_key"] = None
    except APIError as exc:
        out["wrong_key"] = exc.error_code
print(json.dumps(out, ensure_ascii=False))
"""


def _run(tmp_path: Path, mode: str, base_url: str, credentials: dict[str, str]) -> dict[str, Any]:
    script = tmp_path / "qianfan_check.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIANFAN_")}
    env |= {
        "QIANFAN_BASE_URL": base_url,
        "QIANFAN_CONSOLE_API_BASE_URL": base_url,  # the model-list call IAM keys trigger
        "QIANFAN_CACHE_DIR": str(tmp_path / "qianfan-cache"),
        "QIANFAN_ACCESS_TOKEN_REFRESH_MIN_INTERVAL": "0",  # it refuses a second refresh within an hour
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


def test_qianfan_with_api_keys(tmp_path: Path, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(api_key="test-ak", secret_key="test-sk", scenario=SCENARIO)
    out = _run(tmp_path, "aksk", url, {"QIANFAN_AK": "test-ak", "QIANFAN_SK": "test-sk"})

    assert "模拟器" in out["chat"]["result"] and out["chat"]["usage"]["prompt_tokens"] == 7
    assert out["chat"]["ratelimit"] is not None  # found under Baidu's own header capitalisation

    stream = out["stream"]
    assert [e["sentence_id"] for e in stream] == list(range(len(stream))) and len(stream) >= 3
    assert stream[-1]["is_end"] and not any(e["is_end"] for e in stream[:-1])

    assert out["function"]["call"]["name"] == "get_current_weather"
    assert json.loads(out["function"]["call"]["arguments"]) == {"location": "上海市"}
    assert "25" in out["function"]["final"] and "晴朗" in out["function"]["final"]

    assert "模拟器" in out["retried"]  # two scripted 336100s, retried by the SDK itself
    assert "模拟器" in out["after_expiry"]  # 111, then the SDK fetched a new token and retried

    counters = stats(url)
    assert counters["errors"]["336100"] == 2 and counters["errors"]["111"] == 1
    assert counters["tokens_issued"] >= 2  # one per client instance, plus the refresh after 111
    assert counters["function_calls"] == 1


def test_qianfan_with_iam_signing(tmp_path: Path, emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(iam_access_key="test-iam-ak", iam_secret_key="test-iam-sk")
    out = _run(
        tmp_path, "iam", url, {"QIANFAN_ACCESS_KEY": "test-iam-ak", "QIANFAN_SECRET_KEY": "test-iam-sk"}
    )
    assert "模拟器" in out["chat"]
    assert out["wrong_key"] == 14  # the signature really is verified
    counters = stats(url)
    assert counters["signed_requests"] == 1 and counters["token_requests"] == 0
    assert counters["console_requests"] >= 1 and counters["errors"]["14"] == 1
