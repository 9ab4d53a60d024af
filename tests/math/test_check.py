"""Checking, not only solving: substitute back, compare expressions, find the first bad line."""

from __future__ import annotations

import pytest
import sympy as sp

from zuoye.math import ParseError, WorkingCheck, check_value, check_working, expressions_equal
from zuoye.math._build import Builder
from zuoye.math._check import parse_solver_answer


@pytest.mark.parametrize(
    ("problem", "value", "expected"),
    [
        ("x^2-5x+6=0", "x=3", True),
        ("x^2-5x+6=0", "x=2", True),
        ("x^2-5x+6=0", "x=4", False),
        ("x^2-5x+6=0", "3", True),
        ("解方程 x²−5x+6=0", "x₁=2", True),
        ("2x+3=7", "x = 2", True),
        (r"\frac{2x}{3} - 1 = 3", "6", True),
        ("x+2y=8, 3x-y=3", "x=2, y=3", True),
        ("x+2y=8, 3x-y=3", "x=3, y=2", False),
        ("x+2y=8; 3x-y=3", "(2, 3)", True),
        ("x>4", "5", True),
        ("x>4", "4", False),
        ("x^2-1>0", "x=-2", True),
        ("x^2-1>0", "x=0", False),
        ("-1 < 2x+1 < 5", "x=1", True),
        ("-1 < 2x+1 < 5", "x=2", False),
        ("1/(x-1) = 2/(x+1)", "x=3", True),
        ("(x^2-1)/(x-1) = 0", "x=1", False),  # makes a denominator zero: not a solution
        ("sqrt(x+3) = x+1", "x=-2", False),  # the extraneous root of the squared equation
        ("sqrt(x+3) = x+1", "x=1", True),
        ("x^2/x = 0", "x=0", False),  # SymPy cancels x²/x to x; the question divides by x
        ("sqrt(x-3) = sqrt(1-x)", "x=2", False),  # i = i: both sides are not real numbers
        ("sin(x) = 1/2", "x=pi/6", True),
        ("x^2 = 2", "x=sqrt(2)", True),
        ("x^2 = 2", "x=1.41421356", False),  # close is not equal
    ],
)
def test_check_value(problem: str, value: str, expected: bool) -> None:
    assert check_value(problem, value) is expected


def test_check_value_reports_missing_unknowns() -> None:
    with pytest.raises(ParseError, match="y"):
        check_value("x+y=3", "x=1")
    with pytest.raises(ParseError):
        check_value("", "x=1")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("(x+1)^2", "x^2+2x+1", True),
        ("(x+1)^2", "x^2+1", False),
        ("sin(x)^2+cos(x)^2", "1", True),
        ("sqrt(12)", "2*sqrt(3)", True),
        (r"\frac{5}{6}", "5/6", True),
        ("0.5", "1/2", True),
        ("(x^2-4)/(x+2)", "x-2", True),
        ("e^(2x)", "exp(x)^2", True),
        ("ln(x^2)", "2 ln(x)", False),  # not equal for negative x
        ("sqrt(x^2)", "|x|", True),
        ("2x=4", "x=2", True),
        ("x>4", "4<x", True),
        ("x>4", "x>=4", False),
        ("(x<-1)|(x>1)", "x<-1 或 x>1", True),
        ("x=2", "2", False),
        ("1/3", "0.333", False),
    ],
)
def test_expressions_equal(a: str, b: str, expected: bool) -> None:
    assert expressions_equal(a, b) is expected


@pytest.mark.parametrize(
    ("lines", "bad", "fragment"),
    [
        (["2x+3=7", "2x=4", "x=2"], None, "推导正确"),
        (["2x+3=7", "2x=4", "x=3"], 2, "第 3 行"),
        (["2x+3=7", "2x=10", "x=5"], 1, "第 2 行"),
        (["3(x-1)=6", "3x-1=6", "3x=7", "x=7/3"], 1, "第 2 行"),  # 去括号 forgot to multiply
        (["x^2=2x", "x=2"], 1, "丢了解"),  # divided by x and lost x=0
        (["-2x > 4", "x > -2"], 1, "第 2 行"),  # forgot to flip the sign
        (["-2x > 4", "x < -2"], None, "推导正确"),
        (["1/2+1/3", "=3/6+2/6", "=5/6"], None, "相等"),
        (["1/2+1/3", "=2/5"], 1, "不等于"),
        (["2 + 3 × 4", "= 5 × 4", "= 20"], 1, "第 2 行"),
        (["(x+1)^2 = x^2+2x+1"], None, ""),
        ([" 2x + 3 = 7 ", "", "2x = 4"], None, "推导正确"),
        (["解：2x+3=7", "所以 2x=4", "x=2"], None, "推导正确"),
        (["2x+3=7", "2x=4", "x=2@"], 2, "看不懂"),
        (["解：2x+3=7", "移项得 2x=4", "两边同除以2，得 x=2"], None, "推导正确"),
        (["3(x+1)=12", "去括号，得：3x+3=12", "移项：3x=9", "∴ x=3"], None, "推导正确"),
        (["x^2-5x+6=0", "(x-2)(x-3)=0", "x-2=0 或 x-3=0", "x=2 或 x=3"], None, "推导正确"),
        (["x^2-5x+6=0", "(x-2)(x-3)=0", "x₁=2，x₂=4"], 2, "多出了"),
        (["x^2=4", "x=2"], 1, "丢了解"),
        (["x^2=4", "x=2, x=-2"], None, "推导正确"),
        (["1/2+1/3", "=3/6+2/6", "检验：", "=5/6"], None, "相等"),
        # a check in numbers after the answer is no mistake when it holds, and the mistake when not
        (["3x=6", "x=2", "检验：3×2=6"], None, "推导正确"),
        (["2x+3=7", "x=2", "检验：左边=2×2+3=7=右边"], None, "推导正确"),
        (["3x=6", "x=2", "检验：3×2=7"], 2, "第 3 行"),
    ],
)
def test_check_working(lines: list[str], bad: int | None, fragment: str) -> None:
    result = check_working(lines)
    assert isinstance(result, WorkingCheck)
    assert result.first_bad_line == bad
    assert result.ok is (bad is None)
    assert fragment in result.reason


def test_check_working_rejects_non_lists() -> None:
    with pytest.raises(ParseError):
        check_working("2x=4")  # type: ignore[arg-type]
    with pytest.raises(ParseError):
        check_working([])


def test_the_solvers_own_answers_read_as_sympy_wrote_them() -> None:
    # SymPy writes |x| as Abs(x); read as the reader reads a student, that is A·b·s·x.
    x = sp.Symbol("x", real=True)
    assert parse_solver_answer("Abs(x)+1", Builder()) == [sp.Abs(x) + 1]
    assert parse_solver_answer("Max(1,x)", Builder()) == [sp.Max(1, x)]
    with pytest.raises(ParseError):  # a name the reader does not know is not guessed at
        parse_solver_answer("LambertW(1)", Builder())
