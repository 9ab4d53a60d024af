"""Checks a chat request against the documented rules before anything is sent.

Every error names the field, the value given and what is allowed, because the service's own
answers to a bad request ("Invalid Argument", "the role of message with even index in the
messages must be assistant") are the complaint users raise most after rate limits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from zuoye.ernie._errors import ValidationError
from zuoye.ernie._models import ALL_PARAMS, MODELS, ModelInfo

_MESSAGE_KEYS = frozenset({"role", "content", "name", "function_call"})
_FUNCTION_KEYS = frozenset({"name", "description", "parameters", "responses", "examples"})
_BOOL_PARAMS = frozenset({"disable_search", "enable_citation", "enable_trace", "enable_system_memory"})
_STR_PARAMS = frozenset({"user_id", "user_ip", "system_memory_id"})
# Whitespace the service calls blank ("空格、\n、\r、\f 等").
_BLANK = " \t\n\r\f\v\u3000"


def fail(message: str, field: str, value: object = None) -> ValidationError:
    return ValidationError(message, field=field, value=value)


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(f"{name} must be a number, got {type(value).__name__} {value!r}", name, value)
    return float(value)


def check_range(name: str, value: object, low: float, high: float, *, low_open: bool = False) -> None:
    x = _number(name, value)
    ok = (low < x if low_open else low <= x) and x <= high
    if not ok:
        bracket = "(" if low_open else "["
        raise fail(f"{name}={value!r} is out of range: allowed {bracket}{low}, {high}]", name, value)


def check_stop(value: object) -> None:
    """`stop`: at most 4 strings of 1-20 characters (both protocols)."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise fail(f"stop must be a list of strings, got {value!r}", "stop", value)
    if len(value) > 4:
        raise fail(f"stop has {len(value)} items; at most 4 are allowed", "stop", value)
    for s in value:
        if not isinstance(s, str) or not 1 <= len(s) <= 20:
            raise fail(f"each stop item must be a string of 1-20 characters, got {s!r}", "stop", value)


def check_messages(messages: object, model: ModelInfo) -> None:
    """The message rules of the model pages: non-empty, odd length, user|function / assistant
    alternating, the first not `function`, `function` turns named, the last not blank."""
    if not isinstance(messages, Sequence) or isinstance(messages, str | bytes):
        raise fail(
            f"messages must be a list of {{'role': ..., 'content': ...}} dicts, got {type(messages).__name__}",
            "messages",
            messages,
        )
    if not messages:
        raise fail("messages is empty: give at least one {'role': 'user', 'content': ...}", "messages")
    for i, msg in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(msg, Mapping):
            raise fail(
                f"{where} must be a dict with 'role' and 'content', got {type(msg).__name__}", where, msg
            )
        role = msg.get("role")
        if role == "system":
            raise fail(
                f"{where} has role 'system', which Wenxin does not accept in messages: pass the persona "
                "as chat(system=...) instead",
                f"{where}.role",
                role,
            )
        if role not in ("user", "assistant", "function"):
            raise fail(
                f"{where}.role={role!r} is not one of 'user', 'assistant', 'function'", f"{where}.role", role
            )
        extra = set(msg) - _MESSAGE_KEYS
        if extra:
            raise fail(
                f"{where} has unknown key(s) {sorted(extra)}: a message may have role, content, name, function_call",
                where,
                msg,
            )
        expected = "assistant" if i % 2 else "user' or 'function"
        if (role == "assistant") != bool(i % 2):
            raise fail(
                f"{where}.role is {role!r} but must be '{expected}': messages alternate user/assistant "
                "starting with user (function results take a user position), so their count is odd",
                f"{where}.role",
                role,
            )
        if role == "function":
            if i == 0:
                raise fail(
                    "messages[0] cannot be a 'function' message: the conversation starts with the user",
                    f"{where}.role",
                    role,
                )
            if not model.supports_functions:
                raise fail(
                    f"{where} is a 'function' message but {model.name} has no function calling; "
                    f"models with it: {', '.join(m.name for m in MODELS.values() if m.supports_functions)}",
                    f"{where}.role",
                    role,
                )
            name = msg.get("name")
            if not isinstance(name, str) or not name:
                raise fail(
                    f"{where} is a 'function' message without 'name': set it to the function_call's name",
                    f"{where}.name",
                    name,
                )
        content = msg.get("content")
        call = msg.get("function_call")
        if call is not None:
            if role != "assistant":
                raise fail(
                    f"{where} has function_call but role {role!r}: only assistant turns carry it", where
                )
            if not isinstance(call, Mapping) or not isinstance(call.get("name"), str):
                raise fail(f"{where}.function_call must be a dict with 'name' and 'arguments'", where, call)
        if content is None and call is not None:
            continue  # an assistant turn that only calls a function
        if not isinstance(content, str):
            raise fail(
                f"{where}.content must be a string, got {type(content).__name__}", f"{where}.content", content
            )
        if not content.strip(_BLANK) and call is None:
            which = "the last message (the question)" if i == len(messages) - 1 else where
            raise fail(f"{which} has blank content: write the question", f"{where}.content", content)
    if len(messages) % 2 == 0:
        raise fail(
            f"messages has {len(messages)} entries but must have an odd number, ending with the user's "
            "question (or a function result)",
            "messages",
        )


def check_functions(functions: object, model: ModelInfo) -> None:
    if not isinstance(functions, Sequence) or isinstance(functions, str | bytes) or not functions:
        raise fail("functions must be a non-empty list of function descriptions", "functions", functions)
    seen: set[str] = set()
    for i, fn in enumerate(functions):
        where = f"functions[{i}]"
        if not isinstance(fn, Mapping):
            raise fail(f"{where} must be a dict with name, description, parameters", where, fn)
        extra = set(fn) - _FUNCTION_KEYS
        if extra:
            raise fail(
                f"{where} has unknown key(s) {sorted(extra)}; allowed: {sorted(_FUNCTION_KEYS)}", where, fn
            )
        name = fn.get("name")
        if not isinstance(name, str) or not name:
            raise fail(f"{where}.name must be a non-empty string", f"{where}.name", name)
        if name in seen:
            raise fail(
                f"{where}.name {name!r} is used twice: function names must be unique", f"{where}.name", name
            )
        seen.add(name)
        if not isinstance(fn.get("description"), str):
            raise fail(f"{where} ({name}) needs a 'description' string", f"{where}.description")
        params = fn.get("parameters")
        if not isinstance(params, Mapping):
            raise fail(
                f"{where} ({name}) needs 'parameters', a JSON Schema object; for none use "
                '{"type": "object", "properties": {}}',
                f"{where}.parameters",
                params,
            )


def _check_tool_choice(value: object, functions: object) -> None:
    ok = (
        isinstance(value, Mapping)
        and value.get("type") == "function"
        and isinstance(value.get("function"), Mapping)
        and isinstance(value["function"].get("name"), str)
    )
    if not ok:
        raise fail(
            f'tool_choice must be {{"type": "function", "function": {{"name": ...}}}}, got {value!r}',
            "tool_choice",
            value,
        )
    assert isinstance(value, Mapping)
    name = value["function"]["name"]
    names = [f.get("name") for f in functions] if isinstance(functions, Sequence) else []
    if name not in names:
        raise fail(f"tool_choice names {name!r}, which is not among functions {names}", "tool_choice", value)


def _unknown_param(name: str, model: ModelInfo) -> ValidationError:
    if name in ALL_PARAMS:
        what = "function calling" if name in ("functions", "tool_choice") else "it"
        others = [m.name for m in MODELS.values() if name in m.params]
        return fail(
            f"{model.name} does not accept {name!r} ({what} is not documented for this model); "
            f"models that do: {', '.join(others) or 'none'}",
            name,
        )
    import difflib  # only on this error path: keeps `import zuoye.ernie` light

    close = difflib.get_close_matches(name, sorted(ALL_PARAMS | {"messages", "model", "stream"}), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return fail(
        f"unknown parameter {name!r}: {hint}{model.name} accepts {', '.join(sorted(model.params))}; "
        "to send a parameter this library does not know yet, use extra_body={...}",
        name,
    )


def check_params(params: Mapping[str, Any], model: ModelInfo) -> None:
    """Parameter names, types and documented ranges; `params` holds only the ones given (not None)."""
    for name in params:
        if name not in model.params:
            raise _unknown_param(name, model)
    for name, value in params.items():
        if name == "temperature":
            check_range(name, value, 0.0, 1.0, low_open=True)
        elif name == "top_p":
            check_range(name, value, 0.0, 1.0)
        elif name == "penalty_score":
            check_range(name, value, 1.0, 2.0)
        elif name == "max_output_tokens":
            if isinstance(value, bool) or not isinstance(value, int):
                raise fail(f"max_output_tokens must be an integer, got {value!r}", name, value)
            if not model.min_output_tokens <= value <= model.max_output_tokens:
                raise fail(
                    f"max_output_tokens={value} is out of range for {model.name}: allowed "
                    f"[{model.min_output_tokens}, {model.max_output_tokens}]",
                    name,
                    value,
                )
        elif name == "stop":
            check_stop(value)
        elif name == "system":
            if not isinstance(value, str):
                raise fail(f"system must be a string, got {type(value).__name__}", name, value)
            if model.system_max_chars is not None and len(value) > model.system_max_chars:
                raise fail(
                    f"system is {len(value)} characters; {model.name} allows at most {model.system_max_chars}",
                    name,
                    value[:40] + "…",
                )
        elif name == "response_format":
            if value not in ("text", "json_object"):
                raise fail(f"response_format={value!r} must be 'text' or 'json_object'", name, value)
        elif name in _BOOL_PARAMS:
            if not isinstance(value, bool):
                raise fail(f"{name} must be True or False, got {value!r}", name, value)
        elif name in _STR_PARAMS:
            if not isinstance(value, str) or not value:
                raise fail(f"{name} must be a non-empty string, got {value!r}", name, value)
        elif name == "functions":
            check_functions(value, model)
        elif name == "tool_choice":
            if "functions" not in params:
                raise fail("tool_choice needs functions=[...] to choose from", name, value)
            _check_tool_choice(value, params["functions"])
    if params.get("enable_system_memory") and "system_memory_id" not in params:
        raise fail("enable_system_memory=True needs system_memory_id", "system_memory_id")


def check_size(messages: Sequence[Mapping[str, Any]], params: Mapping[str, Any], model: ModelInfo) -> None:
    """The documented character limit (exact; the token limit is the service's own count)."""
    limit = model.max_input_chars
    if limit is None:
        return
    total = 0
    for m in messages:
        content = m.get("content")
        if isinstance(content, str):
            total += len(content)
    system = params.get("system")
    if isinstance(system, str):
        total += len(system)
    if model.functions_count_toward_limit and params.get("functions"):
        total += len(json.dumps(params["functions"], ensure_ascii=False))
    if total > limit:
        raise fail(
            f"the input is {total} characters (messages + system"
            f"{' + functions' if model.functions_count_toward_limit else ''}); {model.name} allows {limit}: "
            "drop old turns with zuoye.ernie.trim_messages(...) or shorten the text",
            "messages",
        )
