from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.render._strategies import markdown_with_maths
from zuoye.render import Segment, split_math

CORPUS = json.loads((Path(__file__).parent / "corpus" / "split.json").read_text(encoding="utf-8"))


def _pairs(segments: list[Segment]) -> list[list[str]]:
    return [[s.kind, s.content] for s in segments]


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_corpus(case: dict) -> None:
    segments = split_math(case["input"])
    assert _pairs(segments) == case["segments"]
    assert "".join(s.source for s in segments) == case["input"]


def test_delimiters_are_kept() -> None:
    segs = split_math(r"\(a\) \[b\] $c$ $$d$$")
    assert [(s.opener, s.closer) for s in segs if s.is_math] == [
        ("\\(", "\\)"),
        ("\\[", "\\]"),
        ("$", "$"),
        ("$$", "$$"),
    ]


def test_empty_input() -> None:
    assert split_math("") == []


@settings(max_examples=400)
@given(markdown_with_maths)
def test_never_loses_or_duplicates_a_character(text: str) -> None:
    segments = split_math(text)
    assert "".join(s.source for s in segments) == text
    # No two text segments in a row, no empty text segment, and every formula has content.
    for a, b in itertools.pairwise(segments):
        assert not (a.kind == "text" and b.kind == "text")
    for s in segments:
        assert s.content.strip() or s.kind == "text"
        assert s.kind != "text" or s.content


@given(st.text(max_size=200))
def test_any_unicode_round_trips(text: str) -> None:
    assert "".join(s.source for s in split_math(text)) == text
