"""End to end through the web, offline: a student whose browser asks for English (Accept-Language:
en) and whose help ceiling is "the next step only" reads the ceiling's notice and the hint in
English; a Chinese browser gets them in Chinese, as always."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.web.conftest import answer_text, ask, done

pytestmark = pytest.mark.anyio

CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
async def offline_app(make_app: Callable[..., Any]) -> AsyncIterator[Any]:
    app = make_app(offline=True, help_ceiling="step")
    yield app
    await app.state.zuoye.aclose()


async def _ask(app: Any, language: str) -> list[tuple[str, Any]]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://testserver",
        headers={"Accept-Language": language},
    ) as c:
        return await ask(c, "解方程 x^2-5x+6=0，直接告诉我答案", mode="hint")


def _notice(events: list[tuple[str, Any]], kind: str) -> str:
    [text] = [d["text"] for e, d in events if e == "notice" and d["kind"] == kind]
    return str(text)


async def test_offline_an_english_reader_gets_an_english_hint(offline_app: Any) -> None:
    events = await _ask(offline_app, "en-GB,en;q=0.9")
    hint = answer_text(events)
    assert hint == "Hint: you could start with “Factor”. Can you write the first step?"
    assert done(events)["answer"] == hint
    assert _notice(events, "ceiling") == "Help ceiling: the next step only (set by a parent or teacher)."
    for kind in ("ceiling", "offline"):
        assert not CJK.search(_notice(events, kind)), kind


async def test_offline_a_chinese_reader_gets_the_hint_as_always(offline_app: Any) -> None:
    events = await _ask(offline_app, "zh-CN,zh;q=0.9")
    assert answer_text(events) == "提示：可以从「因式分解法」入手。你能写出第一步吗？"
    assert _notice(events, "ceiling") == "帮助上限：只给下一步（由家长或老师设置）。"
