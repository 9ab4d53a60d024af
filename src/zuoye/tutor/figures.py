"""The figure of a checked answer travels in its check: stored with the turn, sent with it.

The solver draws what it understood (`Solution.figure`, every labelled value from SymPy); the
tutor only decides where it goes. It rides on the last check of the answer, so the stored turn
(`checks`, a JSON column), the web page's `done` event, a reloaded conversation and
`zuoye ask --json` all carry it without a column of its own. Only answers given in full get one:
a graph of the roots would give away what a hint holds back.
"""

from __future__ import annotations

from typing import Any

from zuoye import math as zmath


def attach(checks: list[dict[str, Any]], solution: zmath.Solution) -> None:
    """Put the solution's figure (if it has one) on the last check."""
    if checks and solution.figure is not None:
        checks[-1]["figure"] = solution.figure.to_dict()
