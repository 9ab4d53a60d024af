"""A scripted model for the tutor's tests: a queue of replies, and a record of every request."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from zuoye import ernie
from zuoye.providers import (
    Listing,
    Message,
    ModelEntry,
    ProviderError,
    ProviderStatus,
    ReasoningDelta,
    Reply,
    StreamEvent,
    TextDelta,
    ToolCall,
    ToolSpec,
    Usage,
    new_call_id,
)


@dataclass
class Call:
    messages: list[Message]
    system: str | None
    tools: list[ToolSpec] | None
    user_id: str | None


def tool_call(name: str, arguments: str, *, thoughts: str = "") -> ToolCall:
    return ToolCall(new_call_id(), name, arguments, thoughts)


@dataclass
class ScriptedModel:
    """Each queued item answers one call: a str (streamed sentence by sentence, or `piece`
    characters at a time as v2 and OpenAI-compatible servers do), a ToolCall or a list of them
    (one reply calling them all), a Reply (its reasoning streamed first, then its text), an
    exception to raise, or ("cut", text) to stream `text` and then fail."""

    replies: list[Any] = field(default_factory=list)
    name: str = "ERNIE-4.0-8K"
    supports_tools: bool = True
    max_messages: int | None = None
    refuse_on: str | None = None  # a question containing this is refused (flag 2 / content_filter)
    piece: int | None = None
    calls: list[Call] = field(default_factory=list)
    delay: float = 0.0
    # When given, every sentence after the first waits for this event: a test decides when (and
    # whether) the answer goes on, instead of racing a timer. `held` is set once a stream waits.
    hold: asyncio.Event | None = None
    held: asyncio.Event = field(default_factory=asyncio.Event)

    def fit_messages(
        self, messages: list[Message], *, system: str | None, tools: Sequence[ToolSpec] | None = None
    ) -> list[Message]:
        if self.max_messages is None or len(messages) <= self.max_messages:
            return messages
        keep = messages[-self.max_messages :]
        while keep[0].role != "user":
            keep = keep[1:]
        return keep

    async def stream(
        self,
        *,
        messages: list[Message],
        system: str | None = None,
        tools: Sequence[ToolSpec] | None = None,
        user_id: str | None = None,
    ) -> AsyncIterator[StreamEvent]:
        self.calls.append(Call(list(messages), system, list(tools) if tools else None, user_id))
        if not self.replies:
            raise AssertionError("the scripted model ran out of replies")
        item = self.replies.pop(0)
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, ToolCall | list):
            calls = [item] if isinstance(item, ToolCall) else item
            yield Reply("", tool_calls=calls, finish_reason="tool_calls", usage=Usage(3, 2, 5))
            return
        if isinstance(item, Reply):
            if item.reasoning:
                for part in self._parts(item.reasoning):
                    yield ReasoningDelta(part)
            if item.text:
                for part in self._parts(item.text):
                    yield TextDelta(part)
            yield item
            return
        cut = isinstance(item, tuple)
        text = item[1] if cut else item
        for i, sentence in enumerate(self._parts(text)):
            if self.delay:
                await asyncio.sleep(self.delay)
            if i and self.hold is not None:
                self.held.set()
                await self.hold.wait()
            yield TextDelta(sentence)
        if cut:
            raise ProviderError("connection lost mid-stream", kind="service", retryable=True, cut=True)
        refused = self.refuse_on is not None and self.refuse_on in messages[-1].content
        yield Reply(
            text,
            finish_reason="content_filter" if refused else "stop",
            refused=refused,
            usage=Usage(10, len(text), 10 + len(text)),
        )

    def _parts(self, text: str) -> list[str]:
        if self.piece:
            return [text[i : i + self.piece] for i in range(0, len(text), self.piece)]
        return re.findall(r".+?(?:[。！？\n]|$)", text, flags=re.S)


@dataclass
class ScriptedProvider:
    """A provider serving one scripted model, for a `Registry` in the interfaces' tests. Named
    "qianfan" it answers the ERNIE names (refusing others, as ERNIE does); any other name answers
    `NAME/model` for the models it lists."""

    model: ScriptedModel
    name: str = "qianfan"
    models: tuple[str, ...] = ()
    closed: bool = False

    def status(self) -> ProviderStatus:
        return ProviderStatus(self.name, self.name, "scripted", "none", "http://127.0.0.1:9")

    def get(self, model_id: str) -> ScriptedModel:
        if self.name == "qianfan":
            try:
                self.model.name = ernie.get_model(model_id).name
            except ernie.ValidationError:
                raise ProviderError(
                    f"unknown model {model_id!r}", kind="input", code="unknown_model"
                ) from None
        elif model_id not in self.models:
            raise ProviderError(f"{self.name} has no model {model_id!r}", kind="input", code="unknown_model")
        else:
            self.model.name = f"{self.name}/{model_id}"
        return self.model

    def table(self) -> list[ModelEntry]:
        if self.name == "qianfan":
            return [ModelEntry("qianfan", m, True, "ERNIE") for m in ernie.MODELS]
        return [ModelEntry(self.name, f"{self.name}/{m}", False, "scripted") for m in self.models]

    async def listing(self) -> Listing:
        return Listing(self.name, self.table(), "table")

    async def aclose(self) -> None:
        self.closed = True
