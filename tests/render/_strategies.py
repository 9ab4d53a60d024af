"""Hypothesis strategies for Markdown with maths: built from the pieces that cause trouble."""

from __future__ import annotations

from hypothesis import strategies as st

TOKENS = [
    "$", "$$", "\\", "\\(", "\\)", "\\[", "\\]", "\\$", "\\\\", "`", "```", "~~~", "{", "}", "^", "_",
    " ", "  ", "\n", "\n\n", "\t", "x", "ab", "12", "5", "=", "+", "-", ".", ",", "，", "。", "（", "）",
    "解", "答案", "\\frac", "\\sqrt", "\\pi", "\\text", "\\foo", "- ", "1. ", "> ", "*", "|", "is",
]  # fmt: skip

markdown_with_maths = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
