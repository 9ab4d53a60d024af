"""A scripted model for the tutor's tests: a queue of replies, and a record of every request."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from zuoye.tutor.model import ModelError, ModelEvent, ModelReply, TextDelta, ToolCall


@dataclass
class Call:
    messages: list[dict[str, Any]]
    system: str | None
    functions: list[dict[str, Any]] | None
    user_id: str | None


@dataclass
class ScriptedModel:
    """Each queued item answers one call: a str (streamed sentence by sentence), a ToolCall, a
    ModelReply, an exception to raise, or ("cut", text) to stream `text` and then fail."""

    replies: list[Any] = field(default_factory=list)
    name: str = "ERNIE-4.0-8K"
    supports_functions: bool = True
    max_messages: int | None = None
    need_clear_history_on: str | None = None
    calls: list[Call] = field(default_factory=list)
    delay: float = 0.0
    # When given, every sentence after the first waits for this event: a test decides when (and
    # whether) the answer goes on, instead of racing a timer. `held` is set once a stream waits.
    hold: asyncio.Event | None = None
    held: asyncio.Event = field(default_factory=asyncio.Event)

    def fit_messages(
        self,
        messages: list[dict[str, Any]],
        *,
        system: str | None,
        functions: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        if self.max_messages is None or len(messages) <= self.max_messages:
            return messages
        keep = messages[-self.max_messages :]
        if keep[0]["role"] != "user":
            keep = keep[1:]
        return keep

    async def stream(
        self,
        *,
        messages: list[dict[str, Any]],
        system: str | None = None,
        functions: list[dict[str, Any]] | None = None,
        user_id: str | None = None,
    ) -> AsyncIterator[ModelEvent]:
        self.calls.append(Call([dict(m) for m in messages], system, functions, user_id))
        if not self.replies:
            raise AssertionError("the scripted model ran out of replies")
        item = self.replies.pop(0)
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, ToolCall):
            yield ModelReply("", function_call=item, finish_reason="function_call", total_tokens=5)
            return
        if isinstance(item, ModelReply):
            if item.text:
                yield TextDelta(item.text)
            yield item
            return
        cut = isinstance(item, tuple)
        text = item[1] if cut else item
        for i, sentence in enumerate(re.findall(r".+?(?:[。！？\n]|$)", text, flags=re.S)):
            if self.delay:
                await asyncio.sleep(self.delay)
            if i and self.hold is not None:
                self.held.set()
                await self.hold.wait()
            yield TextDelta(sentence)
        if cut:
            raise ModelError("connection lost mid-stream", kind="service", retryable=True)
        flagged = (
            self.need_clear_history_on is not None and self.need_clear_history_on in messages[-1]["content"]
        )
        yield ModelReply(
            text,
            prompt_tokens=10,
            completion_tokens=len(text),
            total_tokens=10 + len(text),
            need_clear_history=flagged,
        )
