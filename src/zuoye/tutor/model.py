"""The small protocol the tutor talks to a model through.

The tutor never sees HTTP: it sends messages (and tool specs) and gets a stream of text deltas
ending in one `ModelReply`. Tests drive it with a scripted fake; `ErnieChatModel` adapts
`zuoye.ernie`; other back ends (Qianfan v2, local servers) would be one more adapter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: str  # the JSON string the model wrote
    thoughts: str = ""


@dataclass
class ModelReply:
    text: str
    function_call: ToolCall | None = None
    finish_reason: str = "normal"
    need_clear_history: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    id: str = ""
    # The quota the service reported (X-Ratelimit-Limit-Requests/-Tokens), when it did.
    limit_requests: int | None = None
    limit_tokens: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TextDelta:
    text: str


ModelEvent = TextDelta | ModelReply


class ModelError(Exception):
    """The model could not answer. `kind` is "config" (credentials, permissions, quota: a person
    must act), "input" (the request was refused as invalid) or "service" (try again later)."""

    def __init__(
        self, message: str, *, kind: str = "service", retryable: bool = False, rate_limited: bool = False
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.retryable = retryable
        self.rate_limited = rate_limited  # a QPS/RPM/TPM refusal: slow down, don't give up


@runtime_checkable
class ChatModel(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def supports_functions(self) -> bool: ...

    def fit_messages(
        self,
        messages: list[dict[str, Any]],
        *,
        system: str | None,
        functions: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        """Drop the oldest turns until the request fits the model's input limits (the sequence
        stays valid); ModelError(kind="input") when the last message alone is too long."""
        ...

    def stream(
        self,
        *,
        messages: list[dict[str, Any]],
        system: str | None = None,
        functions: list[dict[str, Any]] | None = None,
        user_id: str | None = None,
    ) -> AsyncIterator[ModelEvent]:
        """Text deltas as they arrive, then exactly one `ModelReply` (the whole reply)."""
        ...


async def complete(model: ChatModel, **kwargs: Any) -> ModelReply:
    """The whole reply of a call, without showing the deltas."""
    async for event in model.stream(**kwargs):
        if isinstance(event, ModelReply):
            return event
    raise ModelError("the model's stream ended without a reply")
