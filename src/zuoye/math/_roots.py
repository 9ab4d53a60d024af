"""Helpers the equation and inequality solvers share: ordered sums, real roots, factor display."""

from __future__ import annotations

from functools import reduce

import sympy as sp

from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, tex
from zuoye.messages import say

K = sp.Symbol("k", integer=True)


def join_terms(terms: list[sp.Expr]) -> str:
    """LaTeX for a sum in exactly this order (SymPy would reorder an unevaluated Add)."""
    if not terms:
        return "0"
    out = []
    for i, t in enumerate(terms):
        s = tex(t)
        if i == 0:
            out.append(s)
        elif s.startswith("-"):
            out.append(" - " + s[1:].lstrip())
        else:
            out.append(" + " + s)
    return "".join(out)


def denominator_lcm(*exprs: sp.Expr) -> sp.Integer:
    dens = [
        sp.Rational(c).q for e in exprs for t in sp.Add.make_args(sp.expand(e)) for c in [t.as_coeff_Mul()[0]]
    ]
    return sp.Integer(reduce(sp.ilcm, dens, 1))


def real_roots(f: sp.Expr, var: sp.Symbol) -> sp.Set:
    return sp.solveset(f, var, domain=sp.S.Reals)


def linear_factors(factored: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    """The distinct factors containing x, ordered by their root (x+2 before x-3)."""
    out: list[sp.Expr] = []
    for fac in sp.Mul.make_args(factored):
        base = fac.base if isinstance(fac, sp.Pow) and fac.exp.is_Integer else fac
        if base.has(x) and base not in out:
            out.append(base)

    def key(f: sp.Expr) -> tuple[int, float]:
        if isinstance(f, sp.Symbol):
            return (0, 0.0)  # x(x + 2): a bare factor first, as textbooks write it
        roots = [r for r in sp.solve(f, x) if r.is_real]
        return (1, float(sp.N(roots[0])) if roots else float("inf"))

    return sorted(out, key=key)


def product_tex(coeff: sp.Expr, factors: list[sp.Expr], factored: sp.Expr) -> str:
    powers = {
        (fac.base if isinstance(fac, sp.Pow) else fac): (fac.exp if isinstance(fac, sp.Pow) else 1)
        for fac in sp.Mul.make_args(factored)
    }
    parts = []
    for f in factors:
        body = tex(f) if isinstance(f, sp.Symbol) else f"\\left({tex(f)}\\right)"
        exp = powers.get(f, 1)
        parts.append(body if exp == 1 else f"{body}^{{{tex(exp)}}}")
    head = "" if coeff == 1 else ("-" if coeff == -1 else tex(coeff))
    return head + "".join(parts)


def periodic_form(expr: sp.Expr) -> tuple[str, str]:
    """2kπ + π/6 → ("pi/6+2*k*pi", "\\frac{\\pi}{6} + 2k\\pi"): the textbook's way to write a family."""
    expr = sp.expand(expr)
    const = expr.subs(K, 0)
    period = sp.simplify((expr - const) / K)
    ratio = sp.simplify(period / sp.pi)
    if not ratio.is_Rational:
        return ans(expr), tex(expr)
    num, den = sp.fraction(ratio)
    k_tex = ("" if num == 1 else "-" if num == -1 else tex(num)) + "k\\pi"
    if den != 1:
        k_tex = f"\\frac{{{k_tex}}}{{{tex(den)}}}"
    machine = f"{ans(period)}*k" if const == 0 else f"{ans(const)}+{ans(period)}*k"
    if const == 0:
        return machine, k_tex
    return machine, f"{tex(const)} + {k_tex}"


def image_sets(s: sp.Set) -> list[sp.ImageSet]:
    if isinstance(s, sp.ImageSet):
        return [s]
    if isinstance(s, sp.Union):
        out = []
        for part in s.args:
            if not isinstance(part, sp.ImageSet):
                return []
            out.append(part)
        return out
    return []


def finite_roots(s: sp.Set) -> list[sp.Expr]:
    if isinstance(s, sp.FiniteSet):
        return [r for r in s if r.is_real is not False]
    if s is sp.S.EmptySet:
        return []
    raise UnsupportedProblem(say("math.roots_not_finite"))


def has_radical(f: sp.Expr, x: sp.Symbol) -> bool:
    return any(
        isinstance(p, sp.Pow) and p.base.has(x) and p.exp.is_Rational and not p.exp.is_Integer
        for p in f.atoms(sp.Pow)
    )


def paren(value: sp.Expr) -> str:
    s = tex(value)
    return f"({s})" if s.startswith("-") else s
