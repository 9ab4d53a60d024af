"""Several processes (issue 14): what `zuoye serve --workers 2` holds against one worker, and what a
stop or a reconnect costs when it lands on another process.

1. Capacity at CPU saturation: `zuoye serve --workers W` (W = 1 and 2, each on PostgreSQL and
   Redis, so that only W differs) streams answers from `zuoye emulator` (24 sentences, one every
   600 ms, as in bench_web) to N students arriving over RAMP seconds, for rising N; each N is
   run on one worker and then on two, so that other work on the machine falls on both alike.
   Capacity is the largest N held with 0 errors and a first-sentence p99 less than 1 s above the
   emulator's own (measured alone with the same arrivals, as bench_web does). The students, the
   emulator and the servers share this machine's cores, so this is the capacity of the machine
   with its students on it, not of the server alone.
2. Stop latency across processes: two `zuoye serve` on the same PostgreSQL and Redis; an answer
   asked on one is stopped on the other. Reported: from sending the stop to the stop's reply
   (the partial answer is stored by then) and to the asking reader's `done`.
3. Reconnect gap: an answer read from one server, dropped after a few sentences, read on from
   the other with `Last-Event-ID`: the time from the reconnect to its first event, checked to
   continue with no gap and no repeat.

On one machine the ratio cannot reach 2: the emulator, the students, PostgreSQL and Redis share
the two cores with the servers (and grow with the streams). Each step reports their CPU beside
the servers' and how many cores were busy on average, so a ratio can be read against that: one
worker reaches its capacity when its own core is about 80% busy on average (all of it at the
peak, the end of the arrivals); two workers reach theirs when the two cores, which also carry
everything else, are about as busy.

The machine's load average (/proc/loadavg) is reported beside each figure: other people's work
on this machine takes CPU from the students and servers, and lowers the capacity measured.

    ./dev bench scale   (ZUOYE_BENCH_SCALE_STEPS=100,200,300,…  ZUOYE_BENCH_RAMP=10
                         ZUOYE_BENCH_SCALE_REPEATS=1 (3: each step's median of three tries)
                         ZUOYE_BENCH_SCALE_TRIES=50; needs PostgreSQL: ZUOYE_TEST_POSTGRES_URL)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Coroutine, Iterator
from contextlib import ExitStack, aclosing, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from bench_fleet import redis_server
from bench_web import SENTENCES, _direct, _pct, _process, _through_server, _wait_ready, _zuoye

T = TypeVar("T")

# empty: no capacity runs (only the stop and reconnect figures)
DEFAULT_STEPS = "500,600,700,800,900,1000,1100,1200,1300,1400,1500,1600,1800,2000"
STEPS = [int(n) for n in os.environ.get("ZUOYE_BENCH_SCALE_STEPS", DEFAULT_STEPS).split(",") if n]
RAMP_SECONDS = float(os.environ.get("ZUOYE_BENCH_RAMP", "10"))
TRIES = int(os.environ.get("ZUOYE_BENCH_SCALE_TRIES", "50"))
# each capacity step run this many times (on both servers, interleaved); its median try counts
REPEATS = int(os.environ.get("ZUOYE_BENCH_SCALE_REPEATS", "1"))
INTERVAL_MS = 600
QUESTION = "请讲一讲光合作用的过程。"  # bench_web's scenario: its ANSWER, one sentence every INTERVAL_MS
STORY_INTERVAL_MS = 100
STORY = "".join(f"第{i}句，故事还在继续。" for i in range(1, 31))  # 30 events, 100 ms apart


def _load() -> str:
    return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


@contextmanager
def _database() -> Iterator[str]:
    from sqlalchemy import create_engine, text

    base = os.environ.get("ZUOYE_BENCH_POSTGRES_URL") or os.environ.get("ZUOYE_TEST_POSTGRES_URL")
    if not base:
        raise RuntimeError("set ZUOYE_TEST_POSTGRES_URL (./dev test's PostgreSQL) for bench_scale")
    name = f"zuoye_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{base.rpartition('/')[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _cpu(stat: str, *, reaped: bool = False) -> float:
    """CPU seconds in one /proc/<pid>/stat (with `reaped`, also its children that have exited)."""
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _stats() -> Iterator[tuple[int, str]]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                yield int(entry.name), (entry / "stat").read_text()
            except OSError:
                continue


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children (a server's supervisor and workers)."""
    return sum(
        _cpu(stat) for p, stat in _stats() if p == pid or int(stat.rsplit(")", 1)[1].split()[1]) == pid
    )


def _engines_cpu() -> tuple[float, float]:
    """CPU seconds of this machine's PostgreSQL and Redis. PostgreSQL's connections are processes
    of their own: those that ended count in the postmaster's children's time."""
    postgres = redis = 0.0
    for _, stat in _stats():
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if name.startswith("postgres"):
            postgres += _cpu(stat, reaped=True)
        elif name.startswith("redis-server"):
            redis += _cpu(stat)
    return postgres, redis


def _students(main: Coroutine[Any, Any, T]) -> T:
    """Run the students (or their warm-up) on uvloop, which uvicorn[standard] brings: they share
    the machine's two cores with the servers, and on asyncio's own loop they took a third more
    CPU (2.4 against 1.6 CPU-seconds for 1,400 streams) that real students' phones never take
    from a server."""
    import uvloop

    return uvloop.run(main)


def _step(label: str, n: int, url: str, pid: int, baseline: float, emulator_pid: int) -> dict[str, Any]:
    load_before = _load()
    cpu = (_tree_cpu(pid), _tree_cpu(emulator_pid), time.process_time(), *_engines_cpu())
    started = time.perf_counter()
    loaded = _students(_through_server(url, n, pid, RAMP_SECONDS))
    wall = time.perf_counter() - started
    after = (_tree_cpu(pid), _tree_cpu(emulator_pid), time.process_time(), *_engines_cpu())
    server, emulator, students, postgres, redis = (a - b for a, b in zip(after, cpu, strict=True))
    busy = (server + emulator + students + postgres + redis) / wall
    overhead = _pct(loaded["ttfs"], 0.99) - baseline
    errors = loaded["errors"]
    row = {
        "bench": "scale",
        "metric": f"{label}: {n} streams, first sentence p99 − emulator's",
        "value": overhead,
        "unit": "s",
        "goal": "< 1, 0 errors",
        "note": f"{len(errors)} errors{': ' + errors[0][:80] if errors else ''}; "
        f"{loaded['most_open']} open at once; CPU s in {wall:.0f} s: server {server:.1f}, "
        f"emulator {emulator:.1f}, students {students:.1f}, PostgreSQL {postgres:.1f}, Redis {redis:.1f} "
        f"({busy:.2f} of {os.cpu_count()} cores busy on average); {load_before} → {_load()}",
        "held": not errors and overhead < 1.0,
        "errors": len(errors),
    }
    print(f"  {row['metric']}: {overhead:.3f} s; {row['note']}", file=sys.stderr, flush=True)
    return row


def _capacities(
    servers: dict[int, tuple[str, int]], emulator: str, emulator_pid: int
) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """Rising N, each step run on one worker and then on two (interleaved, so that the load
    other people put on the machine falls on both alike), until each fails a step."""
    rows: list[dict[str, Any]] = []
    held = dict.fromkeys(servers, 0)
    going = set(servers)
    for url, pid in servers.values():
        # warm every worker: the token, the solver, the pools (a burst reaches both workers)
        _students(_through_server(url, 20, pid, 0.0))
    for n in STEPS:
        if not going:
            break
        tries: dict[int, list[dict[str, Any]]] = {workers: [] for workers in going}
        for _ in range(REPEATS):
            baseline = _pct(_students(_direct(emulator, n, RAMP_SECONDS))["ttfs"], 0.99)
            for workers in sorted(going):
                tries[workers].append(
                    _step(f"--workers {workers}", n, *servers[workers], baseline, emulator_pid)
                )
        for workers, runs in tries.items():
            # A step near the limit passes or fails by chance: the median try decides.
            row = sorted(runs, key=lambda r: r["value"])[len(runs) // 2]
            if len(runs) > 1:
                said = ", ".join(f"{r['value']:.3f}" for r in runs)
                row = row | {"note": f"median of {len(runs)} tries ({said} s); {row['note']}"}
            if row.pop("held") and all(not r["errors"] for r in runs):
                held[workers] = n
            else:
                going.discard(workers)
            rows.append({k: v for k, v in row.items() if k != "errors"})
    for workers, n in held.items():
        rows.append(
            {
                "bench": "scale",
                "metric": f"--workers {workers}: capacity (streams held)",
                "value": n,
                "unit": "streams",
                "note": f"largest step of {STEPS} held; {_load()}",
            }
        )
    return rows, held


async def _events(
    url: str, method: str, path: str, body: dict[str, Any] | None, headers: dict[str, str]
) -> Any:
    """An SSE response as an async iterator of (id, event, data, seconds since the request)."""
    import httpx

    client = httpx.AsyncClient(timeout=60)
    started = time.perf_counter()
    request = client.build_request(method, url + path, json=body, headers=headers)
    response = await client.send(request, stream=True)
    event_id, name = None, ""
    try:
        async for line in response.aiter_lines():
            if line.startswith("id:"):
                event_id = line[3:].strip()
            elif line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                yield event_id, name, json.loads(line[5:]), time.perf_counter() - started
    finally:
        await response.aclose()
        await client.aclose()


async def _stops(a: str, b: str) -> dict[str, Any]:
    import httpx

    replied: list[float] = []
    ended: list[float] = []
    failed: list[str] = []
    async with httpx.AsyncClient(timeout=30) as other:
        for _ in range(TRIES):
            cid = None
            sent = 0.0
            async with aclosing(_events(a, "POST", "/api/ask", {"question": "讲一个故事"}, {})) as events:
                async for _, name, data, _ in events:
                    if name == "started":
                        cid = data["conversation_id"]
                    elif name == "delta" and data["text"] and not sent:
                        sent = time.perf_counter()
                        reply = await other.post(f"{b}/api/conversations/{cid}/stop")
                        if reply.status_code != 200 or reply.json().get("stopped") is not True:
                            failed.append(f"{reply.status_code} {reply.text[:200]}")
                        replied.append(time.perf_counter() - sent)
                    elif name == "done":
                        if data["turn"]["status"] != "incomplete":
                            failed.append(f"not stopped: {data['turn']['status']}")
                        ended.append(time.perf_counter() - sent)
    return {"replied": replied, "ended": ended, "failed": failed}


async def _reconnects(a: str, b: str) -> list[float]:
    gaps = []
    for _ in range(TRIES):
        text, cid, last = "", None, None
        async with aclosing(_events(a, "POST", "/api/ask", {"question": "讲一个故事"}, {})) as events:
            async for event_id, name, data, _ in events:
                if name == "started":
                    cid = data["conversation_id"]
                elif name == "delta" and data["text"]:
                    text += data["text"]
                    last = event_id
                    if len(text) >= 3 * len("第1句，故事还在继续。"):
                        break
        first = None
        path = f"/api/conversations/{cid}/events"
        async with aclosing(_events(b, "GET", path, None, {"Last-Event-ID": last or ""})) as events:
            async for _, name, data, took in events:
                first = took if first is None else first
                if name == "delta":
                    text += data["text"]
                elif name == "done":
                    assert text == STORY == data["turn"]["answer"], (text, data["turn"]["answer"])
        assert first is not None
        gaps.append(first)
    return gaps


def _ms(values: list[float]) -> str:
    return f"p50 {_pct(values, 0.5) * 1000:.0f} ms, p99 {_pct(values, 0.99) * 1000:.0f} ms, n={len(values)}"


def run() -> list[dict[str, Any]]:
    from bench_web import SCENARIO

    rows: list[dict[str, Any]] = [
        {
            "bench": "scale",
            "metric": "machine",
            "value": os.cpu_count() or 0,
            "unit": "cores",
            "note": _load(),
        }
    ]
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zuoye-bench-scale-")))
        redis_url = stack.enter_context(redis_server())
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
        scenario = tmp / "scenario.json"
        scenario.write_text(json.dumps(SCENARIO, ensure_ascii=False), "utf-8")
        emulator, emulator_pid = stack.enter_context(
            _process(
                _zuoye(
                    "emulator",
                    "--port",
                    "0",
                    "--scenario",
                    str(scenario),
                    "--stream-interval-ms",
                    str(INTERVAL_MS),
                ),
                env,
            )
        )
        story = tmp / "story.json"
        story.write_text(
            json.dumps({"rules": [{"match": "故事", "reply": {"result": STORY}}]}, ensure_ascii=False)
        )
        story_emulator, _ = stack.enter_context(
            _process(
                _zuoye(
                    "emulator",
                    "--port",
                    "0",
                    "--scenario",
                    str(story),
                    "--stream-interval-ms",
                    str(STORY_INTERVAL_MS),
                ),
                env,
            )
        )

        def server_env(home: str, base: str, database: str, redis_db: int) -> dict[str, str]:
            # Each server has a fresh database, whose turn ids start at 1, and a Redis database of
            # its own (event logs are keyed by turn id: see the README).
            import redis

            url = f"{redis_url.rpartition('/')[0]}/{redis_db}"
            redis.Redis.from_url(url).flushdb()
            return env | {
                "ZUOYE_HOME": str(tmp / home),
                "QIANFAN_AK": "bench-ak",
                "QIANFAN_SK": "bench-sk",
                "QIANFAN_BASE_URL": base,
                "ZUOYE_DATABASE_URL": database,
                "ZUOYE_REDIS_URL": url,
            }

        # 1. capacity, one worker and two, side by side
        found: dict[int, int] = {}
        if STEPS:
            servers: dict[int, tuple[str, int]] = {}
            for workers in (1, 2):
                database = stack.enter_context(_database())
                serve = _zuoye("serve", "--port", "0", "--workers", str(workers), "--log-level", "warning")
                env_w = server_env(f"cap{workers}", emulator, database, workers)
                servers[workers] = stack.enter_context(_process(serve, env_w))
                asyncio.run(_wait_ready(servers[workers][0]))
            step_rows, found = _capacities(servers, emulator, emulator_pid)
            rows += step_rows
        ratio = found[2] / found[1] if found.get(1) else float("nan")
        rows.append(
            {
                "bench": "scale",
                "metric": "--workers 2 ÷ --workers 1 (capacity)",
                "value": ratio,
                "unit": "×",
                "goal": "≥ 1.7, and ≥ 1,000 streams",
                "note": f"{found.get(2)} vs {found.get(1)} streams held; steps {STEPS}, arrivals over {RAMP_SECONDS:g} s, "
                f"{SENTENCES} sentences {INTERVAL_MS} ms apart; {_load()}",
            }
        )

        # 2, 3. stop and reconnect across two servers on one database and one Redis (one home:
        # single-user mode's one user is the same on both)
        with _database() as database:
            shared = server_env("ab", story_emulator, database, 0)
            a, _ = stack.enter_context(_process(_zuoye("serve", "--port", "0"), shared))
            asyncio.run(_wait_ready(a))
            b, _ = stack.enter_context(_process(_zuoye("serve", "--port", "0"), shared))
            asyncio.run(_wait_ready(b))
            stops = asyncio.run(_stops(a, b))
            rows += [
                {
                    "bench": "scale",
                    "metric": "stop on another process: until its reply (p99)",
                    "value": _pct(stops["replied"], 0.99) * 1000,
                    "unit": "ms",
                    "note": f"{_ms(stops['replied'])}; the partial answer is stored when it replies; "
                    f"{len(stops['failed'])} failed{': ' + stops['failed'][0] if stops['failed'] else ''}; {_load()}",
                },
                {
                    "bench": "scale",
                    "metric": "stop on another process: until the reader's done (p99)",
                    "value": _pct(stops["ended"], 0.99) * 1000,
                    "unit": "ms",
                    "note": f"{_ms(stops['ended'])}; {_load()}",
                },
            ]
            gaps = asyncio.run(_reconnects(a, b))
            rows.append(
                {
                    "bench": "scale",
                    "metric": "reconnect on another process: gap to the next event (p99)",
                    "value": _pct(gaps, 0.99) * 1000,
                    "unit": "ms",
                    "note": f"{_ms(gaps)}; every answer read on whole, no gap, no repeat; "
                    f"sentences {STORY_INTERVAL_MS} ms apart; {_load()}",
                }
            )
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
