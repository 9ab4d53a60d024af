"""What does zuoye.ernie cost its caller? CPU per call and per streamed event, side by side with the
same requests written by hand with raw httpx and made with the official qianfan SDK, plus the time
to import each.

All three talk to one `zuoye emulator` in its own process, so only the client's work is counted:
each client runs in a fresh process of its own (bench/_client_worker.py; qianfan in its own venv,
$ZUOYE_QIANFAN_PYTHON, never imported here) and reports `time.process_time()` over N calls after a
warm-up. zuoye.ernie and raw httpx run interleaved in small batches inside one process, so both see
the same machine, and their ratio is taken round by round; the table shows medians.

Goals (issue 2): CPU per non-streaming call ≤ 1.15 × raw httpx and ≤ 0.5 × qianfan; importing
zuoye.ernie under 150 ms.

    ./dev bench client     (sizes: ZUOYE_BENCH_ROUNDS, ZUOYE_BENCH_CALL_BATCH, ZUOYE_BENCH_STREAM_BATCH)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from zuoye.emulator.testing import emulator_process

HERE = Path(__file__).resolve().parent
WORKER = HERE / "_client_worker.py"
ROUNDS = int(os.environ.get("ZUOYE_BENCH_ROUNDS", "40"))
CALL_BATCH = int(os.environ.get("ZUOYE_BENCH_CALL_BATCH", "25"))
STREAM_BATCH = int(os.environ.get("ZUOYE_BENCH_STREAM_BATCH", "2"))
SENTENCES = 50
IMPORT_RUNS = int(os.environ.get("ZUOYE_BENCH_IMPORT_RUNS", "15"))

SCENARIO = {
    "rules": [
        {"match": "流式", "reply": {"result": "".join(f"这是第{i}句话。" for i in range(SENTENCES))}},
        {"match": "你好", "reply": {"result": "你好！有什么可以帮你的？"}},
    ]
}

# Wall and CPU milliseconds of one import in a fresh interpreter (after `pre`, already imported).
_IMPORT = (
    "import time; {pre}; w, c = time.perf_counter(), time.process_time(); import {module}; "
    "print((time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000)"
)


def _row(metric: str, value: float | str, unit: str, goal: str = "", note: str = "") -> dict[str, Any]:
    return {"bench": "client", "metric": metric, "value": value, "unit": unit, "goal": goal, "note": note}


def _env(base_url: str, cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIANFAN_")}
    env.update(
        QIANFAN_AK="bench-ak",
        QIANFAN_SK="bench-sk",
        QIANFAN_BASE_URL=base_url,
        QIANFAN_CONSOLE_API_BASE_URL=base_url,  # the model-list call the SDK may make
        QIANFAN_CACHE_DIR=cache,
    )
    return env


def _worker(python: str, kinds: str, mode: str, base_url: str, env: dict[str, str]) -> dict[str, Any]:
    batch = CALL_BATCH if mode == "call" else STREAM_BATCH
    proc = subprocess.run(
        [python, str(WORKER), kinds, mode, base_url, str(ROUNDS), str(batch)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        cwd=HERE.parent,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{kinds} {mode} worker failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _import_ms(
    python: str, module: str, env: dict[str, str], pycache: str, pre: str = "pass"
) -> dict[str, float]:
    """Milliseconds of `import module` over fresh interpreters: the minimum wall time (the usual
    estimate of the cost itself on a shared, noisy machine), and the medians of wall and CPU.

    With bytecode caching on, as for any installed package (a session that sets
    PYTHONDONTWRITEBYTECODE would otherwise compile zuoye from source at every import while the
    site-packages it is compared with come precompiled); the cache goes to a temporary
    PYTHONPYCACHEPREFIX, and one untimed import fills it."""
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    walls, cpus = [], []
    subprocess.run(
        [python, "-c", f"{pre}; import {module}"], env=env, check=True, timeout=120, capture_output=True
    )
    for _ in range(IMPORT_RUNS):
        out = subprocess.run(
            [python, "-c", _IMPORT.format(module=module, pre=pre)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=True,
        ).stdout
        wall, cpu = map(float, out.strip().splitlines()[-1].split())
        walls.append(wall)
        cpus.append(cpu)
    return {"min": min(walls), "median": statistics.median(walls), "cpu": statistics.median(cpus)}


def _measure(mode: str, base_url: str, env: dict[str, str], qianfan: str | None) -> dict[str, Any]:
    """Per-round CPU (µs per call or per event) for each client."""
    rounds = _worker(sys.executable, "zuoye,httpx", mode, base_url, env)
    if qianfan:
        rounds.update(_worker(qianfan, "qianfan", mode, base_url, env))
    return rounds


def _rows(mode: str, unit_name: str, data: dict[str, Any], goals: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    median = {kind: statistics.median(d["cpu_us"]) for kind, d in data.items()}
    for kind, d in data.items():
        q1, _, q3 = statistics.quantiles(d["cpu_us"], n=4)
        note = f"{len(d['cpu_us'])} rounds, IQR {q1:.0f}-{q3:.0f}"
        if mode == "stream":
            note += f"; {d['events_per_call']:.0f} events per stream"
        rows.append(_row(f"CPU per {unit_name}, {kind}", round(median[kind], 1), "µs", note=note))
    # zuoye and httpx ran interleaved in one process: compare them round by round.
    paired = [z / h for z, h in zip(data["zuoye"]["cpu_us"], data["httpx"]["cpu_us"], strict=True)]
    rows.append(
        _row(
            f"zuoye.ernie / raw httpx, per {unit_name}",
            round(statistics.median(paired), 3),
            "×",
            goals.get("httpx", ""),
            "median of per-round ratios",
        )
    )
    if "qianfan" in median:
        rows.append(
            _row(
                f"zuoye.ernie / qianfan, per {unit_name}",
                round(median["zuoye"] / median["qianfan"], 3),
                "×",
                goals.get("qianfan", ""),
                "ratio of medians (separate processes)",
            )
        )
    return rows


def run() -> list[dict[str, Any]]:
    qianfan_python = os.environ.get("ZUOYE_QIANFAN_PYTHON")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "scenario.json"
        scenario.write_text(json.dumps(SCENARIO, ensure_ascii=False), encoding="utf-8")
        with emulator_process("--scenario", str(scenario), "--no-solver", "--seed", "1") as base_url:
            env = _env(base_url, str(Path(tmp) / "qianfan-cache"))
            calls = _measure("call", base_url, env, qianfan_python)
            streams = _measure("stream", base_url, env, qianfan_python)
        pyc = str(Path(tmp) / "pycache")
        imports = {
            "zuoye.ernie": _import_ms(sys.executable, "zuoye.ernie", env, pyc),
            "httpx": _import_ms(sys.executable, "httpx", env, pyc),
            "zuoye.ernie, httpx already imported": _import_ms(
                sys.executable, "zuoye.ernie", env, pyc, "import httpx"
            ),
        }
        if qianfan_python:
            imports["qianfan"] = _import_ms(qianfan_python, "qianfan", env, pyc)
    rows += _rows("call", "call", calls, {"httpx": "≤ 1.15", "qianfan": "≤ 0.5"})
    rows += _rows("stream", "streamed event", streams, {})
    for module, t in imports.items():
        goal = "< 150" if module == "zuoye.ernie" else ""
        note = f"min of {IMPORT_RUNS} fresh interpreters; median {t['median']:.0f} wall, {t['cpu']:.0f} CPU"
        rows.append(_row(f"import {module}", round(t["min"], 1), "ms", goal, note))
    if not qianfan_python:
        rows.append(
            _row("qianfan", "skipped", "", note="ZUOYE_QIANFAN_PYTHON is not set (./dev bench sets it)")
        )
    return rows
