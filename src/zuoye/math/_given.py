"""已知 …（equations），求 …（an expression）的值: the conditions fix the value of the expression.

    若 x+y=5，xy=6，求 x²+y² 的值        solve the conditions, put the solutions in: 13
    已知 2x−y=3，求 4x−2y+1 的值          one equation, two letters: the value is still fixed: 7
    若 |a−2|+(b+1)²=0，求 a+b            a sum of non-negative terms is 0 only when each is 0: 1

The expression was once dropped and the conditions solved as if they were the question.
"""

from __future__ import annotations

import sympy as sp

from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, tex
from zuoye.math._types import Solution
from zuoye.messages import say


def _non_negative_terms(eq: sp.Eq) -> list[sp.Expr] | None:
    """The terms of `lhs = 0` when each is ≥ 0 (|…|, even powers, square roots) and there are 2+."""
    f = sp.expand(eq.lhs - eq.rhs, deep=False, power_base=False, mul=False, multinomial=False)
    if eq.rhs != 0:
        return None
    terms = list(sp.Add.make_args(f))
    if len(terms) < 2:
        return None
    for t in terms:
        base = t
        coeff, base = t.as_coeff_Mul()
        if coeff <= 0:
            return None
        is_even_power = isinstance(base, sp.Pow) and base.exp.is_even
        is_root = isinstance(base, sp.Pow) and base.exp == sp.Rational(1, 2)
        if not (isinstance(base, sp.Abs) or is_even_power or is_root):
            return None
    return terms


def evaluate_given(
    question: str, equations: list[tuple[sp.Eq, str]], expr: sp.Expr, expr_tex: str
) -> Solution:
    """The value(s) of `expr` under `equations`; refuses when the conditions do not fix it."""
    eqs = [e for e, _ in equations]
    comma = say("math.step.comma")
    given = comma.join(f"${t}$" for _, t in equations)
    steps = [say("math.step.given.task", given=given, expr=expr_tex)]
    if len(eqs) == 1:
        terms = _non_negative_terms(eqs[0])
        if terms is not None:
            shown = comma.join(f"${tex(t)} \\geq 0$" for t in terms)
            steps.append(say("math.step.given.non_negative", terms=shown))
            eqs = [sp.Eq(t.args[0] if isinstance(t, sp.Abs) else t, 0) for t in terms]
            steps.append(comma.join(f"${tex(e.lhs)} = 0$" for e in eqs))
    unknowns = sorted(set().union(*(e.free_symbols for e in eqs)), key=lambda s: s.name)
    solutions = sp.solve(eqs, unknowns, dict=True)
    if not solutions:
        raise UnsupportedProblem(say("math.given_no_solution"))
    values: list[sp.Expr] = []
    for sol in solutions:
        if any(v.is_real is False for v in sol.values()):
            continue
        shown = comma.join(f"{tex(k)} = {tex(v)}" for k, v in sol.items())
        value = sp.simplify(expr.subs(sol))
        if value.free_symbols or value.has(sp.nan, sp.zoo):
            raise UnsupportedProblem(say("math.given_undetermined"))
        steps.append(say("math.step.given.put_in", values=shown, result=f"{expr_tex} = {tex(value)}"))
        if value not in values:
            values.append(value)
    if not values:
        raise UnsupportedProblem(say("math.given_no_solution"))
    latex = say("math.step.or_tex").join(tex(v) for v in values)
    steps.append(say("math.step.given.value", expr=expr_tex, value=latex))
    return Solution(question, "conditional_value", steps, [ans(v) for v in values], latex)
