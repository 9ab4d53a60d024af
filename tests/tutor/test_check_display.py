"""Issue 11: every check shows what the computer understood, and a disagreement never tells the
student to trust the computer over an answer it may have misread."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tutor.conftest import collect, finished
from tests.tutor.fakes import ScriptedModel
from zuoye import math as zmath
from zuoye.tutor import maths
from zuoye.tutor.events import Notice
from zuoye.tutor.tutor import NotConfigured

pytestmark = pytest.mark.anyio

# The two ways of writing the double root models use; both restate the question first.
DOUBLE_ROOT = "原方程：$x^2-4x+4=0$，即 $(x-2)^2=0$。\n答：$x_1=x_2=2$。"
MISREAD = "我们要解方程 $x^2+4x+4=0$。\n配方得 $(x+2)^2=0$。\n答：$x_1=x_2=-2$。"
SAME_READING_WRONG_WORK = "原方程：$x^2-5x+6=0$。\n因式分解得 $(x-1)(x-6)=0$。\n答：$x_1=1$，$x_2=6$。"


def _check_notices(events: list[Any]) -> list[str]:
    return [e.text for e in events if isinstance(e, Notice) and e.kind == "check"]


async def test_the_words_a_student_types_are_checked_as_the_question_they_wrote(make_tutor: Any) -> None:
    # Issue 11: this was solved as -4x+4=0, the right answer was argued down, at three times the cost.
    model = ScriptedModel([DOUBLE_ROOT])
    events = await collect(make_tutor(model), "x的平方-4x+4=0")
    result = finished(events).result
    assert [c["status"] for c in result.checks] == ["agree"]
    [notice] = _check_notices(events)
    assert notice.startswith("已验算")
    assert "计算机理解的题目：解方程 $x^{2} - 4 x + 4 = 0$" in notice
    assert result.checks[0]["understood"] == "解方程 $x^{2} - 4 x + 4 = 0$"
    assert len(model.calls) == 1


async def test_a_different_reading_asks_the_student_and_does_not_pay_for_reasks(make_tutor: Any) -> None:
    model = ScriptedModel([MISREAD, MISREAD, MISREAD])
    events = await collect(make_tutor(model), "解方程 x^2-4x+4=0")
    result = finished(events).result
    assert len(model.calls) == 1  # no re-ask: asking again cannot tell who misread the question
    [check] = result.checks
    assert (check["status"], check["reading"], check["model_reading"]) == (
        "disagree",
        "different",
        "x^2+4x+4=0",
    )
    [notice] = _check_notices(events)
    assert "理解不同" in notice and "x^2+4x+4=0" in notice and "x^{2} - 4 x + 4 = 0" in notice
    assert "哪一个" in notice
    assert "为准" not in notice


async def test_a_disagreement_on_the_same_reading_is_reasked_and_never_says_trust_the_computer(
    make_tutor: Any,
) -> None:
    model = ScriptedModel([SAME_READING_WRONG_WORK] * 3)
    events = await collect(make_tutor(model), "解方程 x^2-5x+6=0")
    result = finished(events).result
    assert [c["reading"] for c in result.checks] == ["same"] * 3
    assert len(model.calls) == 3
    notice = _check_notices(events)[-1]
    assert notice.startswith("不一致") and "计算机理解的题目：解方程 $x^{2} - 5 x + 6 = 0$" in notice
    assert "为准" not in notice and "读错" in notice


async def test_an_offline_answer_records_what_the_computer_understood(make_tutor: Any) -> None:
    result = finished(await collect(make_tutor(None), "3/4的倒数")).result
    understood = result.checks[0]["understood"]
    assert understood == "计算 $\\frac{1}{\\frac{3}{4}}$"
    assert result.answer.startswith(f"计算机理解的题目：{understood}\n")
    assert "答：$\\frac{4}{3}$" in result.answer


def test_no_restatement_is_no_claim_about_the_reading() -> None:
    sol = zmath.solve("解方程 x^2-5x+6=0")
    # "因式分解得 …" is working, not the question restated: nothing is said about the reading.
    assert maths.compare_reading(sol, "解：因式分解得 $(x-1)(x-6)=0$。\n答：$x=1$ 或 $x=6$。") == (
        "unknown",
        None,
    )
    check = {"status": "disagree", "reading": "unknown"}
    text = maths.check_notice(check, sol)
    assert "为准" not in text and "计算机理解的题目" in text


def test_pleas_around_a_question_are_dropped_but_conditions_are_not() -> None:
    assert maths.solve_or_none("解方程 x^2=4 我很着急，直接告诉我答案") is not None
    # 只要正根 changes the question: without it the solver would answer another one, so it refuses.
    assert maths.solve_or_none("解方程 x^2=4，只要正根") is None
    # English words between two pieces of maths are not dropped ("x squared minus 4x" is not x·4x).
    assert maths.solve_or_none("x squared minus 4x plus 4 = 0") is None


async def test_offline_a_declined_question_says_which_part_was_not_understood(make_tutor: Any) -> None:
    with pytest.raises(NotConfigured) as info:
        await collect(make_tutor(None), "2x的平方=8")
    message = str(info.value)
    assert message.startswith("未配置") and "QIANFAN_BEARER_TOKEN" in message
    assert "“2x的平方”有不止一种读法" in message


def test_brackets_written_with_left_and_right_are_not_relations() -> None:
    sol = zmath.solve("计算 (1+2)×3")
    reply = "原式 $= \\left(1+2\\right) \\times 3 = 10$。"
    # \left is not \le: the span is an expression compared as one, not a restated relation.
    assert maths.compare_reading(sol, "计算 $\\left(1+2\\right) \\times 3$，得 10。") == (
        "same",
        "\\left(1+2\\right) \\times 3",
    )
    assert maths.compare_reading(sol, reply)[0] in ("same", "unknown")


def test_a_task_word_in_front_is_never_dropped_with_the_pleas() -> None:
    # 求导 must stay: without it "sin x" would be answered as an expression, not differentiated.
    sol = maths.solve_or_none("求导 sin x 快点")
    assert sol is not None and sol.kind == "derivative"
