"""Arithmetic: exact values, shown the way a class works them — one order-of-operations level
per line (先算乘除，再算加减), with 通分 for fraction sums and special-angle values for trig.
"""

from __future__ import annotations

import sympy as sp

from zuoye.math._ast import (
    Abs,
    Add,
    Call,
    Const,
    FApply,
    Frac,
    Group,
    Mul,
    Neg,
    Node,
    Num,
    Postfix,
    Pow,
    Root,
    Val,
    to_latex,
)
from zuoye.math._build import Builder
from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, approx, decimal_text, m, tex
from zuoye.math._types import Solution
from zuoye.messages import say

_TRIG = frozenset({"sin", "cos", "tan", "tg", "cot", "ctg", "sec", "csc"})
_LOG = frozenset({"log", "ln", "lg"})
# What each kind of reduction is called in a step's label (message keys, said when the step is written).
_TAG_TEXT = {
    "paren": "math.step.arith.paren",
    "pow": "math.step.arith.pow",
    "trig": "math.step.arith.trig",
    "log": "math.step.arith.log",
    "fact": "math.step.arith.fact",
    "comb": "math.step.arith.comb",
    "func": "math.step.arith.func",
    "abs": "math.step.arith.abs",
    "tongfen": "math.step.arith.tongfen",
    "recip": "math.step.arith.recip",
    "logsum": "math.step.arith.logsum",
    "muldiv": "math.step.arith.muldiv",
    "addsub": "math.step.arith.addsub",
}
MAX_STEPS = 10


class Reducer:
    """Evaluates a syntax tree one level of operations at a time."""

    def __init__(self, builder: Builder, *, decimals: bool) -> None:
        self.b = builder
        self.decimals = decimals
        self.tags: set[str] = set()
        self._tongfen_done: set[int] = set()

    def val(self, node: Node) -> Val:
        value = self.b.expr(node)
        if not value.is_Rational and value.has(sp.log):
            value = _simplest_number(value)
            if not value.is_Rational and value.has(sp.log):
                return Val(value, to_latex(node))  # 2 lg 5 stays as written until it simplifies
        return self.make_val(value)

    def make_val(self, value: sp.Expr) -> Val:
        if not value.is_Rational and value.has(sp.log, sp.sin, sp.cos, sp.tan, sp.sqrt):
            value = _simplest_number(value)
        latex = decimal_text(value) if self.decimals else None
        return Val(value, latex or tex(value))

    def atomic(self, node: Node) -> bool:
        if isinstance(node, Num | Val | Const):
            return True
        if isinstance(node, Postfix) and node.op == "°":
            return self.atomic(node.arg)
        return False

    def reduce(self, node: Node) -> Node:
        if self.atomic(node):
            return node
        if isinstance(node, Group):
            inner = self.reduce(node.arg)
            if self.atomic(inner):
                self.tags.add("paren")
                return inner
            return Group(inner, node.bracket)
        if isinstance(node, Add):
            if all(self.atomic(t) for _, t in node.terms):
                common = self._tongfen(node)
                if common is not None:
                    return common
                if any(
                    isinstance(t, Val) and t.latex.lstrip("-").startswith(("\\lg", "\\log", "\\ln"))
                    for _, t in node.terms
                ):
                    self.tags.add("logsum")
                self.tags.add("addsub")
                return self.val(node)
            return Add(tuple((s, self.reduce(t)) for s, t in node.terms))
        if isinstance(node, Mul):
            if all(self.atomic(f) for _, f in node.factors):
                flipped = self._reciprocal(node)
                if flipped is not None:
                    return flipped
                self.tags.add("muldiv")
                return self.val(node)
            return Mul(tuple((op, self.reduce(f)) for op, f in node.factors))
        if isinstance(node, Frac):
            if self.atomic(node.num) and self.atomic(node.den):
                self.tags.add("muldiv")
                return self.val(node)
            return Frac(self.reduce(node.num), self.reduce(node.den))
        if isinstance(node, Neg):
            if self.atomic(node.arg):
                return self.val(node)
            return Neg(self.reduce(node.arg))
        if isinstance(node, Pow):
            if self.atomic(node.base) and self.atomic(node.exp):
                self.tags.add("pow")
                return self.val(node)
            return Pow(self.reduce(node.base), self.reduce(node.exp))
        if isinstance(node, Root):
            if self.atomic(node.arg) and (node.index is None or self.atomic(node.index)):
                self.tags.add("pow")
                return self.val(node)
            return Root(self.reduce(node.arg), None if node.index is None else self.reduce(node.index))
        if isinstance(node, Abs):
            if self.atomic(node.arg):
                self.tags.add("abs")
                return self.val(node)
            return Abs(self.reduce(node.arg))
        if isinstance(node, Postfix):
            if self.atomic(node.arg):
                self.tags.add("fact" if node.op == "!" else "muldiv")
                return self.val(node)
            return Postfix(node.op, self.reduce(node.arg))
        if isinstance(node, Call | FApply):
            if all(self.atomic(a) for a in node.args):
                name = node.name
                if isinstance(node, FApply):
                    self.tags.add("func")
                elif name in _TRIG:
                    self.tags.add("trig")
                elif name in _LOG:
                    value = self.b.expr(node)
                    if not value.is_Rational:
                        # lg 2 stays "lg 2" until a sum or product of logs simplifies (lg 2 + lg 5 = 1).
                        return Val(value, to_latex(node))
                    self.tags.add("log")
                elif name in ("factorial",):
                    self.tags.add("fact")
                elif name in ("binomial", "comb", "perm"):
                    self.tags.add("comb")
                else:
                    self.tags.add("pow" if name in ("sqrt", "cbrt", "root") else "func")
                return self.val(node)
            args = tuple(self.reduce(a) for a in node.args)
            if isinstance(node, FApply):
                return FApply(node.name, node.primes, args)
            return Call(node.name, args, node.parens)
        raise UnsupportedProblem(say("math.not_numeric"))

    def _reciprocal(self, node: Mul) -> Mul | None:
        """a ÷ 2/3 → a × 3/2: shown once when dividing by a fraction."""
        if not any(op in ("÷", "/") and self._is_fraction(f) for op, f in node.factors[1:]):
            return None
        factors: list[tuple[str, Node]] = [node.factors[0]]
        for op, f in node.factors[1:]:
            if op in ("÷", "/") and self._is_fraction(f):
                factors.append(("×", self.make_val(1 / self.b.expr(f))))
            else:
                factors.append((op, f))
        self.tags.add("recip")
        return Mul(tuple(factors))

    def _is_fraction(self, node: Node) -> bool:
        value = self.b.expr(node)
        return bool(value.is_Rational and not value.is_Integer) and not self.decimals

    def _tongfen(self, node: Add) -> Add | None:
        """1/2 + 1/3 → 3/6 + 2/6: shown once before adding fractions with different denominators."""
        if id(node) in self._tongfen_done:
            return None
        values = [self.b.expr(t) for _, t in node.terms]
        fractions = [v for v in values if v.is_Rational and not v.is_Integer]
        if len(fractions) < 2 or len({sp.Rational(v).q for v in fractions}) < 2 or self.decimals:
            return None
        lcd = int(sp.ilcm(*[int(sp.Rational(v).q) for v in fractions]))
        terms: list[tuple[int, Node]] = []
        for (sign, term), v in zip(node.terms, values, strict=True):
            if v.is_Rational and not v.is_Integer:
                r = sp.Rational(v)
                num = int(r.p) * (lcd // int(r.q))
                latex = ("-" if num < 0 else "") + f"\\frac{{{abs(num)}}}{{{lcd}}}"
                terms.append((sign, Val(v, latex)))
            else:
                terms.append((sign, term))
        new = Add(tuple(terms))
        self._tongfen_done.add(id(new))
        self.tags.add("tongfen")
        return new


def _simplest_number(value: sp.Expr) -> sp.Expr:
    """lg 2 + lg 5 → 1, √2·√8 → 4: numbers SymPy leaves unsimplified after evaluation."""
    candidates = [value, sp.nsimplify(sp.simplify(value), rational=False), sp.radsimp(value)]
    candidates = [c for c in candidates if c is value or (c.is_number and abs(sp.N(c - value, 40)) < 1e-30)]
    return min(candidates, key=lambda c: (sp.count_ops(c), len(str(c))))


def _expand_small(node: Node, value: sp.Expr) -> str | None:
    """6! = 6×5×4×3×2×1, C_5^2 = (5×4)/(2×1): the definition, for small numbers only."""
    if isinstance(node, Postfix) and node.op == "!" and value.is_Integer and 2 <= _int(node.arg) <= 10:
        n = _int(node.arg)
        return " \\times ".join(str(k) for k in range(n, 0, -1))
    if isinstance(node, Call) and node.name in ("binomial", "comb", "perm") and len(node.args) == 2:
        n, k = _int(node.args[0]), _int(node.args[1])
        if 1 <= k <= 6 and k <= n <= 30:
            top = " \\times ".join(str(n - j) for j in range(k))
            if node.name == "perm":
                return top
            bottom = " \\times ".join(str(k - j) for j in range(k))
            return f"\\frac{{{top}}}{{{bottom}}}"
    return None


def _int(node: Node) -> int:
    if isinstance(node, Num) and node.text.isdigit():
        return int(node.text)
    return -1


def evaluate_steps(node: Node, builder: Builder, *, decimals: bool) -> tuple[list[str], sp.Expr]:
    """Steps "原式 = … = …" and the exact value."""
    value = builder.expr(node)
    if value.free_symbols:
        raise UnsupportedProblem(say("math.has_unknowns"))
    if not value.is_Rational:
        value = _simplest_number(value)
    reducer = Reducer(builder, decimals=decimals)
    first = to_latex(node)
    steps = [say("math.step.expression", expr=first)]
    seen = {first}
    current = node
    labelled = False
    small = _expand_small(node, value)
    if small:
        steps.append(f"$= {small}$")
    for _ in range(MAX_STEPS):
        if reducer.atomic(current):
            break
        reducer.tags.clear()
        current = reducer.reduce(current)
        latex = to_latex(current)
        if latex in seen:
            continue
        seen.add(latex)
        label = _label(reducer.tags, reducer.atomic(current), first=not labelled)
        labelled = labelled or bool(label)
        steps.append(f"{label}$= {latex}$" if label else f"$= {latex}$")
    final = reducer.make_val(value).latex
    if final not in seen:
        steps.append(f"$= {final}$")
    if builder.used_degree_heuristic:
        steps.insert(0, say("math.step.arith.degrees"))
    return steps, value


def _label(tags: set[str], done: bool, first: bool) -> str:
    if not tags or (done and tags <= {"addsub", "muldiv"}):
        return ""
    order = [
        "paren",
        "trig",
        "log",
        "logsum",
        "fact",
        "comb",
        "func",
        "abs",
        "pow",
        "recip",
        "tongfen",
        "muldiv",
        "addsub",
    ]
    picked = [t for t in order if t in tags]
    what = say("math.step.and").join(say(_TAG_TEXT[t]) for t in picked[:2])
    return say("math.step.arith.first", what=what) if first else say("math.step.arith.then", what=what)


def solve_arithmetic(question: str, node: Node, builder: Builder, *, decimals: bool) -> Solution:
    steps, value = evaluate_steps(node, builder, decimals=decimals)
    if value.has(sp.zoo, sp.nan) or value is sp.S.ComplexInfinity:
        raise UnsupportedProblem(say("math.undefined_value"))
    if value.is_real is False and not value.has(sp.I):
        # (-8)^(1/3) is SymPy's principal root 1 + √3·i, where a student means -2 (or nothing: a
        # fractional power is defined for a > 0); arcsin 2 has no real value. Not an answer to give.
        raise UnsupportedProblem(say("math.not_real_value"))
    near = approx(value)
    answer_latex = tex(value)
    dec = decimal_text(value) if decimals else None
    if dec:
        answer_latex = dec
    elif (near and not value.is_Rational) or (near and value.is_Rational and decimals):
        steps.append(f"$\\approx {near}$")
    steps.append(say("math.step.arith.result", value=m(answer_latex)))
    return Solution(
        question=question,
        kind="arithmetic",
        steps=steps,
        answer=[ans(value)],
        answer_latex=answer_latex,
        form="value",
        approx=[near] if near else [],
    )
