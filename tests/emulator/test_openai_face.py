"""The plain OpenAI-compatible face (`/v1/chat/completions`, `/v1/models`) and `/v2/models`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.emulator._helpers import OPENAI_CHAT, ask, chat, token, v2_ask, v2_chat, v2_events
from zuoye.emulator import V2_MODELS
from zuoye.emulator.testing import fake_api_key, fetch_bearer_token, stats

TOOL = {"type": "function", "function": {"name": "get-weather", "parameters": {"type": "object"}}}


def _openai(base_url: str, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    return v2_chat(base_url, body, key=key, path=OPENAI_CHAT)


def _openai_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["code"] == code
    return body["error"]


def test_a_reply_without_baidus_additions(emulator: str) -> None:
    response = _openai(emulator, v2_ask("介绍一下你自己"))  # no key at all
    assert response.status_code == 200
    assert not any(name.startswith("x-ratelimit") for name in response.headers)
    assert "statement" not in response.headers
    body = response.json()
    assert re.fullmatch(r"chatcmpl-[a-z0-9]{10}", body["id"]) and body["object"] == "chat.completion"
    [choice] = body["choices"]
    assert set(choice) == {"index", "message", "finish_reason"} and choice["finish_reason"] == "stop"
    assert "介绍一下你自己" in choice["message"]["content"]
    flagged = _openai(emulator, v2_ask("敏感词")).json()["choices"][0]
    assert flagged["finish_reason"] == "content_filter" and "flag" not in flagged


def test_baidu_fields_are_not_checked_and_dashes_are_fine(emulator: str) -> None:
    body = v2_ask("你好", web_search="whatever", penalty_score=9, tools=[TOOL], temperature=1.8)
    assert _openai(emulator, body).status_code == 200
    refused = v2_chat(emulator, v2_ask("你好", tools=[TOOL]), key=fake_api_key())
    assert refused.status_code == 400  # the same tool on v2


def test_errors_in_openais_dialect(emulator: str) -> None:
    error = _openai_error(_openai(emulator, v2_ask("你好", top_p=3)), 400, "invalid_argument")
    assert (
        error["param"] == "top_p" and error["type"] == "invalid_request_error" and "top_p" in error["message"]
    )
    missing = _openai_error(_openai(emulator, v2_ask("你好", model="llama3")), 404, "model_not_found")
    assert missing["message"] == "The model `llama3` does not exist."
    assert _openai_error(httpx.get(f"{emulator}{OPENAI_CHAT}"), 405, "method_not_supported")


def test_a_configured_key_is_required(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(openai_api_key="school-key")
    assert _openai(url, v2_ask("你好"), key="school-key").status_code == 200
    for wrong in (None, "other"):
        error = _openai_error(_openai(url, v2_ask("你好"), key=wrong), 401, "invalid_api_key")
        assert error["message"] == "Incorrect API key provided"
    assert httpx.get(f"{url}/v1/models").status_code == 401
    listed = httpx.get(f"{url}/v1/models", headers={"Authorization": "Bearer school-key"})
    assert listed.status_code == 200
    counters = stats(url)
    assert counters["openai_requests"] == 3 and counters["openai_replies"] == 1
    assert counters["openai_errors"] == {"invalid_api_key": 3}
    assert counters["v2_requests"] == 0 and counters["chat_requests"] == 0


def test_a_stream_and_a_tool_call(emulator_factory: Callable[..., str]) -> None:
    scenario = {
        "rules": [{"match": "天气", "reply": {"function_call": {"name": "get-weather", "arguments": "{}"}}}]
    }
    url = emulator_factory(scenario=scenario)
    events, done = v2_events(_openai(url, v2_ask("你好", stream=True)).text)
    assert done and all("flag" not in e["choices"][0] for e in events)
    assert all(e["id"].startswith("chatcmpl-") for e in events)
    message = _openai(url, v2_ask("天气", tools=[TOOL])).json()["choices"][0]["message"]
    assert message["content"] is None and message["tool_calls"][0]["function"]["name"] == "get-weather"


@pytest.mark.parametrize("path", ["/v2/models", "/v1/models"])
def test_the_model_lists(emulator: str, path: str) -> None:
    response = httpx.get(f"{emulator}{path}", headers={"Authorization": f"Bearer {fake_api_key()}"})
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "list"
    assert [m["id"] for m in body["data"]] == [m.id for m in V2_MODELS]
    for entry in body["data"]:
        assert set(entry) == {"id", "object", "created", "owned_by"} and entry["object"] == "model"
    assert {m["owned_by"] for m in body["data"]} == {"baidu", "deepseek"}


def test_v2_models_needs_a_bearer_credential(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory()
    unauthorized = httpx.get(f"{url}/v2/models")
    assert unauthorized.status_code == 401 and unauthorized.json()["error"]["code"] == "access_denied"
    bearer = fetch_bearer_token(url, "ak", "sk")["token"]
    assert httpx.get(f"{url}/v2/models", headers={"Authorization": f"Bearer {bearer}"}).status_code == 200
    assert httpx.post(f"{url}/v2/models", headers={"Authorization": f"Bearer {bearer}"}).status_code == 405
    assert stats(url)["models_requests"] == 3


def test_the_v1_faces_do_not_meet(emulator: str) -> None:
    # Wenxin v1, IAM and the OpenAI face share the /v1 prefix in name only.
    assert "result" in chat(emulator, ask("你好"), access_token=token(emulator)).json()
    assert fetch_bearer_token(emulator, "ak", "sk")["status"] == "enable"
    assert _openai(emulator, v2_ask("你好")).json()["object"] == "chat.completion"
    assert httpx.get(f"{emulator}/v1/other").json()["error_code"] == 3
    assert json.loads(httpx.get(f"{emulator}/v1/models").text)["object"] == "list"
