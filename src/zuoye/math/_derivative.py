"""Derivatives: y', f'(x), f'(2), second derivatives, with the rules a class names
(和差、常数倍、乘积、商、复合函数的求导法则, and the basic table)."""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._ast import FApply, Node, Rel, Tup
from zuoye.math._errors import ParseError, UnsupportedProblem
from zuoye.math._expression import main_expression, parsed_items
from zuoye.math._fmt import ans, approx, m, tex
from zuoye.math._parser import parse
from zuoye.math._problem import Problem, choose_variable, read_function_defs, segments
from zuoye.math._types import Solution
from zuoye.messages import say

_TRIGGERS = (
    "导数",
    "求导",
    "导函数",
    "derivative",
    "differentiate",
    "d/d",
    "\\frac{d",
    "微分",
    "切线",
    "tangent",
)
_PRIME_REQUEST = re.compile(r"(?<![A-Za-z])([yY])\s*('+)\s*(?:\(\s*([^()]*?)\s*\))?\s*(?:=\s*\??)?")
_PAREN_PRIME = re.compile(r"\(([^()]+)\)\s*('+)")
_DDX = re.compile(
    r"\\frac\s*\{\s*d(?:\^\{?(\d)\}?)?\s*([a-zA-Z])?\s*\}\s*\{\s*d\s*([a-zA-Z])(?:\^\{?\d\}?)?\s*\}|d\s*/\s*d\s*([a-zA-Z])"
)
_AT_POINT = re.compile(r"(?:在|当)\s*([a-zA-Z])\s*=\s*([-+]?[\w./\\{}()]+?)\s*(?:处|时)")
_ORDER_WORDS = {"二阶": 2, "三阶": 3, "四阶": 4, "second": 2, "third": 3}

_BASIC = [
    (sp.sin, "(\\sin x)' = \\cos x"),
    (sp.cos, "(\\cos x)' = -\\sin x"),
    (sp.tan, "(\\tan x)' = \\frac{1}{\\cos^{2} x}"),
    (sp.exp, "(e^{x})' = e^{x}"),
    (sp.log, "(\\ln x)' = \\frac{1}{x}"),
]


def triggered(p: Problem) -> bool:
    return (
        p.has(*_TRIGGERS) or bool(_PRIME_REQUEST.search(p.text)) or bool(re.search(r"[a-zA-Z)]\s*'", p.text))
    )


def read_derivative(p: Problem) -> Solution | None:
    if not triggered(p):
        return None
    text = p.text
    order = max([n for w, n in _ORDER_WORDS.items() if w in text.lower()], default=1)
    point_text: str | None = None
    var_name: str | None = None
    label = "y"
    mt = _PRIME_REQUEST.search(text)
    if mt:
        order = max(order, len(mt.group(2)))
        point_text = mt.group(3) or None
        label = mt.group(1)
        text = text[: mt.start()] + " , " + text[mt.end() :]
    pp = _PAREN_PRIME.search(text)
    explicit: str | None = None
    if pp:
        explicit = pp.group(1)
        order = max(order, len(pp.group(2)))
        text = text[: pp.start()] + " , " + text[pp.end() :]
    dd = _DDX.search(text)
    if dd:
        var_name = dd.group(3) or dd.group(4)
        if dd.group(1):
            order = max(order, int(dd.group(1)))
        text = text[: dd.start()] + " " + text[dd.end() :]
    at = _AT_POINT.search(text)
    if at:
        var_name, point_text = at.group(1), at.group(2)
        text = text[: at.start()] + " , " + text[at.end() :]
    for word in (*_TRIGGERS, "的导数", "二阶", "三阶", "求", "值"):
        text = text.replace(word, " ")
    segs = segments(text)
    rest = read_function_defs(p, segs)
    items = parsed_items(p, rest) if rest else []
    targets = [n for n, _ in items if isinstance(n, FApply) and n.primes > 0]
    targets += [n.items[0] for n, _ in items if isinstance(n, Rel) and isinstance(n.items[0], FApply)]
    if explicit is not None:
        node = parse(explicit, functions=frozenset(p.functions))
        expr = p.builder.expr(node)
        shown = f"\\left({tex(expr)}\\right){chr(39) * order}"
    elif targets:
        target = targets[0]
        assert isinstance(target, FApply)
        fn = p.functions.get(target.name)
        if fn is None:
            raise ParseError(say("math.function_not_defined", name=target.name))
        order = target.primes
        expr = fn.expr
        var_name = str(fn.variables[0])
        arg = p.builder.expr(target.args[0])
        if arg != fn.variables[0]:
            point_text = None
            return _solve(p, expr, fn.variables[0], order, f"{target.name}", arg, name_is_function=True)
        return _solve(p, expr, fn.variables[0], order, target.name, None, name_is_function=True)
    else:
        p.text = text
        expr, shown, _node = main_expression(p)
    var = p.builder.symbol(var_name) if var_name else choose_variable(p, expr)
    point = None
    if point_text is not None:
        point = p.builder.expr(parse(point_text))
    if explicit is not None:
        return _solve(p, expr, var, order, None, point, shown=shown)
    fname = next(iter(p.functions), None) if p.functions and not mt else None
    if "切线" in p.original or "tangent" in p.original.lower():
        if point is None:
            point = _point_from_items(p, items)
        if point is None:
            raise ParseError(say("math.tangent_point"))
        return _tangent(p, expr, var, point, shown)
    return _solve(p, expr, var, order, fname, point, name_is_function=fname is not None, label=label)


def _point_from_items(p: Problem, items: list[tuple[Node, str]]) -> sp.Expr | None:
    for node, _ in items:
        if isinstance(node, Tup) and len(node.items) == 2:
            return p.builder.expr(node.items[0])
    return None


def _tangent(p: Problem, f: sp.Expr, x: sp.Symbol, x0: sp.Expr, shown: str) -> Solution:
    """The tangent line at x0: slope f'(x0), point (x0, f(x0)), point-slope form, then y = kx + b."""
    xs = tex(x)
    d = tidy(sp.diff(f, x))
    y0 = sp.simplify(f.subs(x, x0))
    k = sp.simplify(d.subs(x, x0))
    y = sp.Symbol("y")
    line = sp.expand(k * (x - x0) + y0)
    steps = [
        f"${shown}$",
        *rule_steps(f, x),
        say("math.step.eq.so", what=f"$y' = {tex(d)}$"),
        say(
            "math.step.diff.tangent_point",
            point=f"({tex(x0)}, {tex(y0)})",
            slope=f"k = y'|_{{{xs}={tex(x0)}}} = {tex(k)}",
        ),
        say(
            "math.step.diff.tangent_line",
            line=f"y - {_p(y0)} = {tex(k)}\\left({tex(x - x0)}\\right)",
            simplified=f"y = {tex(line)}",
        ),
    ]
    return Solution(
        p.original, "tangent_line", steps, [f"{y}={ans(line)}"], f"y = {tex(line)}", form="expression"
    )


def tidy(expr: sp.Expr) -> sp.Expr:
    """The form a textbook prints: expanded polynomials, otherwise the shortest of a few forms."""
    if expr.is_polynomial():
        expanded = sp.expand(expr)  # 3x² - 2, but 10(2x + 1)⁴ stays as the chain rule gives it
        return expanded if sp.count_ops(expanded) <= sp.count_ops(expr) + 2 else expr
    if not any(isinstance(p, sp.Pow) and p.exp.is_negative for p in sp.preorder_traversal(expr)):
        return expr  # 2x sin x + x² cos x: the sum the product rule gives is the textbook form
    candidates = [expr, sp.simplify(expr), sp.cancel(sp.together(expr)), sp.factor(sp.together(expr))]
    return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))


def rule_steps(expr: sp.Expr, x: sp.Symbol) -> list[str]:
    """Which rule applies at the top of `expr`, with its pieces worked out."""
    if not expr.has(x):
        return [say("math.step.diff.constant")]
    if isinstance(expr, sp.Add):
        parts = expr.as_ordered_terms()
        shown = say("math.step.comma").join(
            f"$\\left({tex(t)}\\right)' = {tex(tidy(sp.diff(t, x)))}$" for t in parts[:6]
        )
        return [say("math.step.diff.sum", terms=shown)]
    coeff, rest = expr.as_independent(x, as_Add=False)
    if coeff != 1 and rest != expr:
        inner = rule_steps(rest, x) if not _is_basic(rest, x) else []
        return [
            say(
                "math.step.diff.constant_factor",
                rule=f"\\left({tex(expr)}\\right)' = {tex(coeff)} \\cdot \\left({tex(rest)}\\right)'",
            ),
            *inner,
        ]
    num, den = sp.fraction(expr)
    if den.has(x) and num.has(x) and den != 1:
        u, v = num, den
        du, dv = sp.diff(u, x), sp.diff(v, x)
        return [
            say("math.step.diff.quotient", u=tex(u), v=tex(v), du=tex(du), dv=tex(dv)),
            f"$y' = \\frac{{{_p(du)} \\cdot {_p(v)} - {_p(u)} \\cdot {_p(dv)}}}{{{_p(v)}^{{2}}}}$",
        ]
    if isinstance(expr, sp.Mul):
        factors = [f for f in expr.args if f.has(x)]
        if len(factors) >= 2:
            u = factors[0]
            v = sp.Mul(*factors[1:])
            du, dv = tidy(sp.diff(u, x)), tidy(sp.diff(v, x))
            return [
                say("math.step.diff.product", u=tex(u), v=tex(v), du=tex(du), dv=tex(dv)),
                f"$y' = {_p(du)} \\cdot {_p(v)} + {_p(u)} \\cdot {_p(dv)}$",
            ]
    if isinstance(expr, sp.Pow) and expr.base == x and not expr.exp.has(x):
        return [say("math.step.diff.power", rule=f"\\left({tex(expr)}\\right)' = {tex(sp.diff(expr, x))}")]
    inner_expr = _inner(expr, x)
    if inner_expr is not None and inner_expr != x:
        inner = inner_expr
        u = sp.Symbol("u")
        outer = expr.subs(inner, u)
        if outer.has(u) and not outer.has(x):
            d_outer = sp.diff(outer, u)
            return [
                say("math.step.diff.composite", inner=tex(inner), outer=tex(outer)),
                say("math.step.diff.chain", product=f"{tex(d_outer)} \\cdot {_p(tidy(sp.diff(inner, x)))}"),
            ]
    for fn, formula in _BASIC:
        if isinstance(expr, fn):
            return [say("math.step.diff.basic", formula=formula)]
    if isinstance(expr, sp.Pow) and expr.base.is_number and expr.exp == x:
        return [say("math.step.diff.exponential")]
    return []


def _is_basic(expr: sp.Expr, x: sp.Symbol) -> bool:
    return expr == x or (isinstance(expr, sp.Pow) and expr.base == x and expr.exp.is_number)


def _inner(expr: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    if isinstance(expr, sp.Pow):
        if expr.exp.has(x) and not expr.base.has(x):
            return expr.exp
        return expr.base
    if isinstance(expr, sp.Function) and len(expr.args) == 1:
        return expr.args[0]
    return None


def _p(e: sp.Expr) -> str:
    s = tex(e)
    return f"\\left({s}\\right)" if isinstance(e, sp.Add) or s.startswith("-") else s


def _solve(
    p: Problem,
    expr: sp.Expr,
    x: sp.Symbol,
    order: int,
    fname: str | None,
    point: sp.Expr | None,
    *,
    name_is_function: bool = False,
    shown: str | None = None,
    label: str = "y",
) -> Solution:
    if not isinstance(expr, sp.Expr):
        raise UnsupportedProblem(say("math.not_differentiable_target"))
    primes = "'" * order
    xs = tex(x)
    if name_is_function and fname:
        head = f"{fname}({xs}) = {tex(expr)}"
        dname = f"{fname}{primes}({xs})"
    else:
        head = shown or f"{label} = {tex(expr)}"
        dname = f"{label}{primes}"
    steps = [f"${head}$"]
    current = expr
    for k in range(1, order + 1):
        if k == 1 or order <= 3:
            rules = rule_steps(current, x) if k == 1 else [say("math.step.diff.again", order=k)]
            steps.extend(rules)
        current = tidy(sp.diff(current, x))
        name_k = f"{fname}{chr(39) * k}({xs})" if name_is_function and fname else f"{label}{chr(39) * k}"
        steps.append(say("math.step.eq.so", what=f"${name_k} = {tex(current)}$"))
    kind = "derivative" if order == 1 else "higher_derivative"
    if point is None:
        return Solution(
            p.original, kind, steps, [ans(current)], f"{dname} = {tex(current)}", form="expression"
        )
    value = sp.simplify(current.subs(x, point))
    at = (
        f"{fname}{primes}\\left({tex(point)}\\right)"
        if name_is_function and fname
        else f"{label}{primes}|_{{{xs}={tex(point)}}}"
    )
    steps.append(say("math.step.diff.at_point", point=f"{xs} = {tex(point)}", value=f"{at} = {tex(value)}"))
    near = approx(value)
    return Solution(
        p.original,
        "derivative_value",
        steps,
        [ans(value)],
        f"{at} = {tex(value)}",
        approx=[near] if near else [],
    )


__all__ = ["m", "read_derivative", "rule_steps", "tidy"]
