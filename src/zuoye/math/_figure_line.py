"""A solution set on a number line (`number_line`), the figure of an inequality's answer.

The set is the one the solver stated (`solve_inequalities` returns it beside the solution), cut
into intervals and single points; each end keeps its exact value for the label and whether it
belongs to the set (● closed, ○ open). A set that is not finitely many pieces is not drawn.
"""

from __future__ import annotations

from typing import NamedTuple

import sympy as sp

from zuoye.math._figure_sample import number, plain, x_window
from zuoye.math._figure_types import Figure, Span
from zuoye.math._fmt import tex
from zuoye.math._types import Solution
from zuoye.messages import say

MAX_PIECES = 12  # more pieces than this is not a picture a student can read


def number_line(found: sp.Set, var: sp.Symbol, solution: Solution) -> Figure | None:
    """The solution set the solver stated, on a number line: each interval with its ends open (○)
    or closed (●). The set is the solver's own, not solved again."""
    parts = _pieces(found)  # as the answer states it: the number line shows the answer, no more
    if not parts:
        return None  # no solution: an empty line shows nothing the words 无解 do not
    spans: list[Span] = []
    ends: list[float] = []
    for part in parts:
        lo = None if part.start == -sp.oo else number(part.start)
        hi = None if part.end == sp.oo else number(part.end)
        if (lo is None and part.start != -sp.oo) or (hi is None and part.end != sp.oo):
            return None
        ends += [v for v in (lo, hi) if v is not None]
        spans.append(
            Span(
                lo,
                hi,
                lo is not None and not part.left_open,
                hi is not None and not part.right_open,
                "" if lo is None else tex(part.start),
                "" if hi is None else tex(part.end),
                "" if lo is None else plain(part.start),
                "" if hi is None else plain(part.end),
            )
        )
    lo, hi = x_window(ends)
    title = say("math.step.fig.solution_set", set=solution.answer_latex)
    return Figure(
        "number_line", title, str(var), (lo, hi, 0.0, 0.0), spans=spans, answer_latex=solution.answer_latex
    )


class _Piece(NamedTuple):
    """One interval of a solution set; start == end is a single point (SymPy's Interval(a, a)
    would be a FiniteSet)."""

    start: sp.Expr
    end: sp.Expr
    left_open: bool
    right_open: bool


def _start(piece: _Piece) -> float:
    return float("-inf") if piece.start == -sp.oo else number(piece.start) or 0.0


def _pieces(s: sp.Set) -> list[_Piece] | None:
    """A solution set as intervals; None when it is not finitely many intervals and points."""
    if s is sp.S.EmptySet:
        return []
    if isinstance(s, sp.Interval):
        return [_Piece(s.start, s.end, bool(s.left_open), bool(s.right_open))]
    if isinstance(s, sp.FiniteSet):
        return [_Piece(v, v, False, False) for v in s] if len(s) <= MAX_PIECES else None
    if isinstance(s, sp.Union):
        out: list[_Piece] = []
        for part in s.args:
            got = _pieces(part)
            if got is None:
                return None
            out += got
        return sorted(out, key=_start)
    if (
        isinstance(s, sp.Complement)
        and isinstance(s.args[0], sp.Interval)
        and isinstance(s.args[1], sp.FiniteSet)
    ):
        interval, removed = s.args
        pieces: list[_Piece] = []
        start, start_open = interval.start, bool(interval.left_open)
        for point in sorted(removed, key=lambda v: number(v) or 0.0):
            pieces.append(_Piece(start, point, start_open, True))
            start, start_open = point, True
        pieces.append(_Piece(start, interval.end, start_open, bool(interval.right_open)))
        return pieces
    return None
