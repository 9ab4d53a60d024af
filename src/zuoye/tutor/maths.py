"""The tutor's use of `zuoye.math`, off the event loop and never fatal.

The solver runs in its own worker with a time budget; here it is only awaited in a thread so a
slow solve never blocks other students' streams. A problem the solver cannot do is `None`, not an
error: the model still answers, just without a computer check.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from zuoye import math as zmath

log = logging.getLogger(__name__)


def solve_or_none(question: str) -> zmath.Solution | None:
    try:
        return zmath.solve(question)
    except zmath.MathError as exc:
        log.debug("solver declined: %s", exc)
        return None


async def solve(question: str) -> zmath.Solution | None:
    return await asyncio.to_thread(solve_or_none, question)


def verdict(solution: zmath.Solution, reply: str) -> dict[str, Any]:
    v = zmath.compare_reply(solution, reply)
    label = {"agree": "已验算", "disagree": "不一致", "unknown": "未能验算"}[v.status]
    return {
        "status": v.status,
        "label": label,
        "found": v.found,
        "expected": list(solution.answer),
        "expected_latex": solution.answer_latex,
        "detail": v.detail,
    }


def format_solution(solution: zmath.Solution) -> str:
    """A classroom-style answer written from the solver's own steps (the offline answer)."""
    lines = ["解："]
    lines += [f"{i}. {step}" for i, step in enumerate(solution.steps, 1)]
    lines.append(f"答：${solution.answer_latex}$")
    return "\n".join(lines)
