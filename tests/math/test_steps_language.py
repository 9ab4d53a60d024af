"""A solution's worked steps are said in the reader's language: an English reader gets English step
lines, labels and answer sentences (the maths between $…$ unchanged), a Chinese reader exactly
what the solver has always written. Asked the way the tutor asks — through the worker pool, from
a thread or an event loop, with the language set by the request — and end to end through
`zuoye solve` with an English locale."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from zuoye import math as zmath
from zuoye.cli import _register, app
from zuoye.math import tools
from zuoye.messages import Lang, use_language

_CJK = re.compile(
    r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)  # CJK punctuation, ideographs, full-width forms


def _chinese_in(texts: list[str]) -> list[str]:
    return [t for t in texts if _CJK.search(t)]


def _said(sol: zmath.Solution, *, question_read: bool = True) -> list[str]:
    """Everything of a solution a reader sees in words: the steps, the 答 line, and (unless the
    question is read whole, as word problems are) what the computer understood and the figure."""
    steps, conclusion = sol.worked()
    texts = [*steps, conclusion, sol.answer_latex]
    if question_read:
        texts.append(sol.understood)
    if sol.figure is not None:
        texts.append(json.dumps(sol.figure.to_dict(), ensure_ascii=False))
    return texts


# question, whether `understood` is read from the maths (not the question as written), English
# lines that must be among the steps, and today's Chinese steps (which must not change).
CASES = [
    (
        "计算 (1/2+1/3)×6",
        True,
        [
            "First find a common denominator: $= \\left(\\frac{3}{6} + \\frac{2}{6}\\right) \\times 6$",
            "So the result is $5$.",
        ],
        [
            "原式 $= \\left(\\frac{1}{2} + \\frac{1}{3}\\right) \\times 6$",
            "先通分：$= \\left(\\frac{3}{6} + \\frac{2}{6}\\right) \\times 6$",
            "再算括号里的、算加减：$= \\frac{5}{6} \\times 6$",
            "$= 5$",
            "所以结果是 $5$。",
        ],
    ),
    (
        "解方程 3(x+1) = 2x + 8",
        True,
        [
            "Remove the brackets: $3 x + 3 = 2 x + 8$",
            "Move terms: $3 x - 2 x = 8 - 3$",
            "Combine like terms: $x = 5$",
            "So the solution is $x = 5$.",
        ],
        [
            "原方程：$3 \\left(x + 1\\right) = 2 x + 8$",
            "去括号：$3 x + 3 = 2 x + 8$",
            "移项：$3 x - 2 x = 8 - 3$",
            "合并同类项：$x = 5$",
            "所以原方程的解为 $x = 5$。",
        ],
    ),
    (
        "解方程 2x^2-3x-1=0",
        True,
        ["Quadratic formula: here $a = 2$, $b = -3$, $c = -1$"],
        [
            "原方程：$2 x^{2} - 3 x - 1 = 0$",
            "公式法：这里 $a = 2$，$b = -3$，$c = -1$",
            "$\\Delta = b^{2} - 4ac = (-3)^{2} - 4 \\times 2 \\times (-1) = 17$",
            "$\\Delta > 0$，$x = \\frac{-b \\pm \\sqrt{\\Delta}}{2a} = \\frac{3 \\pm \\sqrt{17}}{4}"
            " = \\frac{3}{4} \\pm \\frac{\\sqrt{17}}{4}$",
            "所以原方程的解为 $x_{1} = \\frac{3}{4} - \\frac{\\sqrt{17}}{4},\\quad "
            "x_{2} = \\frac{3}{4} + \\frac{\\sqrt{17}}{4}$。",
        ],
    ),
    (
        "解不等式 3x + 1 ≤ 10",
        True,
        [
            "Move terms: $3 x \\leq 10 - 1$",
            "Make the coefficient 1 (divide both sides by $3$): $x \\leq 3$",
            "So the solution set is $x \\leq 3$, that is $\\left(-\\infty, 3\\right]$.",
        ],
        [
            "原不等式：$3 x + 1 \\leq 10$",
            "移项：$3 x \\leq 10 - 1$",
            "合并同类项：$3 x \\leq 9$",
            "系数化为1（两边同除以 $3$）：$x \\leq 3$",
            "所以解集为 $x \\leq 3$，即 $\\left(-\\infty, 3\\right]$。",
        ],
    ),
    (
        "求 y=x^2 sin x 的导数",
        True,
        [
            "By the product rule $(uv)' = u'v + uv'$, with $u = x^{2}$, $v = \\sin x$, $u' = 2 x$, "
            "$v' = \\cos x$:",
            "So $y' = x^{2} \\cos x + 2 x \\sin x$",
        ],
        [
            "$y = x^{2} \\sin x$",
            "根据乘积的求导法则 $(uv)' = u'v + uv'$，其中 $u = x^{2}$，$v = \\sin x$，$u' = 2 x$，$v' = \\cos x$，",
            "$y' = 2 x \\cdot \\sin x + x^{2} \\cdot \\cos x$",
            "所以 $y' = x^{2} \\cos x + 2 x \\sin x$",
        ],
    ),
    (
        "一个数的2倍减去3等于11，求这个数",
        False,
        ["Let the number be $x$.", "Solving gives $x = 7$", "Answer: the number is $7$."],
        ["设这个数为 $x$，", "根据题意列方程：$2 x - 3 = 11$", "解得 $x = 7$", "答：这个数是 $7$。"],
    ),
    (
        "长方形的长是8cm，宽是5cm，面积是多少？",
        False,
        [
            "The formula for the area of a rectangle: $S = ab$",
            "Answer: the area of the rectangle is $40$ cm².",
        ],
        [
            "长方形的面积公式：$S = ab$",
            "代入 $a = 8$，$b = 5$：$S = 8 \\times 5 = 40$（cm²）",
            "答：长方形的面积是 $40$ cm²。",
        ],
    ),
    (
        "30 是 120 的百分之几？",
        False,
        [
            "To find what percentage one number is of another, divide: $30 \\div 120 = \\frac{1}{4}$",
            "As a percentage: $25\\%$",
            "Answer: $25\\%$.",
        ],
        [
            "求一个数是另一个数的百分之几，用除法：$30 \\div 120 = \\frac{1}{4}$",
            "化成百分数：$25\\%$",
            "答：是 $25\\%$。",
        ],
    ),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize(("question", "read", "english", "chinese"), CASES, ids=IDS)
def test_english_steps_for_an_english_reader_and_todays_for_a_chinese_one(
    question: str, read: bool, english: list[str], chinese: list[str]
) -> None:
    with use_language("en"):
        en = zmath.solve(question)
        said = _said(en, question_read=read)  # the 答 line is written where the solution is shown
    with use_language("zh"):
        zh = zmath.solve(question)
    assert _chinese_in(said) == []
    assert [line for line in english if line not in en.steps] == []
    assert zh.steps == chinese
    assert len(en.steps) == len(zh.steps) and en.answer == zh.answer  # the same working, in other words


def test_the_answer_line_and_what_was_understood_follow_the_reader() -> None:
    with use_language("en"):
        en = zmath.solve("解方程 x^2-5x+6=0")
        en_worked = en.worked()
    with use_language("zh"):
        zh = zmath.solve("解方程 x^2-5x+6=0")
        zh_worked = zh.worked()
    assert en_worked[1] == "Answer: $x_{1} = 2,\\quad x_{2} = 3$"
    assert zh_worked[1] == "答：$x_{1} = 2,\\quad x_{2} = 3$"
    assert en.understood == "Solve the equation $x^{2} - 5 x + 6 = 0$"
    assert zh.understood == "解方程 $x^{2} - 5 x + 6 = 0$"
    assert en.steps[1:3] == [
        "Factor: $\\left(x - 2\\right)\\left(x - 3\\right) = 0$",
        "So $x - 2 = 0$ or $x - 3 = 0$",
    ]
    assert en.figure is not None and zh.figure is not None
    assert en.figure.title.startswith("Where the graph of $y = x^{2} - 5 x + 6$ meets the $x$-axis")
    assert zh.figure.title.startswith("函数 $y = x^{2} - 5 x + 6$ 的图像与 $x$ 轴的交点")
    assert {p.caption for p in en.figure.points} >= {"root"} and {p.caption for p in zh.figure.points} >= {
        "根"
    }


def test_an_inequalitys_answer_joins_its_pieces_in_the_readers_words() -> None:
    with use_language("en"):
        en = zmath.solve("解不等式 x^2-3x-4>0")
    with use_language("zh"):
        zh = zmath.solve("解不等式 x^2-3x-4>0")
    assert en.answer == zh.answer  # what a checker compares is the same for everyone
    assert en.answer_latex == "x < -1 \\text{ or } x > 4" and zh.answer_latex == "x < -1 \\text{ 或 } x > 4"
    assert "The parabola $y = x^{2} - 3 x - 4$ opens upwards: it is above zero outside the roots." in en.steps
    assert zmath.check_value("解不等式 x^2-3x-4>0", "x=5")


def test_the_tutors_way_readers_of_two_languages_at_once_through_the_pool() -> None:
    # The tutor solves with solve_async inside a request whose language the middleware set;
    # several requests share the worker pool at once.
    async def request(lang: Lang, question: str) -> list[str]:
        with use_language(lang):
            sol = await zmath.solve_async(question, figure=False)
        return sol.steps

    async def both() -> list[list[str]]:
        asked = [("en", "解方程 3(x+1) = 2x + 8"), ("zh", "解方程 3(x+1) = 2x + 8")] * 3
        return list(await asyncio.gather(*(request(lang, q) for lang, q in asked)))  # type: ignore[arg-type]

    said = asyncio.run(both())
    assert all(s == said[0] for s in said[0::2]) and all(s == said[1] for s in said[1::2])
    assert _chinese_in(said[0]) == [] and "Move terms: $3 x - 2 x = 8 - 3$" in said[0]
    assert "移项：$3 x - 2 x = 8 - 3$" in said[1]


def test_the_models_solver_tool_answers_in_the_readers_language() -> None:
    with use_language("en"):
        en = json.loads(tools.dispatch("solve_math_problem", json.dumps({"question": "解方程 2x+3=7"})))
    with use_language("zh"):
        zh = json.loads(tools.dispatch("solve_math_problem", json.dumps({"question": "解方程 2x+3=7"})))
    assert en["answer"] == zh["answer"] == ["x=2"]
    assert _chinese_in(en["steps"]) == [] and "Move terms: $2 x = 7 - 3$" in en["steps"]
    assert "移项：$2 x = 7 - 3$" in zh["steps"]


def test_zuoye_solve_json_in_an_english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    _register()
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = CliRunner().invoke(app, ["solve", "--json", "求 y=x^2 sin x 的导数"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert _chinese_in(data["steps"]) == [] and data["steps"][-1] == "So $y' = x^{2} \\cos x + 2 x \\sin x$"


def test_zuoye_solve_end_to_end_speaks_english_under_an_english_locale() -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("ZUOYE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")
    }
    run = [sys.executable, "-c", "from zuoye.cli import main; main()", "solve", "解方程 3(x+1) = 2x + 8"]
    english = subprocess.run(
        run, capture_output=True, text=True, timeout=120, env={**env, "LANG": "en_US.UTF-8"}
    )
    chinese = subprocess.run(
        run, capture_output=True, text=True, timeout=120, env={**env, "LANG": "zh_CN.UTF-8"}
    )
    assert english.returncode == 0 and chinese.returncode == 0, english.stderr + chinese.stderr
    out = english.stdout
    assert "What the computer understood: Solve the equation 3(x + 1) = 2x + 8" in out
    assert "Move terms: 3x − 2x = 8 − 3" in out and "Combine like terms: x = 5" in out
    assert "Answer: x = 5" in out
    # Only the question itself, as typed, is in Chinese (the panel's title).
    assert [line for line in out.splitlines() if _CJK.search(line.replace("解方程", ""))] == []
    assert "移项：3x − 2x = 8 − 3" in chinese.stdout and "答：x = 5" in chinese.stdout


def test_units_of_measure_in_the_readers_writing() -> None:
    area, price = "一个三角形底是10厘米，高是6厘米，面积是多少？", "原价 200 元，涨价 15% 后是多少元？"
    with use_language("en"):
        en_area, en_price = zmath.solve(area), zmath.solve(price)
        said = [*_said(en_area, question_read=False), *_said(en_price, question_read=False)]
    with use_language("zh"):
        zh_area, zh_price = zmath.solve(area), zmath.solve(price)
    assert _chinese_in(said) == []
    assert (en_area.unit, en_area.steps[-1]) == ("cm²", "Answer: the area of the triangle is $30$ cm².")
    assert (zh_area.unit, zh_area.steps[-1]) == ("平方厘米", "答：三角形的面积是 $30$ 平方厘米。")
    assert (en_price.unit, en_price.steps[-1]) == ("yuan", "Answer: $230$ yuan.")
    assert (zh_price.unit, zh_price.steps[-1]) == ("元", "答：是 $230$ 元。")
    assert en_area.answer == zh_area.answer == ["30"]
