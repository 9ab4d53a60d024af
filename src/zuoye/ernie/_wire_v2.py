"""Building a v2 (or OpenAI-compatible) chat body from what `chat()` was given (no I/O).

`chat()` takes the same arguments on every protocol, in v1's words or OpenAI's. Here they become
v2's: `system=` → a leading `system` message; v1 `function_call`/`function` turns → `tool_calls`
with ids and `tool` turns that quote them; `functions` → `tools`; `user_id` → `user`;
`max_output_tokens` → `max_completion_tokens`; `disable_search`/`enable_citation`/`enable_trace` →
`web_search`; `response_format="json_object"` → `{"type": "json_object"}`.

v2 refuses `-` in function names, so such names are sent with `_` and mapped back in the reply
(`PreparedChat.names`). The hot path (OpenAI-shaped messages, no renaming) copies nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from zuoye.ernie._errors import ValidationError
from zuoye.ernie._models import ModelInfo
from zuoye.ernie._validate import check_range, check_stop, fail

_ROLES = ("system", "user", "assistant", "tool", "function")
# Parameters v1 had that v2 has no place for.
_V1_ONLY = frozenset({"user_ip", "enable_system_memory", "system_memory_id"})
# Baidu's additions: an OpenAI-compatible server that is not Qianfan would not know them.
_QIANFAN_ONLY = frozenset(
    {"penalty_score", "web_search", "disable_search", "enable_citation", "enable_trace", "metadata"}
)
# Passed on as given (after the type checks below).
_PASSED = frozenset(
    {
        "temperature", "top_p", "penalty_score", "stop", "seed", "frequency_penalty", "presence_penalty",
        "parallel_tool_calls", "max_completion_tokens", "user", "web_search", "metadata",
        "enable_thinking", "thinking_budget", "response_format", "tool_choice", "tools",
    }
)  # fmt: skip
_KNOWN = _PASSED | _V1_ONLY | {"system", "functions", "user_id", "max_output_tokens"} | {
    "disable_search", "enable_citation", "enable_trace",
}  # fmt: skip


def build_body(
    *,
    info: ModelInfo,
    messages: Sequence[Mapping[str, Any]],
    params: dict[str, Any],
    stream: bool,
    extra_body: Mapping[str, Any] | None,
    qianfan: bool,
) -> tuple[bytes, list[Mapping[str, Any]], dict[str, str]]:
    """(encoded body, the wire messages, {name sent: name given} for renamed functions)."""
    tools = _tools(params, info)
    names = _renames(tools)
    wire = _messages(messages, params.get("system"), names)
    body: dict[str, Any] = {"model": info.v2_id or info.name, "messages": wire}
    for name, value in params.items():
        if name in _PASSED:
            body[name] = value
        elif name not in _KNOWN:
            raise _unknown(name)
    _check(body, params, info, qianfan)
    if tools is not None:
        body["tools"] = _renamed_tools(tools, names) if names else tools
        if "tool_choice" in body:
            body["tool_choice"] = _tool_choice(body["tool_choice"], tools, names)
    elif "tool_choice" in body:
        raise fail("tool_choice needs functions=[...] or tools=[...] to choose from", "tool_choice")
    if "user_id" in params:
        body.setdefault("user", params["user_id"])
    if "max_output_tokens" in params:
        body.setdefault("max_completion_tokens", params["max_output_tokens"])
    search = {k: params[k] for k in ("disable_search", "enable_citation", "enable_trace") if k in params}
    if search:
        web: dict[str, Any] = dict(body.get("web_search") or {})
        if "disable_search" in search:
            web.setdefault("enable", not search["disable_search"])
        for key in ("enable_citation", "enable_trace"):
            if key in search:
                web.setdefault(key, search[key])
        body["web_search"] = web
    if isinstance(body.get("response_format"), str):
        body["response_format"] = {"type": body["response_format"]}
    if stream:
        body["stream"] = True
        # Usage arrives only when asked for; without it a stream's cost is unknown.
        body["stream_options"] = {"include_usage": True}
    if extra_body:
        if not isinstance(extra_body, Mapping):
            raise fail("extra_body must be a dict of parameters to add to the body", "extra_body")
        clash = sorted(set(extra_body) & {"messages", "stream", "model"})
        if clash:
            raise fail(
                f"extra_body may not set {clash}: pass model=, messages= and stream= to chat() itself",
                "extra_body",
                clash,
            )
        body.update(extra_body)
    try:
        encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise fail(f"the request cannot be encoded as JSON: {exc}", "messages") from None
    return encoded, wire, names


# --------------------------------------------------------------------------- messages


def _messages(
    messages: Sequence[Mapping[str, Any]], system: object, names: dict[str, str]
) -> list[Mapping[str, Any]]:
    if not isinstance(messages, Sequence) or isinstance(messages, str | bytes) or not messages:
        raise fail(
            "messages must be a non-empty list of {'role': ..., 'content': ...} dicts", "messages", messages
        )
    wire: list[Mapping[str, Any]] = []
    if system is not None:
        if not isinstance(system, str):
            raise fail(f"system must be a string, got {type(system).__name__}", "system", system)
        first = messages[0]
        if isinstance(first, Mapping) and first.get("role") == "system":
            raise fail(
                "give the system text once: as system= or as a first {'role': 'system'} message",
                "system",
            )
        wire.append({"role": "system", "content": system})
    sent = {v: k for k, v in names.items()}  # given name -> name on the wire
    pending: list[tuple[str, str]] = []  # (id, name) of v1 function calls not yet answered
    for i, msg in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(msg, Mapping):
            raise fail(f"{where} must be a dict with 'role' and 'content', got {type(msg).__name__}", where)
        role = msg.get("role")
        if role not in _ROLES:
            raise fail(f"{where}.role={role!r} is not one of {', '.join(_ROLES)}", f"{where}.role", role)
        content = msg.get("content")
        if role == "assistant":
            call = msg.get("function_call")
            if call is not None:  # v1 shape: one call, no id
                msg, ident = _from_function_call(msg, call, i, sent)
                pending.append((ident, str(call.get("name"))))
            elif "tool_calls" in msg:
                _check_tool_calls(msg["tool_calls"], where)
                if sent:
                    msg = {**msg, "tool_calls": [_rename_call(c, sent) for c in msg["tool_calls"]]}
            elif not isinstance(content, str):
                raise fail(f"{where}.content must be a string", f"{where}.content", content)
        elif role == "function":  # v1 shape: the result of the last call of that name
            match = next((p for p in reversed(pending) if p[1] == msg.get("name")), None)
            if match is None:
                raise fail(
                    f"{where} is a function result for {msg.get('name')!r}, but no earlier assistant turn "
                    "called that function",
                    f"{where}.name",
                    msg.get("name"),
                )
            pending.remove(match)
            msg = {"role": "tool", "tool_call_id": match[0], "content": _text(content, where)}
        elif role == "tool":
            if not isinstance(msg.get("tool_call_id"), str) or not msg["tool_call_id"]:
                raise fail(
                    f"{where} is a tool result without 'tool_call_id': quote the id of the call it answers",
                    f"{where}.tool_call_id",
                )
            _text(content, where)
        elif not isinstance(content, str | list):
            # A list is OpenAI's content parts (text and images, for vision models).
            raise fail(
                f"{where}.content must be a string, got {type(content).__name__}", f"{where}.content", content
            )
        wire.append(msg)
    last = wire[-1]
    if last.get("role") == "user" and isinstance(last.get("content"), str) and not last["content"].strip():
        raise fail("the last message (the question) has blank content: write the question", "messages")
    return wire


def _text(content: object, where: str) -> str:
    if not isinstance(content, str):
        raise fail(f"{where}.content must be a string (the function's result as text or JSON)", where)
    return content


def _from_function_call(
    msg: Mapping[str, Any], call: object, index: int, sent: dict[str, str]
) -> tuple[dict[str, Any], str]:
    if not isinstance(call, Mapping) or not isinstance(call.get("name"), str):
        raise fail(f"messages[{index}].function_call must be a dict with 'name' and 'arguments'", "messages")
    # The id a v2 reply gave (FunctionCall.to_dict keeps it), else one that is stable for this
    # position, so the same history always encodes the same way.
    ident = str(call.get("id") or f"call_{index}")
    name = sent.get(call["name"], call["name"])
    out = {
        "role": "assistant",
        "content": msg.get("content") or "",
        "tool_calls": [
            {
                "id": ident,
                "type": "function",
                "function": {"name": name, "arguments": str(call.get("arguments") or "")},
            }
        ],
    }
    return out, ident


def _check_tool_calls(calls: object, where: str) -> None:
    ok = isinstance(calls, Sequence) and all(
        isinstance(c, Mapping)
        and isinstance(c.get("id"), str)
        and isinstance(c.get("function"), Mapping)
        and isinstance(c["function"].get("name"), str)
        for c in calls
    )
    if not ok:
        raise fail(
            f"{where}.tool_calls must be a list of {{'id', 'type': 'function', 'function': {{'name', "
            "'arguments'}}}}",
            f"{where}.tool_calls",
        )


def _rename_call(call: Mapping[str, Any], sent: dict[str, str]) -> dict[str, Any]:
    fn = call["function"]
    return {**call, "function": {**fn, "name": sent.get(fn["name"], fn["name"])}}


# --------------------------------------------------------------------------- tools


def _tools(params: Mapping[str, Any], info: ModelInfo) -> list[dict[str, Any]] | None:
    functions, tools = params.get("functions"), params.get("tools")
    if functions is not None and tools is not None:
        raise fail("give functions= or tools=, not both (they are the same thing in two shapes)", "tools")
    if functions is None and tools is None:
        return None
    if not info.supports_functions:
        raise fail(f"{info.name} has no function calling on v2; drop functions=/tools=", "tools")
    given = functions if functions is not None else tools
    field = "functions" if functions is not None else "tools"
    if not isinstance(given, Sequence) or isinstance(given, str | bytes) or not given:
        raise fail(f"{field} must be a non-empty list", field, given)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(given):
        spec = item.get("function") if field == "tools" and isinstance(item, Mapping) else item
        if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str) or not spec["name"]:
            raise fail(
                f"{field}[{i}] must describe a function with a 'name' (tools entries as "
                "{'type': 'function', 'function': {'name', 'description', 'parameters'}})",
                f"{field}[{i}]",
            )
        if spec["name"] in seen:
            raise fail(f"{field}[{i}].name {spec['name']!r} is used twice", f"{field}[{i}].name")
        seen.add(spec["name"])
        if not isinstance(spec.get("parameters", {}), Mapping):
            raise fail(f"{field}[{i}].parameters must be a JSON Schema object", f"{field}[{i}].parameters")
        # v1's `responses`/`examples` have no place in v2's function description.
        fn = {k: v for k, v in spec.items() if k in ("name", "description", "parameters", "strict")}
        out.append({"type": "function", "function": fn})
    return out


def _renames(tools: list[dict[str, Any]] | None) -> dict[str, str]:
    if not tools:
        return {}
    names = [t["function"]["name"] for t in tools]
    renamed = {n.replace("-", "_"): n for n in names if "-" in n}
    clash = sorted(set(renamed) & set(names))
    if clash:
        raise fail(
            f"function names {clash} and their hyphenated twins would be the same on v2, which refuses "
            "'-' in names: rename one",
            "functions",
        )
    return renamed


def _renamed_tools(tools: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    sent = {v: k for k, v in names.items()}
    return [
        {**t, "function": {**t["function"], "name": sent.get(t["function"]["name"], t["function"]["name"])}}
        for t in tools
    ]


def _tool_choice(choice: object, tools: list[dict[str, Any]], names: dict[str, str]) -> object:
    if choice in ("none", "auto", "required"):
        return choice
    ok = (
        isinstance(choice, Mapping)
        and choice.get("type") == "function"
        and isinstance(choice.get("function"), Mapping)
        and isinstance(choice["function"].get("name"), str)
    )
    if not ok:
        raise fail(
            "tool_choice must be 'none', 'auto', 'required' or "
            f'{{"type": "function", "function": {{"name": ...}}}}, got {choice!r}',
            "tool_choice",
            choice,
        )
    assert isinstance(choice, Mapping)
    name = choice["function"]["name"]
    known = [t["function"]["name"] for t in tools]
    if name not in known:
        raise fail(f"tool_choice names {name!r}, which is not among the functions {known}", "tool_choice")
    sent = {v: k for k, v in names.items()}
    return {"type": "function", "function": {"name": sent.get(name, name)}}


# --------------------------------------------------------------------------- parameters


def _check(body: Mapping[str, Any], params: Mapping[str, Any], info: ModelInfo, qianfan: bool) -> None:
    for name in params:
        if name in _V1_ONLY:
            raise fail(f"{name} was a v1 parameter and has no equivalent on v2; drop it", name)
        if not qianfan and name in _QIANFAN_ONLY:
            raise fail(
                f"{name} is a Qianfan parameter that an OpenAI-compatible server does not know; drop it "
                "(or pass it in extra_body= if your server does)",
                name,
            )
    # ERNIE's documented range is (0, 1]; OpenAI-style servers take up to 2.
    high = 1.0 if info.documented else 2.0
    if "temperature" in body:
        check_range("temperature", body["temperature"], 0.0, high, low_open=info.documented)
    if "top_p" in body:
        check_range("top_p", body["top_p"], 0.0, 1.0)
    if "penalty_score" in body:
        check_range("penalty_score", body["penalty_score"], 1.0, 2.0)
    for name in ("frequency_penalty", "presence_penalty"):
        if name in body:
            check_range(name, body[name], -2.0, 2.0)
    if "stop" in body:
        check_stop(body["stop"])
    for name in ("max_output_tokens", "max_completion_tokens"):
        value = params.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(f"{name} must be an integer, got {value!r}", name, value)
        if not info.min_output_tokens <= value <= info.max_output_tokens:
            raise fail(
                f"{name}={value} is out of range for {info.name}: allowed "
                f"[{info.min_output_tokens}, {info.max_output_tokens}]",
                name,
                value,
            )
    for name in ("seed", "thinking_budget"):
        if name in body and (isinstance(body[name], bool) or not isinstance(body[name], int)):
            raise fail(f"{name} must be an integer, got {body[name]!r}", name, body[name])
    for name in (
        "disable_search",
        "enable_citation",
        "enable_trace",
        "enable_thinking",
        "parallel_tool_calls",
    ):
        if name in params and not isinstance(params[name], bool):
            raise fail(f"{name} must be True or False, got {params[name]!r}", name, params[name])
    for name in ("user_id", "user"):
        if name in params and (not isinstance(params[name], str) or not params[name]):
            raise fail(f"{name} must be a non-empty string, got {params[name]!r}", name, params[name])
    fmt = body.get("response_format")
    if fmt is not None and not (
        fmt in ("text", "json_object") or (isinstance(fmt, Mapping) and isinstance(fmt.get("type"), str))
    ):
        raise fail(
            f"response_format={fmt!r} must be 'text', 'json_object' or {{'type': ...}}", "response_format"
        )
    if info.max_input_chars is not None:
        total = sum(len(m["content"]) for m in body["messages"] if isinstance(m.get("content"), str))
        if total > info.max_input_chars:
            raise fail(
                f"the input is {total} characters (messages + system); {info.name} allows "
                f"{info.max_input_chars}: drop old turns with zuoye.ernie.trim_messages(...) or shorten it",
                "messages",
            )


def _unknown(name: str) -> ValidationError:
    import difflib  # only on this error path: keeps `import zuoye.ernie` light

    close = difflib.get_close_matches(name, sorted(_KNOWN | {"messages", "model", "stream"}), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return fail(
        f"unknown parameter {name!r}: {hint}to send a parameter this library does not know yet, use "
        "extra_body={...}",
        name,
    )
