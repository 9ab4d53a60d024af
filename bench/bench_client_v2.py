"""What does zuoye.ernie cost its caller on Qianfan v2? CPU per call and per streamed event, side by
side with the same v2 requests written by hand with raw httpx, made with the official `openai` SDK
and with the qianfan SDK's v2 client (`qianfan.Qianfan`), plus the time to import each.

All four talk to one `zuoye emulator` in its own process, so only the client's work is counted.
Each client runs in a process of its own (bench/_client_worker_v2.py; openai in its venv,
$ZUOYE_OPENAI_PYTHON, and qianfan in its venv, $ZUOYE_QIANFAN_PYTHON, neither imported here) and
reports `time.process_time()` of that process over each batch. The four are driven in lockstep:
in every round each client makes a batch of calls and then a batch of streams, in an order that
rotates from round to round, so all of them meet the same machine (a shared 2-core host whose load
moves from second to second) and every ratio is taken round by round; the table shows medians.
"Per streamed event" divides a stream's CPU by the data events the server sent (the chunks plus
the usage chunk; `[DONE]` not counted), the same number for every client.

Goals (issue 10): CPU per non-streaming call and per streamed event ≤ 1.15 × raw httpx and
≤ 0.5 × the openai SDK and the qianfan v2 client; importing zuoye.ernie under 150 ms (median of
fresh interpreters, interleaved with the other imports; two diagnostic rows show the share of
httpx's own command line, which httpx imports whenever click is installed). The v1 figures are
bench_client's.

    ./dev bench client_v2   (sizes: ZUOYE_BENCH_ROUNDS, ZUOYE_BENCH_CALL_BATCH, ZUOYE_BENCH_STREAM_BATCH,
                             ZUOYE_BENCH_IMPORT_RUNS)
"""

from __future__ import annotations

import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

import httpx

from zuoye.emulator.testing import emulator_process, stats

HERE = Path(__file__).resolve().parent
WORKER = HERE / "_client_worker_v2.py"
ROUNDS = int(os.environ.get("ZUOYE_BENCH_ROUNDS", "40"))
CALL_BATCH = int(os.environ.get("ZUOYE_BENCH_CALL_BATCH", "20"))
STREAM_BATCH = int(os.environ.get("ZUOYE_BENCH_STREAM_BATCH", "2"))
IMPORT_RUNS = int(os.environ.get("ZUOYE_BENCH_IMPORT_RUNS", "15"))
SENTENCES = 50  # must match the worker's ANSWERS

SCENARIO = {
    "rules": [
        {"match": "流式", "reply": {"result": "".join(f"这是第{i}句话。" for i in range(SENTENCES))}},
        {"match": "你好", "reply": {"result": "你好！有什么可以帮你的？"}},
    ]
}
# The peers' interpreters: the variable ./dev sets, else the venv ./dev makes, if it is there.
PEERS = {
    "openai": ("ZUOYE_OPENAI_PYTHON", ".venv-openai"),
    "qianfan": ("ZUOYE_QIANFAN_PYTHON", ".venv-qianfan"),
}
REPLY_TIMEOUT = 600  # seconds for one batch: a stalled client fails the run instead of hanging it
LABELS = {"zuoye": "zuoye.ernie v2", "httpx": "raw httpx", "openai": "openai SDK", "qianfan": "qianfan v2"}
GOALS = {"httpx": "≤ 1.15", "openai": "≤ 0.5", "qianfan": "≤ 0.5"}

NO_CLI = "without httpx's optional CLI (click hidden)"
_HIDE_CLICK = "import sys; sys.modules['click'] = None"
# Wall and CPU milliseconds of one import in a fresh interpreter (after `pre`, already imported).
_IMPORT = (
    "import time; {pre}; w, c = time.perf_counter(), time.process_time(); import {module}; "
    "print((time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000)"
)


def _row(metric: str, value: float | str, unit: str, goal: str = "", note: str = "") -> dict[str, Any]:
    return {"bench": "client_v2", "metric": metric, "value": value, "unit": unit, "goal": goal, "note": note}


def _env(tmp: str) -> dict[str, str]:
    """No QIANFAN_* from the caller's shell (every client is given its key and host explicitly);
    qianfan's cache in a temporary directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "OPENAI_"))}
    env["QIANFAN_CACHE_DIR"] = str(Path(tmp) / "qianfan-cache")
    return env


class Worker:
    """One client's process, answering `call N` / `stream N` with the CPU it spent."""

    def __init__(self, kind: str, python: str, base_url: str, env: dict[str, str], stderr: IO[str]) -> None:
        self.kind = kind
        self.proc = subprocess.Popen(
            [python, str(WORKER), kind, base_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
            cwd=HERE.parent,
        )
        self._stderr = stderr
        self.ready: dict[str, Any] = {}

    def _reply(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], REPLY_TIMEOUT)
        if not ready:
            self.proc.kill()
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(timeout=30)
            self._stderr.flush()
            self._stderr.seek(0)
            raise RuntimeError(f"the {self.kind} worker failed: {self._stderr.read()[-2000:]}")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def wait_ready(self) -> None:
        self.ready = self._reply()

    def run(self, mode: str, n: int) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{mode} {n}\n")
        self.proc.stdin.flush()
        return self._reply()

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@contextmanager
def _workers(
    pythons: dict[str, str], base_url: str, env: dict[str, str], tmp: str
) -> Iterator[dict[str, Worker]]:
    with ExitStack() as stack:
        workers: dict[str, Worker] = {}
        for kind, python in pythons.items():
            stderr = stack.enter_context(open(Path(tmp) / f"{kind}.stderr", "w+", encoding="utf-8"))
            worker = Worker(kind, python, base_url, env, stderr)
            stack.callback(worker.close)
            workers[kind] = worker
        for worker in workers.values():  # they warm up side by side; the timing starts after
            worker.wait_ready()
        yield workers


def _wire_events(base_url: str) -> int:
    """How many data events (before `[DONE]`) the emulator sends for the benchmark's stream."""
    key = "bce-v3/ALTAK-" + "x" * 20 + "/" + "y" * 40
    body = {
        "model": "ernie-4.0-8k",
        "messages": [{"role": "user", "content": "流式回答"}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    n = 0
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.stream("POST", f"{base_url}/v2/chat/completions", json=body, headers=headers) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if line.startswith("data:") and line[5:].strip() != "[DONE]":
                n += 1
    return n


def _measure(workers: dict[str, Worker], events: int) -> dict[str, dict[str, list[float]]]:
    """µs per call and per streamed event, one figure per client per round."""
    kinds = list(workers)
    out: dict[str, dict[str, list[float]]] = {k: {"call": [], "stream": []} for k in kinds}
    for r in range(ROUNDS):
        order = kinds[r % len(kinds) :] + kinds[: r % len(kinds)]
        for mode, n in (("call", CALL_BATCH), ("stream", STREAM_BATCH)):
            for kind in order:
                reply = workers[kind].run(mode, n)
                per = n if mode == "call" else n * events
                out[kind][mode].append(reply["cpu"] / per * 1e6)
    return out


def _imports(pythons: dict[str, str], env: dict[str, str], pycache: str) -> dict[str, dict[str, float]]:
    """Milliseconds of each import in fresh interpreters, the modules taken in turn run after run.

    With bytecode caching on, as for any installed package (a session that sets
    PYTHONDONTWRITEBYTECODE would otherwise compile zuoye from source at every import while the
    site-packages it is compared with come precompiled): the cache goes to a temporary
    PYTHONPYCACHEPREFIX, and one untimed import per module fills it."""
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    cases = {
        "zuoye.ernie": (sys.executable, "zuoye.ernie", "pass"),
        "httpx": (sys.executable, "httpx", "pass"),
        "zuoye.ernie, httpx already imported": (sys.executable, "zuoye.ernie", "import httpx"),
        # Diagnostics: httpx imports its command line (httpx._main: click, rich, pygments) whenever
        # click is installed, as it is beside zuoye's own CLI; these show that part's share.
        f"httpx {NO_CLI}": (sys.executable, "httpx", _HIDE_CLICK),
        f"zuoye.ernie {NO_CLI}": (sys.executable, "zuoye.ernie", _HIDE_CLICK),
    }
    for kind in ("openai", "qianfan"):
        if kind in pythons:
            cases[kind] = (pythons[kind], kind, "pass")
    for python, module, pre in cases.values():
        subprocess.run(
            [python, "-c", f"{pre}; import {module}"], env=env, check=True, timeout=120, capture_output=True
        )
    walls: dict[str, list[float]] = {name: [] for name in cases}
    cpus: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(IMPORT_RUNS):
        for name, (python, module, pre) in cases.items():
            out = subprocess.run(
                [python, "-c", _IMPORT.format(module=module, pre=pre)],
                capture_output=True,
                text=True,
                timeout=120,
                env=env,
                check=True,
            ).stdout
            wall, cpu = map(float, out.strip().splitlines()[-1].split())
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {
        name: {
            "median": statistics.median(walls[name]),
            "min": min(walls[name]),
            "cpu": statistics.median(cpus[name]),
        }
        for name in cases
    }


def _rows(
    mode: str, unit_name: str, data: dict[str, dict[str, list[float]]], note: str
) -> list[dict[str, Any]]:
    rows = []
    for kind, per_mode in data.items():
        values = per_mode[mode]
        q1, _, q3 = statistics.quantiles(values, n=4)
        rows.append(
            _row(
                f"CPU per {unit_name}, {LABELS[kind]}",
                round(statistics.median(values), 1),
                "µs",
                note=f"median of {len(values)} rounds, IQR {q1:.0f}-{q3:.0f}, min {min(values):.0f}{note}",
            )
        )
    zuoye = data["zuoye"][mode]
    for kind in ("httpx", "openai", "qianfan"):
        if kind not in data:
            continue
        other = data[kind][mode]
        paired = [z / o for z, o in zip(zuoye, other, strict=True)]
        q1, _, q3 = statistics.quantiles(paired, n=4)
        rows.append(
            _row(
                f"zuoye.ernie v2 / {LABELS[kind]}, per {unit_name}",
                round(statistics.median(paired), 3),
                "×",
                GOALS[kind],
                f"median of per-round ratios, IQR {q1:.2f}-{q3:.2f}; of the rounds' minima "
                f"{min(zuoye) / min(other):.2f}",
            )
        )
    return rows


def run() -> list[dict[str, Any]]:
    pythons = {"zuoye": sys.executable, "httpx": sys.executable}
    missing = []
    for kind, (var, venv) in PEERS.items():
        python = os.environ.get(var)
        default = HERE.parent / venv / "bin" / "python"
        if python:
            pythons[kind] = python
        elif default.exists():
            pythons[kind] = str(default)
        else:
            missing.append((kind, var, venv))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "scenario.json"
        scenario.write_text(json.dumps(SCENARIO, ensure_ascii=False), encoding="utf-8")
        env = _env(tmp)
        with emulator_process("--scenario", str(scenario), "--no-solver", "--seed", "1") as base_url:
            events = _wire_events(base_url)
            with _workers(pythons, base_url, env, tmp) as workers:
                data = _measure(workers, events)
                chunks = {kind: w.ready["ready"]["stream"] for kind, w in workers.items()}
            served = stats(base_url)
        imports = _imports(pythons, env, str(Path(tmp) / "pycache"))
    # Every call and stream was answered: no error counted by the emulator (each worker has also
    # checked every answer it got, word for word).
    if served["v2_errors"] or served["errors"]:
        raise RuntimeError(f"the emulator answered errors: {served['v2_errors'] or served['errors']}")
    seen = ", ".join(f"{LABELS[k]} {c:.0f}" for k, c in chunks.items())
    rows += _rows("call", "call", data, "")
    rows += _rows("stream", "streamed event", data, f"; {events} events per stream")
    rows.append(
        _row(
            "streamed chunks handed to the caller",
            seen,
            "",
            note=f"the server sent {events} data events per stream (+ [DONE])",
        )
    )
    for name, t in imports.items():
        goal = "< 150" if name == "zuoye.ernie" else ""
        note = (
            f"median of {IMPORT_RUNS} fresh interpreters; min {t['min']:.0f} wall, median {t['cpu']:.0f} CPU"
        )
        rows.append(_row(f"import {name}", round(t["median"], 1), "ms", goal, note))
    for kind, var, venv in missing:
        rows.append(_row(kind, "skipped", "", note=f"neither {var} nor {venv}/ (./dev bench sets them up)"))
    return rows
