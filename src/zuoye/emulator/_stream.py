"""Streamed replies: one `data: {json}` event per sentence, cumulative usage, `is_end` last.

Also where streams go wrong on purpose: `cut_after` and the disconnect fault drop the connection
after some events (the client sees a chunked body that never ends properly); `error_after` and the
stream_error fault put a bare JSON error line into the stream, as Baidu does once it has started.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from zuoye.emulator import _http
from zuoye.emulator._answer import Answer
from zuoye.emulator._errors import message_for
from zuoye.emulator._models import ModelSpec
from zuoye.emulator._scenario import Rule
from zuoye.emulator._text import count_units, split_sentences
from zuoye.emulator._validate import ChatRequest

if TYPE_CHECKING:
    from zuoye.emulator._app import EmulatorApp


def build_events(
    app: EmulatorApp, request: ChatRequest, model: ModelSpec, answer: Answer
) -> list[dict[str, Any]]:
    rid = app.new_id()
    created = int(app.clock())
    if answer.function_call is not None or answer.flagged:
        body = app.body_for(answer, request, rid=rid, created=created)
        return [{**body, "sentence_id": 0, "is_end": True}]
    pieces = split_sentences(answer.result)
    if not model.last_sentence_ends or not pieces:
        pieces.append("")  # the newer pages end with an empty event carrying is_end
    events = []
    han = words = 0
    for i, piece in enumerate(pieces):
        piece_han, piece_words = count_units(piece)
        han, words = han + piece_han, words + piece_words
        used = han + int(words * 1.3)  # cumulative, ending at the whole reply's usage
        last = i == len(pieces) - 1
        events.append(
            {
                "id": rid,
                "object": "chat.completion",
                "created": created,
                "sentence_id": i,
                "is_end": last,
                "is_truncated": answer.is_truncated and last,
                "result": piece,
                "need_clear_history": False,
                "finish_reason": answer.finish_reason if last else "normal",
                "usage": {
                    "prompt_tokens": request.prompt_tokens,
                    "completion_tokens": used,
                    "total_tokens": request.prompt_tokens + used,
                },
            }
        )
    return events


async def stream_reply(
    app: EmulatorApp,
    send: _http.Send,
    request: ChatRequest,
    model: ModelSpec,
    answer: Answer,
    rule: Rule | None,
    fault: str | None,
) -> None:
    events = build_events(app, request, model, answer)
    cut_at: int | None = None
    error_at: int | None = None
    error_code = 336100
    error_msg: str | None = None
    if rule is not None:
        cut_at = rule.cut_after
        if rule.error_after is not None and rule.reply.is_error:
            scripted = rule.reply.v1_error()
            error_at, error_code, error_msg = rule.error_after, scripted.code, scripted.msg
    if fault == "disconnect":
        cut_at = len(events) // 2
    elif fault == "stream_error":
        error_at = len(events) // 2
    rule_delay = rule.delay_ms / 1000 if rule is not None else 0.0
    interval = app.config.stream_interval_ms / 1000

    stats = app.stats
    stats.stream_opened()
    try:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [_http.SSE_TYPE, (b"Cache-Control", b"no-cache"), *app.reply_headers()],
            }
        )
        for i, event in enumerate(events):
            if i == cut_at:
                stats.cuts += 1
                return  # leaving the response incomplete makes the server drop the connection
            if i == error_at:
                line = {
                    "error_code": error_code,
                    "error_msg": error_msg or message_for(error_code),
                    "id": event["id"],
                }
                stats.errors[error_code] += 1
                await send(
                    {"type": "http.response.body", "body": _http.dumps(line) + b"\n", "more_body": True}
                )
                break
            if rule_delay or (interval and i):
                await asyncio.sleep(rule_delay + (interval if i else 0.0))
            chunk = b"data: " + _http.dumps(event) + b"\n\n"
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        else:
            if cut_at is not None and cut_at >= len(events):
                stats.cuts += 1
                return
        await send({"type": "http.response.body", "body": b""})
    finally:
        stats.streams_open -= 1
