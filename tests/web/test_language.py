"""The API's error messages in the language the request asks for (Accept-Language), Chinese by
default; the error codes and statuses are the same in both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.web.conftest import CSRF, ask, done
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio

PASSWORD = "long enough"
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
# What a browser set to Chinese sends, and one that prefers Chinese but also reads English.
CHINESE = [{}, {"Accept-Language": "zh-CN,zh;q=0.9"}, {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}]


@pytest.fixture
async def app(make_app: Any) -> AsyncIterator[Any]:
    app = make_app(multi_user=True, daily_quota=1)
    yield app
    await app.state.zuoye.aclose()


def client_for(app: Any, headers: dict[str, str]) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://testserver", headers={**CSRF, **headers}
    )


async def _errors(app: Any, headers: dict[str, str], name: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """(status, error) of each kind of refusal a student meets, asked as `name` with `headers`."""
    seen: dict[str, tuple[int, dict[str, Any]]] = {}

    def keep(what: str, r: httpx.Response) -> None:
        seen[what] = (r.status_code, r.json()["error"])

    async with client_for(app, headers) as c:
        keep("not_logged_in", await c.get("/api/conversations"))
        keep("bad_login", await c.post("/api/login", json={"name": name, "password": "wrong password"}))
        r = await c.post("/api/login", json={"name": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        keep("control", await c.post("/api/ask", json={"question": "解方程\x00 2x=4"}))
        keep("missing", await c.post("/api/ask", json={}))
        keep("too_long", await c.post("/api/ask", json={"question": "x" * 8001}))
        keep("not_found", await c.get("/api/conversations/" + "a" * 32))
        keep("no_page", await c.get("/api/nothing-here"))
        assert done(await ask(c, "1+1=?"))["status"] == "complete"
        keep("quota", await c.post("/api/ask", json={"question": "再问一个", "stream": False}))
    return seen


async def test_errors_in_chinese_unless_english_is_asked_for(
    app: Any, accounts: Accounts, model: Any
) -> None:
    model.replies.extend(["2。", "2。", "2。", "2。"])
    for n in range(len(CHINESE) + 1):
        accounts.create_user(name=f"amy{n}", password=PASSWORD)
    # each its own student: the quota is one question a day
    said = [await _errors(app, headers, f"amy{n}") for n, headers in enumerate([*CHINESE, ENGLISH])]
    *chinese, english = said
    for zh in chinese:
        assert zh == chinese[0]  # no Accept-Language, or one that prefers Chinese: the same words
    zh = chinese[0]
    # the same statuses and codes in both languages
    assert {k: (s, e["code"]) for k, (s, e) in zh.items()} == {
        k: (s, e["code"]) for k, (s, e) in english.items()
    }
    assert zh["not_logged_in"][0] == 401 and zh["bad_login"][0] == 401 and zh["quota"][0] == 429
    assert zh["control"][0] == zh["missing"][0] == zh["too_long"][0] == 422
    assert zh["not_found"][0] == zh["no_page"][0] == 404
    expected = {
        "not_logged_in": ("请先登录", "log in first"),
        "bad_login": ("用户名或密码不对", "the name or the password is wrong"),
        "control": (
            "question: 不能含有控制字符（第 4 个字符是 U+0000）",
            "question: must not contain control",
        ),
        "missing": ("question: 缺少这一项", "question: Field required"),
        "too_long": ("question: 最多 8000 个字符", "question: String should have at most 8000 characters"),
        "not_found": ("没有这个对话", "no such conversation"),
        "no_page": ("没有这个页面或 API 接口", "no such page or API endpoint"),
        "quota": ("今天的提问次数已用完（1/1）", "Daily question limit reached (1)"),
    }
    for name, (chinese_words, english_words) in expected.items():
        assert chinese_words in zh[name][1]["message"], (name, zh[name])
        assert english_words in english[name][1]["message"], (name, english[name])
        assert (
            english_words not in zh[name][1]["message"] and chinese_words not in english[name][1]["message"]
        )
    # a 422's per-field details are in the same language as its message
    assert english["missing"][1]["details"] == [{"field": "question", "message": "Field required"}]
    assert zh["missing"][1]["details"] == [{"field": "question", "message": "缺少这一项"}]


async def test_errors_said_outside_the_routes_follow_the_request_too(make_app: Any) -> None:
    """The 500 (its handler runs outside the middleware that sets the language) and a body over the
    limit (refused before any route sees it)."""
    app = make_app()

    @app.get("/api/crash")
    async def crash() -> None:
        raise RuntimeError("a bug")

    transport = httpx.ASGITransport(app, raise_app_exceptions=False)
    big = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    said = {}
    for lang, headers in (("zh", {}), ("en", ENGLISH)):
        async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
            crashed = await c.get("/api/crash")
            too_large = await c.post("/api/ask", content=big, headers={"content-type": "application/json"})
        assert (crashed.status_code, crashed.json()["error"]["code"]) == (500, "internal")
        assert (too_large.status_code, too_large.json()["error"]["code"]) == (413, "too_large")
        said[lang] = (crashed.json()["error"]["message"], too_large.json()["error"]["message"])
    assert said["zh"][0].startswith("服务器出了问题") and said["en"][0].startswith("something went wrong")
    assert said["zh"][1].startswith("请求的内容超过") and said["en"][1].startswith(
        "the request body is larger"
    )
    assert "a bug" not in str(said)  # never the exception itself
    await app.state.zuoye.aclose()
