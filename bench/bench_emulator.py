"""How fast is `zuoye emulator`? It must never be the bottleneck of another benchmark.

Goals (issue 3, on this 2-core machine): ≥ 2,000 non-streaming requests/s with keep-alive, and
≥ 500 concurrent streams. The emulator runs as its own process (`zuoye emulator --port 0`); the
load comes from another process: Debian's `wrk` for request rates (installed with apt-get when
missing and possible, otherwise those rows are skipped and say why), and a raw-asyncio client in
this process for concurrent streams. Side by side in the same run: the same ASGI app hosted by
uvicorn (httptools + uvloop), to show what the emulator's own HTTP server buys.

    ./dev bench emulator
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from zuoye.emulator import CHAT_PREFIX
from zuoye.emulator.testing import emulator_process, stats

WRK_SECONDS = int(os.environ.get("ZUOYE_BENCH_SECONDS", "5"))
WRK_CONNECTIONS = 32
STREAMS = (500, 1000)
QUESTION = "介绍一下你自己"

_UVICORN_HOST = """
import sys, uvicorn
from zuoye.emulator import EmulatorApp
from zuoye.emulator._server import bind, url_for
sock = bind("127.0.0.1", 0)
print(url_for(sock), flush=True)
config = uvicorn.Config(EmulatorApp(), loop="uvloop", http="httptools", log_config=None,
                        access_log=False, lifespan="on")
uvicorn.Server(config).run(sockets=[sock])
"""


def _row(metric: str, value: float | int | str, unit: str, goal: str = "", note: str = "") -> dict[str, Any]:
    return {"bench": "emulator", "metric": metric, "value": value, "unit": unit, "goal": goal, "note": note}


def _wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], capture_output=True, env=env, check=False)
        subprocess.run([apt, "install", "-y", "-qq", "wrk"], capture_output=True, env=env, check=False)
    return shutil.which("wrk")


@contextmanager
def _uvicorn_host() -> Iterator[str]:
    proc = subprocess.Popen([sys.executable, "-c", _UVICORN_HOST], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()


def _token(base_url: str) -> str:
    query = {"grant_type": "client_credentials", "client_id": "bench-ak", "client_secret": "bench-sk"}
    return str(httpx.post(f"{base_url}/oauth/2.0/token", params=query).json()["access_token"])


def _run_wrk(wrk: str, base_url: str) -> tuple[float, str, int]:
    """(requests/s, p99 latency, failures) for non-streaming chat calls.

    wrk counts any HTTP 200 as a success, and Baidu's errors are HTTP 200 too, so failures are
    read from the emulator's own counters: chat requests that did not get a reply.
    """
    body = json.dumps({"messages": [{"role": "user", "content": QUESTION}]}, ensure_ascii=False)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as script:
        script.write(f'wrk.method = "POST"\nwrk.body = [[{body}]]\n')
        script.write('wrk.headers["Content-Type"] = "application/json"\n')
    url = f"{base_url}{CHAT_PREFIX}completions_pro?access_token={_token(base_url)}"
    try:
        cmd = [wrk, "-t1", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--latency", "-s", script.name, url]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=WRK_SECONDS + 60, check=True).stdout
    finally:
        Path(script.name).unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+(\S+)", out)
    socket_errors = re.search(r"Socket errors:(.*)", out)
    failures = sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1))) if socket_errors else 0
    counters = stats(base_url)
    failures += counters["chat_requests"] - counters["chat_replies"]
    return rps, p99.group(1) if p99 else "?", failures


async def _one_stream(host: str, port: int, path: str, body: bytes) -> int:
    """Open a connection, stream one reply to its end; return the number of events seen."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        data = await reader.read()  # until the server closes after the last chunk
    finally:
        writer.close()
    if not data.endswith(b"0\r\n\r\n") or b'"is_end":true' not in data:
        return -1
    return data.count(b"data: ")


async def _streams(base_url: str, n: int) -> tuple[int, int, float]:
    """Run n streams at once: (completed, events, seconds)."""
    parts = urlsplit(base_url)
    assert parts.hostname and parts.port
    path = f"{CHAT_PREFIX}ernie_speed?access_token={_token(base_url)}"
    body = json.dumps({"messages": [{"role": "user", "content": QUESTION}], "stream": True}).encode()
    started = time.perf_counter()
    results = await asyncio.gather(
        *(_one_stream(parts.hostname, parts.port, path, body) for _ in range(n)), return_exceptions=True
    )
    elapsed = time.perf_counter() - started
    good = [r for r in results if isinstance(r, int) and r > 0]
    return len(good), sum(good), elapsed


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    wrk = _wrk()
    if wrk is None:
        note = "skipped: wrk is not installed and could not be (run: apt-get install wrk)"
        rows.append(_row("non-stream req/s, keep-alive", "skipped", "req/s", "≥ 2,000", note))
    else:
        with emulator_process("--no-solver") as url:
            own, own_p99, own_errors = _run_wrk(wrk, url)
        with _uvicorn_host() as url:
            uvi, uvi_p99, uvi_errors = _run_wrk(wrk, url)
        conn = f"wrk -t1 -c{WRK_CONNECTIONS} -d{WRK_SECONDS}s, keep-alive"
        rows.append(
            _row(
                "non-stream req/s (emulator's server)",
                own,
                "req/s",
                "≥ 2,000",
                f"{conn}; p99 {own_p99}; failed {own_errors}",
            )
        )
        rows.append(
            _row(
                "non-stream req/s (same app on uvicorn)",
                uvi,
                "req/s",
                "",
                f"p99 {uvi_p99}; failed {uvi_errors}",
            )
        )
        rows.append(_row("own server / uvicorn", own / uvi, "×", "", "same app, same load, same run"))

    # Streams paced at 100 ms per sentence, so hundreds are open at the same moment.
    for n in STREAMS:
        with emulator_process("--stream-interval-ms", "100", "--no-solver") as url:
            completed, events, seconds = asyncio.run(_streams(url, n))
            peak = stats(url)["streams_open_max"]
        goal = "≥ 500" if n == STREAMS[0] else ""
        note = f"{completed}/{n} complete with is_end, {events} events in {seconds:.2f} s"
        rows.append(_row(f"concurrent streams open (of {n})", peak, "streams", goal, note))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
