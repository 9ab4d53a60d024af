from __future__ import annotations

from typing import Any

import pytest

from zuoye.batch.pacing import AdaptivePacer
from zuoye.providers import RateLimits, Usage


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
    pacer.on_success(limits=RateLimits(requests=300))
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
    pacer.on_success(Usage(600, 400, 1000))
    await pacer.acquire()
    assert clock.slept and clock.slept[-1] == pytest.approx(60)


@pytest.mark.parametrize(
    ("limits", "usage", "budget"),
    [
        (RateLimits(input_tokens=3000), Usage(1000, 10, 1010), "input_tokens"),
        (RateLimits(output_tokens=3000), Usage(10, 1000, 1010), "output_tokens"),
        (RateLimits(tokens=3000), Usage(500, 510, 1010), "tokens"),
    ],
)
async def test_learns_each_token_budget_from_the_replies(
    limits: RateLimits, usage: Usage, budget: str
) -> None:
    """Qianfan v2 budgets input and output tokens apart; whichever runs out holds the batch."""
    clock = Clock()
    pacer = AdaptivePacer(clock=clock, sleep=clock.sleep)
    for _ in range(2):
        await pacer.acquire()
        pacer.on_success(usage, limits)
        clock.now += 1.0
    assert clock.slept == []  # 2 of 3 thousand used
    await pacer.acquire()
    pacer.on_success(usage, limits)
    await pacer.acquire()  # the budget is spent: wait until the first call leaves the minute
    assert clock.slept == [pytest.approx(58.0)]
    assert getattr(pacer, budget).limit == 3000


async def test_all_three_v2_budgets_from_one_reply_and_the_tightest_holds() -> None:
    clock = Clock()
    pacer = AdaptivePacer(tpm=10**6, clock=clock, sleep=clock.sleep)
    v2 = RateLimits(requests=120, input_tokens=5000, output_tokens=800)
    pacer.on_success(Usage(100, 400, 500), v2)
    assert (pacer.rate, pacer.input_tokens.limit, pacer.output_tokens.limit) == (2, 5000, 800)
    pacer.on_success(Usage(100, 400, 500), RateLimits(requests=600, output_tokens=2000))
    assert (pacer.rate, pacer.output_tokens.limit) == (2, 800)  # a reported budget only lowers
    await pacer.acquire()  # 800 output tokens used of 800: the output budget holds the batch
    assert clock.slept == [pytest.approx(60.0)]


async def test_a_paced_model_learns_the_v2_budgets_from_real_replies(emulator_factory: Any) -> None:
    from zuoye import ernie
    from zuoye.batch import PacedModel
    from zuoye.providers import Message, QianfanProvider, complete

    key = "bce-v3/ALTAK-" + "p" * 20 + "/" + "s" * 40
    url = emulator_factory(bearer_token=key, rpm=300, input_tpm=40_000, output_tpm=6_000)
    client = ernie.AsyncErnie(bearer_token=key, base_url=url, max_retries=0)
    clock = Clock()
    pacer = AdaptivePacer(clock=clock, sleep=clock.sleep)
    try:
        paced = PacedModel(QianfanProvider(client).get("ERNIE-4.0-8K"), pacer)
        reply = await complete(paced, messages=[Message.user("讲讲勾股定理")])
    finally:
        await client.close()
    assert (pacer.rate, pacer.input_tokens.limit, pacer.output_tokens.limit) == (5, 40_000, 6_000)
    assert reply.usage.prompt_tokens > 0
