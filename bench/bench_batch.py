"""`zuoye batch`: 1,000 questions against `zuoye emulator --qps 20` (ideal: 50 s).

Run 1 answers the whole worksheet uninterrupted. Run 2 starts the same worksheet on a fresh
output, is killed with SIGKILL part-way, and is re-run with the same output: nothing finished may
be lost and nothing may be answered twice. Both runs are separate processes, as a user runs them;
the emulator is a third.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

N = 1000
QPS = 20


def _worksheet(path: Path) -> None:
    lines = []
    for i in range(N):
        a, b = i % 17 + 2, i % 23 + 1
        q = f"解方程 {a}x + {b} = {a * (i % 9) + b}" if i % 2 else f"计算 {a} × {b} + {i}"
        lines.append(json.dumps({"id": f"q{i:04d}", "question": q}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _cmd(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", "from zuoye.cli import main; main()", "batch", str(src), "-o", str(out)]


def _lines(out: Path) -> list[dict[str, Any]]:
    raw = out.read_bytes() if out.exists() else b""
    return [json.loads(x) for x in raw.splitlines(keepends=True) if x.endswith(b"\n")]


def run() -> list[dict[str, Any]]:
    from zuoye.emulator.testing import emulator_process

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, emulator_process("--qps", str(QPS)) as url:
        tmpdir = Path(tmp)
        src = tmpdir / "worksheet.jsonl"
        _worksheet(src)
        env = dict(os.environ, QIANFAN_AK="bench-ak", QIANFAN_SK="bench-sk", QIANFAN_BASE_URL=url)
        env["ZUOYE_HOME"] = str(tmpdir / "home")
        env["XDG_CACHE_HOME"] = str(tmpdir / "cache")

        out = tmpdir / "answers.jsonl"
        t0 = time.perf_counter()
        done = subprocess.run(_cmd(src, out), env=env, capture_output=True, text=True, timeout=600)
        elapsed = time.perf_counter() - t0
        records = _lines(out)
        answered = sum(1 for r in records if r["status"] == "answered")
        ideal = N / QPS
        rows += [
            {
                "bench": "batch 1000 @ qps 20",
                "metric": "wall time",
                "value": elapsed,
                "unit": "s",
                "goal": f"≤ {1.1 * ideal:.0f} (1.1× ideal {ideal:.0f})",
            },
            {
                "bench": "batch 1000 @ qps 20",
                "metric": "× ideal",
                "value": elapsed / ideal,
                "unit": "×",
                "goal": "≤ 1.1",
            },
            {
                "bench": "batch 1000 @ qps 20",
                "metric": "answered",
                "value": answered,
                "unit": "items",
                "goal": str(N),
            },
            {
                "bench": "batch 1000 @ qps 20",
                "metric": "failed",
                "value": N - answered,
                "unit": "items",
                "goal": "0",
                "note": f"exit {done.returncode}",
            },
        ]

        out2 = tmpdir / "resumed.jsonl"
        proc = subprocess.Popen(
            _cmd(src, out2), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while len(_lines(out2)) < N // 3 and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        before = {r["id"] for r in _lines(out2) if r["status"] == "answered"}
        subprocess.run(_cmd(src, out2), env=env, capture_output=True, text=True, timeout=600)
        after = _lines(out2)
        ids = [r["id"] for r in after]
        rows += [
            {
                "bench": "batch kill -9 + resume",
                "metric": "answered before the kill",
                "value": len(before),
                "unit": "items",
            },
            {
                "bench": "batch kill -9 + resume",
                "metric": "answered in the end",
                "value": len({r["id"] for r in after if r["status"] == "answered"}),
                "unit": "items",
                "goal": str(N),
            },
            {
                "bench": "batch kill -9 + resume",
                "metric": "duplicated",
                "value": len(ids) - len(set(ids)),
                "unit": "items",
                "goal": "0",
            },
        ]
    return rows
