"""OpenAI-shaped arguments in v1's words (no I/O), so that one way of calling `chat()` works on
every protocol: a leading `system` message → `system=`; an assistant turn's single `tool_calls`
entry → `function_call`; a `tool` turn → a `function` turn named after the call it answers;
`tools` → `functions`; `max_completion_tokens` → `max_output_tokens`; `user` → `user_id`.
v1-shaped arguments pass through untouched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zuoye.ernie._validate import fail


def to_v1(
    messages: Sequence[Mapping[str, Any]], params: dict[str, Any]
) -> tuple[Sequence[Mapping[str, Any]], dict[str, Any]]:
    params = _params(params)
    if not isinstance(messages, Sequence) or not any(
        isinstance(m, Mapping) and (m.get("role") in ("system", "tool") or "tool_calls" in m)
        for m in messages
    ):
        return messages, params  # v1 shape already: v1's own checks judge it
    out: list[Mapping[str, Any]] = []
    names: dict[str, str] = {}  # tool-call id -> function name
    for i, msg in enumerate(messages):
        role = msg.get("role") if isinstance(msg, Mapping) else None
        if role == "system":
            if out:
                raise fail(f"messages[{i}]: v1 takes system text only before the conversation", "messages")
            if "system" in params:
                raise fail("give the system text once: as system= or as a first system message", "system")
            params["system"] = msg.get("content")
            continue
        if role == "assistant" and isinstance(msg, Mapping) and msg.get("tool_calls"):
            calls = msg["tool_calls"]
            if not isinstance(calls, Sequence) or len(calls) != 1:
                raise fail(
                    f"messages[{i}] has {len(calls) if isinstance(calls, Sequence) else 'malformed'} tool "
                    "calls; v1 carries exactly one function call per assistant turn",
                    f"messages[{i}].tool_calls",
                )
            call = calls[0]
            fn = call.get("function") if isinstance(call, Mapping) else None
            if not isinstance(fn, Mapping) or not isinstance(fn.get("name"), str):
                raise fail(f"messages[{i}].tool_calls[0] needs function.name", f"messages[{i}].tool_calls")
            names[str(call.get("id"))] = fn["name"]
            out.append(
                {
                    "role": "assistant",
                    "content": msg.get("content") or "",
                    "function_call": {"name": fn["name"], "arguments": str(fn.get("arguments") or "")},
                }
            )
            continue
        if role == "tool" and isinstance(msg, Mapping):
            name = names.get(str(msg.get("tool_call_id")))
            if name is None:
                raise fail(
                    f"messages[{i}] answers tool call {msg.get('tool_call_id')!r}, which no earlier "
                    "assistant turn made",
                    f"messages[{i}].tool_call_id",
                )
            out.append({"role": "function", "name": name, "content": msg.get("content")})
            continue
        out.append(msg)
    return out, params


def _params(params: dict[str, Any]) -> dict[str, Any]:
    if not params.keys() & {"tools", "max_completion_tokens", "user", "tool_choice"}:
        return params
    params = dict(params)
    tools = params.pop("tools", None)
    if tools is not None:
        if "functions" in params:
            raise fail("give functions= or tools=, not both", "tools")
        if not isinstance(tools, Sequence) or not all(
            isinstance(t, Mapping) and isinstance(t.get("function"), Mapping) for t in tools
        ):
            raise fail("tools entries must be {'type': 'function', 'function': {...}}", "tools")
        params["functions"] = [dict(t["function"]) for t in tools]
    choice = params.get("tool_choice")
    if choice == "auto":
        del params["tool_choice"]  # v1's default
    elif isinstance(choice, str):
        raise fail(
            f"tool_choice={choice!r} has no v1 equivalent; v1 takes only a named function", "tool_choice"
        )
    for new, old in (("max_completion_tokens", "max_output_tokens"), ("user", "user_id")):
        if new in params:
            if old in params:
                raise fail(f"give {old}= or {new}=, not both", new)
            params[old] = params.pop(new)
    return params
