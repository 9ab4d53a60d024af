"""What kind of slip the first wrong line of a student's working is, decided with the CAS.

`check_working` says *where* the working first goes wrong; a teacher also wants to know *how*,
across a class: a sign, a calculation, a root lost, a term moved across the = without changing
its sign. Each kind is a concrete rewrite of the last right line: the wrong line is classified
as that kind only when it is equivalent (same solutions, or equal values) to the right line with
that slip made in it.

    denominator             去分母出错: a term not multiplied by the common denominator, or a
                            numerator of several terms multiplied without its brackets
    bracket                 去括号出错: -(x-2) → -x-2, 2(x+3) → 2x+3
    order                   运算顺序错: a calculation worked from left to right, 3+4×5 → 35
    transposition           移项没变号: a term moved to the other side with its sign kept
    sign                    符号错误: a term's sign flipped where it stands, or a whole side's
    inequality_direction    不等号方向错: the right inequality with its sign turned round
    dropped_root            丢了解: the line's solutions are some of the right ones (÷x, √ without ±)
    extra_root              多出了解: every right solution and more (squaring, ×0)
    arithmetic              计算错误: the same terms with a number wrong
    other                   none of these

`None` when the lines cannot be read or are not a step of one kind of working (a relation after
a value). The names a person reads are the interfaces' (zuoye.tutor.class_report).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import sympy as sp

from zuoye.math._ast import Add, Frac, Group, Mul, Neg, Node, Rel
from zuoye.math._build import Builder
from zuoye.math._check import _line_items, relations_equivalent, solution_set, values_equal
from zuoye.math._errors import MathError
from zuoye.math._normalize import check_size, normalize
from zuoye.math._parser import parse_items
from zuoye.math._problem import segments

MISTAKE_KINDS = (
    "denominator",
    "bracket",
    "order",
    "transposition",
    "sign",
    "inequality_direction",
    "dropped_root",
    "extra_root",
    "arithmetic",
    "other",
)
_FLIPPED: dict[type, type] = {sp.Lt: sp.Gt, sp.Gt: sp.Lt, sp.Le: sp.Ge, sp.Ge: sp.Le}
Term = tuple[int, Node]  # (+1 | -1, the term as written)


def classify_step(before: str, after: str) -> str | None:
    """The kind of slip that turns the right line `before` into the wrong line `after`."""
    check_size(before + "\n" + after)
    builder = Builder()
    try:
        first, second = _read(before, builder), _read(after, builder)
    except (MathError, TypeError, ValueError):
        return None
    if not first or not second:
        return None
    relations = [not isinstance(v, sp.Expr) for v, _ in first + second]
    if all(relations):
        return _relations(first[-1], second[0], builder)
    if not any(relations):
        return _values(first, second, builder)
    return None


# -- reading a line ------------------------------------------------------------------------------
def _read(line: str, builder: Builder) -> list[tuple[sp.Basic, Node | None]]:
    """The line's maths as the checker reads it (its own reader: words dropped, x₁ = 2 read as
    x = 2, 'x=2 或 x=3' as one relation), each item with its syntax tree where the items are the
    line's trees one for one (a calculation a = b = c: the values a, b, c)."""
    body = re.sub(r"^[∴∵]\s*", "", line.strip().lstrip("=").strip())
    items = _line_items(body, builder)
    nodes = [node for run in segments(normalize(body)) for node in parse_items(run)]
    trees: list[Node | None] = [None] * len(items)
    if len(nodes) == 1 and isinstance(nodes[0], Rel) and len(nodes[0].items) == len(items) > 1:
        trees = list(nodes[0].items)  # a calculation written as a chain of values
    elif len(nodes) == len(items):
        trees = list(nodes)
    return list(zip(items, trees, strict=True))


def _terms(node: Node) -> list[Term]:
    """The terms of a sum as written: 3-(x-2) → [(+1, 3), (-1, (x-2))]."""
    if isinstance(node, Add):
        return list(node.terms)
    if isinstance(node, Neg):
        return [(-sign, term) for sign, term in _terms(node.arg)]
    return [(1, node)]


def _value(terms: list[Term], builder: Builder) -> list[sp.Expr]:
    return [sign * builder.expr(term) for sign, term in terms]


# -- the rewrites ---------------------------------------------------------------------------------
def _bracket_slips(node: Node, builder: Builder) -> Iterator[sp.Expr]:
    """The side `node` with one bracket opened wrongly, each way a student does it: the factor
    (or the minus) reaching only the first term inside, or its size but not its sign the rest."""
    terms = _terms(node)
    whole = sum(_value(terms, builder), sp.Integer(0))
    for sign, term in terms:
        inner, factor = _bracket(term, builder)
        if inner is None:
            continue
        parts = _value(_terms(inner), builder)
        right = sign * factor * sum(parts, sp.Integer(0))
        first, rest = sign * factor * parts[0], sum(parts[1:], sp.Integer(0))
        for wrong in (first + rest, first + abs(factor) * rest, first + factor * rest):
            if not values_equal(wrong, right):
                yield whole - right + wrong


def _bracket(term: Node, builder: Builder) -> tuple[Node | None, sp.Expr]:
    """(the sum in brackets, the number it is multiplied by) of a term c(a+b), (a+b)/c or (a+b);
    else (None, 1)."""
    if isinstance(term, Group) and isinstance(term.arg, Add):
        return term.arg, sp.Integer(1)
    if isinstance(term, Mul):
        groups = [f for op, f in term.factors if isinstance(f, Group) and isinstance(f.arg, Add)]
        if len(groups) == 1 and all(op in ("*", "", "×", "/", "÷") for op, _ in term.factors):
            factor: sp.Expr = sp.Integer(1)
            for op, f in term.factors:
                if f is not groups[0]:
                    value = builder.expr(f)
                    factor = factor / value if op in ("/", "÷") else factor * value
            assert isinstance(groups[0], Group)
            if factor.is_number and factor != 0:
                return groups[0].arg, factor
    return None, sp.Integer(1)


def _denominator_slips(sides: tuple[Node, ...], gap: sp.Expr, builder: Builder) -> Iterator[sp.Expr]:
    """The equation multiplied through by its common denominator d, with the slip of 去分母 made
    in one term: the term left without the factor d, or a numerator of several terms multiplied
    without its brackets ((x-1)/2 ×6 → 3x-1)."""
    terms = [[(sign, node, sign * builder.expr(node)) for sign, node in _terms(side)] for side in sides]
    d = sp.ilcm(*(int(sp.fraction(sp.together(v))[1].as_coeff_Mul()[0]) for side in terms for *_, v in side))
    if d <= 1:
        return
    for index, side in enumerate(terms):
        towards = 1 if index == 0 else -1  # how a term's value enters the gap
        for sign, node, value in side:
            yield d * gap - towards * (d - 1) * value
            inner, factor = _bracket(node, builder)
            if inner is None or factor.is_integer:
                continue
            parts = _value(_terms(inner), builder)
            first, rest = d * sign * factor * parts[0], sum(parts[1:], sp.Integer(0))
            for wrong in (first + rest, first - rest, first + abs(d * factor) * rest):
                if not values_equal(wrong, d * value):
                    yield d * gap - towards * d * value + towards * wrong


def _holds_term(terms: list[sp.Expr], term: sp.Expr) -> bool:
    return any(values_equal(t, term) or values_equal(t, -term) for t in terms)


def _relations(
    right: tuple[sp.Basic, Node | None], wrong: tuple[sp.Basic, Node | None], builder: Builder
) -> str | None:
    before, tree = right
    after, after_tree = wrong
    if type(after) in _FLIPPED and type(before) in _FLIPPED:
        turned = _FLIPPED[type(after)](after.lhs, after.rhs)
        if relations_equivalent(before, turned):
            return "inequality_direction"
    if isinstance(before, sp.Rel) and isinstance(after, sp.Rel) and type(after) is type(before):
        found = _rewritten(before, tree, after, after_tree, builder)
        if found:
            return found
    unknowns = before.free_symbols | after.free_symbols
    if len(unknowns) == 1:
        x = next(iter(unknowns))
        ours, theirs = solution_set(before, x), solution_set(after, x)
        lost, gained = sp.Complement(ours, theirs), sp.Complement(theirs, ours)
        if gained is sp.S.EmptySet and lost is not sp.S.EmptySet:
            return "dropped_root"
        if lost is sp.S.EmptySet and gained is not sp.S.EmptySet:
            return "extra_root"
        if _negated(lost, gained):
            return "sign"  # x = -2 或 x = 3 for x = 2 或 x = -3: the roots' signs turned round
        if _one_each(lost, gained) and not isinstance(after, sp.Rel):
            return "arithmetic"  # x = 2 或 x = -3 for x = 2 或 x = -2: one root worked out wrong
    if (
        isinstance(before, sp.Rel)
        and isinstance(after, sp.Rel)
        and _same_shape(before.lhs - before.rhs, after.lhs - after.rhs)
    ):
        return "arithmetic"
    return "other"


def _negated(lost: sp.Set, gained: sp.Set) -> bool:
    if not (isinstance(lost, sp.FiniteSet) and isinstance(gained, sp.FiniteSet)):
        return False
    return set(gained) == {-r for r in lost}


def _one_each(lost: sp.Set, gained: sp.Set) -> bool:
    return all(isinstance(s, sp.FiniteSet) and len(s) == 1 for s in (lost, gained))


def _rewritten(
    before: sp.Rel, tree: Node | None, after: sp.Rel, after_tree: Node | None, builder: Builder
) -> str | None:
    """denominator, bracket, transposition or sign, when `after` is `before` with that slip made."""
    make = type(before)
    left, right = before.lhs, before.rhs
    gap = left - right

    def same(expr: sp.Expr) -> bool:
        return relations_equivalent(make(sp.expand(expr), 0), after)

    sides = tree.items if isinstance(tree, Rel) and len(tree.items) == 2 else None
    if sides is not None:
        if any(same(slipped) for slipped in _denominator_slips(sides, gap, builder)):
            return "denominator"
        for index, side in enumerate(sides):
            value = left if index == 0 else right
            for slipped in _bracket_slips(side, builder):
                if same(gap - value + slipped if index == 0 else gap + value - slipped):
                    return "bracket"
        after_sides = (
            [_value(_terms(s), builder) for s in after_tree.items]
            if isinstance(after_tree, Rel) and len(after_tree.items) == 2
            else None
        )
        for index, side in enumerate(sides):
            for term in _value(_terms(side), builder):
                if not same(gap - 2 * term if index == 0 else gap + 2 * term):
                    continue
                # Moved with its sign kept, or flipped where it stands: the same equation, told
                # apart by where the term is now.
                if after_sides is None:
                    return "sign"
                here, there = after_sides[index], after_sides[1 - index]
                moved = any(values_equal(t, term) for t in there) or (
                    len(here) < len(_terms(side)) and not _holds_term(here, term)
                )
                return "transposition" if moved else "sign"
    flips = [gap - 2 * u for u in sp.Add.make_args(sp.expand(left))]
    flips += [gap + 2 * u for u in sp.Add.make_args(sp.expand(right))]
    flips += [left + right, -left - right]
    if any(same(f) for f in flips):
        return "sign"
    return None


def _values(
    first: list[tuple[sp.Basic, Node | None]], second: list[tuple[sp.Basic, Node | None]], builder: Builder
) -> str | None:
    chain = first[-1:] + second
    for (right, tree), (wrong, _) in itertools.pairwise(chain):
        assert isinstance(right, sp.Expr) and isinstance(wrong, sp.Expr)
        if values_equal(right, wrong):
            continue
        if tree is not None and any(values_equal(s, wrong) for s in _bracket_slips(tree, builder)):
            return "bracket"
        in_order = _left_to_right(tree, builder) if tree is not None else None
        if in_order is not None and not values_equal(in_order, right) and values_equal(in_order, wrong):
            return "order"
        terms = (
            _value(_terms(tree), builder) if tree is not None else list(sp.Add.make_args(sp.expand(right)))
        )
        if right != 0 and values_equal(wrong, -right):
            return "sign"
        if any(values_equal(wrong, right - 2 * t) for t in terms if t != 0):
            return "sign"
        if not right.free_symbols and not wrong.free_symbols:
            return "arithmetic"
        return "arithmetic" if _same_shape(right, wrong) else "other"
    return None


def _left_to_right(tree: Node, builder: Builder) -> sp.Expr | None:
    """The calculation worked strictly from left to right, × and ÷ no sooner than + and −
    (brackets and powers still first): 3+4×5 → 35. None when it is not a calculation of numbers."""
    tokens = _tokens(tree, builder)
    if tokens is None or len(tokens) < 5:
        return None
    value = tokens[0]
    for op, operand in zip(tokens[1::2], tokens[2::2], strict=True):
        assert isinstance(value, sp.Expr) and isinstance(operand, sp.Expr)
        if op == "/" and operand == 0:
            return None
        value = {"+": value + operand, "-": value - operand, "*": value * operand, "/": value / operand}[op]
    return value if isinstance(value, sp.Expr) else None


def _tokens(node: Node, builder: Builder) -> list[sp.Expr | str] | None:
    """[number, op, number, op, …] as written; brackets and powers are numbers already worked out."""
    out: list[sp.Expr | str] = []
    if isinstance(node, Add):
        for i, (sign, term) in enumerate(node.terms):
            inner = _tokens(term, builder)
            if inner is None:
                return None
            if i:
                out.append("+" if sign > 0 else "-")
            elif sign < 0:
                first = inner[0]
                if not isinstance(first, sp.Expr):  # a leading operator: not written as counted
                    return None
                inner[0] = -first
            out += inner
        return out
    if isinstance(node, Mul | Frac):
        pairs = node.factors if isinstance(node, Mul) else (("*", node.num), ("/", node.den))
        for i, (op, factor) in enumerate(pairs):
            inner = _tokens(factor, builder)
            if inner is None:
                return None
            if i:
                out.append("/" if op in ("/", "÷") else "*")
            out += inner
        return out
    value = builder.expr(node)
    return [value] if value.is_number else None


def _same_shape(a: sp.Expr, b: sp.Expr) -> bool:
    """The same monomials with (some) other numbers: a slip in a calculation, not a wrong method."""
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    if not symbols:
        return True
    try:
        ours = sp.Poly(sp.numer(sp.together(a)), *symbols).monoms()
        theirs = sp.Poly(sp.numer(sp.together(b)), *symbols).monoms()
    except sp.PolynomialError:
        return False
    return set(theirs) == set(ours)
