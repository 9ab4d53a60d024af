"""Steps in Chinese that fit the problem type (issue 4, "What it answers"), and well-formed LaTeX."""

from __future__ import annotations

import re

import pytest

from zuoye.math import solve


@pytest.mark.parametrize(
    ("question", "methods"),
    [
        ("解方程 2(x−3) = 4x + 2", ["去括号", "移项", "合并同类项", "系数化为1"]),
        ("解方程：(x+1)/2 = (2x−1)/3", ["去分母", "移项", "合并同类项"]),
        ("解方程 x^2 - 5x + 6 = 0", ["因式分解"]),
        ("解方程 x^2 - 4x + 1 = 0", ["公式法", "\\Delta", "b^{2} - 4ac"]),
        ("解方程 x^2 + x + 1 = 0", ["\\Delta < 0", "没有实数根"]),
        ("解方程 (x-1)^2 = 4", ["直接开平方"]),
        ("解方程 (x^2-1)/(x-1) = 0", ["最简公分母", "检验", "增根"]),
        ("解方程 √(x+3) = x + 1", ["两边平方", "增根"]),
        ("解方程 |x − 2| = 5", ["绝对值"]),
        ("解方程 3^x = 81", ["同底数幂"]),
        ("解方程 log_2 x = 3", ["对数的定义"]),
        ("解方程组 x+2y=8, 3x-y=3", ["代入消元"]),
        ("解方程组 2x+3y=12, 3x+2y=13", ["加减消元"]),
        ("解方程组 x+y+z=6, x-y=1, y+z=5", ["代入"]),
        ("解不等式 −3x + 6 ≥ 0", ["不等号方向改变"]),
        ("解不等式 x^2 − 5x + 6 < 0", ["开口向上", "小于取中间"]),
        ("解不等式组 2x − 1 > 3, x + 1 < 8", ["公共部分"]),
        ("求 y = x^2·sin(x) 的导数", ["乘积的求导法则"]),
        ("求导数：y = (x+1)/(x−1)", ["商的求导法则"]),
        ("f(x)=e^{2x}，求 f'(x)", ["复合函数"]),
        ("求 y = x^3 − 2x + 1 的导数", ["和差的求导法则"]),
        ("计算定积分 ∫_1^2 2x dx", ["原函数", "牛顿—莱布尼茨公式"]),
        ("求不定积分 ∫ cos x dx", ["+ C"]),
        ("lim_{x→3} (x^2-9)/(x-3)", ["\\frac{0}{0}", "约去公因式"]),
        ("求极限 lim_{x→0} (e^x - 1)/x", ["\\frac{0}{0}", "洛必达"]),
        ("求 \\lim_{x \\to \\infty} \\frac{3x+1}{x}", ["\\frac{\\infty}{\\infty}", "最高次幂"]),
        ("lim_{x→3} (2x + 1)", ["直接代入"]),
        ("计算 1/2 + 1/3", ["通分"]),
        ("1.2×5−0.5÷0.25", ["先算乘除"]),
        ("计算 sin 30° + cos 60°", ["特殊角"]),
        ("因式分解 x^2 + 5x + 6", ["十字相乘"]),
        ("分解因式 x² − 9", ["平方差公式"]),
        ("因式分解 2x^2 − 8", ["提取公因式", "平方差公式"]),
        ("因式分解 x^2 − 6x + 9", ["完全平方公式"]),
        ("展开 (x-2)^2", ["完全平方公式", "合并同类项"]),
        ("化简 (x^2-4)/(x+2)", ["因式分解", "约去公因式"]),
        ("化简 2(x + 3) − 3(x − 1)", ["去括号", "合并同类项"]),
        ("求 y = x^2 + 2x + 5 的最小值", ["配方"]),
        ("求 24 和 36 的最大公约数", ["分解质因数"]),
        ("等比数列首项为3，公比为2，求第5项", ["a_{n} = a_{1} q^{n-1}"]),
        ("计算行列式 [[2, 1], [1, 3]]", ["ad - bc"]),
        ("已知 f(x)=x^2-1，求 f(4)", ["代入", "4^{2} - 1"]),
    ],
)
def test_steps_name_the_method(question: str, methods: list[str]) -> None:
    text = "\n".join(solve(question).steps)
    for method in methods:
        assert method in text, f"{question}: no {method!r} in\n{text}"


@pytest.mark.parametrize(
    "question",
    [
        "解方程 x^2-5x+6=0",
        "解方程组 x+2y=8, 3x-y=3",
        "解不等式 x^2-1>0",
        "求 y = x^2·sin(x) 的导数",
        "\\int_0^1 (2x+1) \\, dx",
        "求极限 lim_{x→0} (e^x - 1)/x",
        "计算 (3/5)×(10/9) + 1/3",
        "求数据 1,3,5 的标准差",
        "计算行列式 [[1,2,3],[4,5,6],[7,8,10]]",
    ],
)
def test_steps_are_chinese_with_balanced_inline_latex(question: str) -> None:
    sol = solve(question)
    for step in sol.steps:
        assert re.search("[\u4e00-\u9fff]", step) or step.startswith("$"), step
        assert step.count("$") % 2 == 0, step
        for maths in re.findall(r"\$([^$]*)\$", step):
            assert maths.count("{") == maths.count("}"), maths
            assert maths.count("\\left") == maths.count("\\right"), maths
    assert sol.answer_latex.count("{") == sol.answer_latex.count("}")


def test_answer_forms() -> None:
    assert solve("解方程 x^2-5x+6=0").answer == ["x=2", "x=3"]
    assert solve("解不等式 3x+1 ≤ 10").answer == ["x<=3"]
    assert solve("解不等式 x^2 < 4").answer == ["(x>-2)&(x<2)"]
    assert solve("解不等式 x^2-1>0").answer == ["(x<-1)|(x>1)"]
    assert solve("计算 √12 + √27").answer == ["5*sqrt(3)"]
    assert solve("计算 1/2 + 1/3 + 3/4").answer == ["19/12"]
    assert solve("解方程 x^2 + 1 = 0").answer == []  # no real roots: an empty list, and words
    assert "无实数解" in solve("解方程 x^2 + 1 = 0").answer_latex


def test_no_real_solution_and_all_reals_are_said_in_words() -> None:
    sol = solve("解不等式 x^2 + 1 < 0")
    assert sol.answer == [] and "无解" in sol.steps[-1]
    sol = solve("解不等式 x^2 + 1 > 0")
    assert sol.answer == ["True"] and "mathbb{R}" in sol.answer_latex


def test_systems_with_several_solutions_pair_the_values() -> None:
    sol = solve("解方程组 x^2+y^2=25, x-y=1")
    assert sol.answer == ["Eq(x,-3)&Eq(y,-4)", "Eq(x,4)&Eq(y,3)"]
    assert "y^{2} + y - 12 = 0" in "\n".join(sol.steps)


def test_domains_and_general_solutions() -> None:
    assert solve("解方程 x^2 = 4 (x>0)").answer == ["x=2"]
    assert solve("解方程 sin x = 1/2，x 在 [0, 2π) 内").answer == ["x=pi/6", "x=5*pi/6"]
    general = solve("解方程 sin x = 1/2")
    assert general.answer == ["x=pi/6+2*pi*k", "x=5*pi/6+2*pi*k"]
    assert "2k\\pi" in general.answer_latex and "k \\in \\mathbb{Z}" in general.answer_latex
    assert solve("求 y = x + 1/x (x>0) 的最小值").answer == ["2"]
    assert solve("求函数 y = x^2 - 2x (0 ≤ x ≤ 3) 的最大值").answer == ["3"]
    assert solve("求函数 f(x) = x^2 - 2x + 3 在区间 [0, 3] 上的最大值和最小值").answer == ["6", "2"]
    assert solve("求 f(x)=x^3-3x^2 的极大值").answer == ["0"]
    assert solve("求 f(x)=x^3-3x+1 的最小值").answer == []  # unbounded below: says so


def test_roots_without_radicals_are_given_as_decimals() -> None:
    sol = solve("解方程 x^5 - x + 1 = 0")
    assert sol.answer == ["x=-1.16730397826"]
    assert "近似值" in "\n".join(sol.steps)
