"""The solver's quality bar and speed on the public problem set.

Rows: core score (solved / core, %), stretch score, p50/p95/max seconds per problem through the
public API (worker process, warm), the same in-process for comparison (the ratio is the cost of
running every problem in a killable worker), and the one-off worker start. Goal: ≥ 95% core,
p95 < 1 s. Data: tests/math/data/math_public.jsonl, or ZUOYE_MATH_BENCH_DATA=path.jsonl.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.math.grader import grade  # noqa: E402

from zuoye.math import MathError, _pool, solve  # noqa: E402

DATA = Path(os.environ.get("ZUOYE_MATH_BENCH_DATA", ROOT / "tests" / "math" / "data" / "math_public.jsonl"))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _run_all(items: list[dict[str, Any]], inline: bool) -> tuple[list[float], dict[str, bool]]:
    times: list[float] = []
    ok: dict[str, bool] = {}
    for item in items:
        started = time.perf_counter()
        try:
            got = _pool.run_inline("solve", (item["q"],)).answer if inline else solve(item["q"]).answer
        except MathError:
            got = None
        times.append(time.perf_counter() - started)
        ok[item["id"]] = got is not None and grade(item["answer"], got, item.get("form"))
    return times, ok


def run() -> list[dict[str, Any]]:
    items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    _pool.shutdown()
    started = time.perf_counter()
    solve("1+1")  # starts the fork server and a worker
    cold = time.perf_counter() - started
    times, ok = _run_all(items, inline=False)
    inline_times, _ = _run_all(items, inline=True)
    core = [i for i in items if not i.get("stretch")]
    stretch = [i for i in items if i.get("stretch")]
    core_ok = sum(ok[i["id"]] for i in core)
    stretch_ok = sum(ok[i["id"]] for i in stretch)
    failed = [i["id"] for i in items if not ok[i["id"]]]
    p50, p95 = _percentile(times, 0.5), _percentile(times, 0.95)
    i50 = _percentile(inline_times, 0.5)
    name = "math"
    return [
        {"bench": name, "metric": "core solved", "value": f"{core_ok}/{len(core)}", "unit": "problems",
         "note": ", ".join(failed) or "all solved"},
        {"bench": name, "metric": "core score", "value": 100.0 * core_ok / max(1, len(core)), "unit": "%",
         "goal": ">= 95"},
        {"bench": name, "metric": "stretch solved", "value": f"{stretch_ok}/{len(stretch)}", "unit": "problems"},
        {"bench": name, "metric": "p50 per problem", "value": p50, "unit": "s", "note": f"{DATA.name}, worker"},
        {"bench": name, "metric": "p95 per problem", "value": p95, "unit": "s", "goal": "< 1"},
        {"bench": name, "metric": "max per problem", "value": max(times), "unit": "s"},
        {"bench": name, "metric": "mean per problem", "value": statistics.fmean(times), "unit": "s"},
        {"bench": name, "metric": "p50 in-process", "value": i50, "unit": "s",
         "note": f"worker/in-process p50 ratio {p50 / i50:.2f}" if i50 else ""},
        {"bench": name, "metric": "worker cold start", "value": cold, "unit": "s", "note": "once per process"},
    ]  # fmt: skip
