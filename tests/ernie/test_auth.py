"""The access-token cache (refresh ahead of expiry with an injected clock, exactly one refresh in
flight across threads and asyncio tasks, the 0600 disk cache) and bce-auth-v1 signing."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.ernie._fake import FakeWenxin, chat, close, make_client
from zuoye.ernie import (
    APIConnectionError,
    AsyncErnie,
    BceSigningAuth,
    Ernie,
    InvalidCredentialsError,
    TokenStore,
    sign_request,
)

pytestmark = pytest.mark.anyio

U = [{"role": "user", "content": "你好"}]


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def slow_token_endpoint(
    fake: FakeWenxin, delay: float = 0.05, started: threading.Event | None = None
) -> None:
    """Make every token exchange take `delay` seconds, so concurrent callers overlap."""

    def reply(request: httpx.Request) -> httpx.Response:
        if started is not None:
            started.set()
        time.sleep(delay)
        fake.issued += 1
        token = f"tok-{fake.issued}"
        fake.valid.add(token)
        return httpx.Response(200, json={"access_token": token, "expires_in": fake.expires_in})

    fake.token_replies.extend([reply] * 20)


async def test_refresh_ahead_of_expiry(sync: bool, fake: FakeWenxin) -> None:
    clock = Clock()
    fake.expires_in = 1000  # refresh when 10% (100 s) is left
    client = make_client(sync, fake, token_cache=TokenStore("k", clock=clock))
    await chat(client)
    clock.now += 899
    await chat(client)
    assert fake.token_requests == 1
    clock.now += 2  # inside the margin: refreshed before the service would say 111
    await chat(client)
    assert fake.token_requests == 2
    assert fake.requests[-1].url.params["access_token"] == "tok-2"
    clock.now += 1001  # long past the first token's life
    await chat(client)
    assert fake.token_requests == 3
    await close(client)


def test_others_keep_using_a_valid_token_while_one_refreshes() -> None:
    clock = Clock()
    store = TokenStore("k", clock=clock)
    claim = store.claim()
    assert claim.owner and claim.flight is not None
    store.finish(claim.flight, token="tok-1", expires_in=1000)
    clock.now += 950
    refresher = store.claim()
    assert refresher.owner  # the first caller inside the margin fetches
    assert store.claim().token == "tok-1"  # the rest are not held up meanwhile
    assert refresher.flight is not None
    store.finish(refresher.flight, token="tok-2", expires_in=1000)
    assert store.claim().token == "tok-2"
    assert store.fetches == 2


def test_invalidate_forgets_only_the_rejected_token() -> None:
    store = TokenStore("k")
    claim = store.claim()
    assert claim.flight is not None
    store.finish(claim.flight, token="tok-2", expires_in=1000)
    store.invalidate("tok-1")  # an old token's late 110 must not discard the new one
    assert store.claim().token == "tok-2"
    store.invalidate("tok-2")
    assert store.claim().owner


def test_exactly_one_refresh_across_threads(fake: FakeWenxin) -> None:
    slow_token_endpoint(fake)
    client = Ernie(api_key="test-ak", secret_key="test-sk", transport=fake.transport())
    barrier = threading.Barrier(16)
    results: list[str] = []

    def work() -> None:
        barrier.wait()
        results.append(client.chat(messages=U).result)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["你好"] * 16
    assert fake.token_requests == 1
    client.close()


async def test_exactly_one_refresh_across_tasks(fake: FakeWenxin) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/2.0/token":
            await asyncio.sleep(0.05)  # other tasks run meanwhile and must wait, not fetch
        return fake(request)

    client = AsyncErnie(api_key="test-ak", secret_key="test-sk", transport=httpx.MockTransport(handler))
    results = await asyncio.gather(*(client.chat(messages=U) for _ in range(16)))
    assert [r.result for r in results] == ["你好"] * 16
    assert fake.token_requests == 1
    await client.close()


async def test_one_refresh_shared_by_a_thread_and_tasks(fake: FakeWenxin) -> None:
    # A sync client in a thread fetches; async tasks with the same keys wait for that fetch.
    started = threading.Event()
    slow_token_endpoint(fake, delay=0.2, started=started)
    sync_client = Ernie(api_key="test-ak", secret_key="test-sk", transport=fake.transport())
    async_client = AsyncErnie(api_key="test-ak", secret_key="test-sk", transport=fake.transport())
    thread = threading.Thread(target=sync_client.chat, kwargs={"messages": U})
    thread.start()
    await asyncio.to_thread(started.wait)  # the thread's exchange is under way
    results = await asyncio.gather(*(async_client.chat(messages=U) for _ in range(4)))
    thread.join()
    assert [r.result for r in results] == ["你好"] * 4
    assert fake.token_requests == 1
    sync_client.close()
    await async_client.close()


def test_a_failed_refresh_fails_its_waiters_without_more_exchanges(fake: FakeWenxin) -> None:
    def reject(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)
        return httpx.Response(401, json={"error": "invalid_client", "error_description": "unknown client id"})

    fake.token_replies.extend([reject] * 10)
    client = Ernie(api_key="test-ak", secret_key="test-sk", transport=fake.transport())
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def work() -> None:
        barrier.wait()
        try:
            client.chat(messages=U)
        except InvalidCredentialsError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 8
    assert fake.token_requests == 1
    client.close()


def test_an_aborted_refresh_lets_a_waiter_try_again(fake: FakeWenxin) -> None:
    def drop(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)
        raise httpx.ConnectError("connection refused")

    fake.token_replies.append(drop)
    client = Ernie(api_key="test-ak", secret_key="test-sk", transport=fake.transport(), max_retries=0)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def work() -> None:
        barrier.wait()
        try:
            outcomes.append(client.chat(messages=U).result)
        except APIConnectionError:
            outcomes.append("failed")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["failed", "你好", "你好", "你好"]
    assert fake.token_requests == 2
    client.close()


async def test_disk_cache_is_private_and_survives_a_new_process(
    sync: bool, fake: FakeWenxin, tmp_path: Path
) -> None:
    path = tmp_path / "cache" / "tokens.json"
    client = make_client(sync, fake, token_cache=path)
    await chat(client)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text()
    assert "tok-1" in text and "test-sk" not in text and "test-ak" not in text
    await close(client)
    TokenStore._stores.clear()  # as if this were the next CLI run
    client = make_client(sync, fake, token_cache=path)
    await chat(client)
    assert fake.token_requests == 1  # the token came from disk
    fake.revoke_all()
    await chat(client)  # 110: the cached token is dropped and replaced, on disk too
    assert fake.token_requests == 2
    assert "tok-2" in path.read_text() and "tok-1" not in path.read_text()
    await close(client)


async def test_a_broken_cache_file_is_ignored(sync: bool, fake: FakeWenxin, tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text("{not json")
    client = make_client(sync, fake, token_cache=path)
    assert (await chat(client)).result == "你好"
    assert json.loads(path.read_text())  # rewritten, valid again
    await close(client)


# --------------------------------------------------------------------------- bce-auth-v1


def test_signature_matches_the_protocol_notes_vector() -> None:
    authorization = sign_request(
        method="POST",
        path="/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro",
        query=[],
        headers={
            "Content-Type": "application/json",
            "Host": "aip.baidubce.com",
            "x-bce-date": "2023-11-14T22:13:20Z",
        },
        access_key="testak123",
        secret_key="testsk456",
        timestamp="2023-11-14T22:13:20Z",
        expiration=1800,
    )
    assert authorization == (
        "bce-auth-v1/testak123/2023-11-14T22:13:20Z/1800/content-type;host;x-bce-date/"
        "fd687887abab89b35e011262d4b280a3822d9166c9f95a2ca39fd8a109c466fb"
    )


def test_signing_auth_on_a_real_request_gives_the_vector() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    auth = BceSigningAuth("testak123", "testsk456", clock=lambda: 1_700_000_000.0)  # 2023-11-14T22:13:20Z
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as http:
        http.post(
            "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro",
            content=b"{}",
            headers={"Content-Type": "application/json"},
        )
    assert seen[0].headers["x-bce-date"] == "2023-11-14T22:13:20Z"
    assert (
        seen[0]
        .headers["authorization"]
        .endswith("/fd687887abab89b35e011262d4b280a3822d9166c9f95a2ca39fd8a109c466fb")
    )


def test_canonical_query_and_path_encoding() -> None:
    base: dict[str, Any] = {
        "method": "GET",
        "headers": {"Host": "h"},
        "access_key": "ak",
        "secret_key": "sk",
        "timestamp": "2024-01-01T00:00:00Z",
    }
    one = sign_request(path="/a b/c", query=[("b", "2"), ("a", "x/y"), ("authorization", "z")], **base)
    two = sign_request(path="/a b/c", query=[("a", "x/y"), ("b", "2")], **base)
    assert one == two  # parameter order and the `authorization` parameter do not matter
    assert one.split("/")[4] == "host"  # only headers that are present are signed
