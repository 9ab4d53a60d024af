"""Numbers for drawing: sampling a curve, choosing a window, labels as LaTeX and plain text.

Samples are floats for the drawing only; every labelled value is an exact SymPy value turned
into a float at the last moment. A curve is sampled beyond the window on both sides, so a page
that pans and zooms out a little still has a curve to show.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterable

import numpy as np
import sympy as sp

from zuoye.math._fmt import tex

SAMPLES = 481  # points per curve over three window widths: smooth at phone and print sizes
DIGITS = 4  # decimals kept in sampled points: a figure of a few KB, not a few hundred


def interval_start(interval: sp.Interval) -> float:
    """Where an interval starts, for sorting (-∞ first)."""
    return number(interval.start) if interval.start != -sp.oo else float("-inf")  # type: ignore[return-value]


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
    """A value in plain text for an SVG label: 1/2, √2, 2π, -3/4."""
    text = re.sub(r"\bE\b", "e", sp.sstr(value))
    for old, new in (("sqrt", "√"), ("pi", "π"), ("**", "^"), ("*", "·"), ("I", "i"), ("oo", "∞")):
        text = text.replace(old, new)
    return text


def point_labels(x: sp.Expr, y: sp.Expr) -> tuple[str, str]:
    return f"\\left({tex(x)}, {tex(y)}\\right)", f"({plain(x)}, {plain(y)})"


def evaluator(expr: sp.Expr, var: sp.Symbol) -> Callable[[np.ndarray], np.ndarray]:
    """f as a vectorised function of floats; NaN where it is not real or not defined."""
    fn = sp.lambdify(var, expr, modules="numpy")

    def run(xs: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ys = np.asarray(fn(xs.astype(complex)), dtype=complex)
        if ys.shape != xs.shape:  # a constant comes back as one number
            ys = np.full(xs.shape, ys.item() if ys.size == 1 else np.nan, dtype=complex)
        real = np.where(np.abs(ys.imag) < 1e-9, ys.real, np.nan)
        return np.where(np.isfinite(real), real, np.nan)

    return run


def sample(
    fn: Callable[[np.ndarray], np.ndarray],
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
    xs = np.linspace(lo, hi, count)
    if cuts:
        # Sample right up to each asymptote from both sides, so the curve visibly runs off.
        eps = (hi - lo) * 1e-4
        xs = np.unique(np.concatenate([xs, [c - eps for c in cuts], [c + eps for c in cuts]]))
        xs = xs[~np.isin(xs, cuts)]
    ys = fn(xs)
    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    cut_index = 0
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
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
    if 0 < lo < 2 * pad:
        lo = -pad * 0.5
    if -2 * pad < hi < 0:
        hi = pad * 0.5
    return nice(lo, floor=True), nice(hi, floor=False)


def y_window(values: np.ndarray, keys: list[float]) -> tuple[float, float]:
    """The curve's middle 90% and every key y, padded; the x-axis when it is close by."""
    finite = values[np.isfinite(values)]
    ys = list(keys)
    if finite.size:
        ys += [float(np.percentile(finite, 5)), float(np.percentile(finite, 95))]
    if not ys:
        return -5.0, 5.0
    lo, hi = min(ys), max(ys)
    if hi - lo < 1e-9:
        lo, hi = lo - 2, hi + 2
    pad = (hi - lo) * 0.15
    lo, hi = lo - pad, hi + pad
    if 0 < lo < (hi - lo):
        lo = -(hi - lo) * 0.1
    if -(hi - lo) < hi < 0:
        hi = (hi - lo) * 0.1
    return nice(lo, floor=True), nice(hi, floor=False)


def nice(value: float, *, floor: bool) -> float:
    """Round a window edge outwards to a readable number (one or two significant digits)."""
    if value == 0:
        return 0.0
    step = 10.0 ** math.floor(math.log10(abs(value))) / 10
    steps = math.floor(value / step) if floor else math.ceil(value / step)
    return round(steps * step, 10)
