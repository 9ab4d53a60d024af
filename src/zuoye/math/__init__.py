"""zuoye.math — an exact maths solver that explains its steps, on SymPy.

    from zuoye.math import solve
    sol = solve("解方程 x^2-5x+6=0")
    sol.kind, sol.steps, sol.answer, sol.answer_latex      # "quadratic_equation", [...], ["x=2", "x=3"], ...

It reads questions the way students write them (Chinese task words, Unicode, ASCII, LaTeX),
answers exactly (fractions stay fractions, √2 stays √2) with classroom steps in the reader's
language (the caller's `zuoye.messages.language()`, carried into the worker: 移项 for a Chinese
reader, "Move terms" for an English one; the answer itself is the same for both), and checks: `check_value` (is this a solution?), `expressions_equal`, `check_working` (the first
line of a student's working that does not follow), `compare_reply` (does a model's free-text
answer agree?). The same capabilities are function-calling tools in `zuoye.math.tools`.
`sol.figure` is a `Figure` when the question is graphable (roots, intersections, a parabola's
vertex and axis, an inequality's number line, extrema, a definite integral's region): what to
draw, every label computed by SymPy (`Figure.to_dict()` / `Figure.from_dict()` for JSON).

Safety: user text is never evaluated as Python — a hand-written tokenizer and parser build a
syntax tree, and only a whitelist of SymPy constructors turns it into maths (`_build`). Every
call runs in a worker process with a time limit (killed, not asked, when it runs over) and a
memory limit, after static budgets on input size, nesting, numbers and powers. All functions
are safe to call from several threads at once; from asyncio use `solve_async` (or a thread).

Errors (all `MathError`, with a message saying what to change, in the reader's language — the
caller's `zuoye.messages.language()` goes with each call into the worker):
`ParseError` (not readable maths), `UnsupportedProblem` (no method for it, e.g. word problems),
`BudgetExceeded` (too big or too slow).
"""

from __future__ import annotations

import asyncio

from zuoye.math import _pool
from zuoye.math._errors import BudgetExceeded, MathError, ParseError, UnsupportedProblem
from zuoye.math._figure_types import Figure
from zuoye.math._normalize import check_size
from zuoye.math._types import Solution, SolvingStep, Verdict, WorkingCheck
from zuoye.messages import say


def _require_str(value: object, what: str) -> str:
    """`value` checked to be text of a sane size; `what` names it (a `math.what.*` key)."""
    if not isinstance(value, str):
        raise ParseError(say("math.not_a_string", what=say(what), type=type(value).__name__))
    check_size(value)
    return value


def solve(question: str, *, timeout: float | None = None, figure: bool = True) -> Solution:
    """Solve one problem. Raises a MathError subclass with a clear message when it cannot.
    `figure=False` skips drawing (`Solution.figure` stays None) where nobody will see it."""
    result: Solution = _pool.call("solve", (_require_str(question, "math.what.question"), figure), timeout)
    return result


async def solve_async(
    question: str,
    *,
    timeout: float | None = None,  # noqa: ASYNC109
    figure: bool = True,
) -> Solution:
    """`solve` for event loops: the blocking wait happens in a thread, the work in a worker."""
    return await asyncio.to_thread(solve, question, timeout=timeout, figure=figure)


def check_value(problem: str, value: str, *, timeout: float | None = None) -> bool:
    """Is `value` ("x=3", "3", "x=2, y=3") a solution of the equation(s)/inequality(ies) in `problem`?"""
    args = (_require_str(problem, "math.what.question"), _require_str(value, "math.what.value"))
    return bool(_pool.call("check_value", args, timeout))


def expressions_equal(a: str, b: str, *, timeout: float | None = None) -> bool:
    """Are two expressions equal for all values ("(x+1)^2" vs "x^2+2x+1")? Relations compare by solutions."""
    return bool(
        _pool.call(
            "expressions_equal",
            (_require_str(a, "math.what.expression"), _require_str(b, "math.what.expression")),
            timeout,
        )
    )


def check_working(lines: list[str], *, timeout: float | None = None) -> WorkingCheck:
    """Find the first line of a student's working that does not follow from the line before."""
    if not isinstance(lines, list | tuple) or not all(isinstance(s, str) for s in lines):
        raise ParseError(say("math.working_not_lines"))
    check_size("\n".join(lines))
    result: WorkingCheck = _pool.call("check_working", (list(lines),), timeout)
    return result


def classify_mistake(before: str, after: str, *, timeout: float | None = None) -> str | None:
    """The kind of slip (sign, arithmetic, dropped_root, transposition, …)
    that turns the right line `before` into the wrong line `after`; None when they cannot be read."""
    args = (_require_str(before, "math.what.line_before"), _require_str(after, "math.what.line"))
    result: str | None = _pool.call("classify_mistake", args, timeout)
    return result


def compare_reply(
    sol: Solution, reply_text: str, *, timeout: float | None = None, strict: bool = False
) -> Verdict:
    """Find the final answer in a free-text reply and compare it with `sol` ("unknown" if none found).
    `strict`: BudgetExceeded (out of time or memory: a busy machine) is raised, not "unknown", for
    a caller that must not take "could not look" for "found no answer" (the hint guard)."""
    if not isinstance(reply_text, str) or not reply_text.strip():
        return Verdict("unknown", None, say("math.reply.empty"))
    try:
        result: Verdict = _pool.call("compare_reply", (sol, reply_text[-20_000:]), timeout)
    except MathError as exc:
        if strict and isinstance(exc, BudgetExceeded):
            raise
        return Verdict("unknown", None, say("math.reply.undecided", reason=exc.message))
    return result


def solving_steps(
    sol: Solution, text: str, *, timeout: float | None = None, strict: bool = False
) -> list[SolvingStep]:
    """The maths in `text` that moves `sol`'s question toward its answer, in order: each piece's
    span, and whether it is one short step from the answer. A hint may give one such step, not a
    chain of them (see `zuoye.tutor.guard`). Maths it cannot read is not a step. `strict`:
    BudgetExceeded (out of time or memory: a busy machine) is raised, not [] — the hint guard
    withholds what it could not look at."""
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        result: list[SolvingStep] = _pool.call("solving_steps", (sol, text[:MAX_STEP_TEXT]), timeout)
    except MathError as exc:
        if strict and isinstance(exc, BudgetExceeded):
            raise
        return []
    return result


# A sentence of a reply; longer text is cut (the guard screens a sentence at a time).
MAX_STEP_TEXT = 4000

__all__ = [
    "BudgetExceeded",
    "Figure",
    "MathError",
    "ParseError",
    "Solution",
    "SolvingStep",
    "UnsupportedProblem",
    "Verdict",
    "WorkingCheck",
    "check_value",
    "check_working",
    "classify_mistake",
    "compare_reply",
    "expressions_equal",
    "solve",
    "solve_async",
    "solving_steps",
]
