"""再练一题: a problem like an entry's, set by the 练习 machinery, and the student's answer checked.

The problem is proposed by the model when one is configured (and the student's `Allowance` — in
multi-user mode the daily question quota — lets it be asked) and kept only if the solver solves it
(`practice.verify`); otherwise — no model, no question left today, the model unreachable, nothing
it proposed verifiable — it is a local variant of the entry's problem (other numbers), solved by
the solver too. Its answer
is always the solver's: the model never marks a student. A problem set before is not set again
while another can be made.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from zuoye import math as zmath
from zuoye.providers import ChatModel, Message, ProviderError, complete
from zuoye.tutor import practice
from zuoye.tutor.maths import solve_or_none
from zuoye.tutor.modes import PRACTICE
from zuoye.tutor.prompts import system_prompt

log = logging.getLogger(__name__)

# How many problems to ask the model for, and to make locally, to find one not set before.
_CANDIDATES = 6


class Allowance(Protocol):
    """Whether the model may be asked for problems once more: each time is one of the student's
    questions (the web's daily quota takes it). Given back when the model could not be reached."""

    async def take(self) -> bool: ...

    async def give_back(self) -> None: ...


@dataclass(frozen=True)
class Marking:
    status: str  # correct | wrong | unread (the answer could not be read: not counted)
    found: str | None
    expected_latex: str
    unit: str


def exercise_json(exercise: practice.Exercise) -> dict[str, Any]:
    """What the store keeps of an exercise set: an id (an answer names the exercise it answers),
    the question, and the solver's whole solution, to mark the answer with."""
    return {"id": uuid.uuid4().hex, "question": exercise.question, "solution": asdict(exercise.solution)}


def solution_of(stored: dict[str, Any]) -> zmath.Solution:
    return zmath.Solution(**stored["solution"])


async def new_exercise(
    problem: str,
    *,
    model: ChatModel | None,
    grade: str,
    user_id: str | None,
    seen: set[str],
    allowance: Allowance | None = None,
    itself: bool = True,
) -> practice.Exercise | None:
    """A verified problem like `problem` that is not in `seen`; None when none can be made. The
    model is asked only if `allowance` (when given) lets it; else the problem is a local variant,
    as good a problem, and nothing is said about it. A problem with no numbers to change is set
    itself only with `itself`: marking it tells its answer, which a help ceiling withholds."""
    original = await asyncio.to_thread(solve_or_none, problem)
    like = _shape(original) if original is not None else None
    if model is not None and allowance is not None and not await allowance.take():
        log.info("再练一题: no question left today for %s; using local variants", user_id)
        model = None
    if model is not None:
        try:
            proposed = await _proposed(model, problem, grade=grade, user_id=user_id)
        except ProviderError as exc:  # the local variants are still verified problems
            log.info("再练一题: the model could not propose problems (%s); using local variants", exc)
            if allowance is not None:
                await allowance.give_back()
            proposed = []
        # not the entry's own problem, as the model may propose it again
        found = await asyncio.to_thread(_first_unseen, proposed, seen | {problem.strip()}, like)
        if found is not None:
            return found
    return await asyncio.to_thread(_local, problem, seen, like, original if itself else None)


async def _proposed(model: ChatModel, problem: str, *, grade: str, user_id: str | None) -> list[str]:
    system = system_prompt(grade=grade, mode=PRACTICE, help_level="full", practice_count=3)
    reply = await complete(model, messages=[Message.user(problem)], system=system, user_id=user_id)
    return practice.parse_items(reply.text)


Shape = tuple[int, bool, bool]


def _shape(solution: zmath.Solution) -> Shape:
    """What kind of answer a problem has: how many, and whether roots or fractions are in it. A
    problem with whole-number roots is practised with one that has whole-number roots too (other
    numbers easily give x = (11 ± 3√5)/2, a harder problem than the one got wrong)."""
    answers = solution.answer
    return len(answers), any("sqrt" in a for a in answers), any("/" in a for a in answers)


def _first_unseen(
    candidates: list[str], seen: set[str], like: Shape | None, *, strict: bool = False
) -> practice.Exercise | None:
    """The first verified candidate not seen, one shaped `like` the original if there is one
    (with `strict`, only such a one)."""
    fresh = [c for c in candidates if c.strip() not in seen]
    kept = practice.verify(fresh, limit=len(fresh))
    alike = [ex for ex in kept if like is None or _shape(ex.solution) == like]
    chosen = alike or ([] if strict else kept)
    return chosen[0] if chosen else None


def _local(
    problem: str, seen: set[str], like: Shape | None, original: zmath.Solution | None
) -> practice.Exercise | None:
    # Variants are the same for the same problem; once they are all used, variants of the
    # last one set are new ones.
    for strict in (True, False):
        for base in (problem, *sorted(seen)):
            variants = practice.variants(base, count=_CANDIDATES)
            found = _first_unseen(variants, seen | {problem}, like, strict=strict)
            if found is not None:
                return found
    # No numbers to change: the problem itself, if the solver solves it.
    return practice.Exercise(problem, original) if original is not None and original.answer else None


def mark(stored: dict[str, Any], answer: str) -> Marking:
    """The student's answer to a stored exercise, marked by the solver. Calls the solver: run it
    off the event loop."""
    solution = solution_of(stored)
    verdict = zmath.compare_reply(solution, f"答：{answer.strip()}")
    status = {"agree": "correct", "disagree": "wrong"}.get(verdict.status, "unread")
    return Marking(status, verdict.found, solution.answer_latex, solution.unit)
