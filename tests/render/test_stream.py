from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.render._strategies import markdown_with_maths
from zuoye.render import Segment, StreamingMathBuffer, split_math

CORPUS = json.loads((Path(__file__).parent / "corpus" / "stream.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_corpus(case: dict) -> None:
    buf = StreamingMathBuffer()
    assert [buf.feed(d) for d in case["deltas"]] == case["outputs"]
    assert buf.flush() == case.get("flush", "")


def test_a_formula_that_never_closes_is_released_within_the_bound() -> None:
    buf = StreamingMathBuffer(max_inline=20)
    assert buf.feed("价格 $5 的书") == "价格 "
    out = buf.feed("，还有很多很多很多很多很多字没有第二个美元符号")
    assert out.startswith("$5 的书")
    assert buf.held == ""


def test_display_gets_the_longer_bound() -> None:
    buf = StreamingMathBuffer(max_inline=10, max_display=100)
    assert buf.feed("$$\n" + "x+" * 20) == ""
    assert buf.feed("1\n$$") == "$$\n" + "x+" * 20 + "1\n$$"


def test_flush_resets_for_reuse() -> None:
    buf = StreamingMathBuffer()
    buf.feed("$x")
    assert buf.flush() == "$x"
    assert buf.feed("好") == "好"


def test_bounds_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        StreamingMathBuffer(max_inline=0)


def test_long_streams_stay_small() -> None:
    buf = StreamingMathBuffer()
    total = ""
    for k in range(3000):
        total += buf.feed(f"第 {k} 步：$x_{{{k}}}={k}$。\n")
    total += buf.flush()
    assert total.count("$") == 6000
    assert len(buf._text) < 10_000


def _chunked(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts} | {0, len(text)})
    return [text[a:b] for a, b in itertools.pairwise(points)]


def _math_at(text: str) -> set[tuple[int, str, str]]:
    out, pos = set(), 0
    for s in split_math(text):
        if s.is_math:
            out.add((pos, s.kind, s.source))
        pos += len(s.source)
    return out


@settings(max_examples=400)
@given(markdown_with_maths, st.lists(st.integers(min_value=0, max_value=400), max_size=12))
def test_any_chunking_gives_the_input_and_never_a_broken_formula(text: str, cuts: list[int]) -> None:
    buf = StreamingMathBuffer(max_inline=10_000, max_display=10_000)
    final = _math_at(text)
    shown = ""
    for delta in _chunked(text, cuts):
        shown += buf.feed(delta)
        # Whatever is on screen has its formulae exactly where the whole answer has them.
        assert _math_at(shown) <= final
    shown += buf.flush()
    assert shown == text


@settings(max_examples=200)
@given(
    markdown_with_maths,
    st.lists(st.integers(min_value=0, max_value=400), max_size=12),
    st.integers(min_value=1, max_value=8),
)
def test_small_bounds_still_lose_nothing(text: str, cuts: list[int], bound: int) -> None:
    buf = StreamingMathBuffer(max_inline=bound, max_display=bound)
    shown = "".join(buf.feed(d) for d in _chunked(text, cuts)) + buf.flush()
    assert shown == text


def _merged(segments: list[Segment]) -> list[tuple[str, str, str, str]]:
    out: list[tuple[str, str, str, str]] = []
    for s in segments:
        if out and s.kind == "text" and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + s.content, "", "")
        else:
            out.append((s.kind, s.content, s.opener, s.closer))
    return out


@settings(max_examples=400)
@given(markdown_with_maths, st.lists(st.integers(min_value=0, max_value=400), max_size=12))
def test_streamed_segments_are_the_one_shot_segments(text: str, cuts: list[int]) -> None:
    buf = StreamingMathBuffer(max_inline=10_000, max_display=10_000)
    segments: list[Segment] = []
    for delta in _chunked(text, cuts):
        segments += buf.feed_segments(delta)
    segments += buf.flush_segments()
    assert _merged(segments) == _merged(split_math(text))


def test_segments_of_a_stream() -> None:
    buf = StreamingMathBuffer()
    assert buf.feed_segments("所以 $x = \\frac{1") == [Segment("text", "所以 ")]
    assert buf.feed_segments("}{2}$。") == [
        Segment("inline", "x = \\frac{1}{2}", "$", "$"),
        Segment("text", "。"),
    ]
    assert buf.flush_segments() == []


def test_text_before_a_bare_command_waits_for_it() -> None:
    buf = StreamingMathBuffer()
    assert buf.feed("所以 x = ") == "所以 "
    assert buf.feed("\\frac{1}{2}，") == "x = \\frac{1}{2}，"
