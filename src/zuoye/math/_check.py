"""Checking instead of solving: is this value a solution, are two expressions equal, and where
does a student's working first go wrong.

Equality is decided exactly when SymPy can (simplify to 0), and otherwise by evaluating at
several random real points — the same thing a teacher does with "try x = 2" — which can only
err towards "equal" for expressions that agree at every sampled point.
"""

from __future__ import annotations

import itertools
import random
import re

import sympy as sp

from zuoye.math._ast import Node, Rel, Sym, denominators
from zuoye.math._build import Builder
from zuoye.math._errors import MathError, ParseError
from zuoye.math._fmt import tex
from zuoye.math._lexer import KNOWN_WORDS
from zuoye.math._normalize import check_size, normalize
from zuoye.math._parser import parse_items
from zuoye.math._problem import segments
from zuoye.math._types import WorkingCheck
from zuoye.messages import say

_LOGIC_HINT = re.compile(r"&|\)\s*\|\s*\(|\bor\b|\band\b|或|且|\bOr\(|\bAnd\(")
MAX_WORKING_LINES = 60


def parse_answer(text: str, builder: Builder) -> list[sp.Basic]:
    """Parse answer-style text: values, x=2, relations, (x>-2)&(x<2), x<-1 或 x>1."""
    check_size(text)
    cleaned = normalize(text).replace("或", " or ").replace("且", " and ")
    logic = bool(_LOGIC_HINT.search(cleaned))
    nodes = parse_items(cleaned, logic=logic)
    return [builder.build(n) for n in nodes]


# SymPy's names for functions the reader spells otherwise. Any other word of two or more letters
# in the solver's own answer is one the reader does not know, and would read as a product of
# letters (Abs(x) as A·b·s·x): such an answer is not read at all.
_SYMPY_NAMES = {"Abs": "abs", "ceiling": "ceil", "Max": "max", "Min": "min"}
_WORD = re.compile(r"[A-Za-z]{2,}")


def parse_solver_answer(text: str, builder: Builder) -> list[sp.Basic]:
    """Parse one of the solver's own answer strings (`Solution.answer`: SymPy's str of a value)."""
    text = _WORD.sub(lambda m: _SYMPY_NAMES.get(m.group(0), m.group(0)), text)
    unknown = [w for w in _WORD.findall(text) if w not in KNOWN_WORDS]
    if unknown:
        raise ParseError(say("math.check.value_unreadable", value=text))
    return parse_answer(text, builder)


def _sample_points(symbols: list[sp.Symbol], k: int = 6) -> list[dict[sp.Symbol, sp.Expr]]:
    rng = random.Random(20240601)  # fixed seed: the same question always gets the same verdict
    points = []
    for _ in range(k):
        points.append(
            {s: sp.Rational(rng.randint(-3000, 3000), rng.choice([7, 11, 13, 17])) for s in symbols}
        )
    return points


def values_equal(a: sp.Expr, b: sp.Expr) -> bool:
    """a == b for all real values of their symbols (exactly if possible, else by sampling)."""
    diff = a - b
    try:
        simple = sp.simplify(diff)
    except (TypeError, ValueError, NotImplementedError):
        simple = diff
    if simple == 0:
        return True
    if simple.is_number:
        value = sp.N(simple, 30)
        return bool(value.is_zero) or (value.is_number and abs(complex(value)) < 1e-25)
    symbols = sorted(simple.free_symbols, key=lambda s: s.name)
    agreed = 0
    for point in _sample_points(symbols):
        try:
            va, vb = complex(sp.N(a.subs(point), 30)), complex(sp.N(b.subs(point), 30))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if any(v != v or abs(v) == float("inf") for v in (va, vb)):
            continue  # outside the domain at this point
        if abs(va - vb) > 1e-9 * max(1.0, abs(va), abs(vb)):
            return False
        agreed += 1
    return agreed >= 3


def solution_set(rel: sp.Basic, x: sp.Symbol) -> sp.Set:
    if isinstance(rel, sp.Eq):
        return sp.solveset(rel.lhs - rel.rhs, x, sp.S.Reals)
    if isinstance(rel, sp.And | sp.Or | sp.Not):
        return rel.as_set()
    return sp.solveset(rel, x, sp.S.Reals)


def relations_equivalent(r1: sp.Basic, r2: sp.Basic) -> bool:
    """Same solutions: 2x=4 ⇔ x=2; for one unknown compare solution sets, else proportional sides."""
    symbols = (r1.free_symbols | r2.free_symbols) - {sp.Symbol("k", integer=True)}
    if isinstance(r1, sp.Eq) and isinstance(r2, sp.Eq) and len(symbols) > 1:
        f1, f2 = sp.expand(r1.lhs - r1.rhs), sp.expand(r2.lhs - r2.rhs)
        if f2 == 0:
            return bool(f1 == 0)
        ratio = sp.simplify(f1 / f2)
        return bool(ratio.is_number and ratio != 0)
    if len(symbols) != 1:
        return bool(sp.simplify(sp.Equivalent(r1, r2)) is sp.true)
    x = next(iter(symbols))
    return bool(solution_set(r1, x) == solution_set(r2, x))


def expressions_equal(a: str, b: str) -> bool:
    builder = Builder()
    left, right = parse_answer(a, builder), parse_answer(b, builder)
    if len(left) != len(right):
        return False
    for p, q in zip(left, right, strict=True):
        p_rel, q_rel = not isinstance(p, sp.Expr), not isinstance(q, sp.Expr)
        if p_rel != q_rel:
            return False
        if p_rel:
            if not relations_equivalent(p, q):
                return False
        elif not values_equal(p, q):
            return False
    return True


def check_value(problem: str, value: str) -> bool:
    """Substitute `value` ("x=3", "3", "x=2, y=3") into the problem's equations/inequalities."""
    builder = Builder()
    relations: list[sp.Basic] = []
    exprs: list[sp.Expr] = []
    divisors: list[sp.Expr] = []  # built on their own: SymPy cancels x²/x to x, which is 0 at x = 0
    normalized = normalize(problem)
    for seg in segments(normalized) or [normalized]:
        for node in parse_items(seg):
            divisors += [builder.expr(d) for d in denominators(node)]
            built = builder.build(node)
            if isinstance(built, sp.Expr):
                exprs.append(built)
            else:
                relations.append(built)
    if not relations:
        relations = [sp.Eq(e, 0) for e in exprs if e.free_symbols]
    if not relations:
        raise ParseError(say("math.check.no_relation"))
    unknowns = sorted(
        set().union(*(r.free_symbols for r in relations)),
        key=lambda s: ({"x": 0, "y": 1, "z": 2}.get(s.name, 9), s.name),
    )
    assignment = _assignment(value, builder, unknowns)
    if any(sp.simplify(d.subs(assignment)) == 0 for d in divisors):
        return False  # the value makes a divisor of the question 0
    return all(_holds(rel, assignment) for rel in relations)


def _assignment(value: str, builder: Builder, unknowns: list[sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    parsed = parse_answer(value.replace("x₁", "x").replace("x₂", "x"), builder)
    out: dict[sp.Symbol, sp.Expr] = {}
    bare: list[sp.Expr] = []
    for item in parsed:
        if isinstance(item, sp.Eq) and isinstance(item.lhs, sp.Symbol):
            name = re.sub(r"_\d+$", "", item.lhs.name)
            out[builder.symbol(name)] = item.rhs
        elif isinstance(item, sp.Tuple):
            bare.extend(item.args)
        elif isinstance(item, sp.Expr):
            bare.append(item)
        else:
            raise ParseError(say("math.check.value_unreadable", value=value))
    rest = [u for u in unknowns if u not in out]
    if bare:
        if len(bare) != len(rest):
            raise ParseError(say("math.check.value_count", values=len(bare), unknowns=len(rest)))
        out.update(zip(rest, bare, strict=True))
    missing = [u.name for u in unknowns if u not in out]
    if missing:
        raise ParseError(say("math.check.value_missing", names=", ".join(missing)))
    return out


def _holds(rel: sp.Basic, assignment: dict[sp.Symbol, sp.Expr]) -> bool:
    if isinstance(rel, sp.And | sp.Or):
        parts = [_holds(a, assignment) for a in rel.args]
        return all(parts) if isinstance(rel, sp.And) else any(parts)
    lhs = rel.lhs.subs(assignment)
    rhs = rel.rhs.subs(assignment)
    if any(v.has(sp.zoo, sp.nan) or v.is_finite is False or v.is_real is False for v in (lhs, rhs)):
        # the value is outside the domain (a denominator or log goes bad, √ of a negative number)
        return False
    if isinstance(rel, sp.Eq):
        return values_equal(lhs, rhs)
    if isinstance(rel, sp.Ne):
        return not values_equal(lhs, rhs)
    truth = type(rel)(sp.simplify(lhs - rhs), 0)
    if truth in (sp.true, sp.false):
        return bool(truth)
    return bool(type(rel)(sp.N(lhs - rhs, 30), 0))


# -- check my working ----------------------------------------------------------------------------
def check_working(lines: list[str]) -> WorkingCheck:
    if not isinstance(lines, list) or not all(isinstance(s, str) for s in lines):
        raise ParseError(say("math.check.working_lines"))
    if len(lines) > MAX_WORKING_LINES:
        raise ParseError(say("math.check.working_too_long", limit=MAX_WORKING_LINES))
    builder = Builder()
    parsed: list[tuple[int, str, list[sp.Basic]]] = []
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        continuation = text.startswith("=")
        body = re.sub(r"^[∴∵]\s*", "", text.lstrip("=").strip())
        try:
            items = _line_items(body, builder)
        except MathError as exc:
            return WorkingCheck(False, i, say("math.check.line_unreadable", line=i + 1, reason=exc.message))
        if not items:
            continue  # a line of words only ("检验：") says nothing to check
        parsed.append((i, "=" if continuation else "", items))
    if not parsed:
        raise ParseError(say("math.check.nothing"))
    first_items = parsed[0][2]
    equation_mode = any(not isinstance(it, sp.Expr) and it.free_symbols for it in first_items)
    if equation_mode:
        return _check_equations(parsed, lines)
    return _check_values(parsed, lines)


def _line_items(body: str, builder: Builder) -> list[sp.Basic]:
    """The maths of one line of working: "移项得 2x=4" → 2x=4; "x=2 或 x=3" → (x=2) ∨ (x=3)."""
    normalized = normalize(body)
    has_or = bool(re.search(r"或|\bor\b", normalized))
    runs = segments(normalized)
    if not runs:
        return []
    nodes = [node for run in runs for node in parse_items(run)]
    built = [_unsubscript(item, builder) for node in nodes for item in _chain(node, builder)]
    relations = [b for b in built if not isinstance(b, sp.Expr)]
    if (
        len(relations) > 1
        and len(relations) == len(built)
        and (has_or or len(runs) > 1 or _same_unknown(relations))
    ) and len(set().union(*(r.free_symbols for r in relations))) == 1:
        return [sp.Or(*relations)]  # the roots, one per equation
    if len(runs) > 1 and relations:
        return [relations[-1]]  # words, then the line's result: keep the last relation
    return built


def _unsubscript(item: sp.Basic, builder: Builder) -> sp.Basic:
    """x₁ = 2 names a root of x: compare it as x = 2."""
    if (
        isinstance(item, sp.Eq)
        and isinstance(item.lhs, sp.Symbol)
        and re.fullmatch(r"[a-z]_\d+", item.lhs.name)
    ):
        return sp.Eq(builder.symbol(item.lhs.name.split("_")[0]), item.rhs)
    return item


def _same_unknown(relations: list[sp.Basic]) -> bool:
    return (
        all(isinstance(r, sp.Eq) for r in relations)
        and len({frozenset(r.free_symbols) for r in relations}) == 1
    )


def _chain(node: Node, builder: Builder) -> list[sp.Basic]:
    """a = b = c written on one line in a calculation: the values a, b, c in order."""
    if isinstance(node, Rel) and all(op == "=" for op in node.ops) and len(node.items) > 2:
        return [builder.expr(i) for i in node.items]
    if isinstance(node, Rel) and node.ops == ("=",) and not isinstance(node.items[0], Sym):
        left, right = builder.expr(node.items[0]), builder.expr(node.items[1])
        if not left.free_symbols and not right.free_symbols:
            return [left, right]
    return [builder.build(node)]


def _check_values(parsed: list[tuple[int, str, list[sp.Basic]]], lines: list[str]) -> WorkingCheck:
    previous: sp.Expr | None = None
    for index, _, items in parsed:
        for item in items:
            if not isinstance(item, sp.Expr):
                return WorkingCheck(False, index, say("math.check.line_relation", line=index + 1))
            if previous is not None and not values_equal(previous, item):
                said = say(
                    "math.check.line_not_equal", line=index + 1, value=tex(item), previous=tex(previous)
                )
                return WorkingCheck(False, index, said)
            previous = item
    return WorkingCheck(True, None, say("math.check.all_equal"))


def _check_equations(parsed: list[tuple[int, str, list[sp.Basic]]], lines: list[str]) -> WorkingCheck:
    previous: sp.Basic | None = None
    previous_line = 0
    for index, _, items in parsed:
        if len(items) > 1 and all(isinstance(it, sp.Expr) and not it.free_symbols for it in items):
            # A check in numbers (检验：3×2=6, 左边 = 6 = 右边): it says nothing against the working
            # when it holds; when it does not, that line is the mistake.
            for before, after in itertools.pairwise(items):
                if not values_equal(before, after):
                    said = say(
                        "math.check.line_not_equal", line=index + 1, value=tex(after), previous=tex(before)
                    )
                    return WorkingCheck(False, index, said)
            continue
        if len(items) != 1 or isinstance(items[0], sp.Expr):
            return WorkingCheck(False, index, say("math.check.line_not_equation", line=index + 1))
        rel = items[0]
        if previous is not None and not relations_equivalent(previous, rel):
            return WorkingCheck(False, index, _why(previous, rel, index, previous_line))
        previous, previous_line = rel, index
    return WorkingCheck(True, None, say("math.check.all_follow"))


def _why(before: sp.Basic, after: sp.Basic, index: int, prev_index: int) -> str:
    symbols = before.free_symbols | after.free_symbols
    base = say("math.check.not_following", line=index + 1, previous=prev_index + 1)
    if len(symbols) == 1:
        x = next(iter(symbols))
        s1, s2 = solution_set(before, x), solution_set(after, x)
        lost, gained = sp.Complement(s1, s2), sp.Complement(s2, s1)
        details = []
        if lost is not sp.S.EmptySet:
            details.append(say("math.check.lost", set=tex(lost)))
        if gained is not sp.S.EmptySet:
            details.append(say("math.check.gained", set=tex(gained)))
        if details:
            base += say("math.check.details", details=say("math.check.separator").join(details))
        base += say("math.check.sets", before=tex(s1), after=tex(s2))
    return say("math.check.end", reason=base)
