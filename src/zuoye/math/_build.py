"""Syntax tree → SymPy, through a whitelist of functions and with size budgets on every number.

This is the only place user input becomes SymPy objects. There is no `eval`, `sympify` or
`parse_expr`: each node type maps to one SymPy constructor chosen here, names become real
`Symbol`s, and function words map through `_FUNCS`. The budgets stop the classic bombs before
SymPy starts on them: `9^9^9^9` (the exponent check sees 9^387420489 before computing it),
`factorial(10**8)`, `(x+1)^100000`, huge binomials.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import sympy as sp

from zuoye.math._ast import (
    Abs,
    Add,
    Call,
    Const,
    FApply,
    Frac,
    Group,
    Logic,
    Mul,
    Neg,
    Node,
    Num,
    Postfix,
    Pow,
    Rel,
    Root,
    Sym,
    Tup,
    Val,
)
from zuoye.math._errors import BudgetExceeded, ParseError, UnsupportedProblem
from zuoye.messages import say

# ~12,000 decimal digits: 1000! and 2^10000 fit, 9^(9^9) does not.
MAX_RESULT_BITS = 40_000
# (x+1)^1000 is already more than any homework; beyond it expansion is what makes SymPy hang.
MAX_SYMBOLIC_EXPONENT = 1000
MAX_FACTORIAL = 3000
# Terms a power of a sum would expand to: (a+b+…+h)^30 has ten million, and expanding it is
# what exhausts time and memory; 50,000 is far past any textbook.
MAX_EXPANSION_TERMS = 50_000
# Polynomial degree for factoring/solving: x^997 - 1 is a cyclotomic grind, not homework.
MAX_DEGREE = 200

_REL = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
_REL_CALL = {"Eq": "=", "Ne": "!=", "Lt": "<", "Le": "<=", "Gt": ">", "Ge": ">="}
_TRIG = frozenset({"sin", "cos", "tan", "tg", "cot", "ctg", "sec", "csc"})


def _budget(what: str) -> BudgetExceeded:
    return BudgetExceeded(say("math.budget", what=what))


def _bits(value: sp.Expr) -> float:
    """Rough size in bits of a number's magnitude (numerator or denominator, whichever is larger)."""
    if value.is_Rational:
        r = sp.Rational(value)
        return float(max(abs(int(r.p)).bit_length(), int(r.q).bit_length()))
    if value.is_Pow and value.base.is_Rational and value.exp.is_Rational:
        return _bits(value.base) * abs(float(value.exp))
    try:
        magnitude = abs(float(sp.N(value, 15)))
    except (TypeError, ValueError, OverflowError):
        return 64.0
    if not math.isfinite(magnitude) or magnitude == 0:
        return 64.0
    return abs(math.log2(magnitude)) + 1


def guarded_pow(base: sp.Expr, exp: sp.Expr) -> sp.Expr:
    """base**exp, refusing results too large to compute or print."""
    if exp.is_Rational and exp != 0:
        p = abs(int(sp.Rational(exp).p))
        if base.is_number:
            if (
                base not in (sp.S.Zero, sp.S.One, sp.S.NegativeOne)
                and p * max(_bits(base), 1.0) > MAX_RESULT_BITS
            ):
                raise _budget(say("math.budget.power"))
        elif p > MAX_SYMBOLIC_EXPONENT:
            raise _budget(say("math.budget.exponent", exponent=p, limit=MAX_SYMBOLIC_EXPONENT))
        elif isinstance(base, sp.Add) and exp.is_Integer:
            n = len(base.args)
            terms = math.comb(n + p - 1, p)
            if terms > MAX_EXPANSION_TERMS:
                raise _budget(say("math.budget.terms", terms=terms))
    return sp.Pow(base, exp)


def _as_int(value: sp.Expr, what: str) -> int:
    """`value` as an int; `what` is the `math.what.*` key naming what needs it."""
    if not (value.is_Integer):
        raise UnsupportedProblem(say("math.needs_integer", what=say(what), value=value))
    return int(value)


def guarded_factorial(n: sp.Expr) -> sp.Expr:
    if not n.is_number:
        return sp.factorial(n)
    k = _as_int(n, "math.what.factorial")
    if k < 0:
        raise UnsupportedProblem(say("math.negative_factorial"))
    if k > MAX_FACTORIAL:
        raise _budget(say("math.budget.factorial", n=k, limit=MAX_FACTORIAL))
    return sp.factorial(k)


def guarded_binomial(n: sp.Expr, k: sp.Expr) -> sp.Expr:
    if not (n.is_number and k.is_number):
        return sp.binomial(n, k)
    nn, kk = _as_int(n, "math.what.binomial"), _as_int(k, "math.what.binomial")
    if nn < 0 or kk < 0 or kk > nn:
        raise UnsupportedProblem(say("math.binomial_range", n=nn, k=kk))
    if min(kk, nn - kk) * math.log2(max(nn, 2)) > MAX_RESULT_BITS:
        raise _budget(say("math.budget.binomial"))
    return sp.binomial(nn, kk)


def guarded_perm(n: sp.Expr, k: sp.Expr) -> sp.Expr:
    if not (n.is_number and k.is_number):
        return sp.ff(n, k)
    nn, kk = _as_int(n, "math.what.permutation"), _as_int(k, "math.what.permutation")
    if nn < 0 or kk < 0 or kk > nn:
        raise UnsupportedProblem(say("math.permutation_range", n=nn, k=kk))
    if kk * math.log2(max(nn, 2)) > MAX_RESULT_BITS:
        raise _budget(say("math.budget.permutation"))
    return sp.ff(nn, kk)


def _int_gcd_lcm(fn: Callable[..., sp.Expr], args: list[sp.Expr]) -> sp.Expr:
    result = args[0]
    for a in args[1:]:
        result = fn(result, a)
    return result


def _real_root(x: sp.Expr, n: sp.Expr) -> sp.Expr:
    # Students mean the real root: ∛(-8) = -2, not SymPy's principal complex root.
    if x.is_number and n.is_Integer:
        return sp.real_root(x, n)
    return sp.root(x, n)


# name -> (min args, max args, builder). The only functions user text can reach.
_FUNCS: dict[str, tuple[int, int, Callable[..., sp.Expr]]] = {
    "sin": (1, 1, sp.sin),
    "cos": (1, 1, sp.cos),
    "tan": (1, 1, sp.tan),
    "tg": (1, 1, sp.tan),
    "cot": (1, 1, sp.cot),
    "ctg": (1, 1, sp.cot),
    "sec": (1, 1, sp.sec),
    "csc": (1, 1, sp.csc),
    "arcsin": (1, 1, sp.asin),
    "asin": (1, 1, sp.asin),
    "arccos": (1, 1, sp.acos),
    "acos": (1, 1, sp.acos),
    "arctan": (1, 1, sp.atan),
    "atan": (1, 1, sp.atan),
    "arccot": (1, 1, sp.acot),
    "sinh": (1, 1, sp.sinh),
    "cosh": (1, 1, sp.cosh),
    "tanh": (1, 1, sp.tanh),
    "ln": (1, 1, sp.log),
    "log": (1, 2, sp.log),  # log(x) natural, log(x, b) base b (SymPy's argument order)
    "lg": (1, 1, lambda x: sp.log(x, 10)),
    "exp": (1, 1, sp.exp),
    "sqrt": (1, 1, sp.sqrt),
    "cbrt": (1, 1, lambda x: _real_root(x, sp.Integer(3))),
    "root": (2, 2, _real_root),
    "abs": (1, 1, sp.Abs),
    "factorial": (1, 1, guarded_factorial),
    "binomial": (2, 2, guarded_binomial),
    "comb": (2, 2, guarded_binomial),
    "perm": (2, 2, guarded_perm),
    "gcd": (2, 20, lambda *a: _int_gcd_lcm(sp.gcd, list(a))),
    "lcm": (2, 20, lambda *a: _int_gcd_lcm(sp.lcm, list(a))),
    "max": (2, 20, sp.Max),
    "min": (2, 20, sp.Min),
    "floor": (1, 1, sp.floor),
    "ceil": (1, 1, sp.ceiling),
}


class Builder:
    """Turns one problem's syntax trees into SymPy, sharing symbols and user-defined functions."""

    def __init__(
        self,
        functions: Mapping[str, sp.Lambda] | None = None,
        *,
        degree_heuristic: bool = False,
    ) -> None:
        self.symbols: dict[str, sp.Symbol] = {}
        self.functions: dict[str, sp.Lambda] = dict(functions or {})
        # "sin30" written without ° in a plain calculation means 30 degrees to every student.
        self.degree_heuristic = degree_heuristic
        self.used_degree_heuristic = False
        # "π取3.14": the question fixes the value of π the student writes (degrees keep exact π).
        self.pi_value: sp.Rational | None = None

    def symbol(self, name: str) -> sp.Symbol:
        if name not in self.symbols:
            self.symbols[name] = sp.Symbol(name, real=True)
        return self.symbols[name]

    def build(self, node: Node) -> sp.Basic:
        if isinstance(node, Num):
            return sp.Rational(node.text) if "." in node.text else sp.Integer(node.text)
        if isinstance(node, Val):
            if not isinstance(node.value, sp.Basic):  # only ever a SymPy object a solver made
                raise TypeError("Val holds a non-SymPy value")
            return node.value
        if isinstance(node, Sym):
            return self.symbol(node.name)
        if isinstance(node, Const):
            if node.name == "pi" and self.pi_value is not None:
                return self.pi_value
            return {"pi": sp.pi, "E": sp.E, "oo": sp.oo, "I": sp.I}[node.name]
        if isinstance(node, Group):
            return self.build(node.arg)
        if isinstance(node, Add):
            return sp.Add(*[self.expr(t) if s > 0 else -self.expr(t) for s, t in node.terms])
        if isinstance(node, Mul):
            return self._mul(node)
        if isinstance(node, Neg):
            return -self.expr(node.arg)
        if isinstance(node, Pow):
            return guarded_pow(self.expr(node.base), self.expr(node.exp))
        if isinstance(node, Frac):
            return self._divide(self.expr(node.num), self.expr(node.den))
        if isinstance(node, Root):
            arg = self.expr(node.arg)
            if node.index is None:
                return sp.sqrt(arg)
            return _real_root(arg, self.expr(node.index))
        if isinstance(node, Abs):
            return sp.Abs(self.expr(node.arg))
        if isinstance(node, Postfix):
            arg = self.expr(node.arg)
            if node.op == "!":
                return guarded_factorial(arg)
            if node.op == "°":
                return arg * sp.pi / 180
            return arg / 100
        if isinstance(node, Call):
            return self._call(node)
        if isinstance(node, FApply):
            return self._fapply(node)
        if isinstance(node, Rel):
            return self._rel(node)
        if isinstance(node, Logic):
            parts = [self.build(i) for i in node.items]
            return sp.And(*parts) if node.op == "and" else sp.Or(*parts)
        if isinstance(node, Tup):
            return sp.Tuple(*[self.build(i) for i in node.items])
        raise TypeError(f"unknown node {type(node).__name__}")

    def expr(self, node: Node) -> sp.Expr:
        """Build a node that must be a value (not a relation, list or logic)."""
        value = self.build(node)
        if not isinstance(value, sp.Expr):
            raise ParseError(say("math.value_expected"))
        return value

    def _divide(self, num: sp.Expr, den: sp.Expr) -> sp.Expr:
        if den == 0:
            raise UnsupportedProblem(say("math.division_by_zero"))
        return num / den

    def _mul(self, node: Mul) -> sp.Expr:
        result = self.expr(node.factors[0][1])
        for op, factor in node.factors[1:]:
            value = self.expr(factor)
            result = self._divide(result, value) if op in ("/", "÷") else result * value
        return result

    def _call(self, node: Call) -> sp.Basic:
        name = node.name
        if name in _REL_CALL:
            if len(node.args) == 1 and isinstance(node.args[0], Rel):
                return self.build(node.args[0])
            if len(node.args) != 2:
                raise ParseError(say("math.two_arguments", name=name))
            return _REL[_REL_CALL[name]](*(self.expr(a) for a in node.args), evaluate=False)
        if name in ("And", "Or"):
            parts = [self.build(a) for a in node.args]
            return sp.And(*parts) if name == "And" else sp.Or(*parts)
        if name == "piecewise":
            return self._piecewise(node)
        if name not in _FUNCS:
            raise ParseError(say("math.unsupported_function", name=name))
        lo, hi, fn = _FUNCS[name]
        if not lo <= len(node.args) <= hi:
            want = str(lo) if lo == hi else f"{lo}–{hi}"
            raise ParseError(say("math.argument_count", name=name, want=want, given=len(node.args)))
        args = [self.expr(a) for a in node.args]
        if (
            self.degree_heuristic
            and name in _TRIG
            and isinstance(node.args[0], Num)
            and args[0].is_Integer
            and args[0] != 0
            and int(args[0]) % 15 == 0
        ):
            self.used_degree_heuristic = True
            args[0] = args[0] * sp.pi / 180
        if name in ("log", "ln", "lg") and args[0].is_number and args[0].is_nonpositive:
            raise UnsupportedProblem(say("math.log_domain", value=args[0]))
        if name in ("gcd", "lcm") and all(a.is_number for a in args):
            for a in args:
                _as_int(a, "math.what.gcd_lcm")
        return fn(*args)

    def _piecewise(self, node: Call) -> sp.Expr:
        """piecewise(value₁, condition₁, value₂, condition₂, …): a function given by cases."""
        args = node.args
        if len(args) < 4 or len(args) % 2 or not all(isinstance(c, Rel) for c in args[1::2]):
            raise ParseError(say("math.piecewise_pairs"))
        pairs = [(self.expr(v), self.build(c)) for v, c in zip(args[::2], args[1::2], strict=True)]
        return sp.Piecewise(*pairs)

    def _fapply(self, node: FApply) -> sp.Expr:
        if node.name not in self.functions:
            raise ParseError(say("math.function_undefined", name=node.name))
        fn = self.functions[node.name]
        params = fn.variables
        body = fn.expr
        for _ in range(node.primes):
            if len(params) != 1:
                raise UnsupportedProblem(say("math.derivative_one_variable"))
            body = sp.diff(body, params[0])
        if len(node.args) != len(params):
            raise ParseError(say("math.function_arity", name=node.name, count=len(params)))
        args = [self.expr(a) for a in node.args]
        return sp.Lambda(params, body)(*args)

    def _rel(self, node: Rel) -> sp.Basic:
        values = [self.expr(i) for i in node.items]
        pairs = [
            _REL[op](a, b, evaluate=False) for op, a, b in zip(node.ops, values, values[1:], strict=False)
        ]
        return pairs[0] if len(pairs) == 1 else sp.And(*pairs, evaluate=False)
