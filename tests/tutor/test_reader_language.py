"""What the tutor itself writes to a reader — the help ceiling's notice, the offline hint, the
offline 批改, practice headings, progress and safety notices, the check labels — is in the reader's
language: English with no Chinese in it for an English reader, and for a Chinese reader the exact
words it has always had."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from tests.tutor.conftest import collect, finished
from tests.tutor.fakes import ScriptedModel
from zuoye.messages import use_language
from zuoye.tutor.events import Notice
from zuoye.tutor.maths import format_review
from zuoye.tutor.sheet import SheetItem, render_sheet
from zuoye.tutor.tutor import Tutor

pytestmark = pytest.mark.anyio

CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
RIGHT = "解：因式分解得 $(x-2)(x-3)=0$。\n所以 $x_1=2$，$x_2=3$。\n答：方程的解为 $x_1=2, x_2=3$。"
WRONG = "解：因式分解得 $(x-1)(x-6)=0$。\n答：方程的解为 $x_1=1, x_2=6$。"


def _notices(events: list[Any], kind: str) -> list[str]:
    return [e.text for e in events if isinstance(e, Notice) and e.kind == kind]


async def _en_zh(make: Callable[[], Tutor], question: str, **kw: Any) -> tuple[list[Any], list[Any]]:
    """The events of one question asked by an English reader, then by a Chinese one."""
    with use_language("en"):
        en = await collect(make(), question, **kw)
    with use_language("zh"):
        zh = await collect(make(), question, **kw)
    return en, zh


@pytest.mark.parametrize(
    ("ceiling", "zh", "en"),
    [
        (
            "step",
            "帮助上限：只给下一步（由家长或老师设置）。",
            "Help ceiling: the next step only (set by a parent or teacher).",
        ),
        (
            "hint",
            "帮助上限：只给提示（由家长或老师设置）。",
            "Help ceiling: hints only (set by a parent or teacher).",
        ),
    ],
)
async def test_the_ceiling_notice_names_the_ceiling_in_the_readers_language(
    make_tutor: Any, ceiling: str, zh: str, en: str
) -> None:
    for lang, expected in (("zh", zh), ("en", en)):
        with use_language(lang):  # type: ignore[arg-type]
            events = await collect(make_tutor(None), "解方程 2x+3=7", help_ceiling=ceiling)
        assert _notices(events, "ceiling") == [expected]


async def test_no_ceiling_notice_when_nothing_is_held_back(make_tutor: Any) -> None:
    with use_language("en"):
        events = await collect(make_tutor(None), "解方程 2x+3=7")
    assert _notices(events, "ceiling") == []


async def test_offline_hint_at_the_step_ceiling_gives_the_first_step(make_tutor: Any) -> None:
    # 2x+3=7: the first step (移项) is two operations from the answer, so it is shown whole.
    with use_language("en"):
        en = finished(await collect(make_tutor(None), "解方程 2x+3=7", help_ceiling="step")).result.answer
    assert not CJK.search(en), en
    assert en == (
        "Hint: the first step is Move terms: $2 x = 7 - 3$\n\nCan you finish it yourself? When you are done, "
        "you can check your working in check mode."
    )
    zh = finished(await collect(make_tutor(None), "解方程 2x+3=7", help_ceiling="step")).result.answer
    assert zh == "提示：第一步，移项：$2 x = 7 - 3$\n\n接下来你能自己完成吗？做完可以用「批改」模式检查。"


async def test_offline_hint_at_the_step_ceiling_names_a_first_step_that_would_give_the_answer(
    make_tutor: Any,
) -> None:
    # (x-2)(x-3)=0 is one step from the roots: only the method's name is given.
    with use_language("en"):
        en = finished(await collect(make_tutor(None), "解方程 x^2-5x+6=0", help_ceiling="step")).result.answer
    assert not CJK.search(en), en
    assert en.startswith("Hint: the first step is “Factor”. Can you write this step yourself?")
    assert "x - 2" not in en and "3" not in en
    zh = finished(await collect(make_tutor(None), "解方程 x^2-5x+6=0", help_ceiling="step")).result.answer
    assert zh == "提示：第一步是「因式分解法」。你能自己写出这一步吗？做完可以用「批改」模式检查。"


async def test_offline_hint_at_the_hint_ceiling_names_only_the_method(make_tutor: Any) -> None:
    with use_language("en"):
        en = finished(await collect(make_tutor(None), "解方程 2x+3=7", help_ceiling="hint")).result.answer
    assert en == "Hint: you could start with “Move terms”. Can you write the first step?"
    zh = finished(await collect(make_tutor(None), "解方程 2x+3=7", help_ceiling="hint")).result.answer
    assert zh == "提示：可以从「移项」入手。你能写出第一步吗？"


async def test_offline_review_with_a_wrong_line(make_tutor: Any) -> None:
    working = "解方程 2x+3=7\n2x=4\nx=3"
    with use_language("en"):
        en = finished(await collect(make_tutor(None), working, mode="批改")).result.answer
    assert not CJK.search(en), en
    assert en == (
        "Check: line 3 “x=3” has a mistake: it does not follow from line 2 “2x=4”.\n\n"
        "Check the working in this step, correct it, then carry on."
    )
    zh = finished(await collect(make_tutor(None), working, mode="批改")).result.answer
    assert (
        zh
        == "批改：第 3 行「x=3」有错误：由第 2 行「2x=4」推不出这一行。\n\n请检查这一步的计算，改正后再往下做。"
    )


async def test_offline_review_without_an_error(make_tutor: Any) -> None:
    working = "解方程 2x+3=7\n2x=4\nx=2"
    with use_language("en"):
        en = finished(await collect(make_tutor(None), working, mode="批改")).result.answer
    assert en == "Check: every line follows from the one before; no mistake found."
    zh = finished(await collect(make_tutor(None), working, mode="批改")).result.answer
    assert zh == "批改：每一步都能由上一步得到，没有发现错误。"


def test_a_review_whose_first_line_is_wrong() -> None:
    with use_language("en"):
        en = format_review(["2x+3=7x", "x=1"], 0)
    assert not CJK.search(en) and en.startswith("Check: line 1 “2x+3=7x” has a mistake")
    assert format_review(["2x+3=7x", "x=1"], 0) == (
        "批改：第 1 行「2x+3=7x」有错误：这一行推不出这一行。\n\n请检查这一步的计算，改正后再往下做。"
    )


async def test_offline_practice_headings(make_tutor: Any) -> None:
    with use_language("en"):
        en = finished(await collect(make_tutor(None), "解方程 2x+3=7", mode="练习")).result.answer
    assert en.startswith("**Exercises** (more like this one)\n\n1. ")
    assert "\n\n**Answers** (solved and checked by the computer)\n\n1. $" in en
    zh = finished(await collect(make_tutor(None), "解方程 2x+3=7", mode="练习")).result.answer
    assert zh.startswith("**练习题**（举一反三）\n\n1. ")
    assert "\n\n**参考答案**（由计算机求解验证）\n\n1. $" in zh


async def test_check_labels_and_the_resampling_notice(make_tutor: Any) -> None:
    en, zh = await _en_zh(lambda: make_tutor(ScriptedModel([WRONG, RIGHT])), "解方程 x^2-5x+6=0")
    assert [c["label"] for c in finished(en).result.checks] == ["Disagrees", "Checked"]
    assert _notices(en, "progress") == [
        "The computer's check disagrees with the answer; answering again (attempt 2)…"
    ]
    assert [c["label"] for c in finished(zh).result.checks] == ["不一致", "已验算"]
    assert _notices(zh, "progress") == ["计算机验算结果与回答不一致，正在重新作答（第 2 次）……"]


async def test_offline_solution_is_labelled_checked(make_tutor: Any) -> None:
    with use_language("en"):
        result = finished(await collect(make_tutor(None), "解方程 2x+3=7")).result
    assert result.checks[0]["label"] == "Checked"
    assert finished(await collect(make_tutor(None), "解方程 2x+3=7")).result.checks[0]["label"] == "已验算"


@pytest.mark.parametrize(
    ("reply", "kind", "zh", "en"),
    [
        (
            "",  # refused before a word: nothing to show
            "refused",
            "抱歉，这个问题没有通过内容安全审核，无法回答。之前的聊天记录已清空，可以换一个问题或换一种说法再问。",
            "Sorry, this question did not pass the content safety review and cannot be answered.",
        ),
        (
            "这个问题我不能回答。",  # an answer shown, then the history cleared
            "history_cleared",
            "为了让对话更顺畅，之前的聊天记录已清空，之后的提问会重新开始。你可以换一种说法继续提问。",
            "To keep the conversation going smoothly, the earlier messages have been cleared",
        ),
    ],
)
async def test_a_refusal_is_told_in_the_readers_language(
    make_tutor: Any, reply: str, kind: str, zh: str, en: str
) -> None:
    en_events, zh_events = await _en_zh(
        lambda: make_tutor(ScriptedModel([reply], refuse_on="敏感")), "敏感话题"
    )
    [said] = _notices(en_events, kind)
    assert not CJK.search(said) and said.startswith(en), said
    assert _notices(zh_events, kind) == [zh]


@pytest.mark.parametrize(
    ("proposed", "question", "kind", "zh", "en"),
    [
        (  # the model proposes exercises: said while they are set and checked
            "1. 解方程 3x+5=11\n2. 解方程 4x-1=7\n3. 解方程 5x+2=12",
            "解方程 2x+3=7",
            "progress",
            "正在出题，并用计算机逐题验算答案……",
            "Setting the exercises and checking each answer with the computer…",
        ),
        (  # none the computer can check: said after them
            "1. 《静夜思》的作者是谁？",
            "《静夜思》的作者是谁？",
            "practice",
            "这些练习题的答案无法用计算机验证，请谨慎使用。",
            "The answers to these exercises could not be checked by the computer: use them with care.",
        ),
    ],
)
async def test_practice_notices(
    make_tutor: Any, proposed: str, question: str, kind: str, zh: str, en: str
) -> None:
    en_events, zh_events = await _en_zh(lambda: make_tutor(ScriptedModel([proposed])), question, mode="练习")
    assert _notices(en_events, kind) == [en]
    assert _notices(zh_events, kind) == [zh]
    if kind == "progress":  # the exercises were checked, and the check is labelled so
        assert finished(en_events).result.checks[0]["label"] == "Checked"
        assert finished(zh_events).result.checks[0]["label"] == "已验算"


def test_the_practice_sheet_is_marked_in_the_readers_language() -> None:
    item = SheetItem("x^2-4x+3=0", "x_{1} = 1, x_{2} = 3", source="?", original="x^2-4x+3=0 and x>2")
    now = datetime(2026, 12, 5)
    with use_language("en"):
        en = render_sheet([item], now=now)
    assert en.startswith('<!doctype html>\n<html lang="en">')
    assert not CJK.search(en.split("<body>", 1)[1]), en  # the page's words, its CSS aside
    zh = render_sheet([item], now=now)
    assert zh.startswith('<!doctype html>\n<html lang="zh-CN">') and "\u3000" in zh
