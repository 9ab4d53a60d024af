"""练习 mode (举一反三): similar problems whose answers the solver computed.

The model proposes problems; each is solved by `zuoye.math` and only verified ones are kept. When
the model proposes none the solver can verify (or no model is configured), variants are made
locally by changing the numbers in the original question.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from zuoye import math as zmath
from zuoye.tutor.maths import solve_or_none

_ITEM = re.compile(r"^\s*(?:第?\s*\d{1,2}\s*[.．、)）:：题]|[-*•])\s*(.+?)\s*$")
_INT = re.compile(r"(?<![\d.^_])\d{1,3}(?![\d.])")


@dataclass(frozen=True)
class Exercise:
    question: str
    solution: zmath.Solution


def parse_items(text: str) -> list[str]:
    items = []
    for line in text.splitlines():
        m = _ITEM.match(line)
        if m and len(m.group(1)) >= 3:
            items.append(m.group(1))
    return items


def verify(candidates: list[str], *, limit: int) -> list[Exercise]:
    kept: list[Exercise] = []
    for q in candidates:
        sol = solve_or_none(q)
        if sol is not None and sol.answer:
            kept.append(Exercise(q, sol))
        if len(kept) >= limit:
            break
    return kept


def variants(question: str, *, count: int, tries: int = 12) -> list[str]:
    """Same problem, other numbers: deterministic per question so a rerun shows the same set."""
    numbers = _INT.findall(question)
    if not numbers:
        return []
    rng = random.Random(question)
    seen = {question}
    out: list[str] = []
    for _ in range(tries):

        def swap(m: re.Match[str]) -> str:
            n = int(m.group(0))
            return str(max(1, n + rng.choice([-3, -2, -1, 1, 2, 3, 4]))) if n > 1 else m.group(0)

        candidate = _unit_coefficients(_INT.sub(swap, question))
        if candidate not in seen:
            seen.add(candidate)
            out.append(candidate)
        if len(out) >= count * 2:
            break
    return out


# A coefficient of 1 in front of a letter or a bracket, as a changed number can leave it ("1x").
_UNIT_COEFFICIENT = re.compile(r"(?<![\d.^/])1(?=[a-zA-Z(])")


def _unit_coefficients(question: str) -> str:
    """`1x` → `x`, `-1x` → `-x`: nobody writes a coefficient of 1."""
    return _UNIT_COEFFICIENT.sub("", question)


def render(exercises: list[Exercise]) -> str:
    lines = ["**练习题**（举一反三）", ""]
    lines += [f"{i}. {ex.question}" for i, ex in enumerate(exercises, 1)]
    lines += ["", "**参考答案**（由计算机求解验证）", ""]
    lines += [f"{i}. ${ex.solution.answer_latex}$" for i, ex in enumerate(exercises, 1)]
    return "\n".join(lines)
