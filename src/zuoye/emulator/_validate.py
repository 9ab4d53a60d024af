"""Baidu's own checks on a chat request body, with Baidu's codes.

336002 for a body that is not JSON, 336001 for a missing or mistyped field, 336006 for a
message sequence of the wrong shape, 336003 for a value out of its documented range. The order
follows the model pages: shape first, then ranges, then the size limits. Fields the emulator does
not know are ignored, as the service ignores them (the official SDK adds `extra_parameters`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from zuoye.emulator._errors import ApiError
from zuoye.emulator._models import ModelSpec
from zuoye.emulator._text import estimate_tokens


@dataclass(frozen=True, slots=True)
class ChatRequest:
    messages: list[dict[str, Any]]
    stream: bool
    functions: list[dict[str, Any]] | None
    system: str
    question: str  # the last user message
    function_name: str | None  # set when the last message is a function result
    function_content: str | None
    max_output_tokens: int | None
    stop: list[str]
    prompt_tokens: int


def decode_body(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(336002) from None
    if not isinstance(data, dict):
        raise ApiError(336001)
    return data


def _number(data: dict[str, Any], key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ApiError(336001)
    return float(value)


def _check_messages(messages: Any) -> None:
    if not isinstance(messages, list):
        raise ApiError(336001)
    if len(messages) % 2 == 0:
        raise ApiError(336006, "the length of messages must be an odd number")
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            raise ApiError(336001)
        role = message["role"]
        if i % 2 == 0 and role not in ("user", "function"):
            raise ApiError(
                336006, "the role of message with even index in the messages must be user or function"
            )
        if i % 2 == 1 and role != "assistant":
            raise ApiError(336006, "the role of message with odd index in the messages must be assistant")
        content = message.get("content")
        if content is not None and not isinstance(content, str):
            raise ApiError(336001)
        call = message.get("function_call")
        if role == "assistant" and call is not None:
            if not isinstance(call, dict) or not isinstance(call.get("name"), str):
                raise ApiError(336001)
            continue  # an assistant turn that called a function may have empty content
        if not content:
            raise ApiError(336006, f"the content of message {i} can not be empty")
        if role == "function" and not message.get("name"):
            raise ApiError(336006, f"the name of function message {i} can not be empty")
    if messages[0]["role"] == "function":
        raise ApiError(336006, "the role of the first message can not be function")
    if not messages[-1]["content"].strip():
        raise ApiError(336006, "the content of the last message can not be blank")


def _check_functions(functions: Any) -> list[dict[str, Any]] | None:
    if functions is None:
        return None
    if not isinstance(functions, list):
        raise ApiError(336001)
    for i, fn in enumerate(functions):
        if not isinstance(fn, dict):
            raise ApiError(336001)
        if not isinstance(fn.get("name"), str) or not fn["name"]:
            raise ApiError(336003, f"functions[{i}].name is required")
        if not isinstance(fn.get("description"), str):
            raise ApiError(336003, f"functions[{i}].description is required")
        if not isinstance(fn.get("parameters"), dict):
            raise ApiError(336003, f"functions[{i}].parameters must be a JSON Schema object")
    return functions or None


def _check_ranges(data: dict[str, Any], model: ModelSpec) -> tuple[int | None, list[str]]:
    temperature = _number(data, "temperature")
    if temperature is not None and not 0 < temperature <= 1:
        raise ApiError(336003, "temperature range is (0, 1.0]")
    top_p = _number(data, "top_p")
    if top_p is not None and not 0 <= top_p <= 1:
        raise ApiError(336003, "top_p range is [0, 1.0]")
    penalty = _number(data, "penalty_score")
    if penalty is not None and not 1 <= penalty <= 2:
        raise ApiError(336003, "penalty_score range is [1.0, 2.0]")
    max_out = data.get("max_output_tokens")
    if max_out is not None:
        if isinstance(max_out, bool) or not isinstance(max_out, int):
            raise ApiError(336001)
        if not 2 <= max_out <= 2048:
            raise ApiError(336003, "max_output_tokens range is [2, 2048]")
    stop = data.get("stop")
    if stop is None:
        stop = []
    if not isinstance(stop, list) or not all(isinstance(s, str) for s in stop):
        raise ApiError(336001)
    if len(stop) > 4:
        raise ApiError(336003, "the number of stop elements can not be more than 4")
    if any(len(s) > 20 for s in stop):
        raise ApiError(336003, "the length of each stop element can not be more than 20")
    fmt = data.get("response_format")
    if fmt is not None and fmt not in ("text", "json_object"):
        raise ApiError(336003, "response_format must be text or json_object")
    for flag in ("stream", "disable_search", "enable_citation", "enable_trace"):
        if flag in data and not isinstance(data[flag], bool):
            raise ApiError(336001)
    for text_field in ("user_id", "user_ip"):
        if text_field in data and not isinstance(data[text_field], str):
            raise ApiError(336001)
    return max_out, stop


def _check_tool_choice(data: dict[str, Any], functions: list[dict[str, Any]] | None) -> None:
    choice = data.get("tool_choice")
    if choice is None:
        return
    fn = choice.get("function") if isinstance(choice, dict) else None
    if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
        raise ApiError(336001)
    if not functions or fn["name"] not in {f["name"] for f in functions}:
        raise ApiError(336003, "the function in tool_choice must be one of functions")


def validate_chat(data: dict[str, Any], model: ModelSpec) -> ChatRequest:
    messages = data.get("messages")
    if messages is None:
        raise ApiError(336001)
    _check_messages(messages)
    system = data.get("system", "")
    if system is None:
        system = ""
    if not isinstance(system, str):
        raise ApiError(336001)
    if model.system_max_chars is not None and len(system) > model.system_max_chars:
        raise ApiError(336104)
    functions = _check_functions(data.get("functions")) if model.functions else None
    if model.tool_choice:
        _check_tool_choice(data, functions)
    max_out, stop = _check_ranges(data, model)

    contents = [m.get("content") or "" for m in messages]
    functions_text = json.dumps(functions, ensure_ascii=False) if functions else ""
    chars = sum(len(c) for c in contents) + len(system) + len(functions_text)
    if chars > model.max_chars:
        raise ApiError(336003, f"the max input characters is {model.max_chars}")
    prompt_tokens = sum(estimate_tokens(c) for c in contents) + estimate_tokens(system)
    prompt_tokens += estimate_tokens(functions_text)
    if prompt_tokens > model.max_tokens:
        raise ApiError(336003, "prompt tokens too long")

    last = messages[-1]
    question = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
    is_function = last["role"] == "function"
    return ChatRequest(
        messages=messages,
        stream=bool(data.get("stream", False)),
        functions=functions,
        system=system,
        question=question,
        function_name=last.get("name") if is_function else None,
        function_content=last["content"] if is_function else None,
        max_output_tokens=max_out,
        stop=stop,
        prompt_tokens=max(prompt_tokens, 1),
    )
