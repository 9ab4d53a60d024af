"""API tokens through the API: a lifetime (the server's default, at most its maximum), and no
use after the user's password changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.web.test_login_throttle import app, from_address, login
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio
__all__ = ["app"]  # the fixture


async def test_api_tokens_expire_and_a_new_password_revokes_them(app: Any, accounts: Accounts) -> None:
    async with from_address(app, "127.0.0.1") as c:
        assert (await login(c, "amy")).status_code == 200
        made = (await c.post("/api/tokens", json={"label": "script"})).json()
        r = await c.post("/api/tokens", json={"label": "too long", "expires_in_days": 31})
        assert r.status_code == 422 and "1 到 30 天" in r.json()["error"]["message"]
        short = (await c.post("/api/tokens", json={"label": "short", "expires_in_days": 1})).json()
        listed = {t["label"]: t for t in (await c.get("/api/tokens")).json()}
        lives = {
            k: datetime.fromisoformat(t["expires_at"]) - datetime.fromisoformat(t["created_at"])
            for k, t in listed.items()
        }
        assert round(lives["script"] / timedelta(days=1)) == 7  # the server's default
        assert round(lives["short"] / timedelta(days=1)) == 1
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {made['token']}"},
    ) as api:
        assert (await api.get("/api/me")).status_code == 200
        user = accounts.find_user(name="amy")
        assert user is not None
        accounts.set_password(user_id=user.id, password="another password")
        r = await api.get("/api/me")
        assert r.status_code == 401 and "无效" in r.json()["error"]["message"]
    assert short["token"] != made["token"]


async def test_an_expired_token_is_refused(app: Any, accounts: Accounts) -> None:
    user = accounts.find_user(name="bob")
    assert user is not None
    expired, _ = accounts.issue_token(user_id=user.id, kind="api", ttl=timedelta(seconds=-1))
    live, _ = accounts.issue_token(user_id=user.id, kind="api")
    for secret, status in ((expired, 401), (live, 200)):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app),
            base_url="http://testserver",
            headers={"Authorization": f"Bearer {secret}"},
        ) as api:
            r = await api.get("/api/me")
            assert r.status_code == status, r.text
            if status == 401:
                assert "已过期" in r.json()["error"]["message"]
