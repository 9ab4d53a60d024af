"""One exchange with the model: the function-calling loop, summing usage across rounds."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from zuoye.tutor.events import Delta, Thought, ToolUsed
from zuoye.tutor.model import ChatModel, ModelError, ModelReply, TextDelta


@dataclass
class Exchange:
    """What one answer cost and produced, filled in as the loop runs."""

    text: str = ""
    usage: dict[str, int] = field(
        default_factory=lambda: {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    )
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    need_clear_history: bool = False
    finish_reason: str = ""

    def add_usage(self, reply: ModelReply) -> None:
        self.usage["prompt_tokens"] += reply.prompt_tokens
        self.usage["completion_tokens"] += reply.completion_tokens
        self.usage["total_tokens"] += reply.total_tokens


def run_tool(name: str, arguments: str) -> str:
    from zuoye.math.tools import dispatch

    return dispatch(name, arguments)


async def converse(
    model: ChatModel,
    exchange: Exchange,
    *,
    messages: list[dict[str, Any]],
    system: str | None,
    functions: list[dict[str, Any]] | None,
    user_id: str | None,
    max_rounds: int,
) -> AsyncIterator[Delta | Thought | ToolUsed]:
    """Stream the answer, running the tools the model calls (at most `max_rounds` calls).

    `messages` is extended in place with the function-call round trips, so a caller that asks
    again (re-sampling) sends the same context.
    """
    rounds = 0
    while True:
        # Out of rounds: ask once more without tools so the model has to answer in words.
        offer = functions if functions and rounds < max_rounds else None
        reply: ModelReply | None = None
        async for event in model.stream(messages=messages, system=system, functions=offer, user_id=user_id):
            if isinstance(event, TextDelta):
                if event.text:
                    exchange.text += event.text
                    yield Delta(event.text)
            else:
                reply = event
        if reply is None:
            raise ModelError("the model's stream ended without a reply")
        exchange.add_usage(reply)
        exchange.finish_reason = reply.finish_reason
        exchange.need_clear_history |= reply.need_clear_history
        call = reply.function_call
        if call is None or offer is None:
            return
        rounds += 1
        if call.thoughts:
            yield Thought(call.thoughts)
        result = await asyncio.to_thread(run_tool, call.name, call.arguments)
        exchange.tool_calls.append(
            {"name": call.name, "arguments": call.arguments, "thoughts": call.thoughts, "result": result}
        )
        yield ToolUsed(call.name, call.arguments, result)
        messages.append(
            {
                "role": "assistant",
                "content": reply.text,
                "function_call": {"name": call.name, "arguments": call.arguments},
            }
        )
        messages.append({"role": "function", "name": call.name, "content": _as_json(result)})


def _as_json(result: str) -> str:
    try:
        json.loads(result)
    except ValueError:
        return json.dumps({"result": result}, ensure_ascii=False)
    return result
