"""Answers as a student must write them: with the question's unit (平方厘米), worked out with the
π the question gives (π取3.14 → 28.26, not 9π), and one 答 at the end."""

from __future__ import annotations

import pytest
import sympy as sp
from typer.testing import CliRunner

from zuoye import math as zmath
from zuoye.cli import _register, app
from zuoye.tutor.maths import format_solution

_register()


@pytest.mark.parametrize(
    ("question", "value", "latex", "unit"),
    [
        ("一个长方形长8厘米，宽5厘米，它的面积是多少平方厘米？", 40, "40", "平方厘米"),
        ("一个长方形长8厘米，宽5厘米，求它的面积。", 40, "40", "平方厘米"),  # not asked: from the lengths
        ("正方形边长4米，周长是多少？", 16, "16", "米"),
        ("一个正方体棱长2分米，求它的体积", 8, "8", "立方分米"),
        ("长方形长8cm，宽5cm，面积是多少？", 40, "40", "cm²"),
        ("正方形边长2.5分米，面积是多少？", sp.Rational("6.25"), "6.25", "平方分米"),
        ("一个圆的半径是3厘米，求它的面积。（π取3.14）", sp.Rational("28.26"), "28.26", "平方厘米"),
        ("求半径为5厘米的圆的面积（π取3.14）", sp.Rational("78.5"), "78.5", "平方厘米"),
        ("圆的半径是2cm，π取3.14，求圆的周长", sp.Rational("12.56"), "12.56", "cm"),
        ("直角三角形两条直角边分别是3厘米和4厘米，求斜边", 5, "5", "厘米"),
    ],
)
def test_the_answer_carries_the_unit_and_the_given_pi(
    question: str, value: sp.Expr, latex: str, unit: str
) -> None:
    sol = zmath.solve(question)
    assert sp.sympify(sol.answer[0]) == value
    assert sol.answer_latex == latex and sol.unit == unit
    assert [s for s in sol.steps if s.startswith("答")] == [sol.steps[-1]]  # one 答, the last step
    assert sol.steps[-1].endswith(f"${latex}$ {unit}。")
    assert sol.to_dict()["unit"] == unit


def test_pi_taken_as_314_is_worked_with_that_number() -> None:
    sol = zmath.solve("一个圆的半径是3厘米，求它的面积。（π取3.14）")
    assert "S = 3.14 \\times 3^{2} = 28.26$（平方厘米）" in sol.steps[1]
    assert not any("\\pi" in step and "9" in step for step in sol.steps)  # never 9π
    assert zmath.solve("π取3.14，计算 2π×3").answer_latex == "18.84"  # a decimal, not 471/25


def test_without_a_value_for_pi_the_answer_stays_exact() -> None:
    sol = zmath.solve("圆的半径是3厘米，面积是多少平方厘米？")
    assert sol.answer == ["9*pi"] and sol.unit == "平方厘米"
    assert sol.steps[-1] == "答：圆的面积是 $9 \\pi$ 平方厘米。"


def test_lengths_in_two_units_are_refused_not_answered_in_one() -> None:
    with pytest.raises(zmath.MathError, match="单位不一致"):
        zmath.solve("长方形长3米，宽50厘米，面积是多少？")


def test_a_unit_conversion_is_not_answered_in_the_wrong_unit() -> None:
    with pytest.raises(zmath.MathError):
        zmath.solve("长方形长8米，宽5米，面积是多少平方厘米？")  # 40 平方米, not 40 平方厘米
    with pytest.raises(zmath.MathError):
        zmath.solve("3米等于多少厘米")


def test_no_unit_where_the_question_has_none() -> None:
    assert zmath.solve("正方形边长4，面积是多少？").unit == ""
    assert zmath.solve("解方程 x^2-5x+6=0").unit == ""


@pytest.mark.parametrize(
    "question", ["一个圆的半径是3厘米，求它的面积。（π取3.14）", "解方程 x^2-5x+6=0", "计算 1/2+1/3"]
)
def test_the_offline_answer_and_zuoye_solve_write_da_once(question: str) -> None:
    sol = zmath.solve(question)
    written = format_solution(sol)
    assert written.count("答") == 1 and written.splitlines()[-1].startswith("答：")
    shown = CliRunner().invoke(app, ["solve", question])
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("答") == 1 and shown.output.splitlines()[-1].startswith("答：")


def test_zuoye_solve_ends_with_the_answer_in_its_unit() -> None:
    shown = CliRunner().invoke(app, ["solve", "一个圆的半径是3厘米，求它的面积。（π取3.14）"])
    assert shown.output.splitlines()[-1] == "答：圆的面积是 28.26 平方厘米。"
