"""批改 mode: find the first line of a student's working that does not follow from the one before."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zuoye import math as zmath
from zuoye.tutor.maths import solve_or_none
from zuoye.tutor.prompts import working_note

_PREFIX = re.compile(r"^\s*(?:\(?\d{1,2}[.)、．]|解[:：]|答[:：]|∴|∵|所以|因此|则|得|即)\s*")
_TASK = re.compile(
    r"^\s*(?:请?(?:帮我)?(?:检查|批改)[^:：]*[:：])?\s*(?:解方程组?|解不等式|计算|化简)\s*[:：]?\s*"
)
_MATHY = re.compile(r"[=<>≤≥]")
# A line of maths alone (no words): digits or letters with operators and brackets.
_EXPRESSION = re.compile(r"(?=.*[0-9A-Za-z])[0-9A-Za-z\s+\-*/×÷·^()（）\[\]{}.,√²³πα-ω|!%]+")


@dataclass(frozen=True)
class WorkingReview:
    lines: list[str]
    ok: bool
    bad_index: int | None
    note: str
    # How the first wrong line went wrong (zuoye.math.classify_mistake: sign, arithmetic, …),
    # None when it is right or the kind cannot be told; the solver's kind of the problem in the
    # first line ("" when it reads none).
    mistake: str | None = None
    problem_kind: str = ""


def working_lines(text: str) -> list[str]:
    """The student's lines of working, numbering and 解：/所以 stripped, task words removed. An
    expression with no relation sign is a line when the next line goes on from it (`=…`): the
    task's own `计算 (2+3)×2` above `=2+3×2` is where that first step is checked from."""
    lines = [
        _TASK.sub("", _PREFIX.sub("", raw)).strip().rstrip("。.，,") for raw in re.split(r"[\n;；]+", text)
    ]
    lines = [line for line in lines if line]
    return [
        line
        for line, after in zip(lines, [*lines[1:], ""], strict=True)
        if _MATHY.search(line) or (after.startswith("=") and _EXPRESSION.fullmatch(line))
    ]


def review(text: str) -> WorkingReview | None:
    lines = working_lines(text)
    if len(lines) < 2:
        return None
    try:
        result = zmath.check_working(lines)
    except zmath.MathError:
        return None
    bad = result.first_bad_line
    note = working_note(
        ok=result.ok,
        bad_line=lines[bad] if bad is not None else None,
        line_no=bad + 1 if bad is not None else None,
        reason=result.reason,
    )
    return WorkingReview(
        lines=lines,
        ok=result.ok,
        bad_index=bad,
        note=note,
        mistake=_mistake(lines, bad),
        problem_kind=_problem_kind(lines[0]),
    )


def _mistake(lines: list[str], bad: int | None) -> str | None:
    if not bad:  # right, or the first line itself could not be read
        return None
    try:
        return zmath.classify_mistake(lines[bad - 1], lines[bad])
    except zmath.MathError:
        return None


def _problem_kind(first_line: str) -> str:
    solution = solve_or_none(first_line)
    return solution.kind if solution is not None else ""
