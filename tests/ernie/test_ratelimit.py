"""The client-side RPM/TPM limiter: reservations, learning from X-Ratelimit-* headers, slowing down
after a rate-limit answer, and never sleeping while holding its lock."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from tests.ernie._fake import FakeWenxin, chat, close, err, make_client
from zuoye.ernie import RateLimiter, RateLimitError, RateLimitInfo
from zuoye.ernie._base import RetryPolicy

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_requests_per_minute() -> None:
    clock = Clock()
    limiter = RateLimiter(rpm=60, clock=clock)
    assert [limiter.reserve(0) for _ in range(60)] == [0.0] * 60
    assert limiter.reserve(0) == pytest.approx(1.0)  # the 61st waits for one second's refill
    assert limiter.reserve(0) == pytest.approx(2.0)  # and later ones queue behind it
    clock.now += 10  # 10 refilled, 2 owed
    assert [limiter.reserve(0) for _ in range(8)] == [0.0] * 8
    assert limiter.reserve(0) == pytest.approx(1.0)


def test_tokens_per_minute_and_settling_with_real_usage() -> None:
    clock = Clock()
    limiter = RateLimiter(tpm=6000, clock=clock)
    assert limiter.reserve(5000) == 0.0
    assert limiter.reserve(2000) == pytest.approx(10.0)  # 1000 short at 100 tokens/s
    clock.now += 10
    limiter.settle(estimated=2000, actual=500)  # the reply was cheaper than feared
    assert limiter.reserve(1500) == 0.0


def test_a_request_larger_than_the_budget_waits_one_window_not_forever() -> None:
    limiter = RateLimiter(tpm=1000, clock=Clock())
    assert limiter.reserve(1000) == 0.0
    assert limiter.reserve(50_000) == pytest.approx(60.0)


def test_learning_limits_and_remaining_from_headers() -> None:
    clock = Clock()
    limiter = RateLimiter(clock=clock)  # nothing configured: unlimited until told
    assert limiter.reserve(10**6) == 0.0
    limiter.observe(
        RateLimitInfo(limit_requests=120, limit_tokens=None, remaining_requests=0, remaining_tokens=None)
    )
    assert limiter.rpm == 120
    assert limiter.reserve(0) == pytest.approx(0.5)  # none left: wait for the refill
    configured = RateLimiter(rpm=300, clock=clock)
    configured.observe(RateLimitInfo(limit_requests=100))
    assert configured.rpm == 100  # the service's lower limit wins
    configured.observe(RateLimitInfo(limit_requests=1000))
    assert configured.rpm == 300  # a higher one does not raise the configured cap


def test_penalize_empties_the_bucket_concerned() -> None:
    clock = Clock()
    limiter = RateLimiter(rpm=60, tpm=6000, clock=clock)
    limiter.penalize("rpm")
    assert limiter.reserve(0) == pytest.approx(1.0)
    clock.now += 1
    limiter.penalize("tpm")
    assert limiter.reserve(100) == pytest.approx(1.0)


def test_reserve_never_sleeps_while_holding_the_lock() -> None:
    limiter = RateLimiter(rpm=1)
    waits = [limiter.reserve(0) for _ in range(5)]  # minutes of waiting, handed out at once
    assert waits[-1] > 200
    done = threading.Event()
    t0 = time.perf_counter()

    def other() -> None:
        limiter.reserve(0)
        limiter.observe(RateLimitInfo(remaining_requests=0))
        done.set()

    threading.Thread(target=other).start()
    assert done.wait(1.0)
    assert time.perf_counter() - t0 < 1.0


def test_options_are_checked() -> None:
    from zuoye.ernie import ValidationError

    with pytest.raises(ValidationError, match="positive integer"):
        RateLimiter(rpm=-5)
    with pytest.raises(ValidationError, match="not both"):
        make_client(True, FakeWenxin(), rpm=10, rate_limiter=RateLimiter(rpm=10))


async def test_the_client_waits_for_the_limiter(
    sync: bool, fake: FakeWenxin, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    slept: list[float] = []

    def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    async def fake_async_sleep(seconds: float) -> None:
        fake_sleep(seconds)

    monkeypatch.setattr("zuoye.ernie._client.time.sleep", fake_sleep)
    monkeypatch.setattr("zuoye.ernie._async_client._sleep", fake_async_sleep)
    client = make_client(sync, fake, rate_limiter=RateLimiter(rpm=2, clock=clock))
    for _ in range(3):
        await chat(client)
    assert fake.chat_requests == 3
    assert slept == [pytest.approx(30.0)]  # the third request of the minute waited for a slot
    await close(client)


async def test_the_client_learns_and_slows_down_after_336501(sync: bool, fake: FakeWenxin) -> None:
    clock = Clock()
    limiter = RateLimiter(rpm=600, clock=clock)
    fake.replies.append(err(336501, "rpm limit reached"))
    client = make_client(sync, fake, rate_limiter=limiter, max_retries=0)
    with pytest.raises(RateLimitError):
        await chat(client)
    assert limiter.reserve(0) > 0  # the next request waits for the window instead of failing again
    fake.replies.append(
        lambda request: httpx.Response(
            200,
            json={"result": "ok", "usage": {"total_tokens": 1}},
            headers={"X-Ratelimit-Limit-Requests": "60"},
        )
    )
    clock.now += 60
    await chat(client)
    assert limiter.rpm == 60
    await close(client)


def test_backoff_is_exponential_capped_and_jittered() -> None:
    policy = RetryPolicy(max_retries=10, initial_delay=0.5, max_delay=8.0, jitter=0.25)
    from zuoye.ernie import ServerBusyError

    busy = ServerBusyError("busy")
    for retries, base in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        for _ in range(20):
            assert base * 0.75 <= policy.delay(busy, retries) <= base
    assert RetryPolicy(initial_delay=0).delay(busy, 5) == 0.0
    limited = RateLimitError("rpm")
    assert policy.delay(limited, 0) >= 0.75  # a rate limit waits at least a second (less jitter)
