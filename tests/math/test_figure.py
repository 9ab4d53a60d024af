"""Figures drawn from what the solver understood, checked against the CAS: every key point is a
SymPy value that satisfies the problem, every sampled point lies on its curve, a number line
holds exactly the numbers that satisfy the inequality, and nothing is drawn for what cannot be."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zuoye.math import Figure, solve
from zuoye.math._figure_types import Span
from zuoye.math.tools import dispatch

x, y = sp.symbols("x y")


def _figure(question: str) -> Figure:
    sol = solve(question)
    assert sol.figure is not None, f"no figure for {question}"
    back = Figure.from_dict(json.loads(json.dumps(sol.to_dict()["figure"])))
    assert back == sol.figure  # what a stored turn gives back is the same figure
    return sol.figure


def _value(text: str) -> sp.Expr:
    """A plain-text label back as SymPy (only our own labels: 5/2, -√2, 2·π/3)."""
    return sp.sympify(text.replace("√", "sqrt").replace("·", "*").replace("π", "pi").replace("^", "**"))


def _coords(text: str) -> tuple[sp.Expr, sp.Expr]:
    a, b = text[1:-1].split(", ")
    return _value(a), _value(b)


def _in_window(fig: Figure, px: float, py: float) -> bool:
    x0, x1, y0, y1 = fig.window
    return x0 <= px <= x1 and y0 <= py <= y1


def _defined(fn: Any, px: float) -> bool:
    try:
        fn(px - 5e-5), fn(px + 5e-5)
    except (ValueError, ZeroDivisionError):
        return False
    return True


def _on_curves(fig: Figure, functions: list[sp.Expr]) -> None:
    """Every sampled point of curve i lies on y = functions[i]."""
    for curve, f in zip(fig.curves, functions, strict=False):
        fn = sp.lambdify(x, f, "math")
        for segment in curve.segments:
            for px, py in segment:
                # x is kept to 4 decimals: allow what f changes over that rounding
                slack = abs(fn(px + 5e-5) - fn(px - 5e-5)) if _defined(fn, px) else 0.0
                assert math.isclose(fn(px), py, rel_tol=1e-3, abs_tol=1e-3 + slack), (curve.latex, px, py)


@pytest.mark.parametrize(
    ("question", "f"),
    [
        ("解方程 x^2-5x+6=0", x**2 - 5 * x + 6),
        ("解方程 2x^2-3x-2=0", 2 * x**2 - 3 * x - 2),
        ("解方程 x^2-2=0", x**2 - 2),
        ("解方程 x^3-6x^2+11x-6=0", x**3 - 6 * x**2 + 11 * x - 6),
        ("解方程 x^2+1=0", x**2 + 1),
    ],
)
def test_roots_are_the_solvers_and_lie_on_the_curve(question: str, f: sp.Expr) -> None:
    sol = solve(question)
    fig = _figure(question)
    roots = [p for p in fig.points if p.kind == "root"]
    expected = {sp.nsimplify(a.split("=")[1]) for a in sol.answer}
    assert {_coords(p.text)[0] for p in roots} == expected
    for p in roots:
        rx, ry = _coords(p.text)
        assert ry == 0 and sp.simplify(f.subs(x, rx)) == 0
        assert _in_window(fig, p.x, p.y)
        assert p.caption == "根" and p.latex.startswith("\\left(")
    _on_curves(fig, [f])


@given(a=st.integers(-4, 4).filter(bool), b=st.integers(-9, 9), c=st.integers(-9, 9))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_parabola_has_its_vertex_and_axis(a: int, b: int, c: int) -> None:
    f = a * x**2 + b * x + c
    fig = _figure(f"解方程 {sp.sstr(f).replace('**', '^')}=0")
    # the vertex; when it is a double root too, one point carries both names
    (vertex,) = [p for p in fig.points if "顶点" in p.caption]
    h = sp.Rational(-b, 2 * a)
    assert _coords(vertex.text) == (h, f.subs(x, h))
    (axis,) = [g for g in fig.guides if g.kind == "axis"]
    assert axis.vertical and math.isclose(axis.at, float(h)) and axis.caption == "对称轴"
    real_roots = [r for r in sp.solve(f, x) if r.is_real]
    assert sorted(_coords(p.text)[0] for p in fig.points if p.kind == "root") == sorted(set(real_roots))
    for p in fig.points:
        assert _in_window(fig, p.x, p.y)
    _on_curves(fig, [f])


def test_an_equation_with_two_sides_is_two_curves_meeting() -> None:
    fig = _figure("解方程 x^2 = 2x+3")
    assert [c.latex for c in fig.curves] == ["y = x^{2}", "y = 2 x + 3"]
    assert sorted(_coords(p.text) for p in fig.points) == [(-1, 1), (3, 9)]
    assert {p.caption for p in fig.points} == {"交点"}
    _on_curves(fig, [x**2, 2 * x + 3])


def test_a_periodic_equation_is_drawn_over_a_few_periods() -> None:
    fig = _figure("解方程 sin x = 1/2")
    xs = [_coords(p.text)[0] for p in fig.points]
    assert xs and all(sp.sin(v) == sp.Rational(1, 2) for v in xs)
    assert sp.pi / 6 in xs and 5 * sp.pi / 6 in xs


def test_asymptotes_of_a_rational_function() -> None:
    fig = _figure("解方程 1/(x-1) = 2")
    assert [_coords(p.text) for p in fig.points] == [(sp.Rational(3, 2), 2)]
    vertical = [g for g in fig.guides if g.vertical]
    assert [g.text for g in vertical] == ["x = 1"] and vertical[0].caption == "渐近线"
    assert [g.text for g in fig.guides if not g.vertical] == ["y = 0"]
    # the curve is broken at the pole, not joined across it
    segments = fig.curves[0].segments
    assert all(not (seg[0][0] < 1 < seg[-1][0]) for seg in segments)
    _on_curves(fig, [1 / (x - 1)])


def test_a_system_is_its_curves_and_their_intersections() -> None:
    fig = _figure("解方程组 x^2+y^2=25, x+y=7")
    assert sorted(_coords(p.text) for p in fig.points) == [(3, 4), (4, 3)]
    for px, py in (_coords(p.text) for p in fig.points):
        assert px**2 + py**2 == 25 and px + py == 7
    assert len(fig.curves) == 3  # the circle's two halves and the line
    halves = [c for c in fig.curves if c.latex == "x^{2} + y^{2} = 25"]
    assert len(halves) == 2  # one equation, one label: the page draws it in one colour
    for half in halves:  # each half reaches the x-axis at ±5 (the edge is found, not stopped short of)
        (segment,) = half.segments
        assert segment[0] == pytest.approx((-5, 0), abs=1e-3) and segment[-1] == pytest.approx(
            (5, 0), abs=1e-3
        )
    linear = _figure("解方程组 2x+y=7, x-y=-1")
    assert [_coords(p.text) for p in linear.points] == [(2, 3)]
    vertical = _figure("解方程组 x=3, x+y=5")
    assert [_coords(p.text) for p in vertical.points] == [(3, 2)]
    assert any(c.latex == "x = 3" for c in vertical.curves)


def test_extrema_by_the_derivative_and_on_an_interval() -> None:
    fig = _figure("求 f(x)=x^3-3x 的极值")
    marks = {p.caption: _coords(p.text) for p in fig.points}
    assert marks == {"极大值": (-1, 2), "极小值": (1, -2)}
    closed = _figure("求 y=x^2-2x+3 在 [0,3] 上的最大值和最小值")
    assert {(p.caption, _coords(p.text)) for p in closed.points} == {
        ("极小值", (1, 2)),
        ("端点", (0, 3)),
        ("端点", (3, 6)),
    }
    # drawn on the interval alone
    assert all(0 <= px <= 3 for seg in closed.curves[0].segments for px, _ in seg)


@given(a=st.integers(-3, 3).filter(bool), b=st.integers(-6, 6), c=st.integers(-9, 9), d=st.integers(-9, 9))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_extrema_of_a_cubic_are_where_the_derivative_says(a: int, b: int, c: int, d: int) -> None:
    f = a * x**3 + b * x**2 + c * x + d
    fig = _figure(f"求 f(x)={sp.sstr(f).replace('**', '^')} 的极值")
    marked = {_coords(p.text): p.caption for p in fig.points}
    expected = {}
    for r in sp.solve(sp.diff(f, x), x):
        if r.is_real:
            bend = sp.diff(f, x, 2).subs(x, r)
            expected[(r, sp.simplify(f.subs(x, r)))] = (
                "极小值" if bend > 0 else "极大值" if bend < 0 else "驻点"
            )
    assert {(sp.simplify(k[0]), sp.simplify(k[1])): v for k, v in marked.items()} == {
        (sp.simplify(k[0]), sp.simplify(k[1])): v for k, v in expected.items()
    }
    for p in fig.points:
        assert _in_window(fig, p.x, p.y)
    _on_curves(fig, [f])


def test_function_values_are_marked_on_the_graph() -> None:
    fig = _figure("已知 f(x)=2x+1，求 f(1), f(-2)")
    assert sorted(_coords(p.text) for p in fig.points if p.caption == "函数值") == [(-2, -3), (1, 3)]
    _on_curves(fig, [2 * x + 1])
    assert solve("f(x)=x^3, 求 f'(2)").figure is None  # a derivative's value is not a point of f
    assert solve("已知 f(x)=sqrt(x)，求 f(-1)").figure is None  # not a real value: nothing to mark


def test_a_definite_integral_shades_its_region_with_the_solvers_value() -> None:
    sol = solve("计算 ∫_0^1 x^2 dx")
    fig = _figure("计算 ∫_0^1 x^2 dx")
    (region,) = fig.regions
    assert region.latex.endswith(f"= {sol.answer_latex}") and sol.answer_latex == "\\frac{1}{3}"
    assert region.points[0] == (0.0, 0.0) and region.points[-1] == (1.0, 0.0)
    assert all(math.isclose(py, px**2, abs_tol=1e-3) for px, py in region.points[1:-1])


def _holds(rel: sp.Basic, value: float) -> bool:
    return bool(rel.subs(x, sp.Float(value)))


def _covers(spans: list[Span], value: float) -> bool:
    for s in spans:
        above = s.lo is None or value > s.lo or (s.lo_closed and value == s.lo)
        below = s.hi is None or value < s.hi or (s.hi_closed and value == s.hi)
        if above and below:
            return True
    return False


_OPS = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}


@given(
    a=st.integers(-3, 3),
    b=st.integers(-6, 6),
    c=st.integers(-9, 9),
    op=st.sampled_from(sorted(_OPS)),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_number_line_holds_exactly_the_solutions(a: int, b: int, c: int, op: str) -> None:
    f = a * x**2 + b * x + c
    if not f.has(x):
        return
    question = f"解不等式 {sp.sstr(f).replace('**', '^')} {op} 0"
    sol = solve(question)
    fig = sol.figure
    rel = _OPS[op](f, 0)
    if fig is None:  # only an empty set or all reals goes without spans to show
        assert sol.answer in ([], ["True"])
        return
    assert fig.kind == "number_line"
    ends = sorted({v for s in fig.spans for v in (s.lo, s.hi) if v is not None})
    x0, x1, _, _ = fig.window
    probes = [*(e + d for e in ends for d in (-0.01, 0.01)), x0, x1, 0.0, 100.0, -100.0]
    for t in probes:
        assert _covers(fig.spans, t) == _holds(rel, t), (question, t)
    for s in fig.spans:  # an end is closed exactly when the exact end value is a solution
        for text, closed in ((s.lo_text, s.lo_closed), (s.hi_text, s.hi_closed)):
            if text:
                assert closed == bool(rel.subs(x, _value(text))), (question, text)
    assert all(x0 < e < x1 for e in ends)


def test_number_line_ends_are_exact() -> None:
    fig = _figure("解不等式 x^2 < 2")
    (span,) = fig.spans
    assert (span.lo_latex, span.hi_latex) == ("- \\sqrt{2}", "\\sqrt{2}")
    assert (span.lo_closed, span.hi_closed) == (False, False)
    closed = _figure("解不等式组 x+1>0, 2x-3<=5")
    assert [(s.lo_text, s.lo_closed, s.hi_text, s.hi_closed) for s in closed.spans] == [
        ("-1", False, "4", True)
    ]
    assert closed.answer_latex == solve("解不等式组 x+1>0, 2x-3<=5").answer_latex


@pytest.mark.parametrize(
    "question",
    [
        "计算 1+2*3",
        "因式分解 x^2-1",
        "化简 (x^2-1)/(x-1)",
        "解关于 x 的方程 a x = b",
        "解方程组 x+y+z=6, x-y=1, y+z=5",
        "求 12 和 18 的最大公约数",
        "求 y=x^2 sin x 的导数",
    ],
)
def test_nothing_is_drawn_when_nothing_is_graphable(question: str) -> None:
    assert solve(question).figure is None


def test_a_figure_is_small_and_json() -> None:
    for question in ("解方程 x^2-5x+6=0", "解方程 tan x = 1", "解方程组 x^2+y^2=25, x+y=7"):
        data = solve(question).to_dict()["figure"]
        assert len(json.dumps(data)) < 20_000


def test_a_figure_is_only_drawn_when_asked_for() -> None:
    assert solve("解方程 x^2-5x+6=0", figure=False).figure is None
    # the model's tool is sent the answer and steps, never sampled points
    sent = json.loads(dispatch("solve_math_problem", {"question": "解方程 x^2-5x+6=0"}))
    assert sent["answer"] == ["x=2", "x=3"] and "figure" not in sent
