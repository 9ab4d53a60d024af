"""A figure from what the solver understood: `describe(source, solution) -> Figure | None`.

A reader that acted on graphable maths leaves a `Source` on the problem: the SymPy relations or
function it solved (an equation, a system in two unknowns, inequalities, a function to find the
extrema of, a definite integral). Here the key points are computed from those with SymPy —
roots, intersections, the vertex and axis of a parabola, critical points, asymptotes, the
solution set's ends — never taken from a model's words. Anything that cannot be drawn honestly
(other letters, complex values, infinitely many pieces, a window with nothing in it) gives None,
and the answer goes without a figure. This module runs inside the worker process (see `_pool`).
"""

from __future__ import annotations

import math
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Literal

import sympy as sp

from zuoye.math._figure_graph import (
    MAX_POINTS,
    build_graph,
    default_span,
    finite_points,
    is_real_function,
    key_point,
    parabola_of,
    roots_of,
)
from zuoye.math._figure_line import number_line
from zuoye.math._figure_sample import (
    linspace,
    number,
    plain,
    x_window,
)
from zuoye.math._figure_types import Curve, Figure, Guide, KeyPoint, Region
from zuoye.math._fmt import tex
from zuoye.math._types import Solution
from zuoye.messages import say

SourceKind = Literal["equation", "system", "inequality", "extremum", "integral", "function"]
# A figure never costs the answer: past this it is dropped (the solve itself has its own budget).
FIGURE_SECONDS = 0.8


@dataclass(frozen=True)
class Source:
    """The maths a reader acted on, in SymPy. `exprs` by kind — equation: (lhs, rhs); system: each
    equation (sp.Eq); inequality: the solution set the solver found; extremum: (f,); integral: (f, a, b);
    function: (f, a, b, …), the values asked for (f(a), f(b))."""

    kind: SourceKind
    exprs: tuple[sp.Basic, ...]
    var: sp.Symbol
    domain: sp.Set = field(default=sp.S.Reals)


class _TooSlow(Exception):
    pass


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop a figure that takes too long. The worker runs calls on its main thread, where an
    alarm can interrupt SymPy; anywhere else (in-process debugging) there is no deadline."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def describe_safely(source: Source | None, solution: Solution) -> Figure | None:
    """`describe`, within its time budget and never raising: a figure is extra, the answer is not."""
    if source is None:
        return None
    try:
        with _deadline(FIGURE_SECONDS):
            return describe(source, solution)
    except _TooSlow:
        print("zuoye.math figure: over its time budget, left out", file=sys.stderr)
    except Exception as exc:  # a SymPy corner case must not cost the answer
        print(f"zuoye.math figure: left out: {type(exc).__name__}: {exc}", file=sys.stderr)
    return None


def describe(source: Source, solution: Solution) -> Figure | None:
    build: dict[SourceKind, Callable[[Source, Solution], Figure | None]] = {
        "equation": _equation,
        "system": _system,
        "inequality": _inequality,
        "extremum": _extremum,
        "integral": _integral,
        "function": _function,
    }
    return build[source.kind](source, solution)


# -- figures by kind ------------------------------------------------------------------------------
def _equation(source: Source, solution: Solution) -> Figure | None:
    lhs, rhs = source.exprs
    var = source.var
    assert isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)
    if not (is_real_function(lhs, var) and is_real_function(rhs, var)) or not (lhs - rhs).has(var):
        return None
    roots = roots_of(lhs - rhs, var, sp.Intersection(source.domain, sp.S.Reals))
    if roots is None:
        return None
    y = tex(sp.Symbol("y"))
    if rhs == 0 or not lhs.has(var):
        curve = lhs if rhs == 0 else rhs
        functions = [(curve, f"{y} = {tex(curve)}")]
        points = [key_point("root", say("math.step.fig.root"), r, sp.S.Zero) for r in roots]
        title = say("math.step.fig.roots_title", curve=f"{y} = {tex(curve)}", axis=tex(var))
        if rhs != 0:  # c = f(x): where the curve meets the line y = c
            functions.append((lhs, f"{y} = {tex(lhs)}"))
            points = [key_point("intersection", say("math.step.fig.intersection"), r, lhs) for r in roots]
            title = say("math.step.fig.meet_title", first=f"{y} = {tex(curve)}", second=f"{y} = {tex(lhs)}")
    else:
        functions = [(lhs, f"{y} = {tex(lhs)}"), (rhs, f"{y} = {tex(rhs)}")]
        meet = say("math.step.fig.intersection")
        points = [key_point("intersection", meet, r, sp.simplify(lhs.subs(var, r))) for r in roots]
        title = say("math.step.fig.meet_title", first=f"{y} = {tex(lhs)}", second=f"{y} = {tex(rhs)}")
    kept = [p for p in points if p is not None]
    guides: list[Guide] = []
    parabola = parabola_of(functions[0][0], var) if len(functions) == 1 else None
    if parabola is not None:
        vertex, axis = parabola
        same = [p for p in kept if (p.x, p.y) == (vertex.x, vertex.y)]
        if same:  # x² = 0: the double root is the vertex, one point with both names
            kept = [replace(p, caption=say("math.step.fig.root_vertex")) if p in same else p for p in kept]
        else:
            kept.append(vertex)
        guides.append(axis)
    built = build_graph(var, functions, kept, title=title, guides=guides)
    return built[0] if built else None


def _system(source: Source, solution: Solution) -> Figure | None:
    """Two equations in two unknowns: each as curves y = g(x) (a circle is two), and the real
    solutions as intersections."""
    if len(source.exprs) != 2 or not all(isinstance(e, sp.Eq) for e in source.exprs):
        return None
    equations = [e for e in source.exprs if isinstance(e, sp.Eq)]
    exprs = [e.lhs - e.rhs for e in equations]
    unknowns = sorted(
        set().union(*(e.free_symbols for e in exprs)), key=lambda s: ({"x": 0, "y": 1}.get(s.name, 9), s.name)
    )
    if len(exprs) != 2 or len(unknowns) != 2 or any(e.has(sp.I) for e in exprs):
        return None
    x, y = unknowns
    functions: list[tuple[sp.Expr, str]] = []
    verticals: list[tuple[str, float]] = []  # x = 3: a vertical line, drawn once the window is known
    for e, equation in zip(exprs, equations, strict=True):
        if not e.has(y):
            at = finite_points(sp.solveset(e, x, sp.S.Reals))
            where = number(at[0]) if at and len(at) == 1 else None
            if at is None or where is None:
                return None
            verticals.append((tex(equation), where))
            continue
        branches = sp.solve(e, y)
        if not branches or len(branches) > 2 or any(not is_real_function(b, x) for b in branches):
            return None
        # Every branch is labelled with its equation: a circle's two halves are one curve to a student.
        functions += [(b, tex(equation)) for b in branches]
    solutions = sp.solve(exprs, [x, y], dict=True)
    points = [
        key_point("intersection", say("math.step.fig.intersection"), s[x], s[y])
        for s in solutions
        if x in s and y in s and not (s[x].free_symbols or s[y].free_symbols)
    ]
    kept = [p for p in points if p is not None][:MAX_POINTS]
    title = say("math.step.fig.system_title")
    keys = [p.x for p in kept] + [at for _, at in verticals]
    window = x_window(keys, default=default_span(functions, x))
    built = build_graph(x, functions, kept, title=title, window_x=window)
    if built is None:
        return None
    figure, _ = built
    _, _, y_lo, y_hi = figure.window
    tall = y_hi - y_lo
    lines = [
        Curve(label, sp.sstr(sp.Eq(x, at)), [[(at, y_lo - tall), (at, y_hi + tall)]])
        for label, at in verticals
    ]
    # x² and y² together (a circle): drawn with equal units, or it looks like an ellipse
    round_ = any(e.has(x**2) and e.has(y**2) for e in exprs)
    return Figure(
        "graph",
        title,
        str(x),
        figure.window,
        curves=figure.curves + lines,
        points=kept,
        guides=figure.guides,
        equal_scale=round_,
    )


def _extremum(source: Source, solution: Solution) -> Figure | None:
    """y = f(x) with its critical points (极大值/极小值 by the sign of f'') and, on a closed
    interval, its ends; a parabola's vertex and axis."""
    (f,) = source.exprs
    var = source.var
    if not is_real_function(f, var):
        return None
    domain = sp.Intersection(source.domain, sp.S.Reals)
    critical = finite_points(sp.solveset(sp.diff(f, var), var, domain))
    if critical is None:
        return None
    second = sp.diff(f, var, 2)
    points: list[KeyPoint | None] = []
    for c in critical:
        bend = number(second.subs(var, c))
        caption = say(
            "math.step.ext.local_min_word"
            if bend is not None and bend > 0
            else "math.step.ext.local_max_word"
            if bend is not None and bend < 0
            else "math.step.fig.stationary"
        )
        points.append(key_point("extremum", caption, c, sp.simplify(f.subs(var, c))))
    only: tuple[float, float] | None = None
    if isinstance(domain, sp.Interval) and domain.start.is_finite and domain.end.is_finite:
        ends = [(domain.start, domain.left_open), (domain.end, domain.right_open)]
        points += [
            key_point("endpoint", say("math.step.fig.endpoint"), e, sp.simplify(f.subs(var, e)))
            for e, open_ in ends
            if not open_
        ]
        lo, hi = number(domain.start), number(domain.end)
        if lo is not None and hi is not None:
            only = (lo, hi)
    guides: list[Guide] = []
    parabola = parabola_of(f, var) if only is None else None
    kept = [p for p in points if p is not None]
    if parabola is not None:
        kept = [
            KeyPoint("vertex", p.x, p.y, p.latex, p.text, say("math.step.fig.vertex_as", caption=p.caption))
            for p in kept
        ]
        guides.append(parabola[1])
    window = None
    if only is not None:
        pad = (only[1] - only[0]) * 0.2
        window = (only[0] - pad, only[1] + pad)
    title = say("math.step.fig.graph_title", function=f"y = {tex(f)}") + (
        say("math.step.fig.on_domain", domain=f"{tex(var)} \\in {tex(domain)}") if only else ""
    )
    built = build_graph(
        var, [(f, f"y = {tex(f)}")], kept, title=title, guides=guides, window_x=window, only=only
    )
    return built[0] if built else None


def _integral(source: Source, solution: Solution) -> Figure | None:
    """y = f(x) and the region between it and the x-axis from a to b, labelled with the
    solver's value of the integral (signed: area below the axis counts negative)."""
    f, a, b = source.exprs
    var = source.var
    assert isinstance(f, sp.Expr) and isinstance(a, sp.Expr) and isinstance(b, sp.Expr)
    lo, hi = number(a), number(b)
    if not is_real_function(f, var) or lo is None or hi is None or lo >= hi:
        return None
    pad = (hi - lo) * 0.25
    window = (
        min(lo - pad, 0.0) if lo - pad < 2 * pad else lo - pad,
        max(hi + pad, 0.0) if hi + pad > -2 * pad else hi + pad,
    )
    built = build_graph(var, [(f, f"y = {tex(f)}")], [], title="", window_x=window)
    if built is None:
        return None
    figure, (fn,) = built
    xs = linspace(lo, hi, 121)
    ys = fn(xs)
    if not all(math.isfinite(v) for v in ys):
        return None  # an improper integral, or a gap inside [a, b]: no honest region to shade
    outline = [(round(lo, 4), 0.0)] + [
        (round(float(x), 4), round(float(y), 4)) for x, y in zip(xs, ys, strict=True)
    ]
    outline.append((round(hi, 4), 0.0))
    integral = f"\\int_{{{tex(a)}}}^{{{tex(b)}}} {tex(f)} \\, d{tex(var)}"
    value = solution.answer_latex
    caption = say("math.step.fig.region")
    region = Region(
        outline,
        f"{integral} = {value}",
        say("math.step.fig.integral_value", value=plain(solution.answer[0]) if solution.answer else ""),
        caption,
    )
    title = say("math.step.fig.integral_title", integral=integral)
    return Figure(
        "graph", title, str(var), figure.window, curves=figure.curves, guides=figure.guides, regions=[region]
    )


def _inequality(source: Source, solution: Solution) -> Figure | None:
    (found,) = source.exprs
    return number_line(found, source.var, solution) if isinstance(found, sp.Set) else None


def _function(source: Source, solution: Solution) -> Figure | None:
    """y = f(x) with the points whose values were asked (f(2) = 3 at (2, 3)); a parabola's vertex
    and axis too."""
    f, *at = source.exprs
    var = source.var
    if not isinstance(f, sp.Expr) or not is_real_function(f, var):
        return None
    points = [
        key_point("value", say("math.step.fig.value"), a, sp.simplify(f.subs(var, a)))
        for a in at
        if isinstance(a, sp.Expr)
    ]
    kept = [p for p in points if p is not None]
    if not kept:
        return None  # f(2) undefined or not real: nothing honest to mark
    guides: list[Guide] = []
    parabola = parabola_of(f, var)
    if parabola is not None:
        kept.append(parabola[0])
        guides.append(parabola[1])
    title = say("math.step.fig.graph_title", function=f"y = {tex(f)}")
    built = build_graph(var, [(f, f"y = {tex(f)}")], kept, title=title, guides=guides)
    return built[0] if built else None
