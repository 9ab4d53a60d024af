"""Login guessing: 100 parallel wrong passwords against `zuoye serve --multi-user` (issue 12).

Three processes: the emulator (as ERNIE, so the server runs as it would in a school), the server
(SQLite, real scrypt cost) and this one. Two bursts, each while /api/health is asked every 50 ms
by a separate client:

  one account    100 parallel wrong passwords for one name: the throttle must let ≤ 10 be checked
  many names     100 parallel wrong passwords for 100 names from one address (no account needed):
                 the address limit (100) lets them all be checked, so this is the bound on
                 concurrent checks at work

Reported: guesses checked (401 replies; a 401 is only given after a check), the server's peak
memory (VmHWM, from /proc), /api/health p50/p99/max during the burst, and whether an innocent
user behind the same address logs in with her password afterwards.

Goals (issue 12): peak memory < 300 MB, /api/health p99 < 200 ms, ≤ 10 guesses checked.

    ./dev bench logins
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

GUESSES = int(os.environ.get("ZUOYE_BENCH_GUESSES", "100"))
PASSWORD = "correct horse battery"
CSRF = {"X-Zuoye-CSRF": "1"}


def _zuoye(*args: str) -> list[str]:
    return [sys.executable, "-c", "from zuoye.cli import main; main()", *args]


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used: what the burst cost the server, whatever else
    the machine was doing (wall-clock figures are only as good as the machine is quiet)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


@contextmanager
def _process(args: list[str], env: dict[str, str]) -> Iterator[tuple[str, int]]:
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip()
            if not url.startswith("http"):
                proc.wait(timeout=20)
                errors.seek(0)
                raise RuntimeError(f"{args[3:5]} did not start: {errors.read()[-2000:]}")
            yield url, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


async def _ready(url: str) -> None:
    async with httpx.AsyncClient(timeout=5) as c:
        for _ in range(400):
            try:
                if (await c.get(f"{url}/api/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError("the server did not become ready")


# The health probe runs in a process of its own: in this one, its timings would include the time
# this event loop spends sending the burst and reading its replies.
_PROBE = """
import json, sys, threading, time, httpx
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
seen = []
with httpx.Client(base_url=sys.argv[1], timeout=60) as c:
    while not stop.is_set():
        started = time.perf_counter()
        c.get("/api/health")
        seen.append(time.perf_counter() - started)
        time.sleep(0.05)
print(json.dumps(seen))
"""


async def _burst(url: str, names: list[str]) -> tuple[list[int], list[float], float]:
    probe = subprocess.Popen(  # noqa: ASYNC220 -- started once, before the burst it measures
        [sys.executable, "-c", _PROBE, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    limits = httpx.Limits(max_connections=len(names) + 10)
    async with httpx.AsyncClient(base_url=url, headers=CSRF, timeout=120, limits=limits) as c:
        await asyncio.sleep(0.5)  # a few samples before the burst
        started = time.perf_counter()
        replies = await asyncio.gather(
            *(
                c.post("/api/login", json={"name": n, "password": f"guess-{i:05d}"})
                for i, n in enumerate(names)
            )
        )
        took = time.perf_counter() - started
        await asyncio.sleep(0.5)
    out, _ = probe.communicate("", timeout=60)
    return [r.status_code for r in replies], json.loads(out), took


def _innocent(url: str) -> int:
    r = httpx.post(f"{url}/api/login", json={"name": "amy", "password": PASSWORD}, headers=CSRF, timeout=30)
    return r.status_code


def _make_accounts(home: Path) -> None:
    from zuoye.store import Store
    from zuoye.store.users import Accounts

    home.mkdir(parents=True)
    with Store(f"sqlite:///{home / 'zuoye.db'}") as store:
        accounts = Accounts(store)
        for name in ("victim", "amy"):
            accounts.create_user(name=name, password=PASSWORD)


def _one_server(
    env: dict[str, str], emulator: str, home: Path, names: list[str], label: str
) -> list[dict[str, Any]]:
    server_env = env | {
        "ZUOYE_HOME": str(home),
        "QIANFAN_BEARER_TOKEN": "bce-v3/ALTAK-" + "b" * 20 + "/" + "c" * 40,
        "QIANFAN_CONSOLE_API_BASE_URL": emulator,
    }
    _make_accounts(home)
    with _process(_zuoye("serve", "--port", "0", "--multi-user", "--log-level", "warning"), server_env) as (
        url,
        pid,
    ):
        asyncio.run(_ready(url))
        idle = _status_kb(pid, "VmRSS") / 1024
        cpu = _cpu_seconds(pid)
        codes, health, took = asyncio.run(_burst(url, names))
        cpu = _cpu_seconds(pid) - cpu
        peak = _status_kb(pid, "VmHWM") / 1024
        innocent = _innocent(url)
    checked = codes.count(401)
    others = len(codes) - checked - codes.count(429)
    row = {"bench": f"logins ({label})"}
    return [
        row | {"metric": "guesses checked", "value": checked, "unit": f"of {len(codes)}", "goal": "≤ 10"}
        if label == "one account"
        else row | {"metric": "guesses checked", "value": checked, "unit": f"of {len(codes)}"},
        row
        | {
            "metric": "refused (429)",
            "value": codes.count(429),
            "unit": "requests",
            "note": f"other: {others}",
        },
        row | {"metric": "burst took", "value": took, "unit": "s"},
        row
        | {
            "metric": "server CPU for the burst",
            "value": cpu,
            "unit": "s",
            "note": f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        },
        row | {"metric": "server RSS idle", "value": idle, "unit": "MB"},
        row | {"metric": "server peak RSS (VmHWM)", "value": peak, "unit": "MB", "goal": "< 300"},
        row | {"metric": "/api/health p50", "value": _pct(health, 0.5) * 1000, "unit": "ms"},
        row
        | {
            "metric": "/api/health p99",
            "value": _pct(health, 0.99) * 1000,
            "unit": "ms",
            "goal": "< 200",
            "note": f"{len(health)} samples, max {max(health) * 1000:.0f} ms",
        },
        row
        | {"metric": "innocent user, same address", "value": innocent, "unit": "HTTP status", "goal": "200"},
    ]


def run() -> list[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    rows: list[dict[str, Any]] = []
    with (
        tempfile.TemporaryDirectory(prefix="zuoye-bench-logins-") as tmp,
        _process(_zuoye("emulator", "--port", "0"), env) as (emulator, _),
    ):
        rows += _one_server(env, emulator, Path(tmp) / "one", ["victim"] * GUESSES, "one account")
        names = [f"nobody{i}" for i in range(GUESSES)]
        rows += _one_server(env, emulator, Path(tmp) / "many", names, "many names")
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
