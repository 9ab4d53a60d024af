"""What the client returns: plain dataclasses (cheap to build, nothing to import), plus the typed
dicts that describe what it accepts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, TypedDict

from zuoye.ernie._errors import FunctionCallError

# `system` and `tool` are the OpenAI shape, `function` the v1 one: both shapes are accepted on every
# protocol and translated to the wire (see `chat()`).
Role = Literal["system", "user", "assistant", "tool", "function"]


class FunctionCallDict(TypedDict):
    name: str
    arguments: str
    thoughts: NotRequired[str]
    id: NotRequired[str]


class ToolCallDict(TypedDict):
    """One entry of an OpenAI-shaped assistant turn's `tool_calls`."""

    id: str
    type: Literal["function"]
    function: FunctionCallDict


class Message(TypedDict):
    """One turn of `messages`, in either shape. v1: `function` turns need `name`, and an assistant
    turn that carries a `function_call` may have empty content. OpenAI: an assistant turn may carry
    `tool_calls`, and each `tool` turn answers one of them by `tool_call_id`."""

    role: Role
    content: str | None
    name: NotRequired[str]
    function_call: NotRequired[FunctionCallDict]
    tool_calls: NotRequired[list[ToolCallDict]]
    tool_call_id: NotRequired[str]


class FunctionSpec(TypedDict):
    """One entry of `functions`: a JSON-Schema description of a tool the model may call."""

    name: str
    description: str
    parameters: dict[str, Any]
    responses: NotRequired[dict[str, Any]]
    examples: NotRequired[list[Any]]


class ToolSpec(TypedDict):
    """One entry of `tools` (the OpenAI shape of a `functions` entry)."""

    type: Literal["function"]
    function: FunctionSpec


@dataclass(slots=True)
class Usage:
    """Token counts as the service reports them. In a stream they are cumulative."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Usage:
        if not data:
            return cls()
        return cls(
            int(data.get("prompt_tokens") or 0),
            int(data.get("completion_tokens") or 0),
            int(data.get("total_tokens") or 0),
            data,
        )


@dataclass(slots=True)
class FunctionCall:
    """The model asks for a function to be called. `arguments` is the JSON text as sent; `id` is
    the v2/OpenAI tool-call id (None on v1), which the function's result must quote."""

    name: str
    arguments: str
    thoughts: str | None = None
    id: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FunctionCall | None:
        if not data:
            return None
        return cls(
            str(data.get("name") or ""),
            str(data.get("arguments") or ""),
            data.get("thoughts"),
            data.get("id"),
        )

    def parsed_arguments(self) -> dict[str, Any]:
        """The arguments as a dict; an empty string counts as `{}`.

        Raises FunctionCallError (a ValueError) when the model produced something that is not a
        JSON object: send that back to the model as a tool error rather than crash.
        """
        text = self.arguments.strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FunctionCallError(
                f"the model's arguments for {self.name!r} are not valid JSON ({exc.msg} at position "
                f"{exc.pos}): {text[:200]!r}",
                name=self.name,
                arguments=self.arguments,
            ) from None
        if not isinstance(value, dict):
            raise FunctionCallError(
                f"the model's arguments for {self.name!r} must be a JSON object, got "
                f"{type(value).__name__}: {text[:200]!r}",
                name=self.name,
                arguments=self.arguments,
            )
        return value

    def to_dict(self) -> FunctionCallDict:
        """The shape to put back into `messages` as the assistant turn's `function_call`."""
        out: FunctionCallDict = {"name": self.name, "arguments": self.arguments}
        if self.thoughts is not None:
            out["thoughts"] = self.thoughts
        if self.id is not None:
            out["id"] = self.id
        return out

    def to_tool_call(self) -> ToolCallDict:
        """The OpenAI shape, for an assistant turn's `tool_calls` (needs the id a v2 reply gave)."""
        return {
            "id": self.id or "",
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }


@dataclass(slots=True, frozen=True)
class RateLimitInfo:
    """The X-Ratelimit-* response headers: per-minute limits and what is left of them. v1 budgets
    requests and (total) tokens; v2 budgets requests, input tokens and output tokens apart."""

    limit_requests: int | None = None
    limit_tokens: int | None = None
    remaining_requests: int | None = None
    remaining_tokens: int | None = None
    limit_input_tokens: int | None = None
    remaining_input_tokens: int | None = None
    limit_output_tokens: int | None = None
    remaining_output_tokens: int | None = None


@dataclass(slots=True)
class ChatResponse:
    """A complete reply: from a non-streamed call, or aggregated from a finished stream.

    The fields are the same on every protocol. `finish_reason` speaks v1's words (`normal`,
    `stop`, `length`, `content_filter`, `function_call`; v2's `stop` is `normal` and `tool_calls`
    is `function_call`; `raw` keeps the server's own). `function_call` is the first of `tool_calls`.
    `reasoning` is a thinking model's reasoning, apart from the answer in `result`. `flag` is v2's
    safety level: from 2 on the conversation must start over (`need_clear_history`).
    """

    id: str
    result: str
    usage: Usage
    finish_reason: str | None = None
    function_call: FunctionCall | None = None
    is_truncated: bool = False
    need_clear_history: bool = False
    ban_round: int | None = None
    created: int | None = None
    object: str | None = None
    search_info: dict[str, Any] | None = None
    request_id: str | None = None
    ratelimit: RateLimitInfo | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    reasoning: str = ""
    tool_calls: list[FunctionCall] = field(default_factory=list)
    flag: int | None = None

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], *, request_id: str | None = None, ratelimit: RateLimitInfo | None = None
    ) -> ChatResponse:
        call = FunctionCall.from_dict(data.get("function_call"))
        return cls(
            id=str(data.get("id") or ""),
            result=str(data.get("result") or ""),
            usage=Usage.from_dict(data.get("usage")),
            finish_reason=data.get("finish_reason"),
            function_call=call,
            is_truncated=bool(data.get("is_truncated")),
            need_clear_history=bool(data.get("need_clear_history")),
            ban_round=data.get("ban_round"),
            created=data.get("created"),
            object=data.get("object"),
            search_info=data.get("search_info"),
            request_id=request_id,
            ratelimit=ratelimit,
            raw=data,
            tool_calls=[call] if call is not None else [],
            flag=data.get("flag"),
        )

    def to_message(self) -> Message:
        """This reply as the assistant turn to append to `messages` for the next round: with
        `tool_calls` when the calls have ids (v2), else with v1's `function_call`. Either shape
        works on every protocol."""
        msg: Message = {"role": "assistant", "content": self.result}
        if self.tool_calls and all(c.id for c in self.tool_calls):
            msg["tool_calls"] = [c.to_tool_call() for c in self.tool_calls]
        elif self.function_call is not None:
            msg["function_call"] = self.function_call.to_dict()
        return msg


@dataclass(slots=True)
class ChatChunk:
    """One event of a stream: a sentence of the answer, with the cumulative usage so far."""

    id: str
    sentence_id: int
    is_end: bool
    result: str
    usage: Usage
    finish_reason: str | None = None
    function_call: FunctionCall | None = None
    is_truncated: bool = False
    need_clear_history: bool = False
    ban_round: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    reasoning: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatChunk:
        return cls(
            id=str(data.get("id") or ""),
            sentence_id=int(data.get("sentence_id") or 0),
            is_end=bool(data.get("is_end")),
            result=str(data.get("result") or ""),
            usage=Usage.from_dict(data.get("usage")),
            finish_reason=data.get("finish_reason"),
            function_call=FunctionCall.from_dict(data.get("function_call")),
            is_truncated=bool(data.get("is_truncated")),
            need_clear_history=bool(data.get("need_clear_history")),
            ban_round=data.get("ban_round"),
            raw=data,
        )


class ToolChoice(TypedDict):
    type: Literal["function"]
    function: dict[str, str]


class ChatParams(TypedDict, total=False):
    """The optional body parameters of a chat call (which ones a model accepts: `ModelInfo.params`
    on v1; on v2 see `zuoye.ernie._wire_v2`). v1's names work on v2 and are translated
    (`max_output_tokens` → `max_completion_tokens`, `user_id` → `user`, `functions` → `tools`, ...)."""

    system: str
    temperature: float
    top_p: float
    penalty_score: float
    stop: list[str]
    max_output_tokens: int
    functions: list[FunctionSpec]
    tools: list[ToolSpec]
    tool_choice: ToolChoice | Literal["none", "auto", "required"]
    user_id: str
    user_ip: str
    response_format: Literal["text", "json_object"] | dict[str, Any]
    disable_search: bool
    enable_citation: bool
    enable_trace: bool
    enable_system_memory: bool
    system_memory_id: str
    # v2 (and OpenAI-compatible servers) only
    seed: int
    frequency_penalty: float
    presence_penalty: float
    parallel_tool_calls: bool
    max_completion_tokens: int
    user: str
    web_search: dict[str, Any]
    metadata: dict[str, Any]
    enable_thinking: bool
    thinking_budget: int
