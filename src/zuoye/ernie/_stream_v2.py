"""A v2 (OpenAI-shaped) event stream as the client's chunks (no I/O); `ChatStream` reads it the
same way it reads a v1 stream.

Each event's `choices[0].delta` may carry answer text, reasoning (`reasoning_content`) and pieces of
tool calls (the first piece of each call has its id and name, later ones only argument text, keyed
by `index`); one event carries `finish_reason`, one (with `include_usage`) the usage and no
choices; `data: [DONE]` ends the stream. A chunk is delivered for every event with text or
reasoning, and a last one with `is_end=True` at `[DONE]`, carrying the usage and the assembled
tool calls. An `{"error": ...}` event raises its typed error; a body that ends without `[DONE]`
and without a finish reason raises IncompleteStreamError.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from zuoye.ernie._base import ratelimit_from_headers, request_id_of
from zuoye.ernie._errors import IncompleteStreamError
from zuoye.ernie._replies_v2 import error_from_v2, parse_reply, response_from, tool_calls
from zuoye.ernie._sse import ServerSentEvent
from zuoye.ernie._streaming import StreamState
from zuoye.ernie.types import ChatChunk, ChatResponse, RateLimitInfo, Usage


class V2StreamState(StreamState):
    __slots__ = ("_calls", "_data", "_flag", "_id", "_names", "_reasoning", "_usage")

    def __init__(
        self, *, request_id: str | None, ratelimit: RateLimitInfo | None, names: Mapping[str, str]
    ) -> None:
        super().__init__(request_id=request_id, ratelimit=ratelimit, endpoint=None)
        self._names = names
        self._reasoning: list[str] = []
        self._calls: dict[int, dict[str, Any]] = {}
        self._usage = Usage()
        self._flag: object = None
        self._id = ""
        self._data: dict[str, Any] = {}

    @classmethod
    def for_v2(cls, response: httpx.Response, names: Mapping[str, str]) -> V2StreamState:
        return cls(
            request_id=request_id_of(response.headers),
            ratelimit=ratelimit_from_headers(response.headers),
            names=names,
        )

    def end(self) -> list[ChatChunk]:
        """The body ended: a stream that finished its choice but sent no `[DONE]` (some
        OpenAI-compatible servers) is complete; one cut before that is not."""
        self.check()
        chunks = self._chunks(self._decoder.flush())
        if chunks or self.error is not None:
            return chunks
        if not self.done:
            if self.finish_reason is None:
                raise IncompleteStreamError(
                    f"the stream ended after {self.events} event(s) without finishing (no finish_reason, "
                    "no [DONE]): the answer is incomplete (snapshot() has the part that arrived)",
                    partial_result=self.text,
                )
            return [self._final()]
        return chunks

    def add_json_response(self, response: httpx.Response) -> list[ChatChunk]:
        """A stream request answered with JSON: an error before streaming, raised as such, or a
        server that ignored `stream` and sent one whole reply (delivered as one final chunk)."""
        whole = parse_reply(response, response.content, self._names)
        self._parts.append(whole.result)
        if whole.reasoning:
            self._reasoning.append(whole.reasoning)
        self._calls = {
            i: {"id": c.id, "name": c.name, "arguments": c.arguments} for i, c in enumerate(whole.tool_calls)
        }
        self._usage = whole.usage
        self._flag = whole.flag
        self._id = whole.id
        self._data = whole.raw
        # The server's own words (snapshot() translates them, as for a streamed finish).
        self.finish_reason = _raw_finish(whole.raw) or ("tool_calls" if whole.tool_calls else "stop")
        self.events += 1
        return [self._final()]

    def _chunks(self, events: list[ServerSentEvent]) -> list[ChatChunk]:
        out: list[ChatChunk] = []
        for event in events:
            if self.done:
                break
            data = event.data
            if data == "[DONE]":
                out.append(self._final())
                break
            payload = self._decode(data)
            if payload is None:
                break
            if "error" in payload or "error_code" in payload:
                # An error after the answer started (the HTTP status was 200 by then).
                self.error = error_from_v2(200, payload, request_id=self.request_id)
                break
            chunk = self._add_event(payload)
            if chunk is not None:
                out.append(chunk)
        if not out:
            self.check()
        return out

    def _add_event(self, payload: dict[str, Any]) -> ChatChunk | None:
        self.events += 1
        self._id = self._id or str(payload.get("id") or "")
        if not self._data:
            self._data = payload
        usage = payload.get("usage")
        if isinstance(usage, dict):
            self._usage = Usage.from_dict(usage)
        choices = payload.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            return None
        choice = choices[0]
        if "flag" in choice:
            self._flag = choice["flag"]
        if choice.get("finish_reason"):
            self.finish_reason = choice["finish_reason"]
        delta = choice.get("delta")
        if not isinstance(delta, dict):
            return None
        for piece in delta.get("tool_calls") or ():
            self._add_call_piece(piece)
        text = delta.get("content") or ""
        reasoning = delta.get("reasoning_content") or ""
        if not text and not reasoning:
            return None
        if text:
            self._parts.append(text)
        if reasoning:
            self._reasoning.append(reasoning)
        chunk = ChatChunk(
            id=self._id,
            sentence_id=self.events - 1,
            is_end=False,
            result=text,
            usage=self._usage,
            raw=payload,
        )
        chunk.reasoning = reasoning
        return chunk

    def _add_call_piece(self, piece: object) -> None:
        if not isinstance(piece, dict):
            return
        index = piece.get("index")
        key = index if isinstance(index, int) else len(self._calls)
        call = self._calls.setdefault(key, {"id": "", "name": "", "arguments": ""})
        if piece.get("id"):
            call["id"] = str(piece["id"])
        fn = piece.get("function")
        if isinstance(fn, dict):
            if fn.get("name") and not call["name"]:
                call["name"] = str(fn["name"])
            if fn.get("arguments"):
                call["arguments"] += str(fn["arguments"])

    def _final(self) -> ChatChunk:
        self.done = True
        snap = self.snapshot()
        self.function_call = snap.function_call
        chunk = ChatChunk(
            id=snap.id,
            sentence_id=self.events,
            is_end=True,
            result="",
            usage=snap.usage,
            finish_reason=snap.finish_reason,
            function_call=snap.function_call,
            is_truncated=snap.is_truncated,
            need_clear_history=snap.need_clear_history,
            raw=snap.raw,
        )
        return chunk

    def snapshot(self) -> ChatResponse:
        raw_calls = [
            {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"]}}
            for _, c in sorted(self._calls.items())
        ]
        data = dict(self._data)
        data["id"] = self._id
        return response_from(
            data,
            text=self.text,
            reasoning="".join(self._reasoning),
            calls=tool_calls(raw_calls, self._names),
            finish=self.finish_reason,
            flag=self._flag,
            usage=self._usage,
            request_id=self.request_id,
            ratelimit=self.ratelimit,
        )


def _raw_finish(data: Mapping[str, Any]) -> str | None:
    choices = data.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        reason = choices[0].get("finish_reason")
        return str(reason) if reason else None
    return None
