"""Small wire-level helpers for the emulator's tests: raw httpx, nothing from zuoye.ernie."""

from __future__ import annotations

import json
from typing import Any

import httpx

from zuoye.emulator import CHAT_PREFIX


def token(base_url: str, ak: str = "test-ak", sk: str = "test-sk") -> str:
    params = {"grant_type": "client_credentials", "client_id": ak, "client_secret": sk}
    response = httpx.post(f"{base_url}/oauth/2.0/token", params=params, json="")
    response.raise_for_status()
    return str(response.json()["access_token"])


def chat_url(base_url: str, endpoint: str = "completions_pro") -> str:
    return f"{base_url}{CHAT_PREFIX}{endpoint}"


def chat(
    base_url: str, body: dict[str, Any], *, access_token: str, endpoint: str = "completions_pro"
) -> httpx.Response:
    return httpx.post(chat_url(base_url, endpoint), params={"access_token": access_token}, json=body)


def ask(question: str, **extra: Any) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": question}], **extra}


def sse_events(text: str) -> list[dict[str, Any]]:
    """Decode a whole event-stream body strictly: every non-blank line must be `data: {json}`."""
    events = []
    for line in text.split("\n"):
        if not line:
            continue
        assert line.startswith("data: "), f"not an SSE data line: {line!r}"
        events.append(json.loads(line[len("data: ") :]))
    return events


def stream_lines(url: str, body: dict[str, Any], *, access_token: str) -> tuple[list[str], bool]:
    """The non-blank lines of a streamed reply, and whether the connection was cut before its end."""
    lines: list[str] = []
    try:
        with httpx.stream("POST", url, params={"access_token": access_token}, json=body) as response:
            lines.extend(line for line in response.iter_lines() if line)
    except httpx.RemoteProtocolError:
        return lines, True
    return lines, False


# --- v2 and the OpenAI face -----------------------------------------------------------------

V2_CHAT = "/v2/chat/completions"
OPENAI_CHAT = "/v1/chat/completions"


def v2_chat(base_url: str, body: dict[str, Any], *, key: str | None, path: str = V2_CHAT) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    return httpx.post(f"{base_url}{path}", json=body, headers=headers, timeout=30)


def v2_ask(question: str, model: str = "ernie-4.0-8k", **extra: Any) -> dict[str, Any]:
    return {"model": model, "messages": [{"role": "user", "content": question}], **extra}


def v2_events(text: str) -> tuple[list[dict[str, Any]], bool]:
    """Decode a v2 event stream strictly: `data: {json}` events, then whether `data: [DONE]` ended it."""
    events: list[dict[str, Any]] = []
    done = False
    for line in text.split("\n"):
        if not line:
            continue
        assert line.startswith("data: "), f"not an SSE data line: {line!r}"
        assert not done, "an event after [DONE]"
        if line == "data: [DONE]":
            done = True
        else:
            events.append(json.loads(line[len("data: ") :]))
    return events, done


def v2_stream_text(
    base_url: str, body: dict[str, Any], *, key: str | None, path: str = V2_CHAT
) -> tuple[str, bool]:
    """The streamed body as far as it came, and whether the connection was cut before its end."""
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    parts: list[str] = []
    try:
        with httpx.stream("POST", f"{base_url}{path}", json=body, headers=headers, timeout=30) as response:
            parts.extend(response.iter_text())
    except httpx.RemoteProtocolError:
        return "".join(parts), True
    return "".join(parts), False
