"""Streamed chat answers: `StreamState` turns bytes into chunks and aggregates them (no I/O, shared),
`ChatStream`/`AsyncChatStream` are the thin sync/async wrappers that read the HTTP response.

A stream never ends quietly short: a malformed event raises StreamError, an error line raises its
APIError, and a body that ends before the `is_end` event raises IncompleteStreamError. Whatever had
arrived stays available from `snapshot()`, so a cut-off answer can be kept and marked as such.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from types import TracebackType
from typing import Any

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._base import (
    decode_json,
    error_from_body,
    error_from_status,
    error_from_transport,
    ratelimit_from_headers,
    request_id_of,
)
from zuoye.ernie._errors import ErnieError, IncompleteStreamError, StreamError, redact
from zuoye.ernie._sse import ServerSentEvent, SSEDecoder
from zuoye.ernie.types import ChatChunk, ChatResponse, FunctionCall, RateLimitInfo, Usage


class StreamState:
    """Decodes one stream and keeps the running aggregate."""

    __slots__ = (
        "_decoder",
        "_endpoint",
        "_last",
        "_parts",
        "done",
        "error",
        "events",
        "finish_reason",
        "function_call",
        "ratelimit",
        "request_id",
    )

    def __init__(
        self, *, request_id: str | None, ratelimit: RateLimitInfo | None, endpoint: str | None
    ) -> None:
        self._decoder = SSEDecoder()
        self._endpoint = endpoint
        self._parts: list[str] = []
        self._last: ChatChunk | None = None
        self.request_id = request_id
        self.ratelimit = ratelimit
        self.function_call: FunctionCall | None = None
        self.finish_reason: str | None = None
        self.done = False
        self.events = 0
        # A failure found after good chunks in the same network read: raised once those chunks
        # have been delivered, so nothing that arrived intact is lost.
        self.error: ErnieError | None = None

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def feed(self, data: bytes) -> list[ChatChunk]:
        """The chunks completed by `data`. A problem is recorded in `error` (see `check`)."""
        self.check()
        return self._chunks(self._decoder.feed(data))

    def broken(self, exc: httpx.HTTPError) -> ErnieError:
        """The transport failed while reading; after some events that means a cut-off answer."""
        error = error_from_transport(exc)
        if not self.events:
            return error
        return type(error)(
            f"the connection broke after {self.events} event(s) of the stream, so the answer is "
            f"incomplete (snapshot() has the part that arrived): {error.message}"
        )

    def check(self) -> None:
        """Raise the recorded failure, if any."""
        if self.error is not None:
            raise self.error

    def end(self) -> list[ChatChunk]:
        """The body ended: deliver what is left, and insist the answer was complete."""
        self.check()
        chunks = self._chunks(self._decoder.flush())
        if chunks or self.error is not None:
            return chunks  # delivered first; `check` or the next `end` raises
        if not self.done:
            raise IncompleteStreamError(
                f"the stream ended after {self.events} event(s) without the final is_end event: the "
                "answer is incomplete (snapshot() has the part that arrived)",
                partial_result=self.text,
            )
        return chunks

    @classmethod
    def for_response(cls, response: httpx.Response, endpoint: str | None) -> StreamState:
        return cls(
            request_id=request_id_of(response.headers),
            ratelimit=ratelimit_from_headers(response.headers),
            endpoint=endpoint,
        )

    def add_json_response(self, response: httpx.Response) -> list[ChatChunk]:
        """A stream request answered with JSON (its body read): Baidu's error before streaming starts,
        raised as such, or a server that ignored `stream` and sent one plain reply (one final chunk)."""
        data = decode_json(response.content, status=response.status_code, request_id=self.request_id)
        if "error_code" in data:
            raise error_from_body(
                data, http_status=response.status_code, request_id=self.request_id, endpoint=self._endpoint
            )
        if response.status_code >= 400:
            raise error_from_status(response.status_code, response.text, request_id=self.request_id)
        return [self._add({**data, "is_end": True})]

    def _chunks(self, events: list[ServerSentEvent]) -> list[ChatChunk]:
        out: list[ChatChunk] = []
        for event in events:
            if self.done:
                break  # nothing counts after is_end
            data = event.data
            if data == "[DONE]":  # the OpenAI-style terminator some proxies add
                continue
            payload = self._decode(data)
            if payload is None:
                break
            if "error_code" in payload:
                # Baidu's error after the stream started (as a bare line or as data).
                self.error = error_from_body(
                    payload, http_status=None, request_id=self.request_id, endpoint=self._endpoint
                )
                break
            out.append(self._add(payload))
        if not out:
            self.check()
        return out

    def _decode(self, data: str) -> dict[str, Any] | None:
        """An event's JSON object; None (and the failure recorded) for anything else."""
        try:
            payload = json.loads(data)
        except ValueError as exc:
            self.error = StreamError(
                f"malformed event from the server ({exc}): {redact(data[: C.MAX_QUOTED_PAYLOAD])!r}",
                partial_result=self.text,
            )
            return None
        if not isinstance(payload, dict):
            self.error = StreamError(
                f"malformed event from the server (not a JSON object): {redact(data[: C.MAX_QUOTED_PAYLOAD])!r}",
                partial_result=self.text,
            )
            return None
        return payload

    def _add(self, payload: dict[str, Any]) -> ChatChunk:
        chunk = ChatChunk.from_dict(payload)
        self.events += 1
        self._last = chunk
        if chunk.result:
            self._parts.append(chunk.result)
        if chunk.function_call is not None:
            self.function_call = chunk.function_call
        if chunk.finish_reason:
            self.finish_reason = chunk.finish_reason
        if chunk.is_end:
            self.done = True
        return chunk

    def snapshot(self) -> ChatResponse:
        """The answer so far as a ChatResponse (complete once `done`)."""
        last = self._last
        raw = dict(last.raw) if last is not None else {}
        raw["result"] = self.text
        return ChatResponse(
            id=last.id if last else "",
            result=self.text,
            usage=last.usage if last else Usage(),  # cumulative: the last one is the total
            finish_reason=self.finish_reason or ("function_call" if self.function_call else None),
            function_call=self.function_call,
            tool_calls=[self.function_call] if self.function_call is not None else [],
            is_truncated=last.is_truncated if last else False,
            need_clear_history=last.need_clear_history if last else False,
            ban_round=last.ban_round if last else None,
            created=raw.get("created"),
            object=raw.get("object"),
            search_info=raw.get("search_info"),
            request_id=self.request_id,
            ratelimit=self.ratelimit,
            raw=raw,
        )


class _StreamBase:
    def __init__(
        self,
        response: httpx.Response,
        state: StreamState,
        first: list[ChatChunk],
        on_complete: Callable[[ChatResponse], None] | None = None,
    ) -> None:
        self._response = response
        self._state = state
        self._pending = deque(first)
        self._on_complete = on_complete
        self._closed = False
        self._reported = False

    @property
    def request_id(self) -> str | None:
        return self._state.request_id

    @property
    def text(self) -> str:
        """The answer text that has arrived so far."""
        return self._state.text

    @property
    def completed(self) -> bool:
        """True once the final (is_end) event has arrived."""
        return self._state.done

    def snapshot(self) -> ChatResponse:
        """What has arrived so far, complete or not."""
        return self._state.snapshot()

    @property
    def response(self) -> ChatResponse:
        """The aggregated answer (text, last usage, function_call, finish_reason) after iteration."""
        if not self._state.done:
            raise StreamError(
                "the stream has not finished: iterate it to the end first (or use snapshot() for the part "
                "that arrived)",
                partial_result=self._state.text,
            )
        return self._state.snapshot()

    def _complete(self) -> None:
        if self._state.done and not self._reported:
            self._reported = True
            if self._on_complete is not None:
                self._on_complete(self._state.snapshot())

    def __repr__(self) -> str:
        return f"{type(self).__name__}(events={self._state.events}, completed={self._state.done})"


class ChatStream(_StreamBase):
    """A streamed answer: iterate for ChatChunk objects; use as a context manager or call close()
    to release the connection when abandoning it early (breaking out of a `for` loop does too)."""

    def __init__(
        self,
        response: httpx.Response,
        chunks: Iterator[bytes],
        state: StreamState,
        first: list[ChatChunk],
        on_complete: Callable[[ChatResponse], None] | None = None,
    ) -> None:
        super().__init__(response, state, first, on_complete)
        self._bytes = chunks

    def __iter__(self) -> Iterator[ChatChunk]:
        return self._iterate()

    def _iterate(self) -> Iterator[ChatChunk]:
        try:
            self._complete()
            while self._pending:
                yield self._pending.popleft()
            self._state.check()
            if self._closed:
                return
            error: ErnieError | None = None
            # The byte iterator the first chunk came from: httpx allows only one per response.
            while True:
                try:
                    data = next(self._bytes)
                except StopIteration:
                    break
                except httpx.HTTPError as exc:
                    error = self._state.broken(exc)
                    break
                chunks = self._state.feed(data)
                self._complete()
                yield from chunks
                self._state.check()
            if error is not None:
                raise error  # outside the except block: no httpx exception (and URL) in the chain
            while not self._state.done:
                chunks = self._state.end()
                self._complete()
                yield from chunks
                self._state.check()
        finally:
            self.close()

    def get_final_response(self) -> ChatResponse:
        """Read the rest of the stream (if any) and return the aggregated answer."""
        for _ in self:
            pass
        return self.response

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._response.close()

    def __enter__(self) -> ChatStream:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncChatStream(_StreamBase):
    """The async ChatStream: `async for chunk in stream`, `async with stream`, `await stream.close()`."""

    def __init__(
        self,
        response: httpx.Response,
        chunks: AsyncIterator[bytes],
        state: StreamState,
        first: list[ChatChunk],
        on_complete: Callable[[ChatResponse], None] | None = None,
    ) -> None:
        super().__init__(response, state, first, on_complete)
        self._bytes = chunks

    def __aiter__(self) -> AsyncIterator[ChatChunk]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[ChatChunk]:
        try:
            self._complete()
            while self._pending:
                yield self._pending.popleft()
            self._state.check()
            if self._closed:
                return
            error: ErnieError | None = None
            while True:
                try:
                    data = await self._bytes.__anext__()
                except StopAsyncIteration:
                    break
                except httpx.HTTPError as exc:
                    error = self._state.broken(exc)
                    break
                chunks = self._state.feed(data)
                self._complete()
                for chunk in chunks:
                    yield chunk
                self._state.check()
            if error is not None:
                raise error
            while not self._state.done:
                chunks = self._state.end()
                self._complete()
                for chunk in chunks:
                    yield chunk
                self._state.check()
        finally:
            await self.close()

    async def get_final_response(self) -> ChatResponse:
        async for _ in self:
            pass
        return self.response

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self._response.aclose()

    async def __aenter__(self) -> AsyncChatStream:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
