"""Formatting helpers shared by the solvers: LaTeX for steps, SymPy strings for answers."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import sympy as sp

from zuoye.messages import say


def tex(expr: sp.Basic) -> str:
    """LaTeX the way a Chinese textbook writes it: ln, arcsin, no \\left/\\right noise in names."""
    s: str = sp.latex(expr, ln_notation=True, inv_trig_style="full")
    # SymPy writes sin(x) as \sin{\left(x \right)}; textbooks write \sin x for a plain argument.
    for name in ("sin", "cos", "tan", "cot", "sec", "csc", "ln", "arcsin", "arccos", "arctan"):
        s = _compact_call(s, f"\\{name}")
    # A function by cases: textbooks write "x + 1, x < 0", not SymPy's English "for" / "otherwise".
    otherwise = f", & \\text{{{say('math.step.otherwise')}}}"
    return s.replace(" & \\text{for}\\: ", ", & ").replace(" & \\text{otherwise}", otherwise)


def _compact_call(s: str, head: str) -> str:
    s = _compact_power(s, head)
    marker = head + r"{\left("
    out = []
    i = 0
    while True:
        j = s.find(marker, i)
        if j < 0:
            out.append(s[i:])
            return "".join(out)
        k = j + len(marker)
        end = s.find(r" \right)}", k)
        inner = s[k:end] if end >= 0 else ""
        simple = end >= 0 and (inner.isalnum() or (inner.replace(" ", "").isalnum() and len(inner) <= 3))
        if simple:
            out.append(s[i:j] + f"{head} {inner}")
            i = end + len(r" \right)}")
        else:
            out.append(s[i:k])
            i = k


def _compact_power(s: str, head: str) -> str:
    # \sin^{2}{\left(x \right)} → \sin^{2} x
    import re

    pattern = re.compile(re.escape(head) + r"\^\{(\w+)\}\{\\left\((\w+) \\right\)\}")
    return pattern.sub(lambda mt: f"{head}^{{{mt.group(1)}}} {mt.group(2)}", s)


def m(expr: sp.Basic | str) -> str:
    """Inline maths: $…$ around LaTeX (a str is taken as LaTeX already)."""
    return f"${expr if isinstance(expr, str) else tex(expr)}$"


def eq_tex(lhs: sp.Basic | str, rhs: sp.Basic | str) -> str:
    left = lhs if isinstance(lhs, str) else tex(lhs)
    right = rhs if isinstance(rhs, str) else tex(rhs)
    return f"{left} = {right}"


def ans(expr: sp.Basic) -> str:
    """The machine-readable answer: SymPy's own str, which SymPy parses back, without spaces."""
    return str(expr).replace(" ", "")


def assign(var: sp.Symbol, value: sp.Basic) -> str:
    return f"{var}={ans(value)}"


def decimal_text(value: sp.Expr) -> str | None:
    """0.3 for 3/10: a rational with only 2s and 5s in its denominator, written as a decimal."""
    if not value.is_Rational or value.is_Integer:
        return None
    r = sp.Rational(value)
    q = int(r.q)
    for prime in (2, 5):
        while q % prime == 0:
            q //= prime
    if q != 1:
        return None
    text = format(Decimal(int(r.p)) / Decimal(int(r.q)), "f")
    return text if len(text) <= 20 else None


def approx(expr: sp.Basic, digits: int = 4) -> str | None:
    """A short decimal for a non-integer number ("0.8333"); None for integers and non-numbers."""
    if not isinstance(expr, sp.Expr) or not expr.is_number or expr.is_Integer:
        return None
    try:
        value = sp.N(expr, 15)
    except (TypeError, ValueError):
        return None
    if not value.is_real or not value.is_finite:
        return None
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def sort_real(values: Iterable[sp.Expr]) -> list[sp.Expr]:
    """Numbers in increasing order (as students list roots); symbolic ones keep their order."""
    vals = list(values)
    try:
        return sorted(vals, key=lambda v: float(sp.N(v)))
    except (TypeError, ValueError):
        return vals


def join_zh(parts: list[str], word: str = "，") -> str:
    return word.join(parts)


def roots_latex(var: sp.Symbol, roots: list[sp.Expr]) -> str:
    """x = 3 for one root; x_1 = 3, x_2 = 4 for several (the classroom convention)."""
    name = tex(var)
    if len(roots) == 1:
        return f"{name} = {tex(roots[0])}"
    return ",\\quad ".join(f"{name}_{{{k}}} = {tex(r)}" for k, r in enumerate(roots, 1))
