"""Shared pieces of a graph: finite real points, roots in a window, asymptotes, a parabola's
vertex and axis, key points with exact labels, and `graph` — sample each curve, choose the
window, put it together. The figures by kind (`_figure`) are built from these.
"""

from __future__ import annotations

import math

import sympy as sp

from zuoye.math._figure_sample import (
    Evaluator,
    evaluator,
    linspace,
    number,
    plain,
    point_labels,
    sample,
    x_window,
    y_window,
)
from zuoye.math._figure_types import Curve, Figure, Guide, KeyPoint
from zuoye.math._fmt import tex
from zuoye.messages import say

MAX_POINTS = 12  # more key points than this is not a picture a student can read


def is_real_function(expr: sp.Basic, var: sp.Symbol) -> bool:
    return isinstance(expr, sp.Expr) and expr.free_symbols <= {var} and not expr.has(sp.I, sp.zoo, sp.nan)


def finite_points(found: sp.Set, limit: int = MAX_POINTS) -> list[sp.Expr] | None:
    """The real members of a finite set, sorted; None when the set is not finite and small."""
    if found is sp.S.EmptySet:
        return []
    if not isinstance(found, sp.FiniteSet) or len(found) > limit:
        return None
    values = [v for v in found if number(v) is not None]
    return sorted(values, key=lambda v: number(v) or 0.0)


def roots_of(f: sp.Expr, var: sp.Symbol, allowed: sp.Set) -> list[sp.Expr] | None:
    """Real solutions of f = 0 in `allowed`; periodic ones only within one or two periods."""
    found = sp.solveset(f, var, allowed)
    points = finite_points(found)
    if points is None and f.has(sp.sin, sp.cos, sp.tan):
        # sin x = 1/2 has infinitely many solutions: draw those in [-2π, 2π].
        found = sp.solveset(f, var, sp.Intersection(allowed, sp.Interval(-2 * sp.pi, 2 * sp.pi)))
        points = finite_points(found)
    return points


def asymptotes(f: sp.Expr, var: sp.Symbol, lo: float, hi: float) -> list[Guide]:
    """Vertical asymptotes in [lo, hi] (poles), and the horizontal one of a rational function."""
    guides: list[Guide] = []
    if f.is_rational_function(var):
        _, den = sp.fraction(sp.cancel(sp.together(f)))
        poles = finite_points(sp.solveset(den, var, sp.Interval(lo, hi))) or []
        for pole in poles:
            at = number(pole)
            if at is not None:
                label = f"{tex(var)} = {tex(pole)}"
                text = f"{var} = {plain(pole)}"
                guides.append(Guide("asymptote", True, at, label, text, say("math.step.fig.asymptote")))
        if poles:
            limit = sp.limit(f, var, sp.oo)
            if limit == sp.limit(f, var, -sp.oo) and number(limit) is not None:
                guides.append(
                    Guide(
                        "asymptote",
                        False,
                        number(limit) or 0.0,
                        f"y = {tex(limit)}",
                        f"y = {plain(limit)}",
                        say("math.step.fig.asymptote"),
                    )
                )
    elif f.has(sp.tan(var)):
        # tan x runs off at x = π/2 + kπ: written down, not solved for (solveset is slow here).
        first, last = math.ceil(lo / math.pi - 0.5), math.floor(hi / math.pi - 0.5)
        for k in range(first, last + 1):
            pole = sp.pi / 2 + k * sp.pi
            if f.subs(var, pole).has(sp.zoo):
                label, text = f"{tex(var)} = {tex(pole)}", f"{var} = {plain(pole)}"
                guides.append(
                    Guide("asymptote", True, float(pole), label, text, say("math.step.fig.asymptote"))
                )
    return guides


def build_graph(
    var: sp.Symbol,
    functions: list[tuple[sp.Expr, str]],
    points: list[KeyPoint],
    *,
    title: str,
    guides: list[Guide] | None = None,
    window_x: tuple[float, float] | None = None,
    only: tuple[float, float] | None = None,
) -> tuple[Figure, list[Evaluator]] | None:
    """Sample each y = f(x) around the key points and choose the window. `only` limits the curves
    to a domain (a function asked on [a, b] is drawn there alone)."""
    keys_x = [p.x for p in points] + [g.at for g in guides or [] if g.vertical]
    lo, hi = window_x or x_window(keys_x, default=default_span(functions, var))
    width = hi - lo
    guides = list(guides or [])
    # Asymptotes over the whole sampled width break the curves; those in the window are shown.
    own = [asymptotes(f, var, lo - width, hi + width) for f, _ in functions]
    guides += [g for found in own for g in found if g not in guides and (not g.vertical or lo <= g.at <= hi)]
    fns = [evaluator(f, var) for f, _ in functions]
    probe = linspace(lo, hi, 241)
    values = [v for fn in fns for v in fn(probe)]
    if fns and not any(math.isfinite(v) for v in values):
        return None  # nothing real to draw in the window
    if points:
        # The height is chosen around the key points, not the whole width: a parabola's vertex
        # a quarter below the axis stays visible instead of flattened by the arms' heights.
        xs = [p.x for p in points]
        reach = max((max(xs) - min(xs)) * 0.5, 1.0)
        near = linspace(max(lo, min(xs) - reach), min(hi, max(xs) + reach), 121)
        values = [v for fn in fns for v in fn(near)] or values
    y_lo, y_hi = y_window(values, [p.y for p in points] + [g.at for g in guides if not g.vertical])
    clip = 4 * max(abs(y_lo), abs(y_hi), y_hi - y_lo)
    s_lo, s_hi = only if only else (lo - width, hi + width)
    curves = [
        Curve(
            label, sp.sstr(f), sample(fn, s_lo, s_hi, breaks=[g.at for g in found if g.vertical], clip=clip)
        )
        for (f, label), fn, found in zip(functions, fns, own, strict=True)
    ]
    figure = Figure(
        "graph",
        title,
        str(var),
        (lo, hi, y_lo, y_hi),
        curves=[c for c in curves if c.segments],
        points=points,
        guides=guides,
    )
    return figure, fns


def default_span(functions: list[tuple[sp.Expr, str]], var: sp.Symbol) -> tuple[float, float]:
    if any(f.has(sp.sin, sp.cos, sp.tan) for f, _ in functions):
        return -7.0, 7.0  # a little over one period each side of the origin
    if any(f.has(sp.log) for f, _ in functions):
        return -1.0, 8.0
    return -5.0, 5.0


def key_point(kind: str, caption: str, x: sp.Expr, y: sp.Expr) -> KeyPoint | None:
    fx, fy = number(x), number(y)
    if fx is None or fy is None:
        return None
    latex, text = point_labels(sp.nsimplify(x) if x.is_Float else x, y)
    return KeyPoint(kind, fx, fy, latex, text, caption)  # type: ignore[arg-type]


def parabola_of(f: sp.Expr, var: sp.Symbol) -> tuple[KeyPoint, Guide] | None:
    """The vertex and axis of y = ax² + bx + c, exactly (h = -b/2a, k = f(h))."""
    if not (f.is_polynomial(var) and sp.degree(f, var) == 2):
        return None
    a, b, _ = sp.Poly(f, var).all_coeffs()
    h = sp.simplify(-b / (2 * a))
    k = sp.simplify(f.subs(var, h))
    vertex = key_point("vertex", say("math.step.fig.vertex"), h, k)
    at = number(h)
    if vertex is None or at is None:
        return None
    axis = say("math.step.fig.axis")
    return vertex, Guide("axis", True, at, f"{tex(var)} = {tex(h)}", f"{var} = {plain(h)}", axis)
