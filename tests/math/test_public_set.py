"""The quality bar: ≥ 95% of the core public problems (a copy of ../shared/data/math_public.jsonl).

Score only — timings live in bench/bench_math.py. Stretch (word) problems are reported, not required.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.math.grader import grade
from zuoye.math import MathError, solve

DATA = Path(__file__).parent / "data" / "math_public.jsonl"


def _score() -> tuple[list[str], list[str], int, int]:
    core_failed: list[str] = []
    stretch_failed: list[str] = []
    core = stretch = 0
    for line in DATA.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        try:
            got = solve(item["q"]).answer
        except MathError:
            got = None
        ok = got is not None and grade(item["answer"], got, item.get("form"))
        if item.get("stretch"):
            stretch += 1
            if not ok:
                stretch_failed.append(item["id"])
        else:
            core += 1
            if not ok:
                core_failed.append(f"{item['id']}: {item['q']} -> {got}")
    return core_failed, stretch_failed, core, stretch


def test_public_core_score_at_least_95_percent() -> None:
    core_failed, _, core, _ = _score()
    solved = core - len(core_failed)
    assert solved / core >= 0.95, f"core {solved}/{core}; failed: {core_failed}"
