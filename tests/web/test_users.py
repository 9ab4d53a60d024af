"""Multi-user mode: logins, tokens, CSRF, isolation (404, not 403), guardians, ceilings, quotas."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import CSRF, ask, done, parse_sse
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio

PASSWORD = "long enough"


@pytest.fixture
async def app(make_app: Any) -> AsyncIterator[Any]:
    app = make_app(multi_user=True, daily_quota=0)
    yield app
    await app.state.zuoye.aclose()


def client_for(app: Any, **kw: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver", **kw)


async def login(c: httpx.AsyncClient, name: str) -> None:
    r = await c.post("/api/login", json={"name": name, "password": PASSWORD})
    assert r.status_code == 200, r.text


def bearer(app: Any, accounts: Accounts, name: str) -> httpx.AsyncClient:
    user = accounts.find_user(name=name)
    assert user is not None
    secret, _ = accounts.issue_token(user_id=user.id)
    return client_for(app, headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def people(accounts: Accounts) -> dict[str, Any]:
    made = {
        name: accounts.create_user(name=name, role=role, password=PASSWORD)
        for name, role in [
            ("amy", "student"),
            ("bob", "student"),
            ("teacher", "teacher"),
            ("stranger", "parent"),
        ]
    }
    accounts.link(guardian_id=made["teacher"].id, student_id=made["amy"].id)
    return made


async def test_nothing_without_logging_in(app: Any, people: dict[str, Any]) -> None:
    async with client_for(app) as c:
        for method, path in [("GET", "/api/conversations"), ("GET", "/api/me"), ("POST", "/api/ask")]:
            r = await c.request(method, path, json={"question": "q"})
            assert r.status_code == 401 and r.json()["error"]["code"] == "login_required"
        assert (await c.get("/api/health")).status_code == 200  # health and the page stay open
        assert (await c.get("/")).status_code == 200


async def test_login_sets_a_strict_httponly_cookie(app: Any, people: dict[str, Any]) -> None:
    async with client_for(app, headers=CSRF) as c:
        bad = await c.post("/api/login", json={"name": "amy", "password": "wrong password"})
        assert bad.status_code == 401 and bad.json()["error"]["code"] == "bad_login"
        r = await c.post("/api/login", json={"name": "AMY", "password": PASSWORD})
        assert r.status_code == 200 and r.json()["name"] == "amy"
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
        assert "secure" not in cookie  # plain http on localhost; https gets Secure
        me = (await c.get("/api/me")).json()
        assert me["mode"] == "multi-user" and me["user"]["name"] == "amy"
        assert (await c.post("/api/logout")).status_code == 204
        assert (await c.get("/api/me")).status_code == 401


async def test_the_cookie_alone_cannot_change_anything(app: Any, people: dict[str, Any]) -> None:
    async with client_for(app, headers=CSRF) as c:
        await login(c, "amy")
        del c.headers["X-Zuoye-CSRF"]
        r = await c.post("/api/conversations", json={"title": "t"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "csrf"
        assert (await c.get("/api/conversations")).status_code == 200  # reading is fine
        r = await c.post(
            "/api/conversations", json={"title": "t"}, headers={**CSRF, "Origin": "https://evil.example"}
        )
        assert r.status_code == 403
        r = await c.post(
            "/api/conversations", json={"title": "t"}, headers={**CSRF, "Origin": "http://testserver"}
        )
        assert r.status_code == 201
    async with client_for(app) as anonymous:  # a forged login from another site's form
        r = await anonymous.post("/api/login", json={"name": "amy", "password": PASSWORD})
        assert r.status_code == 403


async def test_too_many_failed_logins_are_throttled(app: Any, people: dict[str, Any]) -> None:
    async with client_for(app, headers=CSRF) as c:
        for _ in range(10):
            assert (
                await c.post("/api/login", json={"name": "bob", "password": "guess-guess"})
            ).status_code == 401
        r = await c.post("/api/login", json={"name": "bob", "password": PASSWORD})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


async def test_api_tokens_work_and_can_be_revoked(app: Any, people: dict[str, Any]) -> None:
    async with client_for(app, headers=CSRF) as c:
        await login(c, "bob")
        made = (await c.post("/api/tokens", json={"label": "school system"})).json()
        assert made["token"].startswith("zy_")
        listed = (await c.get("/api/tokens")).json()
        assert [t["label"] for t in listed] == ["school system"] and "token" not in listed[0]
        async with client_for(app, headers={"Authorization": f"Bearer {made['token']}"}) as api:
            assert (await api.get("/api/me")).json()["user"]["name"] == "bob"
            # Bearer requests need no CSRF header: browsers never send them on their own
            assert (await api.post("/api/conversations", json={})).status_code == 201
            assert (await c.delete(f"/api/tokens/{made['id']}")).status_code == 204
            r = await api.get("/api/me")
            assert r.status_code == 401 and "无效" in r.json()["error"]["message"]
        async with client_for(app, headers={"Authorization": "Basic Ym9iOng="}) as wrong:
            assert "Bearer" in (await wrong.get("/api/me")).json()["error"]["message"]


async def test_students_cannot_see_each_others_conversations(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    model.replies.append("amy 的回答。")
    async with bearer(app, accounts, "amy") as amy, bearer(app, accounts, "bob") as bob:
        events = await ask(amy, "amy 的问题")
        cid = events[0][1]["conversation_id"]
        assert (await bob.get("/api/conversations")).json()["conversations"] == []
        for method, path, body in [
            ("GET", f"/api/conversations/{cid}", None),
            ("DELETE", f"/api/conversations/{cid}", None),
            ("POST", f"/api/conversations/{cid}/stop", None),
            ("POST", f"/api/conversations/{cid}/regenerate", {}),
            ("POST", "/api/ask", {"question": "偷看", "conversation_id": cid}),
        ]:
            r = await bob.request(method, path, json=body)
            assert r.status_code == 404, (method, path, r.text)
            assert r.json()["error"]["code"] == "not_found"
        # and an id that exists answers exactly like one that does not
        ghost = await bob.get(f"/api/conversations/{'0' * 32}")
        assert ghost.json() == (await bob.get(f"/api/conversations/{cid}")).json()
        assert (await amy.get(f"/api/conversations/{cid}")).status_code == 200
        assert len(model.calls) == 1


async def test_a_teacher_reads_their_students_conversations_and_is_named_to_them(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    model.replies.append("回答。")
    async with (
        bearer(app, accounts, "amy") as amy,
        bearer(app, accounts, "teacher") as teacher,
        bearer(app, accounts, "stranger") as stranger,
        bearer(app, accounts, "bob") as bob,
    ):
        cid = (await ask(amy, "amy 的问题"))[0][1]["conversation_id"]
        me = (await amy.get("/api/me")).json()
        assert me["watched_by"] == [{"name": "teacher", "role": "teacher"}]
        assert (await bob.get("/api/me")).json()["watched_by"] == []

        students = (await teacher.get("/api/students")).json()
        assert [(s["name"], s["questions_today"]) for s in students] == [("amy", 1)]
        convs = (await teacher.get(f"/api/students/{people['amy'].id}/conversations")).json()
        assert [c["id"] for c in convs["conversations"]] == [cid]
        seen = (await teacher.get(f"/api/conversations/{cid}")).json()
        assert seen["read_only"] is True and seen["owner"]["name"] == "amy"
        assert seen["turns"][0]["question"] == "amy 的问题"
        assert (await teacher.delete(f"/api/conversations/{cid}")).status_code == 404
        r = await teacher.post("/api/ask", json={"question": "冒充", "conversation_id": cid})
        assert r.status_code == 404

        # a parent who does not look after amy sees nothing; students have no student list
        assert (await stranger.get(f"/api/conversations/{cid}")).status_code == 404
        assert (await stranger.get(f"/api/students/{people['amy'].id}/conversations")).status_code == 404
        assert (await stranger.get("/api/students")).json() == []
        assert (await amy.get("/api/students")).status_code == 403


async def test_the_help_ceiling_is_set_by_the_teacher_and_enforced(
    app: Any, people: dict[str, Any], accounts: Accounts, model: ScriptedModel
) -> None:
    async with bearer(app, accounts, "amy") as amy, bearer(app, accounts, "teacher") as teacher:
        r = await amy.put(f"/api/students/{people['amy'].id}/settings", json={"help_ceiling": "full"})
        assert r.status_code == 403  # not hers to set
        r = await teacher.put(f"/api/students/{people['amy'].id}/settings", json={"help_ceiling": "hint"})
        assert r.status_code == 200 and r.json()["help_ceiling"] == "hint"
        assert (await amy.get("/api/me")).json()["help_ceiling"] == "hint"

        model.replies.append("先想一想：两个数相乘等于 0 时，说明什么？")
        events = await ask(amy, "告诉我答案", mode="explain")
        started = events[0][1]
        assert (started["help_level"], started["mode"]) == ("hint", "提示")
        assert any(e == "notice" and "帮助上限" in d["text"] for e, d in events)
        assert "帮助上限" not in model.calls[0].messages[-1].content  # it is policy, not a prompt

        r = await amy.post("/api/ask", json={"question": "q", "help_ceiling": "full"})
        assert r.status_code == 422 and "由老师或家长为学生设置" in r.json()["error"]["message"]

        r = await teacher.put(f"/api/students/{people['amy'].id}/settings", json={"help_ceiling": None})
        assert r.json() == r.json() | {"help_ceiling": "full", "help_ceiling_set": False}


async def test_the_daily_quota_stops_the_next_question(
    make_app: Any, accounts: Accounts, model: ScriptedModel
) -> None:
    app = make_app(multi_user=True, daily_quota=2)
    accounts.create_user(name="kid", password=PASSWORD)
    accounts.create_user(name="unlimited", password=PASSWORD, daily_quota=0)
    model.replies += ["一。", "二。", "三。"]
    async with bearer(app, accounts, "kid") as kid, bearer(app, accounts, "unlimited") as other:
        assert (await kid.get("/api/me")).json()["quota"] == {"limit": 2, "used": 0, "remaining": 2}
        await ask(kid, "第一问")
        await ask(kid, "第二问")
        assert (await kid.get("/api/me")).json()["quota"]["remaining"] == 0
        r = await kid.post("/api/ask", json={"question": "第三问"})
        assert r.status_code == 429
        assert r.json()["error"]["code"] == "quota_exceeded" and "2/2" in r.json()["error"]["message"]
        assert done(await ask(other, "别人的问题"))["status"] == "complete"
    await app.state.zuoye.aclose()


async def test_single_user_mode_has_no_login(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/login", json={"name": "a", "password": "b"}, headers=CSRF)
    assert r.status_code == 400 and "单用户模式" in r.json()["error"]["message"]


async def test_a_disabled_account_is_logged_out(app: Any, people: dict[str, Any], accounts: Accounts) -> None:
    async with client_for(app, headers=CSRF) as c:
        await login(c, "bob")
        accounts.update_user(user_id=people["bob"].id, disabled=True)
        assert (await c.get("/api/me")).status_code == 401


def test_sse_parser_ignores_comments() -> None:
    assert parse_sse(': keepalive\n\nevent: x\ndata: {"a": 1}\n\n') == [("x", {"a": 1})]


async def test_a_refused_login_never_echoes_the_password(app: Any, people: dict[str, Any]) -> None:
    secret = "Sekrit-" + "x" * 300
    async with client_for(app, headers=CSRF) as c:
        r = await c.post("/api/login", json={"name": "amy", "password": secret})
        assert r.status_code == 422 and "password" in r.json()["error"]["message"]
        assert "Sekrit" not in r.text
        r = await c.post("/api/login", json={"name": "amy", "password": "Sekrit-wrong"})
        assert r.status_code == 401 and "Sekrit" not in r.text
