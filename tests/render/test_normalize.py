from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.render._strategies import markdown_with_maths
from zuoye.render import normalize_markdown, split_math

CORPUS = json.loads((Path(__file__).parent / "corpus" / "normalize.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_corpus(case: dict) -> None:
    assert normalize_markdown(case["input"]) == case["expected"]


def test_only_two_notations_remain() -> None:
    out = normalize_markdown(r"\(a\) $b$ \[c\] $$d$$ \frac{1}{2}")
    assert {(s.opener, s.closer) for s in split_math(out) if s.is_math} == {("$", "$"), ("$$", "$$")}


_ESCAPED_DOLLAR = re.compile(r"(?<!\\)((?:\\\\)*)\\\$")


def _maths(text: str) -> list[tuple[str, str]]:
    def canonical(content: str) -> str:
        lines = " ".join(line.strip() for line in content.strip().splitlines() if line.strip())
        # A formula ending in `\` (control space) gets `{}` so the closing `$` is not escaped,
        # and a `$` inside a formula is escaped: neither changes what it shows.
        lines = lines.removesuffix("{}").strip()
        return _ESCAPED_DOLLAR.sub(r"\1$", lines)

    return [(s.kind, canonical(s.content)) for s in split_math(text) if s.is_math]


@settings(max_examples=400)
@given(markdown_with_maths)
def test_same_formulae_and_idempotent(text: str) -> None:
    out = normalize_markdown(text)
    # Every formula survives as the same kind, in order, with the same content; no text
    # becomes maths; only the two normal notations remain; a second pass changes nothing.
    assert _maths(out) == _maths(text)
    assert {(s.opener, s.closer) for s in split_math(out) if s.is_math} <= {("$", "$"), ("$$", "$$")}
    assert normalize_markdown(out) == out


@settings(max_examples=300)
@given(markdown_with_maths)
def test_text_is_never_lost(text: str) -> None:
    # Everything outside the formulae is still there, in order (whitespace and escapes aside).
    def words(t: str) -> str:
        # As a Markdown renderer shows it: an escaped character is that character.
        return re.sub(r"\\(.)", r"\1", "\n".join(s.content for s in split_math(t) if not s.is_math))

    def squeeze(t: str) -> str:
        # Blockquote markers repeated on a new line are structure, not text.
        return "".join(re.sub(r"(?m)^[ \t]*(?:>[ \t]*)*", "", t).split())

    assert squeeze(words(normalize_markdown(text))) == squeeze(words(text))
