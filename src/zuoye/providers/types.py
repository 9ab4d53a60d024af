"""The provider-neutral words the tutor and a model back end share.

    tutor ── Message, ToolSpec ──▶ ChatModel.stream() ──▶ TextDelta / ReasoningDelta … Reply
                                        │
                                 one adapter per back end turns these into its wire JSON

Nothing here knows a protocol: a tool call has an id (OpenAI-style models invent one, older ones
are given one by the adapter), a finish reason is one of four words, a refusal is a flag the
tutor must show, and the service's rate-limit budgets are reported for whoever paces calls.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, Protocol, TypedDict, runtime_checkable

from zuoye.errors import ErrorKind, ZuoyeError
from zuoye.messages import say

Role = Literal["system", "user", "assistant", "tool"]
FinishReason = Literal["stop", "length", "tool_calls", "content_filter"]
FINISH_REASONS: tuple[FinishReason, ...] = ("stop", "length", "tool_calls", "content_filter")


def new_call_id() -> str:
    """An id for a tool call whose model gave none (v1 ERNIE): unique within any conversation."""
    return f"call_{uuid.uuid4().hex[:24]}"


@dataclass(frozen=True, slots=True)
class ToolCall:
    """The model asks for a tool. `arguments` is the JSON text as the model wrote it (it may not
    parse: the tool answers that with an error the model can read). `thoughts` is ERNIE v1's
    stated reason for the call, "" elsewhere."""

    id: str
    name: str
    arguments: str
    thoughts: str = ""

    def to_dict(self) -> dict[str, str]:
        """How a call is stored with the turn (the result is added by the tutor)."""
        return {"id": self.id, "name": self.name, "arguments": self.arguments, "thoughts": self.thoughts}

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, fallback_id: str) -> ToolCall:
        """A stored call; rows written before calls had ids get `fallback_id`."""
        return cls(
            id=str(data.get("id") or fallback_id),
            name=str(data.get("name") or ""),
            arguments=str(data.get("arguments") or ""),
            thoughts=str(data.get("thoughts") or ""),
        )


@dataclass(frozen=True, slots=True)
class Message:
    """One turn of a conversation. An assistant turn may carry tool calls (its text may then be
    empty); a `tool` turn answers the call whose id is `tool_call_id` (`name` is the tool's). A
    user turn may carry `images` for a vision model (data: URLs, `data:image/png;base64,…`)."""

    role: Role
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    name: str | None = None
    images: tuple[str, ...] = ()

    @classmethod
    def system(cls, text: str) -> Message:
        return cls("system", text)

    @classmethod
    def user(cls, text: str, images: Sequence[str] = ()) -> Message:
        return cls("user", text, images=tuple(images))

    @classmethod
    def assistant(cls, text: str, tool_calls: Sequence[ToolCall] = ()) -> Message:
        return cls("assistant", text, tuple(tool_calls))

    @classmethod
    def tool(cls, call: ToolCall, result: str) -> Message:
        return cls("tool", result, tool_call_id=call.id, name=call.name)


class ToolSpec(TypedDict):
    """A tool the model may call: its name, what it does, and a JSON Schema of its arguments.
    `examples` are worked calls in ERNIE v1's message shape, which only v1 reads (the adapter
    drops them for every other protocol)."""

    name: str
    description: str
    parameters: dict[str, Any]
    examples: NotRequired[list[Any]]


@dataclass(slots=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def add(self, other: Usage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.total_tokens += other.total_tokens

    def to_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }


@dataclass(frozen=True, slots=True)
class RateLimits:
    """The per-minute budgets the service reported with a reply (None: not reported). Qianfan v2
    budgets input and output tokens apart; v1 reports one token budget."""

    requests: int | None = None
    tokens: int | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None


@dataclass(slots=True)
class Reply:
    """A whole reply, the last event of every stream.

    `refused`: the service's safety check ended the conversation (Qianfan `flag` ≥ 2, or
    `content_filter`): the student must be told, and the history is not sent again. `hidden`: it
    also asked that the reply not be shown (`flag` ≥ 3), so what streamed must be taken back.
    """

    text: str = ""
    reasoning: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: FinishReason = "stop"
    refused: bool = False
    hidden: bool = False
    usage: Usage = field(default_factory=Usage)
    limits: RateLimits | None = None
    id: str = ""


@dataclass(frozen=True, slots=True)
class TextDelta:
    """Answer text as it is written."""

    text: str


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    """A thinking model's reasoning as it is written: never part of the answer."""

    text: str


StreamEvent = TextDelta | ReasoningDelta | Reply


class ProviderError(ZuoyeError):
    """A model could not answer. `kind` says who must act: "config" (credentials, permissions,
    quota, a retired interface: a person fixes the setup), "input" (the request was refused as
    invalid: change it), "service" (the service failed: try again later). `rate_limited`: a
    requests/tokens-per-minute refusal, so slow down rather than give up. `unreachable`: the
    service was never reached (connection refused, DNS failure, timeout), so nothing it wrote
    can be lost and a local answer may stand in. `cut`: the stream had begun (the service took
    the call and started answering) when it failed, so the client could not retry it; the tutor
    asks once more. `code` is stable for programs: "unknown_model" for a name no provider
    serves, else one per kind."""

    def __init__(
        self,
        message: str,
        *,
        kind: ErrorKind = "service",
        retryable: bool = False,
        rate_limited: bool = False,
        unreachable: bool = False,
        cut: bool = False,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.code = code or _CODES[kind]
        self.retryable = retryable
        self.rate_limited = rate_limited
        self.unreachable = unreachable
        self.cut = cut


_CODES: dict[ErrorKind, str] = {
    "config": "model_config",
    "input": "model_refused",
    "service": "model_unavailable",
}


@runtime_checkable
class ChatModel(Protocol):
    """What the tutor needs of a model. `name` is how it is addressed and stored
    (`ERNIE-4.0-8K`, `deepseek/deepseek-chat`)."""

    @property
    def name(self) -> str: ...

    @property
    def supports_tools(self) -> bool: ...

    def fit_messages(
        self, messages: list[Message], *, system: str | None, tools: Sequence[ToolSpec] | None = None
    ) -> list[Message]:
        """Drop the oldest turns until the request fits the model's input limit; the result
        still starts with a user turn and keeps each tool call with its result. ProviderError
        (kind "input") when the last turn alone is too long."""
        ...

    def stream(
        self,
        *,
        messages: list[Message],
        system: str | None = None,
        tools: Sequence[ToolSpec] | None = None,
        user_id: str | None = None,
    ) -> AsyncIterator[StreamEvent]:
        """Text and reasoning deltas as they arrive, then exactly one `Reply`."""
        ...


async def complete(model: ChatModel, **kwargs: Any) -> Reply:
    """The whole reply of one call, without showing the deltas."""
    async for event in model.stream(**kwargs):
        if isinstance(event, Reply):
            return event
    raise ProviderError(say("providers.stream_ended"))
