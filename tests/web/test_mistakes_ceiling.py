"""加入错题本 under an adult's help ceiling: the entry shows no more than the answer could. The
tutor's own entry for a 批改 under a hint-only ceiling has no correct step; a turn the student
saves by hand (after removing that entry, or one never kept) must not get it either."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

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
