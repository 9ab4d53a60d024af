"""`ChatModel` over `zuoye.ernie`: the only place the tutor meets the Wenxin client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from zuoye import ernie
from zuoye.tutor.model import ModelError, ModelEvent, ModelReply, TextDelta, ToolCall


class ErnieChatModel:
    def __init__(self, client: ernie.AsyncErnie, model: str) -> None:
        try:
            self._info = ernie.get_model(model)
        except ernie.ErnieError as exc:
            raise ModelError(str(exc), kind="input") from None
        self._client = client

    @property
    def name(self) -> str:
        return self._info.name

    @property
    def supports_functions(self) -> bool:
        return self._info.supports_functions

    def fit_messages(
        self,
        messages: list[dict[str, Any]],
        *,
        system: str | None,
        functions: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        try:
            # A little room under the token limit: the documented count is only an estimate.
            return ernie.trim_messages(
                messages, model=self._info, system=system, functions=functions, reserve_tokens=256
            )
        except ernie.ValidationError as exc:
            raise ModelError(f"the question is too long for {self.name}: {exc}", kind="input") from None

    async def stream(
        self,
        *,
        messages: list[dict[str, Any]],
        system: str | None = None,
        functions: list[dict[str, Any]] | None = None,
        user_id: str | None = None,
    ) -> AsyncIterator[ModelEvent]:
        params: dict[str, Any] = {"model": self._info.name, "messages": messages, "stream": True}
        if system:
            params["system"] = system
        if functions:
            params["functions"] = functions
        if user_id:
            params["user_id"] = user_id
        try:
            stream = await self._client.chat(**params)
            async with stream:
                async for chunk in stream:
                    if chunk.result:
                        yield TextDelta(chunk.result)
                r = stream.response
        except ernie.ErnieError as exc:
            raise as_model_error(exc) from None
        call = r.function_call
        yield ModelReply(
            text=r.result,
            function_call=ToolCall(call.name, call.arguments, call.thoughts or "") if call else None,
            finish_reason=r.finish_reason or "",
            need_clear_history=bool(r.need_clear_history),
            prompt_tokens=r.usage.prompt_tokens,
            completion_tokens=r.usage.completion_tokens,
            total_tokens=r.usage.total_tokens,
            id=r.id or "",
            limit_requests=r.ratelimit.limit_requests if r.ratelimit else None,
            limit_tokens=r.ratelimit.limit_tokens if r.ratelimit else None,
        )


def as_model_error(exc: ernie.ErnieError) -> ModelError:
    """Who has to act: a person fixing configuration, the student fixing input, or nobody (retry)."""
    if isinstance(
        exc,
        ernie.AuthenticationError | ernie.PermissionDeniedError | ernie.QuotaExceededError,
    ):
        kind = "config"
    elif isinstance(exc, ernie.ValidationError | ernie.BadRequestError):
        kind = "input"
    else:
        kind = "service"
    retryable = bool(getattr(exc, "retryable", False)) or isinstance(exc, ernie.APIConnectionError)
    rate_limited = isinstance(exc, ernie.RateLimitError) and not isinstance(exc, ernie.QuotaExceededError)
    return ModelError(str(exc), kind=kind, retryable=retryable, rate_limited=rate_limited)
