"""Load: N students streaming answers through `zuoye serve` from `zuoye emulator`.

Three processes on this machine: the emulator, the server (SQLite, the real ERNIE client, the
tutor) and this one, which plays N students reading their answers as server-sent events. Each
answer is 24 sentences, one every 600 ms (~14 s; ERNIE-4.0 writes more slowly still), and the
students arrive over 10 s, so all N streams are open at once when the last one asks. The same
N streams are first read from the emulator directly, with the same arrivals: its own time to
the first sentence is the baseline. A burst (all N in the same instant) is measured too.

Goals (issue 6): ≥ 300 concurrent streams, zero errors, p99 time to first sentence less than
1 s above the emulator's own. Reported: streams held (the server's own count of running
answers, sampled), latencies, the server's CPU per answer and its resident memory.

    ./dev bench web          ZUOYE_BENCH_STUDENTS=500 ZUOYE_BENCH_RAMP=15 ./dev bench web
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

STUDENTS = int(os.environ.get("ZUOYE_BENCH_STUDENTS", "300"))
SENTENCES = 24
INTERVAL_MS = 600
# Students do not all press Enter in the same millisecond: they arrive over some seconds, and as
# each answer takes ~14 s, all of them are still streaming when the last one asks.
RAMP_SECONDS = float(os.environ.get("ZUOYE_BENCH_RAMP", "10"))
QUESTION = "请讲一讲光合作用的过程。"
ANSWER = "".join(
    f"第{i + 1}步：叶绿体吸收光能，把水和二氧化碳变成有机物并放出氧气。" for i in range(SENTENCES)
)
SCENARIO = {"rules": [{"match": "光合作用", "reply": {"result": ANSWER}}]}
CHAT_PATH = "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro"


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process: resident now, and its peak."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


@contextmanager
def _process(args: list[str], env: dict[str, str]) -> Iterator[tuple[str, int]]:
    # stderr goes to a file: a pipe nobody reads fills up once the server logs a few errors,
    # and the server then blocks on its next log line (the benchmark would hang, not report).
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
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


def _zuoye(*args: str) -> list[str]:
    return [sys.executable, "-c", "from zuoye.cli import main; main()", *args]


async def _wait_ready(url: str) -> None:
    import httpx

    async with httpx.AsyncClient() as c:
        for _ in range(400):
            try:
                if (await c.get(f"{url}/api/health", timeout=5)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError("zuoye serve did not become ready")


def _client(n: int) -> Any:
    import httpx

    return httpx.AsyncClient(
        limits=httpx.Limits(max_connections=n + 20, max_keepalive_connections=n + 20),
        timeout=httpx.Timeout(120.0, connect=30.0, pool=60.0),
    )


async def _post_lines(url: str, path: str, body: dict[str, Any]) -> AsyncIterator[str]:
    """POST JSON over a bare asyncio connection and yield the response body's lines.

    The students share this machine with the server; httpx's per-chunk work would take CPU
    from the server that real students' phones never take, so they read with this instead.
    The first line yielded is the status line.
    """
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        payload = json.dumps(body, ensure_ascii=False).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
            f"Accept: text/event-stream\r\nContent-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
        )
        writer.write(head.encode() + payload)
        await writer.drain()
        status = (await reader.readline()).decode().strip()
        chunked = False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        yield status
        pending = b""
        while True:
            if chunked:
                size = int((await reader.readline()).split(b";")[0], 16)
                if size == 0:
                    break
                data = await reader.readexactly(size + 2)
                pending += data[:-2]
            else:
                data = await reader.read(65536)
                if not data:
                    break
                pending += data
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                yield raw.decode().rstrip("\r")
        if pending:
            yield pending.decode()
    finally:
        writer.close()


async def _arrive(k: int, n: int, ramp: float) -> None:
    """Student k of n arrives at k/n of the ramp (0: all at once)."""
    if ramp:
        await asyncio.sleep(ramp * k / n)


async def _direct(emulator: str, n: int, ramp: float) -> dict[str, Any]:
    """The emulator's own time to the first sentence, with the same arrivals."""
    async with _client(n) as c:
        token = (
            await c.post(
                f"{emulator}/oauth/2.0/token",
                params={
                    "grant_type": "client_credentials",
                    "client_id": "bench-ak",
                    "client_secret": "bench-sk",
                },
            )
        ).json()["access_token"]
        body = {"messages": [{"role": "user", "content": QUESTION}], "stream": True}
        path = f"{CHAT_PATH}?access_token={token}"

        async def one(k: int) -> tuple[float, bool]:
            await _arrive(k, n, ramp)
            started = time.perf_counter()
            first = None
            chunks = 0
            async for line in _post_lines(emulator, path, body):
                if line.startswith("data:"):
                    chunks += 1
                    if first is None:
                        first = time.perf_counter() - started
            return first or float("nan"), chunks >= SENTENCES

        results = await asyncio.gather(*(one(k) for k in range(n)), return_exceptions=True)
    good = [r for r in results if isinstance(r, tuple) and r[1]]
    return {"ttfs": [r[0] for r in good], "errors": n - len(good)}


async def _through_server(url: str, n: int, pid: int, ramp: float) -> dict[str, Any]:
    ttfs: list[float] = []
    totals: list[float] = []
    errors: list[str] = []
    arrivals: list[tuple[float, float]] = []  # (when the student asked, time to first sentence)
    origin = time.perf_counter()
    open_streams = 0
    most_open = 0
    running_max = 0
    peak_rss = 0
    stop = asyncio.Event()

    async def watch(c: Any) -> None:
        nonlocal running_max, peak_rss
        while not stop.is_set():
            try:
                health = (await c.get(f"{url}/api/health", timeout=10)).json()
                running_max = max(running_max, health["running_answers"])
            except Exception:  # noqa: S110 -- a missed sample under load is not a result
                pass
            peak_rss = max(peak_rss, _memory_kb(pid)[0])
            await asyncio.sleep(0.2)

    async def student(k: int) -> None:
        nonlocal open_streams, most_open
        await _arrive(k, n, ramp)
        started = time.perf_counter()
        first = None
        text = ""
        final: dict[str, Any] | None = None
        failed = None
        try:
            lines = _post_lines(url, "/api/ask", {"question": QUESTION})
            status = await anext(lines)
            if " 200 " not in status + " ":
                errors.append(f"{status}: {[line async for line in lines][-1:]}")
                return
            open_streams += 1
            most_open = max(most_open, open_streams)
            event = ""
            async for line in lines:
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data = json.loads(line[5:])
                    if event == "delta" and data["text"]:
                        text += data["text"]
                        if first is None:
                            first = time.perf_counter() - started
                    elif event == "error":
                        failed = data["code"]
                    elif event == "done":
                        final = data["turn"]
            open_streams -= 1
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            return
        if failed or final is None or final["status"] != "complete" or text != ANSWER:
            errors.append(f"student {k}: error={failed} status={final and final['status']} chars={len(text)}")
            return
        ttfs.append(first or float("nan"))
        totals.append(time.perf_counter() - started)
        arrivals.append((started - origin, first or float("nan")))

    async with _client(2) as monitor:
        watcher = asyncio.create_task(watch(monitor))
        await asyncio.gather(*(student(k) for k in range(n)))
        stop.set()
        await watcher
    return {
        "ttfs": ttfs,
        "totals": totals,
        "slowest": sorted(arrivals, key=lambda a: -a[1])[:5],
        "errors": errors,
        "most_open": most_open,
        "running_max": running_max,
        "peak_rss_kb": peak_rss,
    }


def _rows(label: str, n: int, direct: dict[str, Any], loaded: dict[str, Any]) -> list[dict[str, Any]]:
    web_p50, web_p99 = _pct(loaded["ttfs"], 0.5), _pct(loaded["ttfs"], 0.99)
    emu_p50, emu_p99 = _pct(direct["ttfs"], 0.5), _pct(direct["ttfs"], 0.99)
    errors = loaded["errors"]
    done = f"{len(loaded['ttfs'])}/{n} answers complete and exact"
    row = {"bench": "web"}
    return [
        row
        | {
            "metric": f"{label}: streams held at once",
            "value": loaded["running_max"],
            "unit": "streams",
            "goal": "≥ 300",
            "note": f"the server's running answers, sampled; client saw {loaded['most_open']} open",
        },
        row
        | {
            "metric": f"{label}: errors",
            "value": len(errors),
            "unit": "streams",
            "goal": "0",
            "note": f"first: {errors[0][:100]}" if errors else done,
        },
        row
        | {
            "metric": f"{label}: first sentence p99, server − emulator",
            "value": web_p99 - emu_p99,
            "unit": "s",
            "goal": "< 1",
            "note": f"server p50 {web_p50:.3f} / p99 {web_p99:.3f} s; emulator alone p50 {emu_p50:.3f} / p99 {emu_p99:.3f} s; "
            "slowest asked at " + ", ".join(f"{at:.1f} s ({took:.2f})" for at, took in loaded["slowest"][:3]),
        },
        row
        | {
            "metric": f"{label}: whole answer p99",
            "value": _pct(loaded["totals"], 0.99),
            "unit": "s",
            "note": f"p50 {_pct(loaded['totals'], 0.5):.2f} s ({SENTENCES} sentences, one per {INTERVAL_MS} ms)",
        },
        row
        | {
            "metric": f"{label}: server CPU per answer",
            "value": loaded["cpu"][0] / n * 1000,
            "unit": "ms",
            "note": "CPU s in {3:.1f} s: server {0:.1f}, emulator {1:.1f}, students {2:.1f} (2 cores)".format(
                *loaded["cpu"]
            ),
        },
        row
        | {
            "metric": f"{label}: server RSS peak",
            "value": loaded["peak_rss_kb"] / 1024,
            "unit": "MB",
            "note": f"{loaded['rss_per_stream_kb']:.0f} KB per held stream above idle",
        },
    ]


def run() -> list[dict[str, Any]]:
    n = STUDENTS
    rows: list[dict[str, Any]] = [{"bench": "web", "metric": "students", "value": n, "unit": "streams"}]
    with tempfile.TemporaryDirectory(prefix="zuoye-bench-web-") as tmp:
        home = Path(tmp)
        scenario = home / "scenario.json"
        scenario.write_text(json.dumps(SCENARIO, ensure_ascii=False), "utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
        emulator_args = _zuoye(
            "emulator", "--port", "0", "--scenario", str(scenario), "--stream-interval-ms", str(INTERVAL_MS)
        )
        with _process(emulator_args, env) as (emulator, emulator_pid):
            server_env = env | {
                "ZUOYE_HOME": str(home / "home"),
                "QIANFAN_AK": "bench-ak",
                "QIANFAN_SK": "bench-sk",
                "QIANFAN_BASE_URL": emulator,
            }
            with _process(_zuoye("serve", "--port", "0", "--log-level", "warning"), server_env) as (url, pid):
                asyncio.run(_wait_ready(url))
                # Warm up (token, solver workers, first queries), as a server is before class.
                asyncio.run(_through_server(url, 5, pid, 0.0))
                idle_rss, _ = _memory_kb(pid)
                rows.append(
                    {
                        "bench": "web",
                        "metric": "server RSS idle (warm)",
                        "value": idle_rss / 1024,
                        "unit": "MB",
                    }
                )
                for label, ramp in (
                    (f"arrivals over {RAMP_SECONDS:g} s", RAMP_SECONDS),
                    ("all at once", 0.0),
                ):
                    direct = asyncio.run(_direct(emulator, n, ramp))
                    cpu = (
                        _cpu_seconds(pid),
                        _cpu_seconds(emulator_pid),
                        time.process_time(),
                        time.perf_counter(),
                    )
                    loaded = asyncio.run(_through_server(url, n, pid, ramp))
                    loaded["cpu"] = (
                        _cpu_seconds(pid) - cpu[0],
                        _cpu_seconds(emulator_pid) - cpu[1],
                        time.process_time() - cpu[2],
                        time.perf_counter() - cpu[3],
                    )
                    loaded["rss_per_stream_kb"] = (loaded["peak_rss_kb"] - idle_rss) / max(
                        1, loaded["running_max"]
                    )
                    rows += _rows(label, n, direct, loaded)
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
