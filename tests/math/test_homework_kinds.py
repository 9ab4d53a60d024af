"""Issue 11's "common homework the solver gets wrong": each kind is solved with classroom steps, or
refused in Chinese without SymPy's own words. Written for this suite, graded independently."""

from __future__ import annotations

import pytest

from tests.math.grader import grade
from zuoye.math import MathError, solve

SOLVED = [
    # mixed numbers, LaTeX and Unicode
    (r"计算 3\frac{1}{2} + 1\frac{1}{4}", ["19/4"]),
    ("计算 2½ × 2", ["5"]),
    (r"计算 2\frac{x}{3}，其中 x=3", ["2"]),  # letters: a product, not a mixed number
    # 先化简，再求值: the answer is the value
    ("先化简，再求值：(x+1)^2-x(x+2)，其中 x=3", ["1"]),
    ("先化简，再求值：(a+b)(a-b)+b(b-2)，其中 a=2，b=1/2", ["3"]),
    ("先化简再求值 (x^2-1)/(x+1)，其中 x=√2", ["sqrt(2)-1"]),
    # a fraction cancelling a factor in two letters
    ("化简 (a^2-b^2)/(ab+b^2)", ["(a-b)/b"]),
    ("化简 (x^2-y^2)/(x-y)", ["x+y"]),
    # trigonometric equations on an interval, however the interval is written
    ("解方程 cos x = 1/2, x∈[0, 2π)", ["x=pi/3", "x=5*pi/3"]),
    (r"解方程 \sin 2x = \frac{1}{2}, x \in [0, 2\pi)", ["x=pi/12", "x=5*pi/12", "x=13*pi/12", "x=17*pi/12"]),
    ("解方程 sin x = 1/2，0≤x<2π", ["x=pi/6", "x=5*pi/6"]),
    ("解方程 tan x = 1, x∈(-π, π)", ["x=-3*pi/4", "x=pi/4"]),
    ("解方程 sin x = 1/2，在 [-2π, 2π] 上", ["x=-11*pi/6", "x=-7*pi/6", "x=pi/6", "x=5*pi/6"]),
    ("解方程 x^2 = 4, x > 0", ["x=2"]),
    # words for powers and roots
    ("根号16+根号9", ["7"]),
    ("2的3次方", ["8"]),
    ("计算 2的平方+3的平方", ["13"]),
]


@pytest.mark.parametrize(("question", "expected"), SOLVED, ids=[q for q, _ in SOLVED])
def test_solved_with_steps(question: str, expected: list[str]) -> None:
    sol = solve(question)
    assert grade(expected, sol.answer), f"{question!r}: got {sol.answer}, want {expected}"
    assert sol.steps and sol.understood


def test_an_interval_is_part_of_what_was_understood() -> None:
    assert solve("解方程 cos x = 1/2, x∈[0, 2π)").understood == (
        "解方程 $\\cos x = \\frac{1}{2}$，$0 \\leq x < 2 \\pi$"
    )


def test_simplify_then_evaluate_shows_the_simplified_form_first() -> None:
    sol = solve("先化简，再求值：(a+b)(a-b)+b(b-2)，其中 a=2，b=1/2")
    assert sol.kind == "simplify_evaluate"
    assert any("化简结果为 $a^{2} - 2 b$" in s for s in sol.steps)
    assert sol.steps[-1] == "所以原式的值为 $3$。"


def test_a_cancelled_two_letter_factor_is_a_condition_not_a_crash() -> None:
    sol = solve("化简 (a^2-b^2)/(ab+b^2)")
    assert "（其中 $a + b \\neq 0$）" in sol.steps


REFUSED_IN_CHINESE = [
    "16的平方根",  # ±4: two numbers
    "计算 ∠A+∠B",
]


@pytest.mark.parametrize("question", REFUSED_IN_CHINESE)
def test_refused_in_chinese_without_sympy_text(question: str) -> None:
    with pytest.raises(MathError) as info:
        solve(question)
    message = info.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.split(" / ")[0])
    for internal in ("ConditionSet", "ImageSet", "Traceback", "ValueError", "Eq(", "Reals"):
        assert internal not in message
