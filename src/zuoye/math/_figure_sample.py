"""Numbers for drawing: sampling a curve, choosing a window, labels as LaTeX and plain text.

Samples are floats for the drawing only; every labelled value is an exact SymPy value turned
into a float at the last moment. A curve is sampled beyond the window on both sides, so a page
that pans and zooms out a little still has a curve to show.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

import sympy as sp

from zuoye.math._errors import MathError
from zuoye.math._fmt import tex

SAMPLES = 481  # points per curve over three window widths: smooth at phone and print sizes
DIGITS = 4  # decimals kept in sampled points: a figure of a few KB, not a few hundred


def number(value: sp.Expr) -> float | None:
    """A real, finite float for an exact value; None for anything else (complex, ∞, symbolic)."""
    try:
        out = complex(sp.N(value, 15))
    except (TypeError, ValueError):
        return None
    if abs(out.imag) > 1e-12 or not math.isfinite(out.real):
        return None
    return out.real


def plain(value: sp.Basic | str) -> str:
    """A value in plain text: 1/2, √2, 2·π, -3/4, ln(2), e^(-1)."""
    text = re.sub(r"\bE\b", "e", sp.sstr(value))
    pairs = (("sqrt", "√"), ("exp(", "e^("), ("log(", "ln("), ("pi", "π"), ("**", "^"), ("*", "·"))
    for old, new in (*pairs, ("I", "i"), ("oo", "∞")):
        text = text.replace(old, new)
    return text


def point_labels(x: sp.Expr, y: sp.Expr) -> tuple[str, str]:
    return f"\\left({tex(x)}, {tex(y)}\\right)", f"({plain(x)}, {plain(y)})"


Evaluator = Callable[[list[float]], list[float]]


# SymPy functions a curve may use, and how a float is put through them. Anything else in an
# expression (an unevaluated integral, a special function) leaves the figure out.
_FUNCTIONS: dict[type[sp.Basic], Callable[[float], float]] = {
    sp.sin: math.sin,
    sp.cos: math.cos,
    sp.tan: math.tan,
    sp.cot: lambda v: 1 / math.tan(v),
    sp.sec: lambda v: 1 / math.cos(v),
    sp.csc: lambda v: 1 / math.sin(v),
    sp.asin: math.asin,
    sp.acos: math.acos,
    sp.atan: math.atan,
    sp.sinh: math.sinh,
    sp.cosh: math.cosh,
    sp.tanh: math.tanh,
    sp.exp: math.exp,
    sp.log: math.log,
    sp.Abs: abs,
    sp.floor: math.floor,
    sp.ceiling: math.ceil,
    sp.sign: lambda v: float((v > 0) - (v < 0)),
}

Numeric = Callable[[float], Any]


class NotDrawable(MathError):
    """The expression holds something the evaluator does not know how to put a number through
    (caught by the figure's builder: the answer then has no figure, never an error)."""


def _compile(expr: sp.Basic, var: sp.Symbol) -> Numeric:
    """f as nested Python closures over floats, built by walking SymPy's tree. Not lambdify: that
    writes Python source from the expression and execs it, and nothing the student typed is ever
    run as code here (tests/math/test_safety.py)."""
    if expr == var:
        return lambda x: x
    if not expr.free_symbols:
        value = number(expr)
        if value is None:
            raise NotDrawable(str(expr))
        return lambda x: value
    args = [_compile(a, var) for a in expr.args]
    if isinstance(expr, sp.Add):
        return lambda x: math.fsum(f(x) for f in args)
    if isinstance(expr, sp.Mul):
        return lambda x: math.prod(f(x) for f in args)
    if isinstance(expr, sp.Pow):
        base, power = args
        return lambda x: base(x) ** power(x)  # a negative base to a fractional power is complex: not drawn
    for kind, fn in _FUNCTIONS.items():
        if isinstance(expr, kind) and len(args) == 1:
            (inner,) = args
            return lambda x: fn(inner(x))
    raise NotDrawable(type(expr).__name__)


def evaluator(expr: sp.Expr, var: sp.Symbol) -> Evaluator:
    """f over a list of floats; NaN where it is not real or not defined. Python's math module, a
    point at a time: a few hundred points cost a millisecond or two, and zuoye needs no NumPy.
    Raises NotDrawable for an expression it cannot evaluate."""
    fn = _compile(expr, var)

    def one(x: float) -> float:
        try:
            y = fn(x)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return math.nan  # outside the domain (√ of a negative, log 0, tan at π/2, …)
        if isinstance(y, complex):  # (-8) ** (1/3) in Python: not a real value of the curve
            return y.real if abs(y.imag) < 1e-9 else math.nan
        try:
            value = float(y)
        except (TypeError, ValueError, OverflowError):
            return math.nan
        return value if math.isfinite(value) else math.nan

    def run(xs: list[float]) -> list[float]:
        return [one(x) for x in xs]

    return run


def linspace(lo: float, hi: float, count: int) -> list[float]:
    step = (hi - lo) / (count - 1)
    return [lo + i * step for i in range(count)]


def sample(
    fn: Evaluator,
    lo: float,
    hi: float,
    *,
    breaks: Iterable[float] = (),
    clip: float,
    count: int = SAMPLES,
) -> list[list[tuple[float, float]]]:
    """Polyline segments of y = fn(x) on [lo, hi]: a new segment where y is undefined, beyond
    ±clip (an asymptote's run to infinity), or on the far side of a known break."""
    cuts = sorted(b for b in breaks if lo < b < hi)
    xs = linspace(lo, hi, count)
    if cuts:
        # Sample right up to each asymptote from both sides, so the curve visibly runs off.
        eps = (hi - lo) * 1e-4
        xs = sorted({*xs, *(c - eps for c in cuts), *(c + eps for c in cuts)} - set(cuts))
    ys = fn(xs)
    xs, ys = _with_edges(fn, xs, ys)
    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    cut_index = 0
    for x, y in zip(xs, ys, strict=True):
        crossed = cut_index < len(cuts) and x > cuts[cut_index]
        while cut_index < len(cuts) and x > cuts[cut_index]:
            cut_index += 1
        if crossed or not math.isfinite(y) or abs(y) > clip:
            if len(current) > 1:
                segments.append(current)
            current = []
            if not math.isfinite(y) or abs(y) > clip:
                continue
        current.append((round(x, DIGITS), round(y, DIGITS)))
    if len(current) > 1:
        segments.append(current)
    tolerance = clip * 1e-5
    return [_thin(s, tolerance) for s in segments]


def _with_edges(fn: Evaluator, xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """Where the curve stops being defined between two samples (√(25 − x²) at x = 5), find the
    edge by bisection and add it, so a half-circle reaches the axis instead of stopping short."""
    out_x, out_y = [xs[0]], [ys[0]]
    for x, y in zip(xs[1:], ys[1:], strict=True):
        inside, outside = (out_x[-1], x) if math.isfinite(out_y[-1]) else (x, out_x[-1])
        if math.isfinite(out_y[-1]) != math.isfinite(y):
            for _ in range(30):
                middle = (inside + outside) / 2
                if math.isfinite(fn([middle])[0]):
                    inside = middle
                else:
                    outside = middle
            edge = fn([inside])[0]
            if math.isfinite(edge) and inside not in (out_x[-1], x):
                out_x.append(inside)
                out_y.append(edge)
        out_x.append(x)
        out_y.append(y)
    return out_x, out_y


def _thin(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Drop points that lie on the straight line between their neighbours (a line needs two):
    the same picture in a fraction of the JSON."""
    kept = [points[0]]
    for i in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = kept[-1], points[i], points[i + 1]
        expected = y0 + (y2 - y0) * (x1 - x0) / (x2 - x0) if x2 != x0 else y1
        if abs(y1 - expected) > tolerance:
            kept.append(points[i])
    kept.append(points[-1])
    return kept


def x_window(xs: list[float], *, default: tuple[float, float] = (-5.0, 5.0)) -> tuple[float, float]:
    """Room around the key x values: half their spread on each side (at least 2), and the origin
    when it is close by, so the axes are in view."""
    if not xs:
        return default
    lo, hi = min(xs), max(xs)
    pad = max((hi - lo) * 0.5, 2.0)
    lo, hi = lo - pad, hi + pad
    # The axes are drawn at 0: keep them off the edge, where their labels would be cut.
    if 0 <= lo < 2 * pad:
        lo = -pad * 0.5
    if -2 * pad < hi <= 0:
        hi = pad * 0.5
    return nice(lo, floor=True), nice(hi, floor=False)


def y_window(values: list[float], keys: list[float]) -> tuple[float, float]:
    """The curve's middle 90% and every key y, padded; the x-axis when it is close by."""
    finite = sorted(v for v in values if math.isfinite(v))
    ys = list(keys)
    if finite:
        ys += [finite[round(0.05 * (len(finite) - 1))], finite[round(0.95 * (len(finite) - 1))]]
    if not ys:
        return -5.0, 5.0
    lo, hi = min(ys), max(ys)
    if hi - lo < 1e-9:
        lo, hi = lo - 2, hi + 2
    pad = (hi - lo) * 0.15
    lo, hi = lo - pad, hi + pad
    # The x-axis carries the x labels: bring it into view unless that would squash the picture.
    if 0 <= lo < 2 * (hi - lo):
        lo = -(hi - lo) * 0.1
    if -2 * (hi - lo) < hi <= 0:
        hi = (hi - lo) * 0.1
    return nice(lo, floor=True), nice(hi, floor=False)


def nice(value: float, *, floor: bool) -> float:
    """Round a window edge outwards to a readable number (one or two significant digits)."""
    if value == 0:
        return 0.0
    step = 10.0 ** math.floor(math.log10(abs(value))) / 10
    steps = math.floor(value / step) if floor else math.ceil(value / step)
    return round(steps * step, 10)
