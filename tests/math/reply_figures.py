"""The answer-checking figures of issue 11 on the ERNIE-style reply set, shared by the test and the bench.

A reply is checkable when the solver solves its problem and its answer is the right one (the
solver's own mistakes are measured elsewhere, tests/math/test_public_set.py). Then, for each reply:
a right one should be confirmed (已验算) and never flagged (不一致); a wrong one should be caught
(不一致) and never confirmed; "unknown" (未验算) counts as unchecked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.math.grader import grade
from zuoye.math import MathError, Solution, Verdict, compare_reply, solve


@dataclass
class Figures:
    right: int = 0
    wrong: int = 0
    confirmed: int = 0  # right → agree
    flagged: int = 0  # right → disagree
    caught: int = 0  # wrong → disagree
    wrongly_verified: int = 0  # wrong → agree
    unchecked: int = 0  # any → unknown
    not_checkable: int = 0  # the solver could not solve the problem (right)
    misses: list[tuple[dict[str, Any], Verdict]] = field(default_factory=list)

    @property
    def checkable(self) -> int:
        return self.right + self.wrong

    def pct(self, part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 0.0

    def rows(self) -> dict[str, float]:
        return {
            "wrong marked 已验算": float(self.wrongly_verified),
            "wrong caught %": self.pct(self.caught, self.wrong),
            "right confirmed %": self.pct(self.confirmed, self.right),
            "right flagged %": self.pct(self.flagged, self.right),
            "checkable unchecked %": self.pct(self.unchecked, self.checkable),
        }


def solutions(items: list[dict[str, Any]]) -> dict[str, Solution | None]:
    """The solver's answer to each problem, or None when it has none or a different one."""
    out: dict[str, Solution | None] = {}
    for item in items:
        if item["problem"] in out:
            continue
        try:
            sol: Solution | None = solve(item["q"])
        except MathError:
            sol = None
        if sol is not None and not grade(item["answer"], sol.answer, item.get("form")):
            sol = None
        out[item["problem"]] = sol
    return out


def measure(
    items: list[dict[str, Any]],
    sols: dict[str, Solution | None],
    compare: Callable[[Solution, str], Verdict] = compare_reply,
) -> Figures:
    figs = Figures()
    for item in items:
        sol = sols[item["problem"]]
        if sol is None:
            figs.not_checkable += 1
            continue
        verdict = compare(sol, item["reply"])
        right = item["truth"] == "right"
        if right:
            figs.right += 1
        else:
            figs.wrong += 1
        if verdict.status == "unknown":
            figs.unchecked += 1
        elif verdict.status == "agree":
            if right:
                figs.confirmed += 1
            else:
                figs.wrongly_verified += 1
        elif right:
            figs.flagged += 1
        else:
            figs.caught += 1
        if verdict.status != ("agree" if right else "disagree"):
            figs.misses.append((item, verdict))
    return figs
