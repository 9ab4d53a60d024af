"""The model table, the documented token estimate, and trimming a conversation to fit."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zuoye.ernie import MODELS, ValidationError, estimate_tokens, get_model, trim_messages
from zuoye.ernie._validate import check_messages


def test_the_five_models_with_their_documented_facts() -> None:
    assert set(MODELS) == {
        "ERNIE-4.0-8K",
        "ERNIE-4.0-8K-Preview",
        "ERNIE-3.5-8K-Preview",
        "ERNIE-Speed-8K",
        "ERNIE-3.5-8K",
    }
    m = get_model("ernie-bot-4")
    assert (m.name, m.endpoint, m.max_input_chars, m.max_input_tokens) == (
        "ERNIE-4.0-8K",
        "completions_pro",
        20000,
        5120,
    )
    assert m.supports_functions and not m.supports_tool_choice
    assert m.defaults["temperature"] == 0.95 and m.system_max_chars == 1024
    speed = get_model("ERNIE-Speed-8K")
    assert (speed.endpoint, speed.max_input_chars, speed.max_input_tokens) == ("ernie_speed", 24000, 6144)
    assert not speed.supports_functions and speed.defaults["top_p"] == 0.7
    assert get_model("ernie-3.5-8k-preview").supports_tool_choice
    assert get_model("ERNIE-3.5-8K").endpoint == "completions"
    assert get_model("ERNIE-4.0-8K-Preview").endpoint == "ernie-4.0-8k-preview"
    assert all((m.min_output_tokens, m.max_output_tokens) == (2, 2048) for m in MODELS.values())


def test_unknown_model_suggests_a_close_name() -> None:
    with pytest.raises(ValidationError, match="did you mean 'ERNIE-Speed-8K'"):
        get_model("ERNIE-Sped-8K")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", 0),
        ("你好", 2),
        ("hello", 2),  # 1 word × 1.3, rounded up
        ("hello world", 3),  # 2.6 -> 3
        ("解方程 x^2-5x+6=0", 3 + 6),  # 3 汉字; words x, 2-5x, 6, 0: 4 × 1.3 = 5.2 -> 6
        ("It's a well-known fact", 6),  # It's, a, well-known, fact
        ("10 个苹果", 3 + 2),
    ],
)
def test_estimate_follows_the_documented_formula(text: str, tokens: int) -> None:
    assert estimate_tokens(text) == tokens


def test_estimate_counts_rare_ideographs_and_ignores_punctuation() -> None:
    assert estimate_tokens("𠀀，。！") == 1  # extension B ideograph; full-width punctuation is free


def _conversation(turns: int, size: int) -> list[dict[str, Any]]:
    msgs: list[dict[str, Any]] = []
    for i in range(turns):
        msgs.append({"role": "user", "content": f"问{i}" + "字" * size})
        msgs.append({"role": "assistant", "content": f"答{i}" + "字" * size})
    msgs.append({"role": "user", "content": "最后的问题"})
    return msgs


def test_trim_keeps_everything_that_fits() -> None:
    msgs = _conversation(3, 10)
    assert trim_messages(msgs, model="ERNIE-4.0-8K") == msgs


def test_trim_drops_oldest_pairs_and_keeps_a_valid_sequence() -> None:
    msgs = _conversation(10, 1000)  # ~21000 tokens by the estimate
    trimmed = trim_messages(msgs, model="ERNIE-4.0-8K", system="你是老师")
    assert trimmed[-1] == msgs[-1]
    assert trimmed == msgs[-len(trimmed) :]
    assert len(trimmed) % 2 == 1 and trimmed[0]["role"] == "user"
    assert sum(estimate_tokens(m["content"]) for m in trimmed) + estimate_tokens("你是老师") <= 5120
    # Dropping one fewer pair would not have fit.
    longer = msgs[-len(trimmed) - 2 :]
    assert sum(estimate_tokens(m["content"]) for m in longer) + estimate_tokens("你是老师") > 5120


def test_trim_never_leaves_a_function_turn_first() -> None:
    call = {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}}
    msgs = [
        {"role": "user", "content": "字" * 4000},
        call,
        {"role": "function", "name": "f", "content": "字" * 2000},
        {"role": "assistant", "content": "好"},
        {"role": "user", "content": "再问"},
    ]
    trimmed = trim_messages(msgs, model="ERNIE-3.5-8K")
    assert trimmed == [msgs[-1]]


def test_trim_reports_a_last_message_that_cannot_fit() -> None:
    with pytest.raises(ValidationError, match="last message alone does not fit"):
        trim_messages([{"role": "user", "content": "字" * 6000}], model="ERNIE-4.0-8K")


def test_trim_keeps_the_callers_message_type() -> None:
    msgs = _conversation(1, 1)
    out: list[dict[str, Any]] = trim_messages(msgs, model="ERNIE-Speed-8K")
    assert out is not msgs and out == msgs


@settings(max_examples=100, deadline=None)
@given(
    turns=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 4000)), max_size=12),
    last=st.integers(1, 4000),
    model=st.sampled_from(sorted(MODELS)),
)
def test_trimmed_conversations_are_valid_and_fit(turns: list[tuple[int, int]], last: int, model: str) -> None:
    msgs: list[dict[str, Any]] = []
    for q, a in turns:
        msgs += [
            {"role": "user", "content": "问" + "字" * q},
            {"role": "assistant", "content": "答" + "字" * a},
        ]
    msgs.append({"role": "user", "content": "字" * last})
    info = get_model(model)
    out = trim_messages(msgs, model=info)
    check_messages(out, info)  # a valid sequence
    assert out == msgs[len(msgs) - len(out) :]
    total = sum(len(m["content"]) for m in out)
    assert total <= (info.max_input_chars or total)
    assert sum(estimate_tokens(m["content"]) for m in out) <= (info.max_input_tokens or 10**9)
