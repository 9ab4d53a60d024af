"""Maximum / minimum values (最大值, 最小值, 最值) and local extrema (极值, 极大值, 极小值).

A quadratic over all reals is done by 配方 (completing the square). Anything else, or any
domain — [0, 3], (x>0), 0 ≤ x ≤ 3 — by the derivative: the critical points inside the domain,
the values at closed ends, and the limits at open or infinite ends (a bound only approached is
not attained: x + 1/x on x > 0 has minimum 2 and no maximum).
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._ast import Rel, Tup
from zuoye.math._errors import UnsupportedProblem
from zuoye.math._expression import parsed_items
from zuoye.math._figure import Source
from zuoye.math._fmt import ans, approx, sort_real, tex
from zuoye.math._problem import Problem, choose_variable, domain, read_function_defs, segments
from zuoye.math._types import Solution
from zuoye.messages import say

_MAX_WORDS = ("最大值", "maximum", "max")
_MIN_WORDS = ("最小值", "minimum", "min")
_LOCAL_WORDS = ("极值", "极大值", "极小值")


def read_extremum(p: Problem) -> Solution | None:
    low = p.text.lower()
    want_max = any(w in low for w in _MAX_WORDS)
    want_min = any(w in low for w in _MIN_WORDS)
    if "最值" in p.text:
        want_max = want_min = True
    local = any(w in p.text for w in _LOCAL_WORDS)
    if not (want_max or want_min or local):
        return None
    if re.search(r"\b(?:max|min)\s*\(", low):  # max(3, 5) is arithmetic, not an extremum task
        return None
    segs = segments(p.text)
    rest = read_function_defs(p, segs)
    interval: sp.Set | None = None
    expr: sp.Expr | None = None
    shown = ""
    for node, latex in parsed_items(p, rest):
        if isinstance(node, Tup) and len(node.items) == 2:
            lo, hi = (p.builder.expr(i) for i in node.items)
            interval = sp.Interval(lo, hi, node.bracket[0] == "(", node.bracket[1] == ")")
        elif isinstance(node, Rel) and "=" not in node.ops:
            # 0 ≤ x ≤ 3, and 在 x>2 时 (which was shown as understood and then not used)
            part = p.builder.build(node).as_set()
            interval = part if interval is None else sp.Intersection(interval, part)
        elif isinstance(node, Rel) and node.ops == ("=",) and expr is None:
            expr = p.builder.expr(node.items[1])
            shown = latex
        elif not isinstance(node, Rel) and expr is None:
            expr = p.builder.expr(node)
            shown = latex
    if expr is None and p.functions:
        name, fn = next(iter(p.functions.items()))
        expr = fn.expr
        shown = f"{name}({tex(fn.variables[0])}) = {tex(fn.expr)}"
    if expr is None:
        return None
    x = choose_variable(p, expr)
    dom = domain(p, x)
    if interval is not None:
        dom = sp.Intersection(dom, interval)
    p.graph = Source("extremum", (expr,), x, dom)
    if local and not (want_max or want_min):
        maxima = "极大值" in p.text or "极值" in p.text
        minima = "极小值" in p.text or "极值" in p.text
        return _local(p.original, expr, x, shown, maxima, minima)
    return _global(p.original, expr, x, shown, dom, want_max, want_min)


def _critical(f: sp.Expr, x: sp.Symbol, dom: sp.Set) -> list[sp.Expr]:
    s = sp.solveset(sp.diff(f, x), x, dom)
    if s is sp.S.EmptySet:
        return []
    if not isinstance(s, sp.FiniteSet):
        raise UnsupportedProblem(say("math.critical_points_infinite"))
    return sort_real(list(s))


def _number(value: sp.Expr) -> float:
    return float(sp.N(value)) if value.is_finite else (float("inf") if value == sp.oo else float("-inf"))


def _global(
    question: str, f: sp.Expr, x: sp.Symbol, shown: str, dom: sp.Set, want_max: bool, want_min: bool
) -> Solution:
    steps = [f"${shown}$"]
    xs = tex(x)
    results: dict[str, tuple[sp.Expr, list[sp.Expr]] | None]
    if dom == sp.S.Reals and f.is_polynomial(x) and sp.degree(f, x) == 2:
        a, b, _ = sp.Poly(f, x).all_coeffs()
        h = -b / (2 * a)
        k = sp.simplify(f.subs(x, h))
        steps.append(say("math.step.ext.complete_square", square=f"y = {tex(a * (x - h) ** 2 + k)}"))
        square, at = tex((x - h) ** 2), f"{xs} = {tex(h)}"
        if a > 0:
            steps.append(say("math.step.ext.square_min", square=square, at=at, value=tex(k)))
            results = {"min": (k, [h]), "max": None}
        else:
            steps.append(say("math.step.ext.square_max", square=square, at=at, value=tex(k)))
            results = {"max": (k, [h]), "min": None}
    else:
        results = _by_derivative(f, x, dom, steps)
    answers, latexes, approxes = [], [], []
    for key, word_key, wanted in (
        ("max", "math.step.ext.maximum", want_max),
        ("min", "math.step.ext.minimum", want_min),
    ):
        if not wanted:
            continue
        word = say(word_key)
        found = results.get(key)
        if found is None:
            steps.append(say("math.step.ext.none", word=word))
            latexes.append(f"\\text{{{say('math.step.ext.none_tex', word=word)}}}")
            continue
        value, where = found
        at = say("math.step.comma").join(f"{xs} = {tex(w)}" for w in where)
        steps.append(say("math.step.ext.value_at", at=at, word=word, value=tex(value)))
        answers.append(ans(value))
        latexes.append(f"\\text{{{word}}}\\ {tex(value)}")
        near = approx(value)
        if near:
            approxes.append(near)
    return Solution(question, "extremum", steps, answers, ",\\quad ".join(latexes), approx=approxes)


def _by_derivative(
    f: sp.Expr, x: sp.Symbol, dom: sp.Set, steps: list[str]
) -> dict[str, tuple[sp.Expr, list[sp.Expr]] | None]:
    xs = tex(x)
    if not isinstance(dom, sp.Interval):
        raise UnsupportedProblem(say("math.domain_complex", domain=dom))
    comma = say("math.step.comma")
    steps.append(say("math.step.ext.differentiate", derivative=f"y' = {tex(sp.factor(sp.diff(f, x)))}"))
    crit = _critical(f, x, dom)
    inside = say("math.step.ext.in_domain") if dom != sp.S.Reals else ""
    if crit:
        zeros = comma.join(f"${xs} = {tex(c)}$" for c in crit)
        steps.append(say("math.step.ext.critical", inside=inside, points=zeros))
    else:
        steps.append(say("math.step.ext.monotonic", inside=inside))
    points = list(crit)
    limits: list[tuple[str, sp.Expr]] = []
    for end, is_open, side in ((dom.start, dom.left_open, "+"), (dom.end, dom.right_open, "-")):
        if end.is_finite and not is_open:
            points.append(end)
        else:
            where = f"{xs} \\to {tex(end)}" + (f"^{{{side}}}" if end.is_finite else "")
            limits.append((where, sp.limit(f, x, end, side if end.is_finite else "+-")))
    points = sort_real(list(dict.fromkeys(points)))
    values = [(c, sp.simplify(f.subs(x, c))) for c in points]
    if values:
        shown = comma.join(f"$f({tex(c)}) = {tex(v)}$" for c, v in values)
        steps.append(say("math.step.ext.compare", values=shown))
    if limits:
        shown = comma.join(say("math.step.ext.tends", where=w, value=tex(v)) for w, v in limits)
        steps.append(say("math.step.ext.open_ends", limits=shown))
    results: dict[str, tuple[sp.Expr, list[sp.Expr]] | None] = {"max": None, "min": None}
    if values:
        big = max(v for _, v in values) if all(v.is_real for _, v in values) else None
        small = min(v for _, v in values) if all(v.is_real for _, v in values) else None
        if big is not None and all(_number(lim) <= float(sp.N(big)) for _, lim in limits):
            results["max"] = (big, [c for c, v in values if sp.simplify(v - big) == 0])
        if small is not None and all(_number(lim) >= float(sp.N(small)) for _, lim in limits):
            results["min"] = (small, [c for c, v in values if sp.simplify(v - small) == 0])
    return results


def _local(question: str, f: sp.Expr, x: sp.Symbol, shown: str, maxima: bool, minima: bool) -> Solution:
    xs = tex(x)
    d = sp.diff(f, x)
    steps = [f"${shown}$", say("math.step.ext.differentiate", derivative=f"f'({xs}) = {tex(sp.factor(d))}")]
    crit = _critical(f, x, sp.S.Reals)
    no_extremum = f"\\text{{{say('math.step.ext.no_extremum')}}}"
    if not crit:
        steps.append(say("math.step.ext.no_critical"))
        return Solution(question, "extremum", steps, [], no_extremum)
    points = say("math.step.comma").join(f"${xs} = {tex(c)}$" for c in crit)
    steps.append(say("math.step.ext.stationary", points=points))
    answers, latexes = [], []
    for i, c in enumerate(crit):
        # The sign of f' just either side, sampled between neighbouring critical points.
        left = crit[i - 1] if i else c - 1
        right = crit[i + 1] if i + 1 < len(crit) else c + 1
        before, after = d.subs(x, (left + c) / 2), d.subs(x, (c + right) / 2)
        value = sp.simplify(f.subs(x, c))
        if before > 0 and after < 0:
            steps.append(
                say("math.step.ext.local_max", at=f"{xs} = {tex(c)}", value=f"f({tex(c)}) = {tex(value)}")
            )
            if maxima:
                answers.append(ans(value))
                latexes.append(f"\\text{{{say('math.step.ext.local_max_word')}}}\\ {tex(value)}")
        elif before < 0 and after > 0:
            steps.append(
                say("math.step.ext.local_min", at=f"{xs} = {tex(c)}", value=f"f({tex(c)}) = {tex(value)}")
            )
            if minima:
                answers.append(ans(value))
                latexes.append(f"\\text{{{say('math.step.ext.local_min_word')}}}\\ {tex(value)}")
        else:
            steps.append(say("math.step.ext.not_extremum", at=f"{xs} = {tex(c)}"))
    return Solution(question, "extremum", steps, answers, ",\\quad ".join(latexes) or no_extremum)


__all__ = ["read_extremum"]
