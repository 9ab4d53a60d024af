"""The page is shown exactly what zuoye.render makes of the whole answer, however it streams.

The page's segments come from the one streaming segmenter, zuoye.render's `StreamingMathBuffer`
(the terminal's too), with its default bounds, as web/_answering.py uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.render._strategies import markdown_with_maths
from zuoye.render import Segment, StreamingMathBuffer, split_math

CORPUS = json.loads((Path(__file__).parents[1] / "render" / "corpus" / "split.json").read_text("utf-8"))


def merged(segments: list[Segment]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for s in segments:
        if out and s.kind == "text" and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + s.content)
        else:
            out.append((s.kind, s.content))
    return out


def streamed(text: str, cuts: list[int]) -> list[Segment]:
    live = StreamingMathBuffer()
    out: list[Segment] = []
    last = 0
    for cut in [*sorted(c % (len(text) + 1) for c in cuts), len(text)]:
        out += live.feed_segments(text[last:cut])
        last = max(last, cut)
    return out + live.flush_segments()


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_corpus_streamed_a_character_at_a_time(case: dict) -> None:
    text = case["input"]
    assert merged(streamed(text, list(range(len(text))))) == merged(split_math(text))


@settings(max_examples=300, deadline=None)
@given(text=markdown_with_maths, cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12))
def test_any_chunking_gives_the_whole_answers_segments(text: str, cuts: list[int]) -> None:
    live = streamed(text, cuts)
    assert "".join(s.source for s in live) == text
    assert merged(live) == merged(split_math(text))


def test_a_half_written_formula_is_held_back() -> None:
    live = StreamingMathBuffer()
    assert merged(live.feed_segments("所以 $x = \\frac{1")) == [("text", "所以 ")]
    assert merged(live.feed_segments("}{2}$。")) == [("inline", "x = \\frac{1}{2}"), ("text", "。")]
    assert live.flush_segments() == []
