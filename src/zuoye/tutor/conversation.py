"""One exchange with the model: the tool-calling loop, summing usage across rounds.

messages ─▶ model ─▶ reply with tool calls? ─▶ run each ─▶ assistant turn (calls, ids)
              ▲                                               + one `tool` turn per call
              └───────────────────────────────────────────────┘
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from zuoye.messages import say
from zuoye.providers import (
    ChatModel,
    Message,
    ProviderError,
    ReasoningDelta,
    Reply,
    TextDelta,
    ToolCall,
    ToolSpec,
    Usage,
)
from zuoye.tutor.events import Delta, Reasoning, Thought, ToolUsed


@dataclass
class Exchange:
    """What one answer cost and produced, filled in as the loop runs."""

    text: str = ""
    reasoning: str = ""
    usage: Usage = field(default_factory=Usage)
    # As stored with the turn: {"id", "name", "arguments", "thoughts", "result"} per call.
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    refused: bool = False  # the service's safety check ended the conversation
    hidden: bool = False  # ... and asked that the reply not be shown
    finish_reason: str = ""


async def converse(
    model: ChatModel,
    exchange: Exchange,
    *,
    messages: list[Message],
    system: str | None,
    tools: Sequence[ToolSpec] | None,
    user_id: str | None,
    max_rounds: int,
) -> AsyncIterator[Delta | Reasoning | Thought | ToolUsed]:
    """Stream the answer, running the tools the model calls (at most `max_rounds` replies with
    calls; each reply may call several).

    `messages` is extended in place with the tool round trips, so a caller that asks again
    (re-sampling) sends the same context.
    """
    rounds = 0
    while True:
        # Out of rounds: ask once more without tools so the model has to answer in words.
        offer = tools if tools and rounds < max_rounds else None
        reply: Reply | None = None
        async for event in model.stream(messages=messages, system=system, tools=offer, user_id=user_id):
            if isinstance(event, TextDelta):
                if event.text:
                    exchange.text += event.text
                    yield Delta(event.text)
            elif isinstance(event, ReasoningDelta):
                if event.text:
                    exchange.reasoning += event.text
                    yield Reasoning(event.text)
            else:
                reply = event
        if reply is None:
            raise ProviderError(say("providers.stream_ended"))
        exchange.usage.add(reply.usage)
        exchange.finish_reason = reply.finish_reason
        exchange.refused |= reply.refused
        exchange.hidden |= reply.hidden
        if not reply.tool_calls or offer is None or reply.refused:
            return
        rounds += 1
        messages.append(Message.assistant(reply.text, reply.tool_calls))
        for call in reply.tool_calls:
            if call.thoughts:
                yield Thought(call.thoughts)
        # The calls of one reply are independent: the solver works on them side by side.
        results = await asyncio.gather(*(asyncio.to_thread(run_tool, c) for c in reply.tool_calls))
        for call, result in zip(reply.tool_calls, results, strict=True):
            exchange.tool_calls.append(call.to_dict() | {"result": result})
            yield ToolUsed(call.name, call.arguments, result)
            messages.append(Message.tool(call, result))


def run_tool(call: ToolCall) -> str:
    """The tool's answer as the JSON object the model reads: bad arguments or an unknown tool
    become an error the model can read, never a crash."""
    # Imported here for start-up speed: the tools build their schemas with pydantic (~100 ms),
    # which an offline answer or a tool-less model never needs.
    from zuoye.math.tools import dispatch

    return as_json(dispatch(call.name, call.arguments))


def as_json(result: str) -> str:
    try:
        json.loads(result)
    except ValueError:
        return json.dumps({"result": result}, ensure_ascii=False)
    return result
