"""An answer grader independent of zuoye's own parser: SymPy's parse_expr on trusted test data.

It decides whether a solver's `answer` list matches an expected list in the dataset's format:
values ("19/12"), assignments ("x=2", one per root, order-free), relations ("x<=3",
"(x<-1)|(x>1)"), and, where the dataset says so, the form: "factored" (a product),
"expanded" (a sum of monomials), "antiderivative" (equal up to a constant).
"""

from __future__ import annotations

import re
from tokenize import TokenError

import sympy as sp
from sympy.parsing.sympy_parser import parse_expr

_REAL = {name: sp.Symbol(name, real=True) for name in "abcdefghjklmnpqrstuvwxyz"}


def _parse(text: str, evaluate: bool = True) -> sp.Basic:
    return parse_expr(text, local_dict=dict(_REAL), evaluate=evaluate)


def _split_assignment(text: str) -> tuple[str, str] | None:
    mt = re.fullmatch(r"\s*([A-Za-z]\w*)\s*=\s*(?!=)(.+)", text)
    return (mt.group(1), mt.group(2)) if mt else None


def _item(text: str) -> tuple[str, object]:
    assignment = _split_assignment(text)
    if assignment:
        return "assign", (assignment[0], _parse(assignment[1]))
    value = _parse(text)
    if isinstance(value, bool):  # "True": every real number
        return "relation", sp.true if value else sp.false
    if isinstance(value, sp.Expr):
        return "value", value
    return "relation", value


def _same(kind: str, a: object, b: object) -> bool:
    if kind == "assign":
        (va, ea), (vb, eb) = a, b  # type: ignore[misc]
        return va == vb and sp.simplify(ea - eb) == 0
    if kind == "value":
        return a == b or sp.simplify(a - b) == 0  # type: ignore[operator]
    sa, sb = a.as_set(), b.as_set()  # type: ignore[attr-defined]
    return sa == sb


def _form_ok(form: str | None, got: str) -> bool:
    if form == "factored":
        value = _parse(got)
        return isinstance(value, sp.Mul | sp.Pow) and any(
            isinstance(f, sp.Add | sp.Pow) for f in sp.Mul.make_args(value)
        )
    if form == "expanded":
        value = _parse(got)
        return sp.expand(value) == value
    return True


def grade(expected: list[str], got: list[str], form: str | None = None) -> bool:
    """True when `got` matches `expected` (order-free) and has the required form."""
    if len(expected) != len(got):
        return False
    try:
        exp_items = [_item(e) for e in expected]
        got_items = [_item(g) for g in got]
    except (SyntaxError, TypeError, ValueError, sp.SympifyError, TokenError):
        return False
    if form == "antiderivative":
        (ke, ve), (kg, vg) = exp_items[0], got_items[0]
        if ke != "value" or kg != "value":
            return False
        symbols = ve.free_symbols | vg.free_symbols  # type: ignore[attr-defined]
        return all(sp.simplify(sp.diff(ve - vg, s)) == 0 for s in symbols)  # type: ignore[operator]
    unmatched = list(got_items)
    for kind, value in exp_items:
        match = next((g for g in unmatched if g[0] == kind and _same(kind, value, g[1])), None)
        if match is None:
            return False
        unmatched.remove(match)
    return all(_form_ok(form, g) for g in got)
