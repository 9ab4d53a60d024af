"""End to end through the web: a browser asking in English (Accept-Language: en) gets the solver's
worked steps in English, one asking in Chinese gets them as always. Offline, the answer the
student reads is the solver's own worked solution, written by the tutor from its steps."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.web.conftest import answer_text, ask, done

pytestmark = pytest.mark.anyio

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9"}


@pytest.fixture
async def offline_app(make_app: Callable[..., Any]) -> AsyncIterator[Any]:
    app = make_app(offline=True)
    yield app
    await app.state.zuoye.aclose()


async def _ask(app: Any, headers: dict[str, str], question: str) -> list[tuple[str, Any]]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://testserver", headers=headers
    ) as c:
        return await ask(c, question)


async def test_offline_an_english_reader_reads_english_steps(offline_app: Any) -> None:
    en_events = await _ask(offline_app, ENGLISH, "解方程 3(x+1) = 2x + 8")
    zh_events = await _ask(offline_app, CHINESE, "解方程 3(x+1) = 2x + 8")
    en, zh = answer_text(en_events), answer_text(zh_events)
    for line in (
        "Remove the brackets: $3 x + 3 = 2 x + 8$",
        "Move terms: $3 x - 2 x = 8 - 3$",
        "Combine like terms: $x = 5$",
        "So the solution is $x = 5$.",
        "Answer: $x = 5$",
    ):
        assert line in en
    assert not re.search("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", en), en  # not a word of Chinese
    assert en.startswith(
        "What the computer understood: Solve the equation $3 \\left(x + 1\\right) = 2 x + 8$"
    )
    for line in (
        "去括号：$3 x + 3 = 2 x + 8$",
        "移项：$3 x - 2 x = 8 - 3$",
        "合并同类项：$x = 5$",
        "所以原方程的解为 $x = 5$。",
        "答：$x = 5$",
    ):
        assert line in zh
    assert zh.startswith("计算机理解的题目：解方程 $3 \\left(x + 1\\right) = 2 x + 8$\n\n解：\n1. 原方程：")
    assert done(en_events)["answer"] == en and done(zh_events)["answer"] == zh


@pytest.mark.parametrize("headers", [ENGLISH, CHINESE], ids=["en", "zh"])
async def test_every_example_on_the_page_is_answered_offline(
    offline_app: Any, headers: dict[str, str]
) -> None:
    """The page's example chips, in the reader's language, each get a checked answer with no
    ERNIE: an example that the offline solver refused would greet a new school with a refusal."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(offline_app), base_url="http://testserver", headers=headers
    ) as c:
        page = (await c.get("/")).text
    examples = [html.unescape(e) for e in re.findall(r'data-example="([^"]*)"', page)]
    assert len(examples) == 3
    for question in examples:
        turn = done(await _ask(offline_app, headers, question))
        assert turn["status"] == "complete", (question, turn)
        assert [c["status"] for c in turn["checks"]] == ["agree"], (question, turn["checks"])
