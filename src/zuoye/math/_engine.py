"""solve_question(text) -> Solution: decide what is asked, then hand it to the right solver.

Readers run in order; each looks for its task words (导数, 极限, 因式分解…) or notation (∫, lim,
f'(x)) and returns None when the question is not its kind. The general reader at the end decides
from the maths alone: relations with = are equations (two or more: a system), < > are
inequalities, f(x)=… with f(3) is a function value, and an expression without unknowns is
arithmetic. This module runs inside the worker process (see `_pool`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import sympy as sp

from zuoye.math import _derivative, _extremum, _integral, _limit, _numbers, _wordy
from zuoye.math._algebra import simplest, solve_coefficient, solve_expand, solve_factor, solve_simplify
from zuoye.math._arith import evaluate_steps, solve_arithmetic
from zuoye.math._ast import FApply, Node, Num, Rel, Sym, Tup, denominators, to_latex
from zuoye.math._equation import solve_equation
from zuoye.math._errors import ParseError, UnsupportedProblem, understands
from zuoye.math._expression import main_expression, parsed_items
from zuoye.math._figure import Source, describe_safely
from zuoye.math._fmt import ans, m, tex
from zuoye.math._given import evaluate_given
from zuoye.math._inequality import solve_inequalities
from zuoye.math._parser import parse, parse_items
from zuoye.math._problem import (
    Problem,
    account_for_words,
    choose_variable,
    domain,
    free_symbols,
    prepare,
    read_function_defs,
    segments,
)
from zuoye.math._reading import with_reading
from zuoye.math._system import solve_system
from zuoye.math._types import Solution
from zuoye.math._values import function_values, has_fapply, substitute
from zuoye.messages import say

Reader = Callable[[Problem], Solution | None]


def solve_question(question: str, figure: bool = True) -> Solution:
    if not isinstance(question, str) or not question.strip():
        raise ParseError(say("math.empty_question"))
    problem = prepare(question)
    # The formulaic word problems match the whole sentence, words and all; everything else must
    # account for every word before any reader acts on the maths between them.
    worded = _wordy.match_word_problem(problem)
    if worded is not None:
        return with_reading(problem, worded)
    account_for_words(problem)
    for reader in READERS:
        solution = reader(problem)
        if solution is not None:
            if problem.conditions and solution.kind in _CONDITIONS_UNUSED:
                # shown as understood (已知 x²=4（x>0）) but not acted on: the answer would be to
                # another question (x³ = ±8, not 8)
                conditions = say("math.enumeration").join(problem.conditions)
                raise UnsupportedProblem(say("math.condition_unused", conditions=conditions))
            solution = with_reading(problem, solution)
            return _with_figure(problem, solution) if figure else solution
    raise UnsupportedProblem(say("math.no_task", understands=understands()))


# Kinds whose readers take no conditions (x > 0, a < 0) into account, where a condition changes the
# answer: a limit (one side), a value of a function outside its domain, a value fixed by equations.
_CONDITIONS_UNUSED = frozenset(
    {"limit", "function_value", "conditional_value", "substitution", "simplify_evaluate"}
    | {"definite_integral", "indefinite_integral"}
)


def _with_figure(p: Problem, sol: Solution) -> Solution:
    """The figure of what the reader acted on (p.graph), drawn after the answer is known."""
    figure = describe_safely(p.graph, sol)
    return replace(sol, figure=figure) if figure is not None else sol


def _pi_taken(p: Problem) -> bool:
    """π取3.14: the answer is the decimal a student works out with it, not a fraction."""
    return p.builder.pi_value is not None


# -- readers in order ----------------------------------------------------------------------------
def _read_factor(p: Problem) -> Solution | None:
    if not (p.has("因式分解", "分解因式", "分解质因数", "factor") and not p.has("factorial")):
        return None
    _, _, node = main_expression(p)
    return solve_factor(p.original, node, p.builder)


_COEFFICIENT = re.compile(r"(?:展开式)?中?\s*([a-zA-Z])\s*(?:\^\s*\{?(\d+)\}?)?\s*(?:项)?\s*的系数")


def _read_expand(p: Problem) -> Solution | None:
    if not p.has("展开", "expand"):
        return None
    wanted = _COEFFICIENT.search(p.text)
    if wanted and "系数" in p.text:
        p.text = p.text[: wanted.start()] + " " + p.text[wanted.end() :]
        _, _, node = main_expression(p)
        return solve_coefficient(p.original, node, p.builder, wanted.group(1), int(wanted.group(2) or 1))
    _, _, node = main_expression(p)
    return solve_expand(p.original, node, p.builder)


def _read_simplify(p: Problem) -> Solution | None:
    if not p.has("化简", "simplify", "约分"):
        return None
    evaluated = _simplify_then_evaluate(p)
    if evaluated is not None:
        return evaluated
    expr, latex, node = main_expression(p)
    if not expr.free_symbols:
        p.builder.degree_heuristic = True
        sol = solve_arithmetic(p.original, node, p.builder, decimals="." in latex or _pi_taken(p))
        return _with_kind(sol, "simplify")
    _require_something_to_do(expr, latex)
    return solve_simplify(p.original, node, p.builder, _assumed(p))


def _simplify_then_evaluate(p: Problem) -> Solution | None:
    """先化简，再求值：…，其中 x = 3 — simplify, then put the values in; the answer is the value."""
    items = parsed_items(p, read_function_defs(p, segments(p.text)))
    assignments = [n for n, _ in items if _is_assignment(n)]
    exprs = [(n, t) for n, t in items if not isinstance(n, Rel)]
    if not assignments or len(exprs) != 1 or len(assignments) + 1 != len(items):
        return None
    node, latex = exprs[0]
    simplified = solve_simplify(p.original, node, p.builder)
    result = simplest(p.builder.expr(node))
    values: dict[sp.Symbol, sp.Expr] = {}
    for a in assignments:
        assert isinstance(a, Rel) and isinstance(a.items[0], Sym)
        values[p.builder.symbol(a.items[0].name)] = p.builder.expr(a.items[1])
    if not result.free_symbols <= set(values):
        missing = "、".join(sorted(s.name for s in result.free_symbols - set(values)))
        raise UnsupportedProblem(say("math.unknown_left", names=missing))
    value = sp.nsimplify(sp.simplify(result.subs(values)), rational=False)
    given = say("math.step.comma").join(f"${tex(k)} = {tex(v)}$" for k, v in values.items())
    steps = [
        *simplified.steps[:-1],
        say("math.step.simplified_to", result=tex(result)),
        say("math.step.when_value", given=given, value=tex(value)),
    ]
    steps.append(say("math.step.value_is", value=tex(value)))
    p.reading = [latex, *(to_latex(a) for a in assignments)]
    return Solution(p.original, "simplify_evaluate", steps, [ans(value)], tex(value))


def _with_kind(sol: Solution, kind: str) -> Solution:
    return replace(sol, kind=kind)


def _read_general(p: Problem) -> Solution | None:
    segs = segments(p.text)
    if not segs:
        return None
    rest = read_function_defs(p, segs)
    items = parsed_items(p, rest)
    if not items:
        if p.functions:
            raise UnsupportedProblem(say("math.function_no_task", understands=understands()))
        return None
    if _looks_like_word_problem(p, items):
        return None
    rels: list[tuple[Node, str]] = [(n, t) for n, t in items if isinstance(n, Rel)]
    exprs = [(n, t) for n, t in items if not isinstance(n, Rel)]
    assignments = [(n, t) for n, t in rels if _is_assignment(n)]
    if p.functions and any(has_fapply(n) for n, _ in items):
        p.graph = _function_graph(p, [n for n, _ in items])
        return function_values(p, items)
    if p.functions and assignments and not exprs and len(assignments) == len(rels):
        # f(x)=x^2 在 x=3 处的函数值: the point is given as x=3; ask for f(3).
        name = next(iter(p.functions))
        calls = [(FApply(name, 0, (n.items[1],)), "") for n, _ in assignments if isinstance(n, Rel)]
        return function_values(p, [(c, to_latex(c)) for c, _ in calls])
    if assignments and exprs and len(assignments) == len(rels):
        return substitute(p, assignments, exprs)
    # [0, 2π) beside an equation is where to look (在 … 内), read by _allowed, not a value to find.
    values = [(n, t) for n, t in exprs if not isinstance(n, Tup)]
    asked = [n.name for n, _ in values if isinstance(n, Sym)]
    if rels and values and not (len(values) == 1 and asked and len(rels) == 1):
        return _given(p, rels, values)
    if len(rels) == 1 and asked:  # 解关于 y 的方程 …, 3x=12 求 x: the unknown, named
        p.text = f"关于 {asked[0]} 的 " + p.text
    if rels:
        built = [(p.builder.build(n), t) for n, t in rels]
        eqs = [(b, t) for b, t in built if isinstance(b, sp.Eq)]
        ineqs = [(b, t) for b, t in built if not isinstance(b, sp.Eq)]
        if len(eqs) == 1 and ineqs and _bounds_only(eqs[0][0], [b for b, _ in ineqs]):
            # 解方程 sin x = 1/2，0 ≤ x < 2π: the inequalities say where the unknown lies.
            eq, latex = eqs[0]
            var = choose_variable(p, eq.lhs - eq.rhs)
            allowed = _allowed(p, var)
            for ineq, _ in ineqs:
                allowed = sp.Intersection(allowed, ineq.as_set())
            p.reading = [latex] + [t for _, t in ineqs]
            p.graph = Source("equation", (eq.lhs, eq.rhs), var, allowed)
            return solve_equation(p.original, eq.lhs, eq.rhs, var, latex, allowed, _divisors(p, rels, latex))
        if eqs and ineqs:
            raise UnsupportedProblem(say("math.mixed_relations"))
        if ineqs:
            return _inequalities(p, ineqs)
        unknowns = set().union(*(e.free_symbols for e, _ in eqs))
        if len(eqs) >= 2 and len(unknowns) == 1 and not p.has("方程组"):
            # 解方程 x^2-5x+6=0 和 x^2-4=0: two equations in one unknown, not called a system, are
            # two questions (solved together they would answer only their common root)
            raise UnsupportedProblem(say("math.one_expression", count=len(eqs)))
        if len(eqs) >= 2 or p.has("方程组"):
            if p.conditions:
                # (x>y) beside a system: shown as understood, but the system solver has no use for
                # it, and would give every solution — refused like an inequality in the list
                raise UnsupportedProblem(say("math.mixed_relations"))
            if eqs:
                p.graph = Source("system", tuple(e for e, _ in eqs), p.builder.symbol("x"))
            return solve_system(p.original, [(e.lhs, e.rhs) for e, _ in eqs], [t for _, t in eqs])
        eq, latex = eqs[0]
        if not (eq.lhs - eq.rhs).free_symbols:
            return _check_numeric_equality(p, eq, latex)
        var = choose_variable(p, eq.lhs - eq.rhs)
        allowed = _allowed(p, var)
        p.graph = Source("equation", (eq.lhs, eq.rhs), var, allowed)
        return solve_equation(p.original, eq.lhs, eq.rhs, var, latex, allowed, _divisors(p, rels, latex))
    if len(exprs) > 1:
        raise UnsupportedProblem(say("math.one_expression", count=len(exprs)))
    node, latex = exprs[0]
    p.builder.degree_heuristic = True
    expr = p.builder.expr(node)
    if p.has("解方程", "方程") and expr.free_symbols:
        var = choose_variable(p, expr)
        p.graph = Source("equation", (expr, sp.S.Zero), var)
        divisors = _divisors(p, [(node, latex)], latex)
        return solve_equation(p.original, expr, sp.S.Zero, var, f"{latex} = 0", divisors=divisors)
    if not expr.free_symbols:
        return solve_arithmetic(p.original, node, p.builder, decimals=_has_decimal(node) or _pi_taken(p))
    if set(s.name for s in expr.free_symbols) == {"i"}:
        return _complex(p, node)
    _require_something_to_do(expr, latex)
    return solve_simplify(p.original, node, p.builder, _assumed(p))


def _require_something_to_do(expr: sp.Expr, latex: str) -> None:
    """Letters alone (x, ab, and an English word read as letters: why → w·h·y) have nothing to
    simplify: "化简 why = hwy" would answer a question nobody asked."""
    if isinstance(expr, sp.Symbol) or (
        isinstance(expr, sp.Mul) and all(isinstance(a, sp.Symbol) for a in expr.args)
    ):
        raise UnsupportedProblem(say("math.letters_only", expr=latex.replace(" ", "")))


def _function_graph(p: Problem, nodes: list[Node]) -> Source | None:
    """已知 f(x)=…，求 f(2), f(-1): the graph of f with those points, when f is the one function
    and every value asked is f at a number (not f'(2), not f(g(2)), not f(a))."""
    if len(p.functions) != 1:
        return None
    name, fn = next(iter(p.functions.items()))
    at: list[sp.Expr] = []
    for node in nodes:
        if not (isinstance(node, FApply) and node.name == name and node.primes == 0 and len(node.args) == 1):
            return None
        value = p.builder.expr(node.args[0])
        if value.free_symbols or has_fapply(node.args[0]):
            return None
        at.append(value)
    return Source("function", (fn.expr, *at), fn.variables[0]) if at else None


def _given(p: Problem, rels: list[tuple[Node, str]], exprs: list[tuple[Node, str]]) -> Solution:
    """已知 x+y=5，xy=6，求 x²+y² 的值: conditions and one expression whose value they fix."""
    if len(exprs) != 1:
        raise UnsupportedProblem(say("math.one_value", count=len(exprs)))
    built = [(p.builder.build(n), t) for n, t in rels]
    if not all(isinstance(b, sp.Eq) for b, _ in built):
        raise UnsupportedProblem(say("math.given_inequalities"))
    node, latex = exprs[0]
    p.builder.degree_heuristic = True
    expr = p.builder.expr(node)
    if not expr.free_symbols:
        raise UnsupportedProblem(say("math.given_no_letters", latex=latex))
    return evaluate_given(p.original, [(b, t) for b, t in built if isinstance(b, sp.Eq)], expr, latex)


def _bounds_only(eq: sp.Basic, ineqs: list[sp.Basic]) -> bool:
    """Inequalities in the equation's one unknown alone (x > 0, 0 <= x < 2π), nothing else."""
    unknowns = eq.free_symbols
    return len(unknowns) == 1 and all(
        i.free_symbols == unknowns and not i.has(sp.sin, sp.cos, sp.tan, sp.log, sp.Abs) for i in ineqs
    )


def _divisors(p: Problem, items: list[tuple[Node, str]], latex: str) -> tuple[sp.Expr, ...]:
    """What the equation written as `latex` divides by, each built on its own (see `denominators`)."""
    out: list[sp.Expr] = []
    for node, text in items:
        if text == latex:
            out += [p.builder.expr(d) for d in denominators(node)]
    return tuple(d for d in out if d.free_symbols)


def _assumed(p: Problem) -> sp.Basic:
    """The bracketed conditions on the letters (（a<0）, （-1<x<1）) as one assumption, for a result
    that depends on them (|a| is -a when a < 0); true when there are none."""
    rels = [p.builder.build(node) for text in p.conditions for node in parse_items(text)]
    return sp.And(*[r for r in rels if isinstance(r, sp.Rel | sp.And) and r.free_symbols])


def _allowed(p: Problem, var: sp.Symbol) -> sp.Set:
    """The domain from bracketed conditions, or from 在 [0, 2π) 内 / 在区间 [a, b] 上."""
    allowed = domain(p, var)
    mt = re.search(
        r"在\s*(?:区间)?\s*([\[(])\s*([^,\])]+?)\s*,\s*([^,\])]+?)\s*([\])])\s*(?:内|上|中)", p.text
    )
    if mt:
        lo, hi = (p.builder.expr(parse(mt.group(i))) for i in (2, 3))
        allowed = sp.Intersection(allowed, sp.Interval(lo, hi, mt.group(1) == "(", mt.group(4) == ")"))
    return allowed


def _has_decimal(node: Node) -> bool:
    return "." in to_latex(node)


def _looks_like_word_problem(p: Problem, items: list[tuple[Node, str]]) -> bool:
    """Chinese prose around bare numbers only (no operators, no unknowns) is a word problem."""
    if not p.has_cjk:
        return False
    if any(not isinstance(n, Num) for n, _ in items):
        return False
    cjk = len(re.findall("[\u4e00-\u9fff]", p.text))
    return cjk >= 6 or len(items) >= 2


def _is_assignment(node: Node) -> bool:
    return (
        isinstance(node, Rel)
        and node.ops == ("=",)
        and isinstance(node.items[0], Sym)
        and not any(isinstance(i, Sym) for i in node.items[1:])
        and _numeric_node(node.items[1])
    )


def _numeric_node(node: Node) -> bool:
    latex = to_latex(node)
    return not re.search(r"(?<!\\)\b[a-zA-Z]\b", latex.replace("\\frac", "").replace("\\sqrt", ""))


def _inequalities(p: Problem, ineqs: list[tuple[sp.Basic, str]]) -> Solution:
    symbols: set[sp.Symbol] = set()
    for rel, _ in ineqs:
        symbols |= rel.free_symbols
    if len(symbols) != 1:
        names = ", ".join(sorted(s.name for s in symbols)) or say("math.step.none")
        raise UnsupportedProblem(say("math.inequality_one_unknown", names=names))
    x = next(iter(symbols))
    # 解不等式 x²>4（x>0）: the condition in brackets is one more inequality of the system, not a
    # remark (x < -2 is no solution here)
    for text in p.conditions:
        for node in parse_items(text):
            rel = p.builder.build(node)
            if isinstance(rel, sp.Rel | sp.And) and rel.free_symbols == {x}:
                ineqs = [*ineqs, (rel, to_latex(node))]
    sol, found = solve_inequalities(p.original, [r for r, _ in ineqs], x, [t for _, t in ineqs])
    p.graph = Source("inequality", (found,), x)
    return sol


def _check_numeric_equality(p: Problem, eq: sp.Eq, latex: str) -> Solution:
    left, right = sp.simplify(eq.lhs), sp.simplify(eq.rhs)
    ok = sp.simplify(left - right) == 0
    steps = [
        f"${latex}$",
        say("math.step.sides", left=tex(left), right=tex(right)),
        say("math.step.equality_holds") if ok else say("math.step.equality_fails"),
    ]
    verdict = say("math.step.holds") if ok else say("math.step.fails")
    return Solution(p.original, "check", steps, [str(bool(ok))], f"\\text{{{verdict}}}")


def _complex(p: Problem, node: Node) -> Solution:
    i = p.builder.symbol("i")
    expr = p.builder.expr(node)
    value = sp.expand(sp.simplify(expr.subs(i, sp.I)))
    steps = [
        say("math.step.expression", expr=to_latex(node)),
        say("math.step.complex_expand"),
        f"$= {tex(value)}$",
    ]
    return Solution(p.original, "complex", steps, [ans(value).replace("I", "I")], tex(value))


READERS: list[Reader] = [
    _numbers.read_matrix,
    _limit.read_limit,
    _integral.read_integral,
    _derivative.read_derivative,
    _numbers.read_sequence,
    _numbers.read_statistics,
    _numbers.read_gcd_lcm,
    _extremum.read_extremum,
    _read_factor,
    _read_expand,
    _read_simplify,
    _wordy.match_word_problem,
    _read_general,
    _wordy.read_word_problem,
]

__all__ = ["evaluate_steps", "free_symbols", "m", "solve_question"]
