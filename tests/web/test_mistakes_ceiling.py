"""加入错题本 under an adult's help ceiling: the entry shows no more than the answer could. The
tutor's own entry for a 批改 under a hint-only ceiling has no correct step; a turn the student
saves by hand (after removing that entry, or one never kept) must not get it either."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import ask, done
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio
WORKING = "解方程 2(x-1)=6\n2x-1=6\n2x=7\nx=3.5"


def _client(app: Any, accounts: Accounts, *, ceiling: str | None) -> httpx.AsyncClient:
    user = accounts.create_user(name=f"s-{ceiling}", role="student", password="long enough")
    if ceiling:
        accounts.update_user(user_id=user.id, help_ceiling=ceiling)
    secret, _ = accounts.issue_token(user_id=user.id)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {secret}"},
    )


async def test_a_turn_saved_under_a_hint_only_ceiling_has_no_correct_step(
    make_app: Any, accounts: Accounts
) -> None:
    app = make_app(multi_user=True, daily_quota=0, offline=True)
    async with _client(app, accounts, ceiling="hint") as kid, _client(app, accounts, ceiling=None) as free:
        for client, shown in ((kid, False), (free, True)):
            turn = done(await ask(client, WORKING, mode="批改"))
            [kept] = (await client.get("/api/mistakes")).json()["entries"]
            assert kept["wrong_line"] == "2x-1=6" and (kept["correct_step"] is not None) is shown
            assert (await client.delete(f"/api/mistakes/{kept['id']}")).status_code == 204
            r = await client.post("/api/mistakes", json={"turn_id": turn["id"]})
            assert r.status_code == 201, r.text
            saved = r.json()["entry"]
            assert saved["wrong_line"] == "2x-1=6"
            assert (saved["correct_step"] is not None) is shown, saved["correct_step"]
            assert (saved["correct_step_segments"] != []) is shown
    await app.state.zuoye.aclose()


async def test_practice_never_sets_the_withheld_problem_itself_under_a_ceiling(
    make_app: Any, accounts: Accounts
) -> None:
    # 解方程 x^2=x has no numbers to change: with no limit 再练一题 sets the problem itself (and a
    # wrong answer is told the right one); under a ceiling that would give the homework's answer.
    app = make_app(multi_user=True, daily_quota=0, offline=True)
    async with _client(app, accounts, ceiling="hint") as kid, _client(app, accounts, ceiling=None) as free:
        for client, same in ((kid, False), (free, True)):
            turn = done(await ask(client, "解方程 x^2=x"))
            entry = (await client.post("/api/mistakes", json={"turn_id": turn["id"]})).json()["entry"]
            r = await client.post(f"/api/mistakes/{entry['id']}/practice")
            if same:
                assert r.status_code == 200 and r.json()["exercise"]["question"] == "解方程 x^2=x"
            else:
                assert r.status_code == 422 and r.json()["error"]["code"] == "mistakes", r.text
            sheet = (await client.get("/api/mistakes/sheet")).text
            assert ("x^2=x" in sheet or "x²=x" in sheet) is same
    await app.state.zuoye.aclose()


async def test_a_proposed_problem_that_is_the_entrys_own_is_not_set(
    make_app: Any, accounts: Accounts, model: ScriptedModel
) -> None:
    app = make_app(multi_user=True, daily_quota=0)
    async with _client(app, accounts, ceiling="hint") as kid:
        model.replies.append("想一想：把右边移到左边，再提取公因式。你能试试吗？")
        turn = done(await ask(kid, "解方程 x^2=x"))
        entry = (await kid.post("/api/mistakes", json={"turn_id": turn["id"]})).json()["entry"]
        model.replies.append("1. 解方程 x^2=x\n2. 解方程 x^2=4x")
        r = await kid.post(f"/api/mistakes/{entry['id']}/practice")
        assert r.status_code == 200 and r.json()["exercise"]["question"] == "解方程 x^2=4x", r.text
    await app.state.zuoye.aclose()
