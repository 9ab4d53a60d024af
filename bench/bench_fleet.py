"""Several processes, one ERNIE quota (issue 14): what the shared limiter costs a model call, and
how well a fleet keeps to Baidu's requests-per-minute budget with and without it.

1. Overhead: the limiter's steps of one model call (reserve, observe the reply's headers, settle
   the usage), with the local `zuoye.ernie.RateLimiter` and with `zuoye.fleet.FleetLimiter` on a
   redis-server on this machine (one Lua script per step).
2. The fleet: PROCESSES processes, each with TASKS concurrent callers, ask a v2 emulator limited
   to RPM requests per minute for WINDOWS whole wall-clock minutes (the emulator counts per
   minute, as Baidu does), first each with its own limiter (what several processes did before
   issue 14), then with the shared one. Reported: answers per minute against the budget (the
   share of the quota used) and refusals (429) per minute.

    ./dev bench fleet   (sizes: ZUOYE_BENCH_FLEET_RPM, _PROCESSES, _TASKS, _WINDOWS, _STEPS)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from zuoye.emulator.testing import fake_api_key, running_emulator, stats

RPM = int(os.environ.get("ZUOYE_BENCH_FLEET_RPM", "120"))
PROCESSES = int(os.environ.get("ZUOYE_BENCH_FLEET_PROCESSES", "3"))
TASKS = int(os.environ.get("ZUOYE_BENCH_FLEET_TASKS", "4"))
WINDOWS = int(os.environ.get("ZUOYE_BENCH_FLEET_WINDOWS", "2"))
STEPS = int(os.environ.get("ZUOYE_BENCH_FLEET_STEPS", "3000"))

WORKER = textwrap.dedent(
    """
    import asyncio, sys, time
    from zuoye.ernie import AsyncErnie, RateLimitError, RateLimiter
    from zuoye.fleet import Fleet
    mode, redis_url, base, key, start, end, tasks = sys.argv[1:8]
    start, end, tasks = float(start), float(end), int(tasks)
    limiter = Fleet.connect(redis_url).limiter if mode == "shared" else RateLimiter()

    async def caller(client, counts):
        while time.time() < end:
            try:
                await client.chat(model="ernie-speed-8k", messages=[{"role": "user", "content": "你好"}])
                counts[0] += time.time() < end  # not a call that waited into the next minute
            except RateLimitError:
                counts[1] += time.time() < end

    async def main():
        client = AsyncErnie(bearer_token=key, base_url=base, rate_limiter=limiter, max_retries=0)
        while time.time() < start:
            await asyncio.sleep(0.01)
        counts = [0, 0]
        await asyncio.gather(*(caller(client, counts) for _ in range(tasks)))
        await client.close()
        print(counts[0], counts[1])

    asyncio.run(main())
    """
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def redis_server() -> Iterator[str]:
    binary = os.environ.get("ZUOYE_TEST_REDIS_SERVER") or shutil.which("redis-server") or "redis-server"
    port = _free_port()
    with tempfile.TemporaryDirectory() as workdir:
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=workdir,
            stdout=subprocess.DEVNULL,
        )
        try:
            for _ in range(500):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                    break
                except OSError:
                    time.sleep(0.01)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.kill()
            proc.wait()


def _per_call(limiter: Any) -> float:
    """Microseconds of limiter work per model call (reserve + observe + settle)."""
    from zuoye.ernie import RateLimitInfo

    info = RateLimitInfo(limit_requests=10**9, remaining_requests=10**9 - 1)
    key = "c0ffee/ernie-4.0-8k"
    started = time.perf_counter()
    for _ in range(STEPS):
        limiter.reserve(200, 500, key=key)
        limiter.observe(info, key=key)
        limiter.settle(200, 650, output_estimated=500, input_actual=190, output_actual=460, key=key)
    return (time.perf_counter() - started) / STEPS * 1e6


def _fleet(mode: str, redis_url: str) -> tuple[int, int]:
    with running_emulator(rpm=RPM, solver=False) as base:
        key = fake_api_key()
        # Start on a minute boundary, so the run covers exactly WINDOWS of the emulator's minutes.
        start = (int(time.time() // 60) + 1) * 60 + 0.05
        end = start + 60 * WINDOWS - 0.1
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, mode, redis_url, base, key, str(start), str(end), str(TASKS)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(PROCESSES)
        ]
        counts = [tuple(int(x) for x in p.communicate(timeout=60 * WINDOWS + 120)[0].split()) for p in procs]
        answered = sum(c[0] for c in counts)
        refused = sum(c[1] for c in counts)
        assert stats(base)["v2_replies"] >= answered
        return answered, refused


def run() -> list[dict[str, Any]]:
    from zuoye.ernie import RateLimiter
    from zuoye.fleet import Fleet

    rows: list[dict[str, Any]] = []
    with redis_server() as url:
        local = _per_call(RateLimiter(rpm=10**9))
        shared = _per_call(Fleet.connect(url, rpm=10**9).limiter)
        rows += [
            {"bench": "fleet", "metric": "limiter per model call, local", "value": local, "unit": "µs"},
            {
                "bench": "fleet",
                "metric": "limiter per model call, shared (Redis)",
                "value": shared,
                "unit": "µs",
                "note": f"{shared / local:.0f}× local; 3 round trips to a local Redis",
            },
        ]
        budget = RPM * WINDOWS
        for mode in ("local", "shared"):
            answered, refused = _fleet(mode, url)
            label = "each process its own limiter" if mode == "local" else "one limiter in Redis"
            rows += [
                {
                    "bench": "fleet",
                    "metric": f"{PROCESSES}×{TASKS} callers, {label}: quota used",
                    "value": answered / budget * 100,
                    "unit": "%",
                    "goal": "≥ 90" if mode == "shared" else "",
                    "note": f"{answered} answers in {WINDOWS} min at {RPM}/min",
                },
                {
                    "bench": "fleet",
                    "metric": f"{PROCESSES}×{TASKS} callers, {label}: refusals per minute",
                    "value": refused / WINDOWS,
                    "unit": "429/min",
                    "goal": "≤ 1" if mode == "shared" else "",
                },
            ]
    return rows
