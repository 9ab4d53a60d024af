from __future__ import annotations

import pytest

from zuoye.batch.pacing import AdaptivePacer


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_unpaced_until_the_first_refusal_then_just_under_what_got_through() -> None:
    clock = Clock()
    pacer = AdaptivePacer(clock=clock, sleep=clock.sleep)
    for _ in range(20):  # a burst: 20 accepted within the same second
        await pacer.acquire()
        pacer.on_success()
        clock.now += 0.01
    assert clock.slept == []
    pacer.on_rate_limited()
    assert pacer.rate == pytest.approx(20 * 0.97)
    start = clock.now
    for _ in range(19):
        await pacer.acquire()
    # evenly spaced at the learned rate
    assert clock.now - start == pytest.approx(19 / pacer.rate, rel=0.06)


async def test_configured_rpm_is_a_hard_ceiling_even_when_probing() -> None:
    clock = Clock()
    pacer = AdaptivePacer(rpm=600, clock=clock, sleep=clock.sleep)
    assert pacer.rate == 10
    pacer.on_rate_limited()
    for _ in range(200):
        await pacer.acquire()
        pacer.on_success()
    assert pacer.rate is not None and pacer.rate <= 10


async def test_learns_the_rpm_from_headers() -> None:
    clock = Clock()
    pacer = AdaptivePacer(clock=clock, sleep=clock.sleep)
    pacer.on_success(limit_requests=300)
    assert pacer.rate == 5
    t0 = clock.now
    for _ in range(11):
        await pacer.acquire()
    assert clock.now - t0 == pytest.approx(2.0)


async def test_probes_upwards_after_a_refusal_and_backs_off_again() -> None:
    clock = Clock()
    pacer = AdaptivePacer(clock=clock, sleep=clock.sleep)
    for _ in range(10):
        pacer.on_success()
    pacer.on_rate_limited()
    learned = pacer.rate
    assert learned is not None
    for _ in range(200):
        await pacer.acquire()
        pacer.on_success()
    assert pacer.rate is not None and pacer.rate > learned


async def test_tpm_waits_for_the_minute_window() -> None:
    clock = Clock()
    pacer = AdaptivePacer(tpm=1000, clock=clock, sleep=clock.sleep)
    await pacer.acquire()
    pacer.on_success(tokens=1000)
    await pacer.acquire()
    assert clock.slept and clock.slept[-1] == pytest.approx(60)
