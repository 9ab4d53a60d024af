"""solving_steps: which maths in a sentence moves the question toward its answer, and which of it
is one operation from the answer (what a hint may not write)."""

from __future__ import annotations

import pytest

from zuoye import math as zmath

SYSTEM = "解方程组 x+y=5, x-y=1"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # linear: the question restated is no step; 7 - 3 is the first step; 2x = 4 is one step from x = 2
        ("解方程 2x+3=7", "原方程 $2x + 3 = 7$。", []),
        ("解方程 2x+3=7", "移项得 $2x = 7 - 3$，", [("2x = 7 - 3", False)]),
        ("解方程 2x+3=7", "合并同类项得 $2x = 4$。", [("2x = 4", True)]),
        ("解方程 2x+3=7", "两边同时减去 3：2x+3-3=7-3", [("2x+3-3=7-3", False)]),
        ("解方程 2x+3=7", "先把含x的项移到一边，你会得到什么？", []),
        ("解方程 2x+3=7", "比如 $x + 1 = 5$ 就要先移项。", []),  # maths the answer does not satisfy
        # quadratic: a product of linear factors against 0 is one step from the roots
        ("解方程 x^2-5x+6=0", r"可以写成 $\left(x-2\right)\left(x-3\right)=0$。", [("(x-2)(x-3)=0", True)]),
        ("解方程 x^2-5x+6=0", "所以 $x-2=0$ 或 $x-3=0$", [("x-2=0", True), ("x-3=0", True)]),
        ("解方程 x^2-5x=-6", "整理成 $x^2-5x+6=0$。", [("x^2-5x+6=0", False)]),
        # a system: an equation in both unknowns is a step, never near; one in x alone may be
        (SYSTEM, "由①得 $y = 5 - x$ ③", [("y = 5 - x", False)]),
        (SYSTEM, "代入②得 $x - (5 - x) = 1$，即 $2x = 6$", [("x - (5 - x) = 1", False), ("2x = 6", True)]),
        (SYSTEM, r"$\begin{cases} x + y = 5 \\ x - y = 1 \end{cases}$", []),
        # fraction arithmetic: a value equal to the answer that is not the question itself
        ("计算 1/2+1/3", r"$\frac{1}{2}+\frac{1}{3}$", []),
        ("计算 1/2+1/3", r"通分：$\frac{1}{2}=\frac{3}{6}$", []),
        ("计算 1/2+1/3", r"$\frac12+\frac13=\frac{3}{6}+\frac{2}{6}$", [(r"\frac{3}{6}+\frac{2}{6}", True)]),
        (
            "计算 1/2+1/3+1/4",
            r"$=\frac{6}{12}+\frac{4}{12}+\frac{3}{12}$",
            [(r"\frac{6}{12}+\frac{4}{12}+\frac{3}{12}", False)],
        ),
        # an inequality: the same solution set
        ("解不等式 2x+3>7", "移项得 $2x > 7 - 3$", [("2x > 7 - 3", False)]),
        ("解不等式 2x+3>7", "即 $2x > 4$", [("2x > 4", True)]),
    ],
)
def test_steps_toward_the_answer(question: str, sentence: str, expected: list[tuple[str, bool]]) -> None:
    sol = zmath.solve(question)
    steps = zmath.solving_steps(sol, sentence)
    assert [(s.maths, s.near) for s in steps] == expected
    for step in steps:  # the span holds the piece, so the guard can cut there
        assert sentence[step.start : step.end].strip("$")


def test_maths_it_cannot_read_is_no_step() -> None:
    sol = zmath.solve("解方程 2x+3=7")
    assert zmath.solving_steps(sol, "所以 $2x = \\foo{7}$，$)(=$") == []
    assert zmath.solving_steps(sol, "") == []


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # a root given one at a time (x₁ = 2；) is still the answer
        ("解方程 x^2-5x+6=0", "所以 $x_{1}=2$；", [("x_{1}=2", True, True)]),
        ("解方程 x^2-5x+6=0", "- $x_2=3$", [("x_2=3", True, True)]),
        # plain text with \text{或} between the pieces
        ("解方程 |2x|=6", r"2x=6\text{ 或 }2x=-6", [("2x=6", True, False), ("2x=-6", True, False)]),
        # the question again in another notation is not a step; a step brings in numbers of its own
        ("计算 2又1/2 - 1又1/4", r"$2\frac{1}{2} - 1\frac{1}{4}$ 怎么算？", []),
        # a/b is a number: 5/2 - 5/4 is one operation from 5/4
        ("计算 2又1/2 - 1又1/4", "可得 5/2-5/4", [("5/2-5/4", True, False)]),
    ],
)
def test_the_answer_and_near_steps_however_written(
    question: str, sentence: str, expected: list[tuple[str, bool, bool]]
) -> None:
    steps = zmath.solving_steps(zmath.solve(question), sentence)
    assert [(s.maths.strip(), s.near, s.answer) for s in steps] == expected
