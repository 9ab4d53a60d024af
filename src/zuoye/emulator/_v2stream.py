"""Streamed v2 / OpenAI-face replies: `chat.completion.chunk` events, then `data: [DONE]`.

The first delta carries `role: assistant`; a thinking model's `reasoning_content` comes first,
sentence by sentence, then the content, sentence by sentence. A tool call arrives in fragments,
as OpenAI streams them: one delta with its index, id, type and name, then its arguments in pieces.
With `--tool-call-stream whole` each call comes complete in one delta instead (index, id, type,
name and all its arguments): the qianfan SDK's stream types require id, type and name in every
tool-call delta, which suggests that is how Qianfan v2 sends them; clients should take both.
The last chunk has an empty delta and the `finish_reason`; with `stream_options.include_usage` a
chunk with `choices: []` and the usage follows; `data: [DONE]` ends the stream.

Where streams go wrong on purpose: `cut_after` and the disconnect fault drop the connection after
some events (a cut after the last chunk loses only `[DONE]`); `error_after` and the stream_error
fault send a `data: {"error": …}` event and end the body without `[DONE]`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from zuoye.emulator import _http
from zuoye.emulator._text import split_sentences
from zuoye.emulator._v2errors import from_v1, openai_body, v2_body
from zuoye.emulator._v2reply import Face, V2Answer, reply_headers, usage
from zuoye.emulator._v2validate import V2Request

if TYPE_CHECKING:
    from zuoye.emulator._app import EmulatorApp
    from zuoye.emulator._scenario import Rule

DONE = b"data: [DONE]\n\n"
ARGUMENT_PIECES = 3  # how many fragments a tool call's arguments arrive in


def _split(text: str, pieces: int) -> list[str]:
    size = max(1, -(-len(text) // pieces))
    return [text[i : i + size] for i in range(0, len(text), size)]


def build_chunks(
    face: Face, request: V2Request, reply: V2Answer, *, rid: str, created: int, whole_calls: bool = False
) -> list[dict[str, Any]]:
    flag = 2 if reply.answer.flagged else 0

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        choice: dict[str, Any] = {"index": 0, "delta": delta, "finish_reason": finish}
        if face.baidu:
            choice["flag"] = flag
        return {
            "id": rid,
            "object": "chat.completion.chunk",
            "created": created,
            "model": request.model.id,
            "choices": [choice],
        }

    deltas: list[dict[str, Any]] = [{"reasoning_content": p} for p in split_sentences(reply.reasoning)]
    for i, call in enumerate(reply.calls):
        if whole_calls:
            deltas.append({"tool_calls": [{"index": i, **call}]})
            continue
        fn = call["function"]
        head = {
            "index": i,
            "id": call["id"],
            "type": "function",
            "function": {"name": fn["name"], "arguments": ""},
        }
        deltas.append({"tool_calls": [head]})
        deltas.extend(
            {"tool_calls": [{"index": i, "function": {"arguments": piece}}]}
            for piece in _split(fn["arguments"], ARGUMENT_PIECES)
        )
    if not reply.calls:
        deltas.extend({"content": p} for p in split_sentences(reply.answer.result))
    if not deltas:
        deltas.append({"content": ""})
    deltas[0] = {"role": "assistant", **deltas[0]}

    chunks = [chunk(delta) for delta in deltas]
    last = chunk({}, reply.finish_reason)
    if face.baidu and reply.answer.flagged:
        last["choices"][0]["ban_round"] = reply.answer.ban_round
    chunks.append(last)
    if request.include_usage:
        chunks.append(
            {
                "id": rid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": request.model.id,
                "choices": [],
                "usage": usage(request, reply),
            }
        )
    return chunks


async def stream_v2(
    app: EmulatorApp,
    face: Face,
    send: _http.Send,
    request: V2Request,
    reply: V2Answer,
    rule: Rule | None,
    fault: str | None,
    rid: str,
) -> None:
    whole_calls = app.config.tool_call_stream == "whole"
    chunks = build_chunks(face, request, reply, rid=rid, created=int(app.clock()), whole_calls=whole_calls)
    cut_at: int | None = None
    error_at: int | None = None
    error = from_v1(336100)
    if rule is not None:
        cut_at = rule.cut_after
        if rule.error_after is not None and rule.reply.is_error:
            error_at, error = rule.error_after, rule.reply.v2_error()
    if fault == "disconnect":
        cut_at = len(chunks) // 2
    elif fault == "stream_error":
        error_at = len(chunks) // 2
    rule_delay = rule.delay_ms / 1000 if rule is not None else 0.0
    interval = app.config.stream_interval_ms / 1000

    stats = app.stats
    stats.stream_opened()
    try:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [_http.SSE_TYPE, (b"Cache-Control", b"no-cache"), *reply_headers(app, face)],
            }
        )
        for i, event in enumerate(chunks):
            if i == cut_at:
                stats.cuts += 1
                return  # leaving the response incomplete makes the server drop the connection
            if i == error_at:
                if face.baidu:
                    stats.v2_errors[error.code] += 1
                    line = v2_body(error, rid)
                else:
                    stats.openai_errors[error.code] += 1
                    line = openai_body(error)
                await send({"type": "http.response.body", "body": b"data: " + _http.dumps(line) + b"\n\n"})
                return  # a complete body, but no [DONE]: the client must see the error, not an end
            if rule_delay or (interval and i):
                await asyncio.sleep(rule_delay + (interval if i else 0.0))
            body = b"data: " + _http.dumps(event) + b"\n\n"
            await send({"type": "http.response.body", "body": body, "more_body": True})
        if cut_at is not None and cut_at >= len(chunks):
            stats.cuts += 1
            return
        await send({"type": "http.response.body", "body": DONE})
    finally:
        stats.streams_open -= 1
