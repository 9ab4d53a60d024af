"""What goes into the 错题本, and what each entry says.

Three ways in, all with the turn they came from:
- a 批改 whose working had a wrong line: that line, the step the computer derives from the line
  before it instead (the correct step), and the explanation the student was given;
- an answer the computer marked 不一致: the answer given, the computer's, and what it understood
  (which of the two misread the question is for the student to see, not for us to decide);
- any turn the student saves (加入错题本).

Each entry keeps the problem to practise apart from what was asked: a 批改 question holds the
student's working, and only its first line (with the task word) is the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from zuoye.tutor import checkwork
from zuoye.tutor.checkwork import WorkingReview
from zuoye.tutor.maths import solve_or_none
from zuoye.tutor.modes import CHECK

# The task a working's first line is for, as the student wrote it (解方程 2x+3=7 / 计算：…).
_TASK_WORD = re.compile(r"解方程组|解方程|解不等式组|解不等式|计算|化简|求值|因式分解|展开")


@dataclass(frozen=True)
class NewEntry:
    source: str  # checkwork | disagree | saved (zuoye.store.mistakes.SOURCES)
    question: str
    problem: str
    wrong_line: str | None = None
    correct_step: str | None = None
    explanation: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def problem_of(question: str, mode: str) -> str:
    """The problem to practise: for 批改, the working's first line with its task word; else the
    question as asked."""
    if mode == CHECK:
        lines = checkwork.working_lines(question)
        if lines:
            task = _TASK_WORD.search(question)
            return f"{task.group(0)} {lines[0]}" if task else lines[0]
    return question.strip()


def from_review(
    question: str, review: WorkingReview, explanation: str, *, correct_step: bool = True
) -> NewEntry | None:
    """The entry for a 批改 whose working had a wrong line (None when it had none). Without
    `correct_step` (an adult's ceiling allows a hint only) the entry never gets the correct step:
    the 错题本 must not show more than the answer could."""
    bad = review.bad_index
    if review.ok or bad is None:
        return None
    return NewEntry(
        source="checkwork",
        question=question,
        problem=problem_of(question, CHECK),
        wrong_line=review.lines[bad],
        explanation=explanation,
        detail={
            "line_no": bad + 1,
            "lines": review.lines,
            "before": review.lines[bad - 1] if bad and correct_step else None,
        },
    )


def from_check(question: str, check: dict[str, Any], explanation: str) -> NewEntry | None:
    """The entry for an answer whose final check is 不一致 (None for any other check)."""
    if check.get("status") != "disagree":
        return None
    expected = str(check.get("expected_latex") or "")
    return NewEntry(
        source="disagree",
        question=question,
        problem=question.strip(),
        wrong_line=str(check.get("found") or "") or None,
        correct_step=f"${expected}$" if expected else None,
        explanation=explanation,
        detail={
            "understood": check.get("understood") or "",
            "reading": check.get("reading") or "",
            "model_reading": check.get("model_reading") or "",
        },
    )


def from_turn(
    question: str, answer: str, mode: str, checks: list[Any], *, correct_step: bool = True
) -> NewEntry:
    """The entry for a turn the student saves: with the wrong line or the disagreement when the
    turn had one (worked out again from the stored question and checks), else the answer.
    Without `correct_step` (a hint-only ceiling, as in `from_review`) it gets no correct step."""
    last = next((c for c in reversed(checks) if isinstance(c, dict) and c.get("status")), None)
    found = from_check(question, last, answer) if last else None
    if found is None and mode == CHECK:
        review = checkwork.review(question)
        found = from_review(question, review, answer, correct_step=correct_step) if review else None
    if found is not None:
        return replace(found, source="saved", correct_step=found.correct_step if correct_step else None)
    return NewEntry(source="saved", question=question, problem=problem_of(question, mode), explanation=answer)


def with_correct_step(entry: NewEntry) -> NewEntry:
    """A 批改 entry with the step the computer takes from the line before the wrong one: the
    solver's first step on that line (its own restatement skipped). Calls the solver: run it off
    the event loop."""
    before = entry.detail.get("before")
    if entry.correct_step or not isinstance(before, str) or not before.strip():
        return entry
    solution = solve_or_none(before.lstrip("=").strip())
    if solution is None:
        return entry
    steps = solution.steps[1:] if len(solution.steps) > 1 else solution.steps
    step = steps[0] if steps else ""
    if not step:
        return entry
    return replace(entry, correct_step=step, detail=entry.detail | {"answer_latex": solution.answer_latex})
