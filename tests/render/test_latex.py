from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zuoye.render import latex_to_unicode
from zuoye.render._latex import convert

CORPUS = json.loads((Path(__file__).parent / "corpus" / "latex.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[c["latex"] for c in CORPUS])
def test_corpus(case: dict) -> None:
    assert latex_to_unicode(case["latex"], display=case.get("display", False)) == case["expected"]


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\frac{a}{b}", "a/b"),
        (r"\frac{x+1}{x-1}", "(x+1)/(x−1)"),  # the minus sign, U+2212
        (r"\sqrt{x}", "√x"),
        (r"\sqrt{x+1}", "√(x+1)"),
        (r"x^2", "x²"),
        (r"x_1", "x₁"),
        (r"a \cdot b", "a · b"),
        (r"3 \times 4 \div 2", "3 × 4 ÷ 2"),
        (r"a \le b \ge c \ne d", "a ≤ b ≥ c ≠ d"),
        (r"\pm \infty \pi", "±∞π"),
        (r"\alpha+\beta=\gamma", "α+β=γ"),
        (r"\left( x \right)", "(x)"),
        (r"\text{面积}", "面积"),
        (r"\mathrm{kg}", "kg"),
        (r"\boxed{42}", "【42】"),
        (r"\int_a^b f(x)\,dx", "∫ₐᵇ f(x) dx"),
        (r"\sum_{k=1}^{n} k", "∑ₖ₌₁ⁿ k"),
        (r"\lim_{x\to0} x", "lim(x→0) x"),
        (r"\sin x", "sin x"),
        (r"\cos(2x)", "cos(2x)"),
    ],
)
def test_brief_examples(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_cases_inline_and_display() -> None:
    src = r"\begin{cases} 2x+y=5 \\ x-y=1 \end{cases}"
    assert latex_to_unicode(src) == "{2x+y=5; x−y=1}"
    assert latex_to_unicode(src, display=True) == "⎧ 2x+y=5\n⎩ x−y=1"


def test_unknown_commands_keep_their_content() -> None:
    assert latex_to_unicode(r"\weird{a}{b} + 1") == r"\weird{a}{b} + 1"
    assert latex_to_unicode(r"\mathscr{L}") == "L"


def test_pathological_nesting_shows_the_source() -> None:
    deep = "{" * 5000 + "x" + "}" * 5000
    assert latex_to_unicode(deep) == deep


LATEX_TOKENS = [
    "\\frac", "\\sqrt", "\\left(", "\\right)", "\\left", "\\right", "\\begin{cases}", "\\end{cases}", "\\begin",
    "\\end", "{", "}", "^", "_", "&", "\\\\", "\\", "[", "]", "x", "2", "+", "=", " ", "\\text{解 }", "\\boxed",
    "\\lim", "\\sum", "\\int", "\\not", "\\over", "\\mathbb", "\\overline", "\\xrightarrow", "\\pmod", "'",
    "\\begin{pmatrix}", "\\end{pmatrix}", "\\unknown", "\\,", "\\{", "\\}", "\\circ", "\\operatorname",
]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(LATEX_TOKENS), max_size=30).map("".join), st.booleans())
def test_never_raises(latex: str, display: bool) -> None:
    # `convert` has no safety net: any exception here is a real bug.
    out = convert(latex, display=display)
    assert isinstance(out, str)
    if not display:
        assert "\n" not in out


SIMPLE = st.lists(
    st.sampled_from(["x", "y", "2", "13", "+", "-", "=", "{", "}", "^", "_", "a", "n"]), max_size=20
).map("".join)


@given(SIMPLE)
def test_never_loses_content(latex: str) -> None:
    # Letters and digits survive, possibly as super/subscripts (NFKC folds ² back to 2); a
    # subscript is written before a superscript whatever the source order, hence sorted().
    def core(s: str) -> str:
        folded = unicodedata.normalize("NFKC", s).replace("\u2212", "-")  # ⁻ folds to U+2212
        return re.sub(r"[^0-9a-z+=-]", "", folded)

    assert sorted(core(latex_to_unicode(latex))) == sorted(core(latex))


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        # SymPy's and many models' spacing: TeX ignores typed spaces, so 2 x is 2x.
        (r"2 x^{2} - 5 x + 3 = 0", "2x² − 5x + 3 = 0"),
        (r"\left(x - 1\right)\left(2 x - 3\right) = 0", "(x − 1)(2x − 3) = 0"),
        (r"2x^2-5x+3=0", "2x²−5x+3=0"),  # written tight, kept tight
        # A sign is not an operation: no space after it.
        (r"x = -2", "x = −2"),
        (r"x = - 2", "x = −2"),
        (r"(-1)^{n}", "(−1)ⁿ"),
        (r"x^{-1}", "x⁻¹"),
        # Spacing that means something stays.
        (r"\{x | x > 0\}", "{x | x > 0}"),
        (r"\int_a^b f(x)\,dx", "∫ₐᵇ f(x) dx"),
        (r"2 \sin x", "2 sin x"),
    ],
)
def test_typed_spaces_and_signs_read_as_tex_prints_them(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected
