"""One ERNIE token for the fleet: processes started together make one IAM exchange, and when the
token dies under all of them, one refresh follows, not one per process (real processes, a real
Redis, the emulator's IAM and v2 chat)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import redis

from zuoye.emulator.testing import expire_tokens, stats

WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from zuoye.ernie import Ernie
    from zuoye.fleet import Fleet
    redis_url, go = sys.argv[1], Path(sys.argv[2])
    client = Ernie(token_cache=Fleet.connect(redis_url).tokens, max_retries=0)
    (go / f"ready-{sys.argv[3]}").touch()
    for phase in ("1", "2"):
        while not (go / phase).exists():
            time.sleep(0.005)
        start = float((go / phase).read_text())
        while time.time() < start:
            time.sleep(0.001)
        reply = client.chat(model="ernie-4.0-8k", messages=[{"role": "user", "content": "1+1=?"}])
        print(phase, bool(reply.result), flush=True)
    """
)


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "the workers did not get there in a minute"
        time.sleep(0.05)


def _go(directory: Path, phase: str) -> None:
    tmp = directory / f".{phase}"
    tmp.write_text(str(time.time() + 0.5))
    tmp.rename(directory / phase)


def test_one_exchange_and_one_refresh_for_the_whole_fleet(
    emulator_factory: Callable[..., str], redis_url: str, tmp_path: Path
) -> None:
    base = emulator_factory(solver=False)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("QIANFAN_")},
        "QIANFAN_ACCESS_KEY": "ak-" + "a" * 29,
        "QIANFAN_SECRET_KEY": "sk-" + "b" * 29,
        "QIANFAN_IAM_BASE_URL": base,
        "QIANFAN_CONSOLE_API_BASE_URL": base,
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, redis_url, str(tmp_path), str(i)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    try:
        _wait_for(lambda: len(list(tmp_path.glob("ready-*"))) == 4)
        _go(tmp_path, "1")
        _wait_for(lambda: stats(base)["v2_replies"] == 4)
        assert stats(base)["bearer_tokens_issued"] == 1
        assert redis.Redis.from_url(redis_url).keys("zuoye:token:*")  # shared there, under a hashed name

        assert expire_tokens(base) >= 1  # the token dies under every process at once
        _go(tmp_path, "2")
        outputs = [p.communicate(timeout=60) for p in procs]
    finally:
        for p in procs:
            p.kill()
            p.wait()
            for stream in (p.stdout, p.stderr):
                if stream is not None:
                    stream.close()  # also when a check above failed: no pipe left to the collector
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert out.split() == ["1", "True", "2", "True"]
    assert stats(base)["bearer_tokens_issued"] == 2  # one refresh, fleet-wide
    keys = redis.Redis.from_url(redis_url).keys("*")
    assert not [k for k in keys if b":lock" in k]
    assert all(env["QIANFAN_SECRET_KEY"].encode() not in k for k in keys)
