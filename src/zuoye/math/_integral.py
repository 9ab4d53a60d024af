"""Integrals: indefinite (原函数 + C) and definite (牛顿—莱布尼茨公式), in ∫ / \\int / Chinese form.

Recognised: ∫_1^2 2x dx, \\int_{0}^{\\pi} \\sin x \\, dx, ∫ cos x dx, ∫(0→1) x^2 dx,
求 x^2 从 0 到 1 的定积分, 求 f(x)=x^2 在 [0,1] 上的定积分, integrate x^2 from 0 to 1.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.calculus.util import continuous_domain

from zuoye.math._errors import ParseError, UnsupportedProblem
from zuoye.math._expression import main_expression
from zuoye.math._figure import Source
from zuoye.math._fmt import ans, approx, tex
from zuoye.math._parser import parse, parse_items
from zuoye.math._problem import CJK, Problem, choose_variable
from zuoye.math._types import Solution
from zuoye.messages import say

_MARKER = re.compile(r"∫|\\int(?![a-zA-Z])|\bintegrate\b|\bintegral\b|\bint(?=[\s_^(])", re.IGNORECASE)
_TRIGGERS = ("积分", "原函数", "∫", "\\int", "integrate", "integral")
_TOKEN = re.compile(r"-?\d+(?:\.\d+)?|[+-]?oo|[+-]?\\infty|pi|\\pi|[a-zA-Z]")
_PAREN_BOUNDS = re.compile(r"^\s*\(\s*([^(),]+?)\s*(?:->|,|~|到)\s*([^(),]+?)\s*\)")
_CN_BOUNDS = re.compile(r"从\s*([-+]?[\w./\\{}]+?)\s*到\s*([-+]?[\w./\\{}]+)|\bfrom\s+(\S+)\s+to\s+(\S+)")
_INTERVAL = re.compile(r"\[\s*([^\[\],]+?)\s*,\s*([^\[\],]+?)\s*\]")
_DIFFERENTIAL = re.compile(r"(?:\\[,;:!]|\s|\*)*d\s*([a-zA-Z])(?![a-zA-Z])")
_END = re.compile(f"[{CJK}=?]")


def read_integral(p: Problem) -> Solution | None:
    if not p.has(*_TRIGGERS):
        return None
    text = p.text
    marker = _MARKER.search(text)
    lower_text = upper_text = None
    if marker:
        after = text[marker.end() :]
        scripts, consumed = _scripts(after)
        if "_" in scripts and "^" in scripts:
            lower_text, upper_text = scripts["_"], scripts["^"]
            after = after[consumed:]
        else:
            paren = _PAREN_BOUNDS.match(after)
            if paren:
                lower_text, upper_text = paren.group(1), paren.group(2)
                after = after[paren.end() :]
        end = _END.search(after)
        region = after[: end.start()] if end else after
        rest_text = text[: marker.start()] + " " + (after[end.start() :] if end else "")
    else:
        region = ""
        rest_text = text
    if lower_text is None:
        cn = _CN_BOUNDS.search(text) or _CN_BOUNDS.search(rest_text)
        iv = _INTERVAL.search(text)
        if cn:
            lower_text, upper_text = (cn.group(1), cn.group(2)) if cn.group(1) else (cn.group(3), cn.group(4))
            text = text[: cn.start()] + " " + text[cn.end() :]
            region = region.replace(cn.group(0), " ")
        elif iv and p.has("定积分", "积分"):
            lower_text, upper_text = iv.group(1), iv.group(2)
            text = text[: iv.start()] + " " + text[iv.end() :]
    var_name = None
    diffs = list(_DIFFERENTIAL.finditer(region))
    if diffs:
        last = diffs[-1]
        var_name = last.group(1)
        region = region[: last.start()]
    region = region.strip(" ,*")
    if region.startswith("\\,"):
        region = region[2:]
    if region:
        nodes = parse_items(region, functions=frozenset(p.functions))
        if len(nodes) != 1:
            raise ParseError(say("math.integral_one_integrand"))
        integrand = p.builder.expr(nodes[0])
    else:
        for word in ("定积分", "不定积分", "积分", "求", "计算", "的"):
            text = text.replace(word, " ")
        p.text = re.sub(r"\b(?:from|to)\b", " ", text)
        integrand, _, _ = main_expression(p)
    x = p.builder.symbol(var_name) if var_name else choose_variable(p, integrand)
    if lower_text is None and re.search("(?<!不)定积分", p.text):
        raise ParseError(say("math.integral_limits"))
    if lower_text is None:
        return _indefinite(p, integrand, x)
    a = _bound(p, lower_text)
    b = _bound(p, upper_text or "")
    p.graph = Source("integral", (integrand, a, b), x)
    return _definite(p, integrand, x, a, b)


def _scripts(text: str) -> tuple[dict[str, str], int]:
    """Read `_a^b` / `^b_a` after ∫, where each script is one token or a balanced {…} group."""
    found: dict[str, str] = {}
    i = 0
    for _ in range(2):
        while i < len(text) and text[i] == " ":
            i += 1
        if i >= len(text) or text[i] not in "_^" or text[i] in found:
            break
        which = text[i]
        i += 1
        while i < len(text) and text[i] == " ":
            i += 1
        if i < len(text) and text[i] == "{":
            depth, start = 0, i
            while i < len(text):
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
                if depth == 0:
                    break
            found[which] = text[start + 1 : i - 1]
        else:
            token = _TOKEN.match(text, i)
            if not token:
                break
            found[which] = token.group(0)
            i = token.end()
    return found, i


def _bound(p: Problem, text: str) -> sp.Expr:
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return p.builder.expr(parse(text))


def _antiderivative(f: sp.Expr, x: sp.Symbol) -> sp.Expr:
    F = sp.integrate(f, x)
    if F.has(sp.Integral, sp.RootSum, sp.CRootOf, sp.Piecewise):
        raise UnsupportedProblem(say("math.no_antiderivative"))
    simpler = sp.simplify(F)
    return simpler if sp.count_ops(simpler) < sp.count_ops(F) else F


def _rules(f: sp.Expr, x: sp.Symbol) -> list[str]:
    terms = sp.Add.make_args(sp.expand(f)) if f.is_polynomial(x) else sp.Add.make_args(f)
    notes = []
    if len(terms) > 1:
        notes.append(say("math.step.int.linearity"))
    if any(t.is_polynomial(x) and sp.degree(t, x) >= 1 for t in terms):
        notes.append(say("math.step.int.power"))
    table = [
        (sp.sin, "\\int \\sin x \\, dx = -\\cos x + C"),
        (sp.cos, "\\int \\cos x \\, dx = \\sin x + C"),
        (sp.exp, "\\int e^{x} \\, dx = e^{x} + C"),
    ]
    for fn, formula in table:
        if f.has(fn):
            notes.append(say("math.step.int.basic", formula=formula))
    if any(isinstance(t, sp.Pow) and t.exp == -1 for t in sp.preorder_traversal(f)) and not f.is_polynomial(
        x
    ):
        notes.append("$\\int \\frac{1}{x} \\, dx = \\ln |x| + C$")
    return notes


def _with_abs_logs(F: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """∫ 1/x dx = ln|x| + C: SymPy drops the bars; a textbook never does."""
    return F.replace(
        lambda e: isinstance(e, sp.log) and e.args[0].is_polynomial(x) and sp.degree(e.args[0], x) == 1,
        lambda e: sp.log(sp.Abs(e.args[0])),
    )


def _indefinite(p: Problem, f: sp.Expr, x: sp.Symbol) -> Solution:
    xs = tex(x)
    F = _antiderivative(f, x)
    shown = _with_abs_logs(F, x)
    steps = [say("math.step.find", what=f"\\int {_p(f)} \\, d{xs}"), *_rules(f, x)]
    steps.append(say("math.step.int.result", integral=f"\\int {_p(f)} \\, d{xs} = {tex(shown)} + C"))
    return Solution(
        p.original, "indefinite_integral", steps, [ans(F)], f"{tex(shown)} + C", form="antiderivative"
    )


def _definite(p: Problem, f: sp.Expr, x: sp.Symbol, a: sp.Expr, b: sp.Expr) -> Solution:
    xs = tex(x)
    integral = f"\\int_{{{tex(a)}}}^{{{tex(b)}}} {_p(f)} \\, d{xs}"
    steps = [say("math.step.find", what=integral)]
    if a.has(sp.oo, -sp.oo) or b.has(sp.oo, -sp.oo):
        value = sp.integrate(f, (x, a, b))
        steps.append(say("math.step.int.improper"))
        steps.append(f"${integral} = {tex(value)}$")
    else:
        _require_continuous(f, x, a, b)
        F = _antiderivative(f, x)
        steps.extend(_rules(f, x))
        steps.append(say("math.step.int.antiderivative", antiderivative=f"F({xs}) = {tex(F)}"))
        Fb, Fa = sp.simplify(F.subs(x, b)), sp.simplify(F.subs(x, a))
        value = sp.simplify(Fb - Fa)
        worked = f"{integral} = F({tex(b)}) - F({tex(a)}) = {_p(Fb)} - {_p(Fa)} = {tex(value)}"
        steps.append(say("math.step.int.newton_leibniz", worked=worked))
    if value.has(sp.Integral) or value.has(sp.nan):
        raise UnsupportedProblem(say("math.integral_not_exact"))
    if value.has(sp.zoo, sp.oo, -sp.oo, sp.I) or value.is_real is False:
        # ∫_0^1 ln x dx through F(0), ∫_{-1}^{1} √x dx: no real number is the answer this way.
        raise UnsupportedProblem(say("math.integral_improper"))
    near = approx(value)
    if near:
        steps.append(f"$\\approx {near}$")
    return Solution(
        p.original, "definite_integral", steps, [ans(value)], tex(value), approx=[near] if near else []
    )


def _require_continuous(f: sp.Expr, x: sp.Symbol, a: sp.Expr, b: sp.Expr) -> None:
    """Newton–Leibniz needs f continuous on [a, b]: across a pole it gives a number for an integral
    that has none (∫_{-1}^{1} 1/x² dx is not F(1) - F(-1) = -2). A break at an end (1/√x at 0) is
    left to F's values there, which are finite exactly when the integral converges."""
    if not (a.is_number and b.is_number):
        return  # letters in the limits: the same F(b) - F(a) as on paper
    lo, hi = (a, b) if bool(a <= b) else (b, a)
    try:
        gaps = sp.Interval(lo, hi) - continuous_domain(f, x, sp.Interval(lo, hi))
    except (NotImplementedError, ValueError, TypeError):
        raise UnsupportedProblem(say("math.integral_improper")) from None  # could not be sure
    if not gaps.is_subset(sp.FiniteSet(lo, hi)):
        raise UnsupportedProblem(say("math.integral_improper"))


def _p(e: sp.Expr) -> str:
    s = tex(e)
    return f"\\left({s}\\right)" if isinstance(e, sp.Add) or s.startswith("-") else s
