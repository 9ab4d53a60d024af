"""Logins under guessing, in process: counted before the check, per account and per address, a
known address let in, a bound on checks at once."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.web.conftest import CSRF
from zuoye.store import Store
from zuoye.store.login_attempts import LoginAttempts
from zuoye.store.users import Accounts
from zuoye.web._errors import ApiError
from zuoye.web._throttle import LoginGuard

pytestmark = pytest.mark.anyio

PASSWORD = "long enough"


@pytest.fixture
async def app(make_app: Any, accounts: Accounts) -> AsyncIterator[Any]:
    for name in ("amy", "bob", "victim"):
        accounts.create_user(name=name, password=PASSWORD)
    app = make_app(multi_user=True, daily_quota=0, api_token_days=7, api_token_max_days=30)
    yield app
    await app.state.zuoye.aclose()


def from_address(app: Any, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app, client=(address, 40000)),
        base_url="http://testserver",
        headers=CSRF,
    )


async def login(c: httpx.AsyncClient, name: str, password: str = PASSWORD) -> httpx.Response:
    return await c.post("/api/login", json={"name": name, "password": password})


async def test_parallel_guesses_are_counted_before_they_are_checked(app: Any, store: Store) -> None:
    async with from_address(app, "198.51.100.1") as c:
        replies = await asyncio.gather(*(login(c, "victim", f"guess-{i:04d}") for i in range(40)))
        codes = [r.status_code for r in replies]
        assert codes.count(401) == 10 and codes.count(429) == 30, codes
        refused = next(r for r in replies if r.status_code == 429)
        assert refused.json()["error"]["code"] == "too_many_attempts"
        assert "分钟后再试" in refused.json()["error"]["message"]
        assert int(refused.headers["retry-after"]) > 0
        assert LoginAttempts(store).failures(name="victim") == 10
        # someone else behind the same address is not locked out by those guesses
        assert (await login(c, "amy")).status_code == 200


async def test_an_address_that_logs_in_to_an_account_keeps_it_while_others_guess(app: Any) -> None:
    async with from_address(app, "192.0.2.10") as home:
        assert (await login(home, "bob")).status_code == 200
        async with from_address(app, "203.0.113.66") as attacker:
            for _ in range(10):
                assert (await login(attacker, "bob", "wrong-guess")).status_code == 401
            assert (await login(attacker, "bob")).status_code == 429  # even the right password
        async with from_address(app, "203.0.113.67") as elsewhere:
            assert (await login(elsewhere, "bob")).status_code == 429  # the account is under attack
        assert (await login(home, "bob")).status_code == 200  # but bob at home gets in


async def test_one_address_guessing_many_accounts_meets_the_address_limit(
    make_app: Any, accounts: Accounts
) -> None:
    accounts.create_user(name="kid", password=PASSWORD)
    app = make_app(multi_user=True, login_failures_per_address=5)
    async with from_address(app, "198.51.100.2") as c:
        for i in range(5):
            assert (await login(c, f"name{i}", "wrong-guess")).status_code == 401
        r = await login(c, "kid")
        assert r.status_code == 429 and "网络" in r.json()["error"]["message"]
    async with from_address(app, "198.51.100.3") as other:
        assert (await login(other, "kid")).status_code == 200
    await app.state.zuoye.aclose()


async def test_checks_beyond_the_slots_wait_then_are_refused_without_counting(store: Store) -> None:
    attempts = LoginAttempts(store)
    guard = LoginGuard(store, attempts, checks=1, wait=0.2)
    running = 0
    most = 0
    lock = threading.Lock()

    def slow_wrong() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.5)
        with lock:
            running -= 1

    async def one(i: int) -> str:
        try:
            await guard.check(name=f"user{i}", address="10.9.9.9", verify=slow_wrong)
        except ApiError as exc:
            return exc.code
        return "ok"

    try:
        codes = await asyncio.gather(*(one(i) for i in range(4)))
    finally:
        guard.close()
    assert sorted(codes) == ["bad_login", "busy", "busy", "busy"]
    assert most == 1
    # the refused ones were never checked, so they are not failures
    assert attempts.failures(address="10.9.9.9") == 1
