"""Limits: name the form first (直接代入 / 0/0 型 / ∞/∞ 型 / 1^∞ 型), then the method that fits
(约去公因式, 分子分母同除以最高次幂, 洛必达法则, 重要极限), then the value.

Recognised: lim_{x→0} f, \\lim_{x \\to \\infty} f, lim(x->0) f, lim x->0 f, 当 x→0 时 f 的极限,
x 趋于 0 时…, one-sided 0+ / 0^- / 0^{+}.
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._errors import ParseError, UnsupportedProblem
from zuoye.math._expression import main_expression
from zuoye.math._fmt import ans, approx, tex
from zuoye.math._parser import parse
from zuoye.math._problem import Problem
from zuoye.math._types import Solution
from zuoye.messages import say

_TRIGGERS = ("lim", "极限", "趋于", "趋向", "趋近")
_POINT = r"([+-]?\s*(?:oo|\\infty|inf(?:inity)?|\d+(?:\.\d+)?(?:/\d+)?|pi(?:/\d+)?|\\pi|e|[a-z]))\s*(\^?\s*\{?\s*[+-]\s*\}?(?![\w(]))?"
_APPROACH = re.compile(rf"([a-zA-Z])\s*(?:->|趋于|趋向于|趋近于|趋向|趋近)\s*{_POINT}")
_LIM_HEAD = re.compile(r"\\?lim(?:it)?\s*(?:_\s*)?")


def read_limit(p: Problem) -> Solution | None:
    if not p.has(*_TRIGGERS) and not ("->" in p.text and "时" in p.text):
        return None
    text = p.text
    approach = _APPROACH.search(text)
    if approach is None:
        raise ParseError(say("math.limit_approach"))
    var_name = approach.group(1)
    point_text = approach.group(2).replace(" ", "")
    side = (approach.group(3) or "").replace("^", "").replace("{", "").replace("}", "").strip()
    # Remove the lim head and its subscript, wherever the approach clause sits.
    start, end = approach.start(), approach.end()
    before = text[:start]
    head = list(_LIM_HEAD.finditer(before))
    if head:
        start = head[-1].start()
    rest = text[end:]
    rest = re.sub(r"^\s*[})]", " ", rest)
    before = text[:start]
    before = re.sub(r"[({]\s*$", " ", before)
    for word in ("求极限", "极限", "求", "的值", "的", "当", "时", "计算"):
        before = before.replace(word, " ")
        rest = rest.replace(word, " ")
    p.text = before + " , " + rest
    f, _, _ = main_expression(p)
    x = p.builder.symbol(var_name)
    point = _point(p, point_text)
    direction = "+-" if not side or point.has(sp.oo) else ("+" if side == "+" else "-")
    return solve_limit(p.original, f, x, point, direction)


def _point(p: Problem, text: str) -> sp.Expr:
    text = text.replace("\\infty", "oo").replace("\\pi", "pi").replace("infinity", "oo").replace("inf", "oo")
    if text in ("+oo", "oo"):
        return sp.oo
    if text == "-oo":
        return -sp.oo
    return p.builder.expr(parse(text))


def _sub_tex(x: sp.Symbol, point: sp.Expr, direction: str) -> str:
    arrow = tex(point).replace("\\infty", "\\infty")
    if direction in ("+", "-") and not point.has(sp.oo):
        arrow = f"{arrow}^{{{direction}}}"
    return f"\\lim_{{{tex(x)} \\to {arrow}}}"


def _safe_limit(f: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str) -> sp.Expr | None:
    try:
        value = sp.limit(f, x, point, dir=direction)
    except (ValueError, NotImplementedError):
        return None
    return value


def solve_limit(question: str, f: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str) -> Solution:
    lim = _sub_tex(x, point, direction)
    steps = [say("math.step.find", what=f"{lim} {_p(f)}")]
    value = _safe_limit(f, x, point, direction)
    if value is None or isinstance(value, sp.AccumBounds) or value.has(sp.nan, sp.zoo, sp.Limit):
        if direction == "+-" and not point.has(sp.oo):
            left = _safe_limit(f, x, point, "-")
            right = _safe_limit(f, x, point, "+")
            if left is not None and right is not None and left != right:
                steps.append(say("math.step.limit.sides_differ", left=tex(left), right=tex(right)))
        steps.append(say("math.step.limit.none"))
        return Solution(
            question, "limit", steps, [], f"\\text{{{say('math.step.limit.does_not_exist')}}}", form="value"
        )
    steps.extend(_method(f, x, point, direction, value))
    steps.append(say("math.step.eq.so", what=f"${lim} {_p(f)} = {tex(value)}$"))
    near = approx(value)
    return Solution(question, "limit", steps, [ans(value)], tex(value), approx=[near] if near else [])


def _method(f: sp.Expr, x: sp.Symbol, a: sp.Expr, direction: str, value: sp.Expr) -> list[str]:
    finite = not a.has(sp.oo)
    if finite:
        direct = _direct(f, x, a)
        if direct is not None:
            return [say("math.step.limit.continuous", point=f"{tex(x)} = {tex(a)}", value=tex(direct))]
    num, den = sp.fraction(sp.together(f))
    if den.has(x):
        ln = _safe_limit(num, x, a, direction if finite else "-" if a == -sp.oo else "+")
        ld = _safe_limit(den, x, a, direction if finite else "-" if a == -sp.oo else "+")
        if ln == 0 and ld == 0:
            form = say("math.step.limit.zero_over_zero")
            if f.is_rational_function(x):
                cancelled = sp.cancel(f)
                factored = say("math.step.limit.factor", num=tex(sp.factor(num)), den=tex(sp.factor(den)))
                return [
                    form + factored,
                    say("math.step.limit.cancel", cancelled=tex(cancelled), point=f"{tex(x)} = {tex(a)}"),
                ]
            return [form + _lhopital(num, den, x)]
        if ln is not None and ld is not None and ln.has(sp.oo) and ld.has(sp.oo):
            form = say("math.step.limit.infinity_over_infinity")
            if f.is_rational_function(x):
                k = max(sp.degree(num, x), sp.degree(den, x))
                divided = sp.expand(num / x**k) / sp.expand(den / x**k)
                return [
                    form + say("math.step.limit.divide_highest", power=tex(x**k), divided=tex(divided)),
                    say("math.step.limit.reciprocal_vanishes", var=tex(x)),
                ]
            return [form + _lhopital(num, den, x)]
        if finite and ld == 0 and ln not in (None, 0):
            return [say("math.step.limit.to_infinity", numerator=tex(ln))]
    if isinstance(f, sp.Pow) and f.exp.has(x) and f.base.has(x):
        side = "+" if direction == "+-" else direction  # one side is enough to name the form
        base_lim = _safe_limit(f.base, x, a, side)
        exp_lim = _safe_limit(f.exp, x, a, side)
        if base_lim == 1 and exp_lim is not None and exp_lim.has(sp.oo):
            return [say("math.step.limit.one_to_infinity")]
    if not finite:
        return [say("math.step.limit.trend", approach=f"{tex(x)} \\to {tex(a)}")]
    return []


def _direct(f: sp.Expr, x: sp.Symbol, a: sp.Expr) -> sp.Expr | None:
    _, den = sp.fraction(sp.together(f))
    try:
        d = sp.simplify(den.subs(x, a))
        if d == 0:
            return None
        value = sp.simplify(f.subs(x, a))
    except (ZeroDivisionError, TypeError):
        return None
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not value.is_finite:
        return None
    return value


def _lhopital(num: sp.Expr, den: sp.Expr, x: sp.Symbol) -> str:
    dn, dd = sp.diff(num, x), sp.diff(den, x)
    ratio = sp.simplify(dn / dd)
    shown = f"$\\frac{{{tex(dn)}}}{{{tex(dd)}}}$" + (f"$= {tex(ratio)}$" if ratio != dn / dd else "")
    return say("math.step.limit.lhopital", derivatives=shown)


def _p(e: sp.Expr) -> str:
    s = tex(e)
    return f"\\left({s}\\right)" if isinstance(e, sp.Add) else s


__all__ = ["UnsupportedProblem", "read_limit", "solve_limit"]
