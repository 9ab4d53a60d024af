"""What a fleet of processes needs from the client: a limiter told each call's budget key and
allowed to say "not yet" (a low-priority call), and a token cache shared by processes, through
which one exchange serves them all and one refresh follows a rejection. The processes are
simulated here with one client and one TokenStore each over a common in-memory cache;
tests/fleet runs the Redis versions across real processes."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from tests.ernie._fake import FakeWenxin, chat, close, consume, make_client, stream
from tests.ernie.test_auth import slow_token_endpoint
from tests.ernie.test_streaming import answer
from zuoye.ernie import Ernie, RateLimitInfo, TokenStore
from zuoye.ernie._token_store import SharedTokenCache

pytestmark = pytest.mark.anyio


class RecordingLimiter:
    """Says "not yet" (a negative wait) `refusals` times, then lets the call go."""

    def __init__(self, refusals: int = 0) -> None:
        self.refusals = refusals
        self.calls: list[tuple[str, str | None]] = []

    def reserve(self, tokens: int, output_tokens: int = 0, *, key: str | None = None) -> float:
        self.calls.append(("reserve", key))
        if self.refusals:
            self.refusals -= 1
            return -2.5
        return 0.0

    def settle(self, estimated: int, actual: int, *, key: str | None = None, **_: Any) -> None:
        self.calls.append(("settle", key))

    def observe(self, info: RateLimitInfo | None, *, key: str | None = None) -> None:
        self.calls.append(("observe", key))

    def penalize(self, kind: str, *, key: str | None = None) -> None:
        self.calls.append(("penalize", key))


async def test_a_limiter_that_says_not_yet_is_asked_again_after_waiting(
    sync: bool, fake: FakeWenxin, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("zuoye.ernie._client.time.sleep", slept.append)
    monkeypatch.setattr("zuoye.ernie._async_client._sleep", fake_async_sleep)
    limiter = RecordingLimiter(refusals=2)
    client = make_client(sync, fake, rate_limiter=limiter)
    await chat(client)
    assert slept == [2.5, 2.5]
    assert [c[0] for c in limiter.calls].count("reserve") == 3
    assert fake.chat_requests == 1
    await close(client)


async def test_every_limiter_step_names_the_credential_and_model(sync: bool, fake: FakeWenxin) -> None:
    limiter = RecordingLimiter()
    client = make_client(sync, fake, rate_limiter=limiter)
    await chat(client, model="ERNIE-Speed-8K")
    keys = {key for _, key in limiter.calls}
    assert len(keys) == 1
    [key] = keys
    assert key is not None and key.endswith("/ernie-speed-8k")
    other = make_client(sync, fake, rate_limiter=limiter, api_key="another-ak", secret_key="another-sk")
    await chat(other, model="ERNIE-Speed-8K")
    assert limiter.calls[-1][1] != key  # another account: another budget
    assert "test-ak" not in key and "test-sk" not in key
    await close(client)
    await close(other)


async def test_a_call_tells_the_limiter_each_thing_once(sync: bool, fake: FakeWenxin) -> None:
    """A shared limiter pays a round trip to Redis for each step: a stream's headers, seen when
    it begins, are not observed a second time when it ends."""
    limiter = RecordingLimiter()
    client = make_client(sync, fake, rate_limiter=limiter)
    await chat(client)
    headers = {"X-Ratelimit-Remaining-Requests": "9"}
    fake.replies.append(stream(answer(), headers=headers)[0])
    await consume(await chat(client, stream=True))
    steps = [step for step, _ in limiter.calls]
    assert steps == ["reserve", "observe", "settle"] * 2
    await close(client)


class Shared:
    """The storage several processes would share (Redis, in production)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tokens: dict[str, tuple[str, float]] = {}
        self.locks: dict[str, str] = {}


class ProcessView:
    """One process's view of the shared cache (its own name, so each gets its own TokenStore)."""

    def __init__(self, shared: Shared, name: str) -> None:
        self.shared = shared
        self.name = name

    def load(self, key_id: str) -> tuple[str, float] | None:
        return self.shared.tokens.get(key_id)

    def store(self, key_id: str, token: str | None, expires_at: float = 0.0) -> None:
        if token is None:
            self.shared.tokens.pop(key_id, None)
        else:
            self.shared.tokens[key_id] = (token, expires_at)

    def try_lock(self, key_id: str) -> bool:
        with self.shared.lock:
            if key_id in self.shared.locks:
                return False
            self.shared.locks[key_id] = self.name
            return True

    def unlock(self, key_id: str) -> None:
        with self.shared.lock:
            if self.shared.locks.get(key_id) == self.name:
                del self.shared.locks[key_id]

    def forget(self, key_id: str, token: str) -> None:
        with self.shared.lock:
            if self.shared.tokens.get(key_id, ("",))[0] == token:
                del self.shared.tokens[key_id]


def test_the_fake_is_a_shared_cache() -> None:
    assert isinstance(ProcessView(Shared(), "p"), SharedTokenCache)


def _fleet(fake: FakeWenxin, shared: Shared, n: int) -> list[Ernie]:
    return [
        Ernie(
            api_key="test-ak",
            secret_key="test-sk",
            transport=fake.transport(),
            token_cache=ProcessView(shared, f"process-{i}"),
        )
        for i in range(n)
    ]


def _all_at_once(clients: list[Ernie]) -> list[str]:
    barrier = threading.Barrier(len(clients))
    results: list[str] = []

    def work(client: Ernie) -> None:
        barrier.wait()
        results.append(client.chat(messages=[{"role": "user", "content": "你好"}]).result)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_one_exchange_for_the_fleet_and_one_refresh_after_a_rejection(fake: FakeWenxin) -> None:
    slow_token_endpoint(fake, delay=0.1)  # exchanges overlap, as they would across processes
    shared = Shared()
    clients = _fleet(fake, shared, 6)
    assert len({id(c._auth.store) for c in clients}) == 6  # type: ignore[union-attr]
    assert _all_at_once(clients) == ["你好"] * 6
    assert fake.token_requests == 1

    fake.revoke_all()  # the token dies everywhere at once
    assert _all_at_once(clients) == ["你好"] * 6
    assert fake.token_requests == 2  # one refresh for the whole fleet
    assert not shared.locks
    for c in clients:
        c.close()


def test_a_process_started_later_adopts_the_fleets_token(fake: FakeWenxin) -> None:
    shared = Shared()
    [first] = _fleet(fake, shared, 1)
    first.chat(messages=[{"role": "user", "content": "你好"}])
    TokenStore._stores.clear()  # a new process
    [later] = _fleet(fake, shared, 1)
    later.chat(messages=[{"role": "user", "content": "你好"}])
    assert fake.token_requests == 1
    first.close()
    later.close()


def test_a_token_stored_just_before_the_lock_was_taken_is_adopted() -> None:
    # Process B looked (nothing), then A stored its token and let go of the lock, then B took the
    # lock: B must look again instead of fetching a second token.
    shared = Shared()
    view = ProcessView(shared, "B")
    store = TokenStore("key", cache=view)
    claim = store.claim()
    assert claim.owner and claim.flight is not None
    real_try_lock = view.try_lock

    def a_finished_meanwhile(key_id: str) -> bool:
        shared.tokens[key_id] = ("token-from-A", time.time() + 3600)
        return real_try_lock(key_id)

    view.try_lock = a_finished_meanwhile  # type: ignore[method-assign]
    assert store.coordinate(claim.flight) == ("use", "token-from-A")
    assert not shared.locks  # let go again
    assert store.claim().token == "token-from-A"
