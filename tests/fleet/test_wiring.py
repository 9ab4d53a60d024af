"""ZUOYE_REDIS_URL as a user sets it: `zuoye ask` then takes its share of the fleet's ERNIE quota
in Redis and learns the limits there; a bad URL is a clear configuration error."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import redis

from zuoye.emulator.testing import fake_api_key

ZUOYE = str(Path(sys.executable).parent / "zuoye")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    return {**env, "ZUOYE_HOME": str(tmp_path / "home"), "HOME": str(tmp_path), **extra}


def test_ask_takes_its_share_of_the_fleet_quota(
    emulator_factory: Callable[..., str], redis_url: str, tmp_path: Path
) -> None:
    base = emulator_factory(rpm=1000, solver=False)
    env = _env(
        tmp_path,
        QIANFAN_BEARER_TOKEN=fake_api_key(),
        QIANFAN_CONSOLE_API_BASE_URL=base,
        ZUOYE_REDIS_URL=redis_url,
    )
    done = subprocess.run([ZUOYE, "ask", "1+1等于几？"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    r = redis.Redis.from_url(redis_url, decode_responses=True)
    [key] = r.keys("zuoye:limit:*/ernie-4.0-8k")
    budget = r.hgetall(key)
    assert budget["lr"] == "1000"  # the emulator's X-Ratelimit-Limit-Requests, learned for the fleet
    assert float(budget["ur"]) >= 1  # and this call counted in its minute
    assert env["QIANFAN_BEARER_TOKEN"] not in key


def test_a_redis_url_that_is_not_one_is_a_configuration_error(tmp_path: Path) -> None:
    env = _env(tmp_path, QIANFAN_BEARER_TOKEN=fake_api_key(), ZUOYE_REDIS_URL="localhost:6379")
    done = subprocess.run([ZUOYE, "ask", "1+1等于几？"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "ZUOYE_REDIS_URL" in done.stderr and "Traceback" not in done.stderr
