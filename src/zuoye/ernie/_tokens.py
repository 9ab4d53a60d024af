"""The documented token estimate and trimming a conversation to fit a model's input limits."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from zuoye.ernie._errors import ValidationError
from zuoye.ernie._models import ModelInfo, get_model

# CJK ideographs: the unified block, extension A, compatibility ideographs, and the supplementary
# planes' extensions B-F. Each counts as one token in the documented estimate.
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]"
# A "word" of the estimate: a run of Latin letters or digits, with inner apostrophes or hyphens.
_WORD = r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*"


def estimate_tokens(text: str) -> int:
    """Estimate tokens the way Baidu documents it: 汉字数 + 英文单词数 × 1.3, rounded up.

    Only an estimate (the response's `usage` is the truth), but it is the one the platform states,
    so it is what limits are checked against before sending.

    >>> estimate_tokens("你好 world")
    4
    """
    if not text:
        return 0
    # re caches compiled patterns; compiling on first use keeps `import zuoye.ernie` light.
    han = len(re.findall(_HAN, text))
    words = len(re.findall(_WORD, text))
    # Integer arithmetic: ceil(han + 1.3 * words) without float rounding surprises.
    return han + math.ceil(words * 13 / 10)


def _content(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    text = content if isinstance(content, str) else ""
    call = message.get("function_call")
    if isinstance(call, Mapping):
        text += str(call.get("arguments") or "")
    for tool_call in message.get("tool_calls") or ():
        fn = tool_call.get("function") if isinstance(tool_call, Mapping) else None
        if isinstance(fn, Mapping):
            text += str(fn.get("arguments") or "")
    return text


def input_size(
    messages: Sequence[Mapping[str, Any]],
    *,
    system: str | None = None,
    functions: Sequence[Mapping[str, Any]] | None = None,
    count_functions: bool = True,
) -> tuple[int, int]:
    """(characters, estimated tokens) of what counts towards a model's input limit."""
    parts = [_content(m) for m in messages]
    if system:
        parts.append(system)
    if functions and count_functions:
        parts.append(json.dumps(list(functions), ensure_ascii=False))
    chars = sum(len(p) for p in parts)
    tokens = sum(estimate_tokens(p) for p in parts)
    return chars, tokens


M = TypeVar("M", bound=Mapping[str, Any])


def trim_messages(
    messages: Sequence[M],
    *,
    model: str | ModelInfo = "ERNIE-4.0-8K",
    system: str | None = None,
    functions: Sequence[Mapping[str, Any]] | None = None,
    reserve_tokens: int = 0,
) -> list[M]:
    """Drop the oldest turns until the conversation fits the model's input limits.

    Whole turns go from the front: a turn is a `user` message with everything up to the next one
    (the answer, and any function/tool calls and results in between), so the result is still a
    valid sequence in either shape. Leading `system` messages stay. The last message is always
    kept; if it alone does not fit, ValidationError says by how much. `reserve_tokens` leaves room
    under the token limit, since the estimate is only an estimate. Returns a new list.
    """
    info = model if isinstance(model, ModelInfo) else get_model(model)
    msgs = list(messages)
    if not msgs:
        return msgs
    count_functions = info.functions_count_toward_limit
    max_chars = info.max_input_chars
    max_tokens = None if info.max_input_tokens is None else info.max_input_tokens - reserve_tokens

    def fits(chars: int, tokens: int) -> bool:
        return (max_chars is None or chars <= max_chars) and (max_tokens is None or tokens <= max_tokens)

    # Sizes per message, so trimming is linear rather than re-measuring the whole list each time.
    fixed_chars, fixed_tokens = input_size(
        [], system=system, functions=functions, count_functions=count_functions
    )
    sizes = [(len(c), estimate_tokens(c)) for c in map(_content, msgs)]
    keep = 0  # leading system messages are kept whatever happens
    while keep < len(msgs) and msgs[keep].get("role") == "system":
        keep += 1
    chars = fixed_chars + sum(c for c, _ in sizes[:keep])
    tokens = fixed_tokens + sum(t for _, t in sizes[:keep])
    # Where a turn starts; the conversation may be cut only there. The last turn always stays.
    cuts = [i for i in range(keep, len(msgs)) if msgs[i].get("role") == "user"] or [keep]
    tail_chars = sum(c for c, _ in sizes[cuts[0] :])
    tail_tokens = sum(t for _, t in sizes[cuts[0] :])
    for n, cut in enumerate(cuts):
        if fits(chars + tail_chars, tokens + tail_tokens):
            return msgs[:keep] + msgs[cut:]
        nxt = cuts[n + 1] if n + 1 < len(cuts) else len(msgs)
        tail_chars -= sum(c for c, _ in sizes[cut:nxt])
        tail_tokens -= sum(t for _, t in sizes[cut:nxt])
    last_chars = sum(c for c, _ in sizes[cuts[-1] :])
    last_tokens = sum(t for _, t in sizes[cuts[-1] :])
    raise ValidationError(
        f"the last message alone does not fit {info.name}: with system/functions it is "
        f"{chars + last_chars} characters / ~{tokens + last_tokens} tokens, the limit is {max_chars} "
        f"characters / {max_tokens} tokens; shorten the question or the system text",
        field="messages",
    )
