"""What the solver says reaches a student in the language their browser asks for (Accept-Language),
and in that language only: the solver runs in worker processes, and each call takes the request's
language there with it (the reader's language is a contextvar, which no process boundary carries)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import ask, done

pytestmark = pytest.mark.anyio

ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


async def _ask(app: Any, headers: dict[str, str], question: str) -> list[tuple[str, Any]]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://testserver", headers=headers
    ) as c:
        return await ask(c, question)


@pytest.fixture
async def app_of(make_app: Callable[..., Any]) -> AsyncIterator[Callable[..., Any]]:
    apps: list[Any] = []

    def make(**settings: Any) -> Any:
        apps.append(make_app(**settings))
        return apps[-1]

    yield make
    for app in apps:
        await app.state.zuoye.aclose()


@pytest.mark.parametrize(
    ("question", "in_english", "in_chinese"),
    [
        ("计算 3 @ 4", "Unexpected character '@' at position 2", "无法识别的字符 “@”（位置 2）"),
        ("解方程 x2+1=5", "“x2” can be read more than one way: write x^2 or x²", "“x2”有不止一种读法"),
    ],
)
async def test_offline_the_solvers_refusal_is_in_the_readers_language(
    app_of: Callable[..., Any], question: str, in_english: str, in_chinese: str
) -> None:
    # Offline, why the solver did not answer is part of the error the student reads.
    app = app_of(offline=True)
    [en] = [d for e, d in await _ask(app, ENGLISH, question) if e == "error"]
    [zh] = [d for e, d in await _ask(app, CHINESE, question) if e == "error"]
    assert en["code"] == zh["code"] == "not_configured"
    assert in_english in en["message"] and "The local solver did not solve it" in en["message"]
    assert not _has_chinese(en["message"]) and " / " not in en["message"]
    assert in_chinese in zh["message"] and "本地求解器没有解这道题" in zh["message"]
    assert not any(word in zh["message"] for word in ("Unexpected", "can be read", "solver"))


async def test_the_check_of_a_models_answer_is_in_the_readers_language(
    app_of: Callable[..., Any], model: ScriptedModel
) -> None:
    app = app_of()
    said: dict[str, tuple[str, dict[str, Any]]] = {}
    for lang, headers in (("en", ENGLISH), ("zh", CHINESE)):
        # An answer whose end the computer cannot read: the solver's reason is what the student sees.
        model.replies.extend(["先移项，再把系数化为 1，答案请见课本。"] * 2)
        events = await _ask(app, headers, "解方程 2x+3=7")
        [notice] = [d["text"] for e, d in events if e == "notice" and d["kind"] == "check"]
        [check] = done(events)["checks"]
        said[lang] = notice, check
    (en, en_check), (zh, zh_check) = said["en"], said["zh"]
    assert en_check["status"] == zh_check["status"] == "unknown"
    en_reason = "The reply has no clearly marked final answer (its last line differs from the answer"
    assert en_check["detail"].startswith(en_reason)
    assert en.startswith(f"Not checked: {en_reason}")
    assert "What the computer understood: " in en and "未验算" not in en and "计算机" not in en
    zh_reason = "回复里没有明确的最终答案（最后一行与答案不同，可能只是中间步骤）。"
    assert zh_check["detail"] == zh_reason
    assert zh.startswith(f"未验算：{zh_reason}计算机理解的题目：")
    assert not any(word in zh for word in ("checked", "reply", "computer"))


async def test_a_disagreement_is_said_in_the_readers_language(
    app_of: Callable[..., Any], model: ScriptedModel
) -> None:
    app = app_of()
    notices = {}
    for lang, headers in (("en", ENGLISH), ("zh", CHINESE)):
        model.replies.extend(["移项得 2x = 10，所以 x = 5。"] * 3)  # wrong, and again each time asked again
        events = await _ask(app, headers, "解方程 2x+3=7")
        [notices[lang]] = [d["text"] for e, d in events if e == "notice" and d["kind"] == "check"]
    assert notices["en"].startswith("Disagreement: the computer found $x = 2$")
    assert "不一致" not in notices["en"] and "计算机" not in notices["en"]
    assert notices["zh"].startswith("不一致：计算机求得 $x = 2$")
    assert "computer" not in notices["zh"]
