"""Arithmetic and geometric sequences (等差数列 / 等比数列): a term, the sum of the first n terms,
the general term, the common difference or ratio — from whatever is given (首项, 公差/公比,
any a_k = …, S_k = …, 前 k 项和为 …), by setting up the textbook formulas and solving for a₁, d/q.
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._errors import ParseError, UnsupportedProblem
from zuoye.math._fmt import ans, tex
from zuoye.math._parser import parse
from zuoye.math._problem import Problem
from zuoye.math._types import Solution
from zuoye.messages import say

_VALUE = r"([-+]?\s*(?:\\frac\{\d+\}\{\d+\}|\d+(?:\.\d+)?(?:/\d+)?))"
_FIRST = re.compile(r"首项\s*(?:a_?\{?1\}?\s*)?(?:为|是|=|:)?\s*" + _VALUE)
_DIFF = re.compile(r"公差\s*(?:d\s*)?(?:为|是|=|:)?\s*" + _VALUE + r"|(?<![A-Za-z])d\s*=\s*" + _VALUE)
_RATIO = re.compile(r"公比\s*(?:q\s*)?(?:为|是|=|:)?\s*" + _VALUE + r"|(?<![A-Za-z])q\s*=\s*" + _VALUE)
_TERM_GIVEN = re.compile(r"(?<![A-Za-z])a_?\{?(\d+)\}?\s*=\s*" + _VALUE)
_SUM_GIVEN = re.compile(
    r"(?<![A-Za-z])S_?\{?(\d+)\}?\s*=\s*" + _VALUE + r"|前\s*(\d+)\s*项(?:的)?和\s*(?:为|是|=)\s*" + _VALUE
)
_TERM_WANTED = re.compile(r"第\s*(\d+)\s*项|(?<![A-Za-z])a_?\{?(\d+)\}?(?!\s*=\s*[-+\d\\])")
_SUM_WANTED = re.compile(
    r"前\s*(\d+)\s*项(?:的)?和(?!\s*(?:为|是|=)\s*[-+\d\\])|(?<![A-Za-z])S_?\{?(\d+)\}?(?!\s*=\s*[-+\d\\])"
)

_LISTED = re.compile(
    r"([-+]?\d+(?:\.\d+)?(?:/\d+)?(?:\s*[,，、]\s*[-+]?\d+(?:\.\d+)?(?:/\d+)?){2,})\s*[,，、]?\s*"
    r"(?:\.\.\.|…|⋯|\\cdots|\\ldots|\\dots)"
)

A1, D, Q, N = sp.symbols("a_1 d q n")


def _value(text: str) -> sp.Expr:
    from zuoye.math._build import Builder

    return Builder().expr(parse(text.replace(" ", "")))


def _pick(mt: re.Match[str] | None) -> str | None:
    if mt is None:
        return None
    return next((g for g in mt.groups() if g is not None), None)


def read_sequence(p: Problem) -> Solution | None:
    text = p.text
    geometric = p.has("等比", "公比", "geometric")
    arithmetic = p.has("等差", "公差", "arithmetic")
    if not (geometric or arithmetic):
        return None
    if geometric and arithmetic:
        raise UnsupportedProblem(say("math.sequence_both"))
    step = Q if geometric else D
    equations: list[sp.Expr] = []
    known: list[str] = []
    listed = _LISTED.search(text)
    first = _pick(_FIRST.search(text))
    if listed and not first:
        terms = [_value(t) for t in re.split(r"\s*[,，、]\s*", listed.group(1))]
        for k, term in enumerate(terms, 1):
            equations.append(_term(k, geometric) - term)
        known.append(say("math.step.comma").join(f"a_{{{k}}} = {tex(t)}" for k, t in enumerate(terms, 1)))
        text = text[: listed.start()] + " " + text[listed.end() :]
    if first:
        equations.append(A1 - _value(first))
        known.append(f"a_{{1}} = {tex(_value(first))}")
    diff = _pick((_RATIO if geometric else _DIFF).search(text))
    if diff:
        equations.append(step - _value(diff))
        known.append(f"{'q' if geometric else 'd'} = {tex(_value(diff))}")
    for mt in _TERM_GIVEN.finditer(text):
        k, v = int(mt.group(1)), _value(mt.group(2))
        if k == 1 and first:
            continue
        equations.append(_term(k, geometric) - v)
        known.append(f"a_{{{k}}} = {tex(v)}")
    for mt in _SUM_GIVEN.finditer(text):
        k = int(mt.group(1) or mt.group(3))
        v = _value(mt.group(2) or mt.group(4))
        equations.append(_sum(k, geometric) - v)
        known.append(f"S_{{{k}}} = {tex(v)}")
    target = _target(text, geometric)
    if target is None:
        raise ParseError(say("math.sequence_what"))
    kind_word = say("math.step.seq.geometric" if geometric else "math.step.seq.arithmetic")
    term_formula = "a_{n} = a_{1} q^{n-1}" if geometric else "a_{n} = a_{1} + (n-1)d"
    sum_formula = (
        "S_{n} = \\frac{a_{1}(1 - q^{n})}{1 - q}\\ (q \\neq 1)"
        if geometric
        else "S_{n} = n a_{1} + \\frac{n(n-1)}{2} d"
    )
    comma = say("math.step.comma")
    steps = [
        say("math.step.seq.given", kind=kind_word, given=comma.join(known))
        if known
        else say("math.step.seq.kind", kind=kind_word)
    ]
    steps.append(say("math.step.seq.formulas", term=term_formula, sum=sum_formula))
    unknowns = [A1, step]
    solutions = sp.solve(equations, unknowns, dict=True) if equations else []
    solutions = [s for s in solutions if all(v.is_real is not False for v in s.values())]
    if geometric:
        solutions = [s for s in solutions if s.get(Q, 1) != 0 and s.get(A1, 1) != 0]
    if not solutions or any(u not in s for s in solutions for u in unknowns):
        raise UnsupportedProblem(say("math.sequence_underdetermined"))
    direct = all(
        len(eq.free_symbols) == 1
        and sp.Poly(eq, *eq.free_symbols).degree() == 1
        and sp.Poly(eq, *eq.free_symbols).LC() == 1
        for eq in equations
    )
    if not (direct and len(equations) == 2):
        found = say("math.step.or").join(
            f"$a_{{1}} = {tex(s[A1])}{comma}{'q' if geometric else 'd'} = {tex(s[step])}$" for s in solutions
        )
        steps.append(say("math.step.seq.solved", found=found))
    what, k, label = target
    values = []
    for s in solutions:
        a1, st = s[A1], s[step]
        if what == "term":
            value = sp.simplify(_term(k, geometric).subs({A1: a1, step: st}))
            shown = (
                f"a_{{{k}}} = {tex(a1)} \\times {_p(st)}^{{{k - 1}}}"
                if geometric
                else f"a_{{{k}}} = {tex(a1)} + ({k} - 1) \\times {_p(st)}"
            )
        elif what == "sum":
            value = sp.simplify(_sum(k, geometric).subs({A1: a1, step: st}))
            shown = (
                f"S_{{{k}}} = \\frac{{{tex(a1)}(1 - {_p(st)}^{{{k}}})}}{{1 - {_p(st)}}}"
                if geometric and st != 1
                else f"S_{{{k}}} = {k} \\times {tex(a1)} + \\frac{{{k} \\times {k - 1}}}{{2}} \\times {_p(st)}"
            )
        elif what == "sum_n":
            if geometric and st == 1:
                value = N * a1
                shown = f"S_{{n}} = n \\times {tex(a1)}"
            elif geometric:
                value = sp.simplify(a1 * (1 - st**N) / (1 - st))
                shown = f"S_{{n}} = \\frac{{{tex(a1)}(1 - {_p(st)}^{{n}})}}{{1 - {_p(st)}}}"
            else:
                value = sp.expand(N * a1 + N * (N - 1) / 2 * st)
                shown = f"S_{{n}} = n \\times {_p(a1)} + \\frac{{n(n-1)}}{{2}} \\times {_p(st)}"
        elif what == "general":
            value = (
                sp.expand(_term(N, geometric).subs({A1: a1, step: st}))
                if not geometric
                else a1 * st ** (N - 1)
            )
            shown = "a_{n}"
        else:
            value = st
            shown = "q" if geometric else "d"
        steps.append(f"${shown} = {tex(value)}$")
        if value not in values:
            values.append(value)
    latex = say("math.step.or_tex").join(f"{label} = {tex(v)}" for v in values)
    steps.append(say("math.step.so", what=f"${latex}$"))
    kind = "geometric_sequence" if geometric else "arithmetic_sequence"
    return Solution(
        p.original,
        kind,
        steps,
        [ans(v) for v in values],
        latex,
        form="expression" if what in ("general", "sum_n") else "value",
    )


def _term(k: int | sp.Symbol, geometric: bool) -> sp.Expr:
    return A1 * Q ** (k - 1) if geometric else A1 + (k - 1) * D


def _sum(k: int, geometric: bool) -> sp.Expr:
    if geometric:
        return sum((A1 * Q**j for j in range(k)), sp.S.Zero)
    return k * A1 + sp.Rational(k * (k - 1), 2) * D


# 前 n 项和 / S_n and 第 n 项 / a_n asked for with the letter n: the formula, not a number.
_SUM_N_WANTED = re.compile(r"前\s*n\s*项(?:的)?和|(?<![A-Za-z])S_?\{?n\}?(?![A-Za-z0-9])")
_TERM_N_WANTED = re.compile(r"第\s*n\s*项|(?<![A-Za-z])a_?\{?n\}?(?![A-Za-z0-9])")


def _target(text: str, geometric: bool) -> tuple[str, int, str] | None:
    tail = text[text.find("求") :] if "求" in text else text
    if _SUM_N_WANTED.search(tail):
        return ("sum_n", 0, "S_{n}")
    if _TERM_N_WANTED.search(tail):
        return ("general", 0, "a_{n}")
    s = _SUM_WANTED.search(tail)
    t = _TERM_WANTED.search(tail)
    if s and (not t or s.start() <= t.start()):
        k = int(s.group(1) or s.group(2))
        return ("sum", k, f"S_{{{k}}}")
    if t:
        k = int(t.group(1) or t.group(2))
        return ("term", k, f"a_{{{k}}}")
    if "通项" in text:
        return ("general", 0, "a_{n}")
    if ("求公差" in text and not geometric) or ("求公比" in text and geometric):
        return ("step", 0, "q" if geometric else "d")
    return None


def _p(v: sp.Expr) -> str:
    s = tex(v)
    return f"\\left({s}\\right)" if s.startswith("-") or "frac" in s else s
