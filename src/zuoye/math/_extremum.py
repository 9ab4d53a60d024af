"""Maximum / minimum values (最大值, 最小值, 最值) and local extrema (极值).

A quadratic over all reals is done by 配方 (completing the square); anything else, or any
closed interval, by the derivative: critical points, then compare values (and the ends).
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._ast import Rel, Tup
from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, approx, sort_real, tex
from zuoye.math._problem import Problem, choose_variable, read_function_defs, segments
from zuoye.math._types import Solution

_MAX_WORDS = ("最大值", "maximum", "max")
_MIN_WORDS = ("最小值", "minimum", "min")
_BOTH_WORDS = ("最值",)
_LOCAL_WORDS = ("极值", "极大值", "极小值")


def read_extremum(p: Problem) -> Solution | None:
    low = p.text.lower()
    want_max = any(w in low for w in _MAX_WORDS)
    want_min = any(w in low for w in _MIN_WORDS)
    local = any(w in p.text for w in _LOCAL_WORDS)
    if any(w in p.text for w in _BOTH_WORDS):
        want_max = want_min = True
    if not (want_max or want_min or local):
        return None
    if re.search(r"\b(?:max|min)\s*\(", low):  # max(3, 5) is arithmetic, not an extremum task
        return None
    segs = segments(p.text)
    rest = read_function_defs(p, segs)
    from zuoye.math._engine import parsed_items

    items = parsed_items(p, rest)
    interval: tuple[sp.Expr, sp.Expr] | None = None
    expr: sp.Expr | None = None
    shown = ""
    for node, latex in items:
        if isinstance(node, Tup) and len(node.items) == 2:
            interval = (p.builder.expr(node.items[0]), p.builder.expr(node.items[1]))
        elif isinstance(node, Rel) and len(node.items) == 3:
            interval = (p.builder.expr(node.items[0]), p.builder.expr(node.items[2]))
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
    if (local and not (want_max or want_min)) or (
        ("极大值" in p.text or "极小值" in p.text) and interval is None
    ):
        return _local(p.original, expr, x, shown)
    return _global(p.original, expr, x, shown, interval, want_max, want_min)


def _critical(f: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    d = sp.diff(f, x)
    s = sp.solveset(d, x, sp.S.Reals)
    if not isinstance(s, sp.FiniteSet):
        if s is sp.S.EmptySet:
            return []
        raise UnsupportedProblem("导数为 0 的点不是有限个，无法逐一比较。 / Infinitely many critical points.")
    return sort_real(list(s))


def _global(
    question: str,
    f: sp.Expr,
    x: sp.Symbol,
    shown: str,
    interval: tuple[sp.Expr, sp.Expr] | None,
    want_max: bool,
    want_min: bool,
) -> Solution:
    steps = [f"${shown}$"]
    xs = tex(x)
    results: dict[str, tuple[sp.Expr, list[sp.Expr]] | None] = {}
    if interval is None and f.is_polynomial(x) and sp.degree(f, x) == 2:
        a, b, _ = sp.Poly(f, x).all_coeffs()
        h = -b / (2 * a)
        k = sp.simplify(f.subs(x, h))
        vertex = a * (x - h) ** 2 + k
        steps.append(f"配方：$y = {tex(vertex)}$")
        if a > 0:
            steps.append(
                f"因为 ${tex((x - h) ** 2)} \\geq 0$，所以当 ${xs} = {tex(h)}$ 时，$y$ 取得最小值 ${tex(k)}$，没有最大值。"
            )
            results = {"min": (k, [h]), "max": None}
        else:
            steps.append(
                f"因为 ${tex((x - h) ** 2)} \\geq 0$ 且 $a < 0$，所以当 ${xs} = {tex(h)}$ 时，$y$ 取得最大值 ${tex(k)}$，没有最小值。"
            )
            results = {"max": (k, [h]), "min": None}
    else:
        d = sp.diff(f, x)
        crit = _critical(f, x)
        steps.append(f"求导：$y' = {tex(sp.factor(d))}$")
        if interval is not None:
            lo, hi = interval
            crit = [c for c in crit if bool(lo <= c) and bool(c <= hi)]
            candidates = [lo, *crit, hi]
            if crit:
                steps.append("令 $y' = 0$，在区间内得 " + "，".join(f"${xs} = {tex(c)}$" for c in crit))
            else:
                steps.append("在区间内 $y' = 0$ 没有解，函数单调。")
            values = [(c, sp.simplify(f.subs(x, c))) for c in candidates]
            listing = "，".join(f"$f({tex(c)}) = {tex(v)}$" for c, v in values)
            steps.append(f"比较端点和驻点的函数值：{listing}")
            big = max(values, key=lambda cv: float(sp.N(cv[1])))
            small = min(values, key=lambda cv: float(sp.N(cv[1])))
            results = {
                "max": (big[1], [c for c, v in values if sp.simplify(v - big[1]) == 0]),
                "min": (small[1], [c for c, v in values if sp.simplify(v - small[1]) == 0]),
            }
        else:
            if crit:
                steps.append("令 $y' = 0$，得 " + "，".join(f"${xs} = {tex(c)}$" for c in crit))
            up, down = sp.limit(f, x, sp.oo), sp.limit(f, x, -sp.oo)
            values = [(c, sp.simplify(f.subs(x, c))) for c in crit]
            ends = [up, down]
            results = {"max": None, "min": None}
            if values:
                big = max(values, key=lambda cv: float(sp.N(cv[1])))
                small = min(values, key=lambda cv: float(sp.N(cv[1])))
                if all(
                    e != sp.oo and (not e.is_number or float(sp.N(e)) <= float(sp.N(big[1]))) for e in ends
                ):
                    results["max"] = (big[1], [big[0]])
                if all(
                    e != -sp.oo and (not e.is_number or float(sp.N(e)) >= float(sp.N(small[1]))) for e in ends
                ):
                    results["min"] = (small[1], [small[0]])
            steps.append(
                f"当 ${xs} \\to +\\infty$ 时 $y \\to {tex(up)}$，当 ${xs} \\to -\\infty$ 时 $y \\to {tex(down)}$，结合单调性判断。"
            )
    answers, latexes, approxes = [], [], []
    for key, word in (("max", "最大值"), ("min", "最小值")):
        wanted = want_max if key == "max" else want_min
        if not wanted:
            continue
        found = results.get(key)
        if found is None:
            steps.append(f"函数没有{word}。")
            latexes.append(f"\\text{{没有{word}}}")
            continue
        value, where = found
        at = "，".join(f"{xs} = {tex(w)}" for w in where)
        steps.append(f"所以当 ${at}$ 时，{word}为 ${tex(value)}$。")
        answers.append(ans(value))
        latexes.append(f"\\text{{{word}}}\\ {tex(value)}")
        near = approx(value)
        if near:
            approxes.append(near)
    return Solution(question, "extremum", steps, answers, ",\\quad ".join(latexes), approx=approxes)


def _local(question: str, f: sp.Expr, x: sp.Symbol, shown: str) -> Solution:
    xs = tex(x)
    d = sp.diff(f, x)
    steps = [f"${shown}$", f"求导：$f'({xs}) = {tex(sp.factor(d))}$"]
    crit = _critical(f, x)
    if not crit:
        steps.append("$f'(x) = 0$ 没有实数解，函数单调，没有极值。")
        return Solution(question, "extremum", steps, [], "\\text{没有极值}")
    steps.append("令 $f'(x) = 0$，得 " + "，".join(f"${xs} = {tex(c)}$" for c in crit))
    answers, latexes = [], []
    for c in crit:
        eps = sp.Rational(1, 1000)
        left, right = d.subs(x, c - eps), d.subs(x, c + eps)
        value = sp.simplify(f.subs(x, c))
        if left > 0 and right < 0:
            steps.append(
                f"在 ${xs} = {tex(c)}$ 左侧 $f'(x) > 0$，右侧 $f'(x) < 0$，所以极大值为 $f({tex(c)}) = {tex(value)}$"
            )
            answers.append(ans(value))
            latexes.append(f"\\text{{极大值}}\\ {tex(value)}")
        elif left < 0 and right > 0:
            steps.append(
                f"在 ${xs} = {tex(c)}$ 左侧 $f'(x) < 0$，右侧 $f'(x) > 0$，所以极小值为 $f({tex(c)}) = {tex(value)}$"
            )
            answers.append(ans(value))
            latexes.append(f"\\text{{极小值}}\\ {tex(value)}")
        else:
            steps.append(f"在 ${xs} = {tex(c)}$ 两侧导数同号，不是极值点。")
    return Solution(question, "extremum", steps, answers, ",\\quad ".join(latexes) or "\\text{没有极值}")


__all__ = ["approx", "read_extremum"]
