"""A small scripted Wenxin server for `httpx.MockTransport`, and helpers to drive the sync and async
clients from one test body.

`FakeWenxin` answers the token exchange (issuing tok-1, tok-2, ...) and the chat endpoints. Chat
requests must carry a token it issued and has not revoked, else it answers 110 like the service.
Each chat request takes the next scripted reply from `fake.replies` (a callable request ->
Response, or an exception to raise); with none scripted it answers a plain success.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import httpx

from zuoye.ernie import AsyncChatStream, AsyncErnie, ChatChunk, ChatStream, Ernie

Reply = Callable[[httpx.Request], httpx.Response] | BaseException

CHAT_PREFIX = "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/"


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body delivered in the given pieces, optionally failing after them; it records
    whether the client closed it (an abandoned stream must release its connection)."""

    def __init__(self, parts: Sequence[bytes], error: BaseException | None = None) -> None:
        self.parts = list(parts)
        self.error = error
        self.closed = False
        self.delivered = 0

    def __iter__(self) -> Iterator[bytes]:
        for part in self.parts:
            self.delivered += 1
            yield part
        if self.error is not None:
            raise self.error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self.parts:
            self.delivered += 1
            yield part
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def event(result: str = "", *, sentence_id: int = 0, is_end: bool = False, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "as-test",
        "object": "chat.completion",
        "created": 1700000000,
        "sentence_id": sentence_id,
        "is_end": is_end,
        "is_truncated": False,
        "result": result,
        "need_clear_history": False,
        "usage": {"prompt_tokens": 3, "completion_tokens": sentence_id + 1, "total_tokens": sentence_id + 4},
    }
    data.update(extra)
    return data


def sse_bytes(events: Sequence[dict[str, Any] | str]) -> bytes:
    out = []
    for e in events:
        out.append(e if isinstance(e, str) else "data: " + json.dumps(e, ensure_ascii=False) + "\n\n")
    return "".join(out).encode()


def ok(result: str = "你好", **extra: Any) -> Reply:
    body = {
        "id": "as-test",
        "object": "chat.completion",
        "created": 1700000000,
        "result": result,
        "is_truncated": False,
        "need_clear_history": False,
        "finish_reason": "normal",
        "usage": {"prompt_tokens": 2, "completion_tokens": 5, "total_tokens": 7},
    }
    body.update(extra)
    headers = {"X-Baidu-Request-Id": "req-ok", "Statement": "AI-generated"}
    return lambda request: httpx.Response(200, json=body, headers=headers)


def err(code: int, msg: str = "error", status: int = 200) -> Reply:
    return lambda request: httpx.Response(
        status, json={"error_code": code, "error_msg": msg}, headers={"X-Baidu-Request-Id": f"req-{code}"}
    )


def status(code: int, text: str = "upstream failed") -> Reply:
    return lambda request: httpx.Response(code, text=text)


def stream(
    events: Sequence[dict[str, Any] | str],
    *,
    pieces: int | None = None,
    error: BaseException | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[Reply, list[Body]]:
    """An event-stream reply; `pieces` splits the bytes into that many reads. The returned list
    receives the Body, so a test can check it was closed."""
    data = sse_bytes(events)
    if pieces:
        size = max(1, -(-len(data) // pieces))
        parts = [data[i : i + size] for i in range(0, len(data), size)]
    else:
        parts = [data]
    bodies: list[Body] = []

    def reply(request: httpx.Request) -> httpx.Response:
        body = Body(parts, error)
        bodies.append(body)
        h = {"content-type": "text/event-stream;charset=utf-8", "X-Baidu-Request-Id": "req-stream"}
        h.update(headers or {})
        return httpx.Response(200, headers=h, stream=body)

    return reply, bodies


class FakeWenxin:
    def __init__(self, *, expires_in: int = 2_592_000) -> None:
        self.expires_in = expires_in
        self.replies: deque[Reply] = deque()
        self.token_replies: deque[Reply] = deque()
        self.requests: list[httpx.Request] = []
        self.token_requests = 0
        self.chat_requests = 0
        self.valid: set[str] = set()
        self.issued = 0
        self.check_tokens = True

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def revoke_all(self) -> None:
        self.valid.clear()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if request.url.path == "/oauth/2.0/token":
            self.token_requests += 1
            if self.token_replies:
                return self._play(self.token_replies.popleft(), request)
            self.issued += 1
            token = f"tok-{self.issued}"
            self.valid.add(token)
            return httpx.Response(200, json={"access_token": token, "expires_in": self.expires_in})
        assert request.url.path.startswith(CHAT_PREFIX), request.url.path
        self.chat_requests += 1
        if self.check_tokens and "authorization" not in request.headers:
            token = request.url.params.get("access_token")
            if token not in self.valid:
                return httpx.Response(
                    200, json={"error_code": 110, "error_msg": "Access token invalid or no longer valid"}
                )
        if self.replies:
            return self._play(self.replies.popleft(), request)
        return self._play(ok(), request)

    @staticmethod
    def _play(reply: Reply, request: httpx.Request) -> httpx.Response:
        if isinstance(reply, BaseException):
            raise reply
        return reply(request)

    def chat_bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests if r.url.path.startswith(CHAT_PREFIX)]


def make_client(sync: bool, fake: FakeWenxin, **kwargs: Any) -> Ernie | AsyncErnie:
    kwargs.setdefault("api_key", "test-ak")
    kwargs.setdefault("secret_key", "test-sk")
    kwargs.setdefault("retry_delay", 0)
    if sync:
        return Ernie(transport=fake.transport(), **kwargs)
    return AsyncErnie(transport=fake.transport(), **kwargs)


async def chat(client: Ernie | AsyncErnie, **kwargs: Any) -> Any:
    kwargs.setdefault("messages", [{"role": "user", "content": "你好"}])
    if isinstance(client, Ernie):
        return client.chat(**kwargs)
    return await client.chat(**kwargs)


async def consume(s: ChatStream | AsyncChatStream, into: list[ChatChunk] | None = None) -> list[ChatChunk]:
    """Iterate a stream to the end; `into` receives each chunk as it comes (kept if it fails)."""
    chunks = [] if into is None else into
    if isinstance(s, ChatStream):
        for c in s:
            chunks.append(c)
    else:
        async for c in s:
            chunks.append(c)
    return chunks


async def close(client: Ernie | AsyncErnie) -> None:
    if isinstance(client, Ernie):
        client.close()
    else:
        await client.close()
