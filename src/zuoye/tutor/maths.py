"""The tutor's use of `zuoye.math`, off the event loop and never fatal.

The solver runs in its own worker with a time budget; here it is only awaited in a thread so a
slow solve never blocks other students' streams. A problem the solver cannot do is `None`, not an
error: the model still answers, just without a computer check.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from zuoye import math as zmath

log = logging.getLogger(__name__)


# Students wrap the maths in words ("…, just give me the answer!"): when the whole question does
# not parse, the solver is tried on its sentences, then on the question without Latin words that
# are not maths (function names and single-letter variables stay).
_SENTENCE = re.compile(r"[。！？!?；;\n]+")
_WORD = re.compile(r"(?<![A-Za-z0-9^_\\])[A-Za-z][A-Za-z']+(?![A-Za-z0-9(^_])")
_MATH_WORDS = frozenset(
    [
        "sin",
        "cos",
        "tan",
        "cot",
        "sec",
        "csc",
        "arcsin",
        "arccos",
        "arctan",
        "sinh",
        "cosh",
        "tanh",
        "log",
        "ln",
        "lg",
        "exp",
        "sqrt",
        "lim",
        "int",
        "pi",
        "abs",
        "max",
        "min",
        "gcd",
        "lcm",
        "mod",
        "dx",
        "dy",
        "dt",
    ]
)


def _candidates(question: str) -> list[str]:
    out = [question]
    out += [s.strip() for s in _SENTENCE.split(question) if s.strip() and s.strip() != question]
    stripped = _WORD.sub(lambda m: m.group(0) if m.group(0).lower() in _MATH_WORDS else " ", question)
    stripped = " ".join(stripped.split())
    if stripped and stripped not in out:
        out.append(stripped)
    return out


def solve_or_none(question: str) -> zmath.Solution | None:
    for candidate in _candidates(question)[:6]:
        try:
            return zmath.solve(candidate)
        except zmath.BudgetExceeded as exc:
            log.debug("solver gave up: %s", exc)
            return None  # a smaller piece of the same problem would not be cheaper
        except zmath.MathError as exc:
            log.debug("solver declined %r: %s", candidate[:80], exc)
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
    lines.append("")  # a blank line ends the numbered list, so 答 is not read as part of its last step
    lines.append(f"答：${solution.answer_latex}$")
    return "\n".join(lines)


def format_hint(solution: zmath.Solution, level: str) -> str:
    """What the help ceiling allows offline: the first step ("step") or only the method ("hint")."""
    steps = solution.steps[1:] or solution.steps  # the first step usually restates the problem
    first = steps[0] if steps else ""
    if level == "step":
        return f"提示：第一步，{first}\n\n接下来你能自己完成吗？做完可以用「批改」模式检查。"
    method = first.split("$", 1)[0].strip().rstrip("：:，,") or "先理清题目给的条件"
    return f"提示：可以从「{method}」入手。你能写出第一步吗？"


def format_review(lines: list[str], bad_index: int | None) -> str:
    """The offline 批改 answer: where the working first goes wrong, from the solver's line check."""
    if bad_index is None:
        return "批改：每一步都能由上一步得到，没有发现错误。"
    before = f"由第 {bad_index} 行「{lines[bad_index - 1]}」" if bad_index > 0 else "这一行"
    return (
        f"批改：第 {bad_index + 1} 行「{lines[bad_index]}」有错误：{before}推不出这一行。\n\n"
        "请检查这一步的计算，改正后再往下做。"
    )
