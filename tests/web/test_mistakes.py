"""The 错题本 through the API, as the page uses it: 加入错题本 on a turn, the list (due first), 再练一题
with the model's proposal verified by the solver (or a local variant), the answer marked by the
solver and never sent before it is answered, the printable sheet, and nobody else's entries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import CSRF, ask, done
from zuoye import math as zmath
from zuoye.providers import ProviderError
from zuoye.store import Store
from zuoye.store.mistakes import MistakeRow
from zuoye.store.quota import quota_day
from zuoye.store.users import Accounts
from zuoye.tutor.book import MistakeBook
from zuoye.tutor.mistakes import NewEntry

pytestmark = pytest.mark.anyio

RIGHT = "解：移项得 $2x=4$，所以 $x=2$。\n答：$x=2$。"
WRONG = "解：移项得 $2x=10$，所以 $x=5$。\n答：$x=5$。"


async def test_save_a_turn_practise_it_and_answer(client: httpx.AsyncClient, model: ScriptedModel) -> None:
    model.replies.append(RIGHT)
    turn = done(await ask(client, "解方程 2x+3=7"))
    r = await client.post("/api/mistakes", json={"turn_id": turn["id"]})
    assert r.status_code == 201, r.text
    entry = r.json()["entry"]
    assert entry["source"] == "saved" and entry["source_name"] == "自己收藏"
    assert entry["problem"] == "解方程 2x+3=7" and entry["due"] and entry["when"] == "该复习了"
    again = await client.post("/api/mistakes", json={"turn_id": turn["id"]})
    assert again.status_code == 200 and again.json()["created"] is False

    # the model proposes; only a problem the solver solves is set, and its answer stays here
    model.replies.append("1. 解一个你想不到的方程\n2. 解方程 3x+1=10\n3. 解方程 5x-2=8")
    r = await client.post(f"/api/mistakes/{entry['id']}/practice")
    assert r.status_code == 200, r.text
    exercise = r.json()["exercise"]
    assert exercise["question"] == "解方程 3x+1=10"
    assert "answer" not in str(exercise).lower() and "x=3" not in str(r.json())
    assert "练习" in (model.calls[-1].system or "")

    wrong = await client.post(
        f"/api/mistakes/{entry['id']}/answer", json={"practice_id": exercise["id"], "answer": "x=4"}
    )
    assert wrong.status_code == 200, wrong.text
    body = wrong.json()
    assert body["status"] == "wrong" and "正确答案" in body["message"]
    assert any(s["kind"] == "inline" and "3" in s["content"] for s in body["message_segments"])
    assert body["entry"]["stage"] == 0 and body["entry"]["due"] is False and body["entry"]["exercise"] is None
    assert body["entry"]["history"][0]["answer"] == "x=4"

    twice = await client.post(
        f"/api/mistakes/{entry['id']}/answer", json={"practice_id": exercise["id"], "answer": "x=3"}
    )
    assert twice.status_code == 422 and "已经答过了" in twice.json()["error"]["message"]


async def test_offline_practice_is_a_local_variant_and_a_right_answer_moves_the_entry_on(
    make_app: Any,
) -> None:
    app = make_app(offline=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver") as c:
        turn = done(await ask(c, "解方程 2x+5=9"))
        entry = (await c.post("/api/mistakes", json={"turn_id": turn["id"]})).json()["entry"]
        exercise = (await c.post(f"/api/mistakes/{entry['id']}/practice")).json()["exercise"]
        assert exercise["question"].startswith("解方程") and exercise["question"] != "解方程 2x+5=9"
        right = zmath.solve(exercise["question"]).answer[0]
        r = await c.post(
            f"/api/mistakes/{entry['id']}/answer", json={"practice_id": exercise["id"], "answer": right}
        )
        body = r.json()
        assert body["status"] == "correct" and body["entry"]["stage"] == 1 and "明天复习" in body["message"]
        listed = (await c.get("/api/mistakes")).json()
        assert listed["due_count"] == 0 and listed["entries"][0]["when"] == "明天复习"
        assert (await c.get("/api/mistakes?due=true")).json()["entries"] == []

        sheet = await c.get("/api/mistakes/sheet")
        assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/html")
        assert "错题本练习单" in sheet.text and "共 1 题" in sheet.text
        # its style is served (the page's CSP allows no inline style), for A4 with the answers apart
        assert '<link rel="stylesheet" href="/api/mistakes/sheet.css">' in sheet.text
        css = await c.get("/api/mistakes/sheet.css")
        assert css.headers["content-type"].startswith("text/css")
        assert "size: A4" in css.text and "break-before: page" in css.text

        unread = await c.post(f"/api/mistakes/{entry['id']}/practice")
        exercise = unread.json()["exercise"]
        r = await c.post(
            f"/api/mistakes/{entry['id']}/answer", json={"practice_id": exercise["id"], "answer": "不会"}
        )
        assert r.json()["status"] == "unread" and r.json()["entry"] is None

        assert (await c.delete(f"/api/mistakes/{entry['id']}", headers=CSRF)).status_code == 204
        assert (await c.get("/api/mistakes")).json()["entries"] == []
    await app.state.zuoye.aclose()


async def test_an_english_question_keeps_its_words_apart(make_app: Any) -> None:
    """The list and the printed sheet show the maths readably (x²) without gluing the words of an
    English question to it: "Solve x^2-5x+6=0" is not "Solvex²−5x+6=0"."""
    app = make_app(offline=True)
    english = {"Accept-Language": "en"}
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=english) as c:
        turn = done(await ask(c, "Solve x^2-5x+6=0"))
        assert (await c.post("/api/mistakes", json={"turn_id": turn["id"]})).status_code == 201
        [entry] = (await c.get("/api/mistakes")).json()["entries"]
        assert entry["problem_text"] == "Solve x²−5x+6=0"
        exercise = (await c.post(f"/api/mistakes/{entry['id']}/practice")).json()["exercise"]
        assert exercise["question"].startswith("Solve ")
        assert "Solve x²−5x+6=0" in (await c.get("/api/mistakes/sheet")).text
    await app.state.zuoye.aclose()


async def test_bad_requests_say_what_to_change(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/mistakes", json={"turn_id": 12345})
    assert r.status_code == 404 and "找不到这一问" in r.json()["error"]["message"]
    r = await client.post("/api/mistakes/1/answer", json={"practice_id": "0" * 32, "answer": ""})
    assert r.status_code == 422
    r = await client.post("/api/mistakes/77/practice")
    assert r.status_code == 404 and "错题本里没有这一条" in r.json()["error"]["message"]


# -- several users -------------------------------------------------------------------------------
PASSWORD = "long enough"


@pytest.fixture
async def app(make_app: Any) -> AsyncIterator[Any]:
    app = make_app(multi_user=True, daily_quota=0, offline=True)
    yield app
    await app.state.zuoye.aclose()


def bearer(app: Any, accounts: Accounts, name: str) -> httpx.AsyncClient:
    user = accounts.find_user(name=name) or accounts.create_user(name=name, role="student", password=PASSWORD)
    secret, _ = accounts.issue_token(user_id=user.id)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {secret}"},
    )


async def test_each_student_sees_and_changes_only_their_own(app: Any, accounts: Accounts) -> None:
    async with bearer(app, accounts, "amy") as amy, bearer(app, accounts, "bob") as bob:
        turn = done(await ask(amy, "解方程 2x+5=9"))
        assert (await bob.post("/api/mistakes", json={"turn_id": turn["id"]})).status_code == 404
        entry = (await amy.post("/api/mistakes", json={"turn_id": turn["id"]})).json()["entry"]
        assert (await bob.get("/api/mistakes")).json()["entries"] == []
        assert (await bob.post(f"/api/mistakes/{entry['id']}/practice")).status_code == 404
        assert (await bob.delete(f"/api/mistakes/{entry['id']}")).status_code == 404
        assert "共 0 题" in (await bob.get("/api/mistakes/sheet")).text
        assert len((await amy.get("/api/mistakes")).json()["entries"]) == 1


# -- 再练一题 within the daily question quota --------------------------------------------------------
def saved_entry(store: Store, user_id: str) -> MistakeRow:
    """An entry in the student's book without asking a question today (it was saved earlier)."""
    row, _ = MistakeBook(store, user_id=user_id).record(
        NewEntry(source="saved", question="解方程 2x+3=7", problem="解方程 2x+3=7"),
        turn_id=None,
        conversation_id=None,
    )
    return row


async def test_practice_asks_the_model_only_within_the_daily_quota(
    make_app: Any, accounts: Accounts, model: ScriptedModel, store: Store
) -> None:
    app = make_app(multi_user=True, daily_quota=1)
    async with bearer(app, accounts, "amy") as amy:
        model.replies.append(RIGHT)
        turn = done(await ask(amy, "解方程 2x+3=7"))  # the day's one question
        entry = (await amy.post("/api/mistakes", json={"turn_id": turn["id"]})).json()["entry"]
        asked = len(model.calls)
        r = await amy.post(f"/api/mistakes/{entry['id']}/practice")
        assert r.status_code == 200, r.text
        assert len(model.calls) == asked  # none left: the model is not asked
        question = r.json()["exercise"]["question"]
        assert question.startswith("解方程") and question != "解方程 2x+3=7"  # a local variant,
        assert zmath.solve(question).answer  # solved by the solver
        assert not {"error", "message", "notice"} & set(r.json())  # and nothing alarming said
        sheet = await amy.get("/api/mistakes/sheet")
        assert sheet.status_code == 200 and "共 1 题" in sheet.text and len(model.calls) == asked
        # the quota is as it was: the next question is still refused, as before
        assert (await amy.post("/api/ask", json={"question": "1+1"})).status_code == 429

    # a student whose question is still there: the model proposes (that is the day's question)
    bob = accounts.create_user(name="bob", role="student", password=PASSWORD)
    row = saved_entry(store, bob.id)
    async with bearer(app, accounts, "bob") as client:
        model.replies.append("1. 解方程 3x+1=10\n2. 解方程 5x-2=8")
        r = await client.post(f"/api/mistakes/{row.id}/practice")
        assert r.status_code == 200 and r.json()["exercise"]["question"] == "解方程 3x+1=10"
        asked = len(model.calls)
        again = await client.post(f"/api/mistakes/{row.id}/practice")
        assert again.status_code == 200 and len(model.calls) == asked  # the second is local
        assert again.json()["exercise"]["question"] not in ("解方程 3x+1=10", "解方程 2x+3=7")
        assert (await client.post("/api/ask", json={"question": "1+1"})).status_code == 429
    await app.state.zuoye.aclose()


async def test_a_model_that_cannot_be_reached_gives_the_question_back(
    make_app: Any, accounts: Accounts, model: ScriptedModel, store: Store
) -> None:
    app = make_app(multi_user=True, daily_quota=1)
    amy = accounts.create_user(name="amy", role="student", password=PASSWORD)
    row = saved_entry(store, amy.id)
    async with bearer(app, accounts, "amy") as client:
        model.replies.append(ProviderError("the service is down"))
        r = await client.post(f"/api/mistakes/{row.id}/practice")
        assert r.status_code == 200 and r.json()["exercise"]["question"].startswith("解方程")
        assert app.state.zuoye.quotas.used(user_id=amy.id, day=quota_day()) == 0
    await app.state.zuoye.aclose()
