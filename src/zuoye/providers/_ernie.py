"""`ChatModel` over `zuoye.ernie.AsyncErnie`: one adapter for every protocol the client speaks.

The client takes OpenAI-shaped messages and `tools=` on Qianfan v2, on legacy v1 and on any
OpenAI-compatible server, and translates them to its wire itself; this adapter only turns the
tutor's neutral messages into that shape, and the client's replies, chunks and errors back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Sequence
from typing import Any

from zuoye import ernie
from zuoye.errors import ErrorKind
from zuoye.providers._fit import InputLimit, fit
from zuoye.providers.types import (
    FinishReason,
    Message,
    ProviderError,
    RateLimits,
    ReasoningDelta,
    Reply,
    StreamEvent,
    TextDelta,
    ToolCall,
    ToolSpec,
    Usage,
    new_call_id,
)

log = logging.getLogger("zuoye.providers")

# A model whose limit nobody documented: about what an 8K-context model leaves for input.
DEFAULT_INPUT_TOKENS = 8_000
# The estimate is only an estimate: stay a little under a documented token limit.
RESERVE_TOKENS = 256
_CONTEXT = re.compile(r"[-_](\d{1,4})k\b", re.IGNORECASE)

_FINISH: dict[str, FinishReason] = {
    "normal": "stop",
    "stop": "stop",
    "length": "length",
    "function_call": "tool_calls",
    "tool_calls": "tool_calls",
    "content_filter": "content_filter",
}


def input_limit(model_id: str, info: ernie.ModelInfo | None = None, tokens: int | None = None) -> InputLimit:
    """The documented limit of a known ERNIE model; else `tokens` (configured); else read from
    the id's context size (`…-32k`: ERNIE's models leave 5/8 of it for input); else a default."""
    if info is not None and (info.max_input_chars or info.max_input_tokens):
        budget = info.max_input_tokens - RESERVE_TOKENS if info.max_input_tokens else None
        return InputLimit(info.max_input_chars, budget, info.functions_count_toward_limit)
    if tokens is None:
        found = _CONTEXT.search(model_id)
        tokens = int(found.group(1)) * 1024 * 5 // 8 if found else DEFAULT_INPUT_TOKENS
    return InputLimit(None, tokens)


class ErnieChatModel:
    """A model reached through an `AsyncErnie` client (which the provider owns and closes).

    `name` is how the tutor addresses and stores it; `model_id` is what is sent; `label` names
    the service in error messages ("ERNIE", "deepseek").
    """

    def __init__(
        self,
        client: ernie.AsyncErnie,
        *,
        name: str,
        model_id: str,
        supports_tools: bool,
        limit: InputLimit,
        label: str,
    ) -> None:
        self._client = client
        self._name = name
        self._model_id = model_id
        self._tools = supports_tools
        self._limit = limit
        self._label = label

    @property
    def name(self) -> str:
        return self._name

    @property
    def supports_tools(self) -> bool:
        return self._tools

    def fit_messages(
        self, messages: list[Message], *, system: str | None, tools: Sequence[ToolSpec] | None = None
    ) -> list[Message]:
        return fit(messages, limit=self._limit, system=system, tools=tools, model=self._name)

    async def stream(
        self,
        *,
        messages: list[Message],
        system: str | None = None,
        tools: Sequence[ToolSpec] | None = None,
        user_id: str | None = None,
    ) -> AsyncIterator[StreamEvent]:
        params: dict[str, Any] = {
            "model": self._model_id,
            "messages": wire_messages(messages),
            "stream": True,
        }
        if system:
            params["system"] = system
        if tools:
            params["tools"] = wire_tools(tools, v1=self._client.protocol == "v1")
        if user_id:
            params["user_id"] = user_id
        begun = False  # the client returns the stream once its first event has arrived
        try:
            stream = await self._client.chat(**params)
            begun = True
            async with stream:
                async for chunk in stream:
                    if chunk.reasoning:
                        yield ReasoningDelta(chunk.reasoning)
                    if chunk.result:
                        yield TextDelta(chunk.result)
                response = stream.response
        except ernie.ErnieError as exc:
            log.info(
                "model call failed",
                extra={
                    "model": self._model_id,
                    "baidu_request_id": getattr(exc, "request_id", None),
                    "error": type(exc).__name__,
                },
            )
            raise provider_error(exc, self._label, cut=begun) from None
        # The service's ids for the call: what Baidu's support asks for about a reply.
        log.info(
            "model replied",
            extra={
                "model": self._model_id,
                "reply_id": response.id,
                "baidu_request_id": response.request_id,
                "tokens": response.usage.total_tokens,
            },
        )
        yield reply_of(response)


# -- to the client ----------------------------------------------------------------------------
def wire_messages(messages: Sequence[Message]) -> list[dict[str, Any]]:
    """The OpenAI shape, which the client accepts on every protocol (v1 gets one tool call per
    assistant turn and `function` turns from it, by the client)."""
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "tool":
            out.append({"role": "tool", "tool_call_id": m.tool_call_id, "content": m.content})
        elif m.tool_calls:
            calls = [
                {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                for c in m.tool_calls
            ]
            out.append({"role": "assistant", "content": m.content, "tool_calls": calls})
        elif m.images:
            # OpenAI's content parts, which vision models (Qianfan's ERNIE VL, any OpenAI-
            # compatible one) take: the text, then each image as an image_url part.
            parts: list[dict[str, Any]] = [{"type": "text", "text": m.content}]
            parts += [{"type": "image_url", "image_url": {"url": url}} for url in m.images]
            out.append({"role": m.role, "content": parts})
        else:
            out.append({"role": m.role, "content": m.content})
    return out


def wire_tools(tools: Sequence[ToolSpec], *, v1: bool) -> list[dict[str, Any]]:
    # Worked examples are an ERNIE v1 extension of a function's description: no other protocol
    # documents them, and a strict OpenAI-compatible server may refuse the unknown key.
    return [
        {"type": "function", "function": {k: v for k, v in t.items() if v1 or k != "examples"}} for t in tools
    ]


# -- from the client --------------------------------------------------------------------------
def reply_of(r: ernie.ChatResponse) -> Reply:
    # A v1 stream's aggregated reply may carry its call only as `function_call`; v1 calls have no
    # id, and the tool's result must quote one all the same.
    calls = r.tool_calls or ([r.function_call] if r.function_call is not None else [])
    tool_calls = [ToolCall(c.id or new_call_id(), c.name, c.arguments, c.thoughts or "") for c in calls]
    finish: FinishReason = "tool_calls" if tool_calls else _FINISH.get(r.finish_reason or "", "stop")
    flag = r.flag or 0
    limits = None
    if r.ratelimit is not None:
        rl = r.ratelimit
        limits = RateLimits(
            requests=rl.limit_requests,
            tokens=rl.limit_tokens,
            input_tokens=rl.limit_input_tokens,
            output_tokens=rl.limit_output_tokens,
        )
    return Reply(
        text=r.result,
        reasoning=r.reasoning,
        tool_calls=tool_calls,
        finish_reason=finish,
        # need_clear_history: v1's flag, and v2's flag ≥ 2 or content_filter (set by the client)
        refused=r.need_clear_history or finish == "content_filter" or flag >= 2,
        hidden=flag >= 3,
        usage=Usage(r.usage.prompt_tokens, r.usage.completion_tokens, r.usage.total_tokens),
        limits=limits,
        id=r.id or "",
    )


# Who must act when the client fails: a person (credentials, permissions, quota, a retired v1).
_CONFIG = (
    ernie.AuthenticationError,
    ernie.PermissionDeniedError,
    ernie.QuotaExceededError,
    ernie.APIRetiredError,
)


def provider_error(exc: ernie.ErnieError, label: str, *, cut: bool = False) -> ProviderError:
    """Who has to act: a person fixing the setup (credentials, permissions, quota, a retired
    interface), the asker changing the request, or nobody (the service failed: retry). `cut`:
    the stream had begun when it failed."""
    kind: ErrorKind
    if isinstance(exc, _CONFIG):
        kind = "config"
    elif isinstance(exc, ernie.ValidationError | ernie.BadRequestError):
        kind = "input"
    else:
        kind = "service"
    # refused, DNS, timeout (after retries); a connection lost mid-stream had reached it
    unreachable = isinstance(exc, ernie.APIConnectionError) and not cut
    retryable = bool(getattr(exc, "retryable", False)) or unreachable
    rate_limited = isinstance(exc, ernie.RateLimitError) and not isinstance(exc, ernie.QuotaExceededError)
    return ProviderError(
        f"{label}: {exc}",
        kind=kind,
        retryable=retryable,
        rate_limited=rate_limited,
        unreachable=unreachable,
        cut=cut,
    )
