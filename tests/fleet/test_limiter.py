"""The fleet's model quota in a real Redis: per-minute budgets counted as the service counts them,
one budget for every process, students before worksheets, and a local share when Redis is down."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import redis

from tests.fleet.conftest import RedisServer
from zuoye.ernie import RateLimitInfo
from zuoye.fleet import BACKGROUND_FLOOR, Fleet, FleetLimiter, background_calls

KEY = "c0ffee/ernie-4.0-8k"


def limiter(url: str, **budgets: int) -> FleetLimiter:
    return Fleet.connect(url, **budgets).limiter


def immediate(lim: FleetLimiter, n: int, key: str = KEY) -> int:
    """How many of `n` reservations may go at once."""
    return sum(lim.reserve(10, 10, key=key) == 0 for _ in range(n))


def test_requests_per_minute_are_shared_by_every_limiter_on_the_redis(redis_url: str) -> None:
    a, b = limiter(redis_url, rpm=30), limiter(redis_url, rpm=30)
    assert immediate(a, 20) == 20
    assert immediate(b, 20) == 10  # the other process's 20 came out of the same budget
    wait = b.reserve(10, key=KEY)
    assert -60.1 < wait < 0  # nothing taken: ask again when the minute turns


def test_budgets_are_per_credential_and_model(redis_url: str) -> None:
    lim = limiter(redis_url, rpm=5)
    assert immediate(lim, 5) == 5
    assert lim.reserve(1, key="c0ffee/ernie-speed-8k") == 0
    assert lim.reserve(1, key="beef/ernie-4.0-8k") == 0
    assert lim.reserve(1, key=KEY) < 0


def test_tokens_are_reserved_then_settled_with_the_real_usage(redis_url: str) -> None:
    lim = limiter(redis_url, input_tpm=1000, output_tpm=1000)
    assert lim.reserve(600, 100, key=KEY) == 0
    lim.settle(600, 700, output_estimated=100, input_actual=300, output_actual=400, key=KEY)
    # input: 1000 - 300 left 700; output: 1000 - 400 left 600
    assert lim.reserve(650, 550, key=KEY) == 0
    assert lim.reserve(100, 0, key=KEY) < 0


def test_limits_are_learned_from_any_process_and_refusals_cool_everyone_down(redis_url: str) -> None:
    a, b = limiter(redis_url), limiter(redis_url)
    assert immediate(a, 2) == 2  # nothing configured or learned: no limit yet
    # b learns the budget, and that 3 are spent this minute (a's 2 and someone else's 1)
    b.observe(RateLimitInfo(limit_requests=5, remaining_requests=2), key=KEY)
    assert immediate(a, 3) == 2  # obeyed by a
    c = limiter(redis_url, rpm=600)
    c.observe(RateLimitInfo(limit_requests=600), key="other/model")
    assert immediate(c, 1, key="other/model") == 1
    c.penalize("rpm", key="other/model")  # a 336501 seen by c ...
    assert a.reserve(1, key="other/model") < 0  # ... makes a wait too
    a.penalize("tpm", key="unknown/model")  # refused before any budget was learned
    assert b.reserve(1, key="unknown/model") < 0


def test_worksheets_leave_the_last_share_to_students(redis_url: str) -> None:
    lim = limiter(redis_url, rpm=10)
    with background_calls():
        granted = immediate(lim, 10)
        refused = lim.reserve(10, key=KEY)
    assert granted == round(10 * (1 - BACKGROUND_FLOOR))
    assert refused < 0  # nothing taken: ask again later
    assert immediate(lim, 3) == 2  # students still get the last share
    assert lim.reserve(10, key=KEY) < 0


def test_a_call_larger_than_the_worksheet_share_still_fits_eventually(redis_url: str) -> None:
    lim = limiter(redis_url, input_tpm=1000)
    with background_calls():
        assert lim.reserve(5000, key=KEY) == 0  # a full bucket admits it, never "wait forever"


def test_without_redis_each_process_keeps_to_its_share(redis_server: RedisServer, redis_url: str) -> None:
    a, b = limiter(redis_url, rpm=40), limiter(redis_url, rpm=40)
    a.reserve(1, key=KEY)
    b.reserve(1, key=KEY)
    a.reserve(1, key=KEY)  # a has now seen two processes
    assert not a.degraded and a.health()["processes"] == 2
    redis_server.stop()
    try:
        granted = immediate(a, 40)
        assert a.degraded and a.health() == {"shared": False, "processes": 2, "local_share": 0.5}
        assert granted == 20  # its half of the budget: slower, never over, never failing open
    finally:
        redis_server.start()


def test_a_redis_url_that_is_not_one_says_so() -> None:
    with pytest.raises(Exception, match="ZUOYE_REDIS_URL"):
        Fleet.connect("http://localhost:6379")


WORKER = textwrap.dedent(
    """
    import sys, time
    from zuoye.fleet import Fleet
    url, start = sys.argv[1], float(sys.argv[2])
    lim = Fleet.connect(url, rpm=30).limiter
    while time.time() < start:
        time.sleep(0.001)
    print(sum(lim.reserve(10, key="c0ffee/ernie-4.0-8k") == 0 for _ in range(25)))
    """
)


def test_processes_started_together_share_one_budget(redis_url: str) -> None:
    import time

    start = time.time() + 1.5
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, redis_url, str(start)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    granted = [int(p.communicate(timeout=60)[0]) for p in procs]
    assert sum(granted) in (30, 31)  # the budget, plus at most what refills during the race
    assert redis.Redis.from_url(redis_url).zcard("zuoye:limit-processes") == 3
