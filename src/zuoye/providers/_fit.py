"""Fitting a conversation into a model's input limit, on neutral messages.

The oldest whole turns go first: a turn is a user message and everything after it up to the next
user message (the answer, and any tool calls with their results), so what is left still starts
with a user turn and never holds a tool result without its call. Sizes use the estimate Baidu
documents (汉字 + 1.3 × English words): the only one that is the same for every back end.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from zuoye.ernie import estimate_tokens
from zuoye.messages import say
from zuoye.providers.types import Message, ProviderError, ToolSpec


@dataclass(frozen=True, slots=True)
class InputLimit:
    """A model's input limit: characters and/or estimated tokens (None: not limited by that)."""

    chars: int | None
    tokens: int | None
    # ERNIE 3.5 counts the tool descriptions towards its limit; 4.0 does not.
    count_tools: bool = True


def _text(message: Message) -> str:
    text = message.content
    for call in message.tool_calls:
        text += call.name + call.arguments
    return text


def fit(
    messages: Sequence[Message],
    *,
    limit: InputLimit,
    system: str | None,
    tools: Sequence[ToolSpec] | None,
    model: str,
) -> list[Message]:
    msgs = list(messages)
    if not msgs or (limit.chars is None and limit.tokens is None):
        return msgs
    fixed = (system or "") + (
        json.dumps(list(tools), ensure_ascii=False) if tools and limit.count_tools else ""
    )
    fixed_size = (len(fixed), estimate_tokens(fixed))
    # Turn boundaries: the index of every user message (and 0, whatever it holds).
    starts = [i for i, m in enumerate(msgs) if m.role == "user" or i == 0]
    sizes = [(len(t), estimate_tokens(t)) for t in map(_text, msgs)]
    chars = fixed_size[0] + sum(s[0] for s in sizes)
    tokens = fixed_size[1] + sum(s[1] for s in sizes)

    def fits(c: int, t: int) -> bool:
        return (limit.chars is None or c <= limit.chars) and (limit.tokens is None or t <= limit.tokens)

    turn = 0
    while not fits(chars, tokens):
        if turn + 1 >= len(starts):
            raise ProviderError(
                say(
                    "providers.question_too_long",
                    model=model,
                    chars=chars,
                    tokens=tokens,
                    max_chars=limit.chars or "—",
                    max_tokens=limit.tokens or "—",
                ),
                kind="input",
            )
        for c, t in sizes[starts[turn] : starts[turn + 1]]:
            chars -= c
            tokens -= t
        turn += 1
    return msgs[starts[turn] :]
