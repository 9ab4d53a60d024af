"""A small scripted Qianfan v2 server for `httpx.MockTransport`.

`FakeQianfan` answers `POST /v2/chat/completions` (and an OpenAI-compatible server's
`/v1/chat/completions`), `GET /v2/models` and the IAM bearer-token exchange. Chat requests must
carry the configured API key or a bearer token it issued and has not revoked, else 401 like v2.
Each chat request takes the next scripted reply from `fake.replies`; with none it answers a plain
success. Keys are built at run time: nothing here looks like a real credential.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Sequence
from typing import Any

import httpx

from tests.ernie._fake import Body, Reply

API_KEY = "bce-v3/ALTAK-" + "k" * 20 + "/" + "s" * 40
CHAT_PATHS = ("/v2/chat/completions", "/v1/chat/completions", "/chat/completions")


def completion(content: str = "答：x=2", *, finish: str = "stop", **message: Any) -> dict[str, Any]:
    return {
        "id": "as-v2",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "ernie-4.0-8k",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, **message},
                "finish_reason": finish,
            }
        ],
        "usage": {"prompt_tokens": 4, "completion_tokens": 6, "total_tokens": 10},
    }


def reply(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return lambda request: httpx.Response(status, json=body, headers=headers or {})


def error(status: int, code: str, message: str = "refused", kind: str = "invalid_request_error") -> Reply:
    return reply({"error": {"code": code, "message": message, "type": kind}, "id": "as-err"}, status)


def delta(**d: Any) -> dict[str, Any]:
    return {"id": "as-s", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": d}]}


def finish(reason: str = "stop", **choice: Any) -> dict[str, Any]:
    return {"id": "as-s", "choices": [{"index": 0, "delta": {}, "finish_reason": reason, **choice}]}


USAGE = {
    "id": "as-s",
    "choices": [],
    "usage": {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8},
}


def sse(events: Sequence[dict[str, Any] | str], *, done: bool = True) -> bytes:
    out = [e if isinstance(e, str) else "data: " + json.dumps(e, ensure_ascii=False) + "\n\n" for e in events]
    if done:
        out.append("data: [DONE]\n\n")
    return "".join(out).encode()


def stream(
    events: Sequence[dict[str, Any] | str],
    *,
    done: bool = True,
    pieces: int | None = None,
    error: BaseException | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    data = sse(events, done=done)
    size = max(1, -(-len(data) // pieces)) if pieces else len(data)
    parts = [data[i : i + size] for i in range(0, len(data), size)]

    def play(request: httpx.Request) -> httpx.Response:
        h = {"content-type": "text/event-stream"}
        h.update(headers or {})
        return httpx.Response(200, headers=h, stream=Body(parts, error))

    return play


class FakeQianfan:
    def __init__(self, *, api_key: str = API_KEY, lifetime: str | None = None) -> None:
        self.api_key = api_key
        self.lifetime = lifetime  # the IAM answer's expireTime, when a test fixes it
        self.replies: deque[Reply] = deque()
        self.requests: list[httpx.Request] = []
        self.issued: list[str] = []
        self.valid: set[str] = set()
        self.token_requests = 0
        self.iam_replies: deque[Reply] = deque()

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        path = request.url.path
        if path == "/v1/BCE-BEARER/token":
            self.token_requests += 1
            if self.iam_replies:
                return self.iam_replies.popleft()(request)
            token = f"bearer-token-{len(self.issued) + 1:04d}"
            self.issued.append(token)
            self.valid.add(token)
            expire = self.lifetime or "2099-01-01T00:00:00Z"
            return httpx.Response(
                200,
                json={
                    "userId": "u",
                    "token": token,
                    "status": "enable",
                    "createTime": "",
                    "expireTime": expire,
                },
            )
        auth = request.headers.get("authorization", "")
        if auth not in (f"Bearer {self.api_key}", *(f"Bearer {t}" for t in self.valid)):
            return httpx.Response(
                401, json={"error": {"code": "invalid_iam_token", "message": "token invalid"}}
            )
        if path in ("/v2/models", "/v1/models"):
            return httpx.Response(
                200, json={"object": "list", "data": [{"id": "ernie-4.0-8k"}, {"id": "deepseek-r1"}]}
            )
        assert path in CHAT_PATHS, path
        if self.replies:
            return self.replies.popleft()(request)
        return reply(completion())(request)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests if r.url.path in CHAT_PATHS]

    @property
    def chat_requests(self) -> int:
        return len(self.bodies())
