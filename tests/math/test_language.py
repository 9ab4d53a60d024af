"""The solver speaks the caller's language: each call takes `zuoye.messages.language()` into the
worker process with it, so refusals, verdicts, working checks and a solution's worked steps come
back in the reader's language only — while the answer itself is the same whoever asked."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from zuoye import math as zmath
from zuoye.math import tools
from zuoye.messages import Lang, use_language


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _refusal(question: str) -> str:
    with pytest.raises(zmath.MathError) as info:
        zmath.solve(question)
    return info.value.message


def test_a_refusal_comes_back_in_the_callers_language() -> None:
    with use_language("en"):
        en = _refusal("解方程 x2+1=5")
        budget = _refusal("计算 2^(10^9)")
    with use_language("zh"):
        zh = _refusal("解方程 x2+1=5")
    assert en.startswith("Part of the question was not understood (“x2” can be read more than one way")
    assert not _has_chinese(en) and not _has_chinese(budget) and "budget" in budget
    assert zh.startswith("题目中有计算机看不懂的部分：“x2”有不止一种读法")
    assert " / " not in en + zh + budget


def test_verdicts_and_working_checks_in_the_callers_language() -> None:
    solution = zmath.solve("解方程 x^2-5x+6=0")
    with use_language("en"):
        wrong = zmath.compare_reply(solution, "所以 x=1 或 x=6。")
        right = zmath.compare_reply(solution, "所以 x=2 或 x=3。")
        working = zmath.check_working(["x^2-5x+6=0", "(x-2)(x-4)=0"])
        empty = zmath.compare_reply(solution, " ")
    assert (wrong.status, right.status) == ("disagree", "agree")
    assert wrong.detail == "The values of x differ: the computer found 2, 3."
    assert right.detail == "The same solutions." and empty.detail == "The reply is empty."
    assert working.first_bad_line == 1 and working.reason.startswith(
        "Line 2 does not have the same solutions"
    )
    with use_language("zh"):
        assert zmath.compare_reply(solution, "所以 x=1 或 x=6。").detail == "x 的值不同：计算机求得 2, 3。"
        assert zmath.check_working(["x^2-5x+6=0", "(x-2)(x-4)=0"]).reason.startswith("第 2 行与第 1 行不同解")


def test_readers_of_two_languages_at_once_each_get_their_own() -> None:
    def refuse(lang: Lang) -> str:
        with use_language(lang):
            return _refusal("计算 3 @ 4")

    with ThreadPoolExecutor(4) as pool:
        said = list(pool.map(refuse, ["en", "zh"] * 4))
    assert said[0::2] == ["Unexpected character '@' at position 2."] * 4
    assert said[1::2] == ["无法识别的字符 “@”（位置 2）。"] * 4


def test_solve_async_takes_the_requests_language_into_its_thread() -> None:
    # A web request sets the language in its context; solve_async's thread carries it on.
    async def request(lang: Lang) -> str:
        with use_language(lang):
            try:
                await zmath.solve_async("1/0")
            except zmath.MathError as exc:
                return exc.message
        return ""

    async def both() -> list[str]:
        return list(await asyncio.gather(request("en"), request("zh")))

    assert asyncio.run(both()) == ["Division by zero.", "除数不能为 0。"]


def test_a_solutions_answer_does_not_depend_on_who_asked_only_its_words_do() -> None:
    with use_language("en"):
        en = zmath.solve("解方程 x^2-5x+6=0")
    with use_language("zh"):
        zh = zmath.solve("解方程 x^2-5x+6=0")
    same = ("answer", "answer_latex", "kind", "form", "approx", "variables", "reading", "unit")
    assert {k: en.to_dict()[k] for k in same} == {k: zh.to_dict()[k] for k in same}
    assert en.figure is not None and zh.figure is not None  # drawn alike, its words in each reader's
    assert [(p.x, p.y, p.latex) for p in en.figure.points] == [(p.x, p.y, p.latex) for p in zh.figure.points]
    assert en.figure.title != zh.figure.title
    assert json.dumps(en.to_dict()["answer"]) == json.dumps(zh.to_dict()["answer"])
    assert en.steps != zh.steps and len(en.steps) == len(zh.steps)
    assert not any(_has_chinese(s) for s in en.steps) and all(_has_chinese(s) for s in zh.steps)


def test_tool_errors_for_the_model_in_the_readers_language() -> None:
    with use_language("en"):
        unknown = json.loads(tools.dispatch("no_such_tool", "{}"))["error"]
        bad = json.loads(tools.dispatch("solve_math_problem", "{not json"))["error"]
    assert unknown.startswith("There is no tool named 'no_such_tool'")
    assert bad.startswith("The arguments are not valid JSON")
    with use_language("zh"):
        assert json.loads(tools.dispatch("no_such_tool", "{}"))["error"].startswith(
            "没有名为 “no_such_tool” 的工具"
        )
