"""v2's checks on a chat body, each failure a 400 that names the field.

Order: JSON (`malformed_json`), `model` (`invalid_model`), `messages` (`invalid_messages`: roles,
contents, a `tool` message's `tool_call_id` that must answer an earlier call), then parameters
(`invalid_argument`), then size (`characters_too_long`, `tokens_too_long`). Fields the emulator does
not know are ignored, as the service ignores them (the qianfan SDK adds `extra_parameters`).

`baidu=False` is the OpenAI-compatible face: Baidu's own fields (`penalty_score`, `web_search`,
`enable_thinking`, ...) are not looked at and function names may contain `-`, as on vLLM.

The result carries a v1 `ChatRequest` (contents flattened to text) so that the answer machinery of
v1 — scenarios, the solver, flagged input, function results — serves v2 unchanged.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from zuoye.emulator._models import V2Model
from zuoye.emulator._text import estimate_tokens
from zuoye.emulator._v2errors import V2Error, invalid
from zuoye.emulator._validate import ChatRequest

ROLES = ("system", "user", "assistant", "tool")


@dataclass(frozen=True, slots=True)
class V2Request:
    chat: ChatRequest
    model: V2Model
    include_usage: bool
    tools_allowed: bool  # tools given and tool_choice is not "none"
    parallel_tool_calls: bool
    thinking: bool  # write reasoning_content first
    thinking_budget: int | None


def decode_json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise V2Error("malformed_json") from None
    if not isinstance(data, dict):
        raise V2Error("malformed_json")
    return data


def _text(content: Any, where: str) -> str | None:
    """A message's content as text: a string, or OpenAI's list of parts — text, and images
    (`{type: image_url, image_url: {url}}`, as vision models take them), each image standing in
    the text as `[image]` so that a scenario rule can match a request that carries one."""
    if content is None or isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise invalid(where, "must be a string or a list of content parts", "invalid_messages")
    texts = []
    for j, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text" and isinstance(part.get("text"), str):
            texts.append(part["text"])
        elif kind == "image_url":
            _image_url(part.get("image_url"), f"{where}[{j}].image_url")
            texts.append(IMAGE_MARK)
        else:
            raise invalid(
                f"{where}[{j}]",
                "parts are {type: text, text} or {type: image_url, image_url: {url}}",
                "invalid_messages",
            )
    return "".join(texts)


IMAGE_MARK = "[image]"
_DATA_URL = re.compile(r"data:image/(?:png|jpeg|jpg|webp|bmp);base64,([A-Za-z0-9+/=\s]+)")


def _image_url(value: Any, where: str) -> None:
    """An image is a data: URL with base64 image bytes, or an http(s) URL (not fetched)."""
    url = value.get("url") if isinstance(value, dict) else None
    if not isinstance(url, str) or not url:
        raise invalid(where, "needs a url", "invalid_messages")
    if url.startswith(("http://", "https://")):
        return
    m = _DATA_URL.fullmatch(url)
    if m is None:
        raise invalid(
            where, "url must be data:image/<png|jpeg|webp|bmp>;base64,… or http(s)", "invalid_messages"
        )
    try:
        base64.b64decode(m.group(1), validate=False)
    except (ValueError, binascii.Error):
        raise invalid(where, "the data: URL is not valid base64", "invalid_messages") from None


def _tool_calls(calls: Any, where: str, known: dict[str, str]) -> None:
    if not isinstance(calls, list) or not calls:
        raise invalid(where, "must be a non-empty list", "invalid_messages")
    for j, call in enumerate(calls):
        here = f"{where}[{j}]"
        fn = call.get("function") if isinstance(call, dict) else None
        if not isinstance(fn, dict) or not isinstance(call.get("id"), str) or not call["id"]:
            raise invalid(here, "needs an id and a function {name, arguments}", "invalid_messages")
        if call.get("type", "function") != "function":
            raise invalid(f"{here}.type", "must be function", "invalid_messages")
        if not isinstance(fn.get("name"), str) or not isinstance(fn.get("arguments", ""), str):
            raise invalid(f"{here}.function", "name and arguments must be strings", "invalid_messages")
        known[call["id"]] = fn["name"]


def _messages(messages: Any) -> tuple[list[dict[str, Any]], str, str | None, str | None]:
    """(messages with text contents, system, tool name, tool result) — the last two when a tool
    message ends the list."""
    if not isinstance(messages, list) or not messages:
        raise invalid("messages", "must be a non-empty list", "invalid_messages")
    out: list[dict[str, Any]] = []
    calls: dict[str, str] = {}  # tool_call_id -> function name, from earlier assistant turns
    system = ""
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict):
            raise invalid(where, "must be an object", "invalid_messages")
        role = message.get("role")
        if role not in ROLES:
            raise invalid(
                f"{where}.role", f"must be one of {', '.join(ROLES)}, got {role!r}", "invalid_messages"
            )
        raw = message.get("content")
        content = _text(raw, f"{where}.content")
        if role == "assistant" and message.get("tool_calls") is not None:
            _tool_calls(message["tool_calls"], f"{where}.tool_calls", calls)
        elif role == "tool":
            call_id = message.get("tool_call_id")
            if not isinstance(call_id, str) or not call_id:
                raise invalid(f"{where}.tool_call_id", "is required in a tool message", "invalid_messages")
            if call_id not in calls:
                raise invalid(
                    f"{where}.tool_call_id", f"{call_id!r} answers no earlier tool call", "invalid_messages"
                )
            if content is None:
                raise invalid(f"{where}.content", "is required in a tool message", "invalid_messages")
        elif not content or not content.strip():
            raise invalid(f"{where}.content", "can not be empty", "invalid_messages")
        if role == "system":
            if i != 0:
                raise invalid(f"{where}.role", "a system message must come first", "invalid_messages")
            system = content or ""
        # Contents become text once, here; a plain string message is kept as it came.
        out.append(message if content is raw and "content" in message else {**message, "content": content})
    last = out[-1]
    if last["role"] not in ("user", "tool"):
        raise invalid("messages", "the last message must be a user or tool message", "invalid_messages")
    if last["role"] == "tool":
        return out, system, calls[last["tool_call_id"]], last["content"]
    return out, system, None, None


def _number(data: dict[str, Any], key: str, low: float, high: float, low_in: bool = True) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise invalid(key, f"must be a number, got {value!r}")
    if not (low <= value if low_in else low < value) or value > high:
        raise invalid(key, f"must be in {'[' if low_in else '('}{low:g}, {high:g}], got {value!r}")
    return float(value)


def _integer(data: dict[str, Any], key: str, low: int, high: int) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(key, f"must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise invalid(key, f"must be in [{low}, {high}], got {value}")
    return value


def _flag(data: dict[str, Any], key: str, where: str | None = None) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise invalid(where or key, f"must be true or false, got {value!r}")
    return value


def _object(data: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is not None and not isinstance(value, dict):
        raise invalid(key, "must be an object")
    return value


def _stop(data: dict[str, Any]) -> list[str]:
    stop = data.get("stop")
    if stop is None:
        return []
    if isinstance(stop, str):
        stop = [stop]
    if not isinstance(stop, list) or not all(isinstance(s, str) for s in stop):
        raise invalid("stop", "must be a string or a list of strings")
    if len(stop) > 4:
        raise invalid("stop", "at most 4 items")
    if any(len(s) > 20 for s in stop):
        raise invalid("stop", "each item at most 20 characters")
    return stop


def _tools(data: dict[str, Any], model: V2Model, baidu: bool) -> list[dict[str, Any]] | None:
    tools = data.get("tools")
    if tools is None:
        return None
    if not isinstance(tools, list):
        raise invalid("tools", "must be a list")
    if tools and not model.tools:
        raise invalid("tools", f"model {model.id} does not support function calling")
    functions = []
    for i, tool in enumerate(tools):
        where = f"tools[{i}]"
        if not isinstance(tool, dict) or tool.get("type") != "function":
            raise invalid(f"{where}.type", "must be function")
        fn = tool.get("function")
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str) or not fn["name"]:
            raise invalid(f"{where}.function.name", "is required")
        if baidu and "-" in fn["name"]:  # v2 refuses what OpenAI and v1 accept
            raise invalid(
                f"{where}.function.name", f"{fn['name']!r} may not contain '-'; use letters, digits, _"
            )
        if fn.get("parameters") is not None and not isinstance(fn["parameters"], dict):
            raise invalid(f"{where}.function.parameters", "must be a JSON Schema object")
        functions.append(fn)
    return functions or None


def _tool_choice(data: dict[str, Any], functions: list[dict[str, Any]] | None) -> bool:
    """Check tool_choice; False when it turns the tools off."""
    choice = data.get("tool_choice")
    if choice is None or choice == "auto":
        return True
    if choice == "none":
        return False
    if choice == "required" or isinstance(choice, dict):
        if not functions:
            raise invalid("tool_choice", "needs tools")
        if isinstance(choice, dict):
            fn = choice.get("function")
            if choice.get("type") != "function" or not isinstance(fn, dict):
                raise invalid(
                    "tool_choice", 'must be "none", "auto", "required" or {type: function, function: {name}}'
                )
            if fn.get("name") not in {f["name"] for f in functions}:
                raise invalid("tool_choice.function.name", "must name one of the tools")
        return True
    raise invalid("tool_choice", 'must be "none", "auto", "required" or {type: function, function: {name}}')


def _response_format(data: dict[str, Any]) -> None:
    fmt = _object(data, "response_format")
    if fmt is None:
        return
    if fmt.get("type") not in ("text", "json_object", "json_schema"):
        raise invalid("response_format.type", "must be text, json_object or json_schema")
    if fmt["type"] == "json_schema" and not isinstance(fmt.get("json_schema"), dict):
        raise invalid("response_format.json_schema", "is required with type json_schema")


def _baidu_fields(data: dict[str, Any], model: V2Model) -> bool:
    """Check the fields only Baidu has; whether the model thinks before it answers."""
    _number(data, "penalty_score", 1.0, 2.0)
    search = _object(data, "web_search")
    if search is not None:
        for key in ("enable", "enable_citation", "enable_trace"):
            _flag(search, key, f"web_search.{key}")
    _object(data, "metadata")
    thinking = _flag(data, "enable_thinking")
    return model.thinking and thinking is not False


def validate_v2(data: dict[str, Any], models: dict[str, V2Model], *, baidu: bool = True) -> V2Request:
    model_id = data.get("model")
    if model_id is None or model_id == "":
        raise V2Error("invalid_model", "model is empty", status=400)
    if not isinstance(model_id, str):
        raise invalid("model", "must be a string", "invalid_model")
    model = models.get(model_id)
    if model is None:  # v2 says 400 invalid_model; OpenAI and vLLM say 404 model_not_found
        if baidu:
            raise V2Error("invalid_model", f"model {model_id!r} is not supported", status=400)
        raise V2Error("model_not_found", f"The model `{model_id}` does not exist.", status=404)
    messages, system, tool_name, tool_result = _messages(data.get("messages"))

    stream = bool(_flag(data, "stream"))
    options = _object(data, "stream_options") or {}
    include_usage = bool(_flag(options, "include_usage", "stream_options.include_usage"))
    low, high, low_in = model.temperature_range if baidu else (0.0, 2.0, True)
    _number(data, "temperature", low, high, low_in)
    _number(data, "top_p", 0.0, 1.0)
    _number(data, "frequency_penalty", -2.0, 2.0)
    _number(data, "presence_penalty", -2.0, 2.0)
    least = 2 if model.owned_by == "baidu" else 1
    max_out = _integer(data, "max_completion_tokens", least, model.max_output)
    max_tokens = _integer(data, "max_tokens", least, model.max_output)
    _integer(data, "seed", -(2**63), 2**63 - 1)
    stop = _stop(data)
    functions = _tools(data, model, baidu)
    tools_on = _tool_choice(data, functions)
    parallel = _flag(data, "parallel_tool_calls")
    _response_format(data)
    user = data.get("user")
    if user is not None and not isinstance(user, str):
        raise invalid("user", "must be a string")
    thinking = model.thinking
    budget = None
    if baidu:
        thinking = _baidu_fields(data, model)
        budget = _integer(data, "thinking_budget", 1, model.max_output)

    contents = [m["content"] or "" for m in messages]
    functions_text = json.dumps(functions, ensure_ascii=False) if functions else ""
    if sum(len(c) for c in contents) + len(functions_text) > model.max_chars:
        raise V2Error("characters_too_long", f"the max input characters is {model.max_chars}", status=400)
    prompt_tokens = sum(estimate_tokens(c) for c in contents) + estimate_tokens(functions_text)
    if prompt_tokens > model.max_tokens:
        raise V2Error("tokens_too_long")

    question = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
    chat = ChatRequest(
        messages=messages,
        stream=stream,
        functions=functions if tools_on else None,
        system=system,
        question=question,
        function_name=tool_name,
        function_content=tool_result,
        max_output_tokens=max_out if max_out is not None else max_tokens,
        stop=stop,
        prompt_tokens=max(prompt_tokens, 1),
    )
    return V2Request(
        chat=chat,
        model=model,
        include_usage=include_usage,
        tools_allowed=tools_on and functions is not None,
        parallel_tool_calls=parallel is not False,
        thinking=thinking,
        thinking_budget=budget,
    )
