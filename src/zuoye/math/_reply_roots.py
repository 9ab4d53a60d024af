"""Roots and systems in a reply, for `_reply`: the set of values given to each unknown (x₁ = x₂ = 2
is one root, x = ±3 two, "两个根分别是 2 和 3" and {2, 3} give them without a name), and a system's
several solutions pair by pair, in the groups written (x=3, y=4 或 x=4, y=3).
"""

from __future__ import annotations

import sympy as sp

from zuoye.math._answer_read import Reading, read
from zuoye.math._build import Builder
from zuoye.math._check import parse_solver_answer, values_equal
from zuoye.math._reply_approx import rounded_sets, shown_answer, unread
from zuoye.math._types import Solution, Verdict
from zuoye.messages import say


def _expected_roots(sol: Solution, builder: Builder) -> dict[str, list[sp.Expr]]:
    expected: dict[str, list[sp.Expr]] = {}
    for a in sol.answer:
        for item in parse_solver_answer(a, builder):
            for eq in item.args if isinstance(item, sp.And) else [item]:
                if isinstance(eq, sp.Eq) and isinstance(eq.lhs, sp.Symbol):
                    expected.setdefault(eq.lhs.name.split("_")[0], []).append(eq.rhs)
    return expected


def judge_roots(sol: Solution, text: str) -> Verdict | None:
    builder = Builder()
    if sol.answer == ["True"]:
        reading = read(text, builder, units=False)
        if reading.all_reals:
            return Verdict("agree", text, say("math.reply.all_reals"))
        return None
    reading = read(text, builder, units=False)
    expected = _expected_roots(sol, builder)
    variables = sol.variables or sorted(expected) or ["x"]
    got = _given_roots(reading, variables)
    if not sol.answer:
        if reading.no_solution and not any(got.values()):
            return Verdict("agree", text, say("math.reply.both_no_solution"))
        if reading.unreadable:
            return unread(text, reading.unreadable[0])
        if any(got.values()):
            return Verdict("disagree", text, say("math.reply.solutions_for_none"))
        return None
    if not any(got.values()):
        if reading.unreadable:
            return unread(text, reading.unreadable[0])
        if reading.no_solution:
            return Verdict("disagree", text, say("math.reply.says_none", answer=shown_answer(sol)))
        return None
    pairs = _expected_pairs(sol, builder, variables)
    if pairs is not None and reading.tuples and not any(reading.assigned.get(v) for v in variables):
        return _judge_pairs(pairs, reading.tuples, variables, text)
    for var in variables:
        want = expected.get(var, [])
        have = got.get(var)
        if not have:  # this unknown's value is not in the passage: not read, not wrong
            return unread(text, reading.unreadable[0]) if reading.unreadable else None
        if not _same_sets(want, have):
            listed = [v for t in reading.tuples for v in t]  # {1/2, -1/2} is a set of roots, all claimed
            loose = not reading.assigned.get(var) and not all(_among(h, listed) for h in have)
            if loose and _same_sets(want, [h for h in have if _among(h, want)]):
                # Unnamed numbers, the roots among them and more: "方程的根是 2 和 3，它们的和是 5".
                # Which numbers are roots the words say, and the checker does not read them.
                return Verdict("unknown", text, say("math.reply.several_values"))
            if rounded_sets(want, have, text):
                # x = 4.30 或 x = 0.70 for (5 ± √13)/2: each root rounded to the digits written
                return Verdict("agree", text, say("math.reply.approximation"))
            if rounded_sets(want, have, text, least=1):
                # x = 4.3 或 x = 0.7: right to one place, too few digits to tell from a slip
                return Verdict("unknown", text, say("math.reply.too_few_digits"))
            if reading.unreadable and all(_among(h, want) for h in have):
                # Every value read is right and some are missing: they may be in what was not read
                # ("the roots are 2 and 3" reads as 3 alone).
                return unread(text, reading.unreadable[0])
            shown = ", ".join(sorted({_show(v) for v in want}))
            return Verdict("disagree", text, say("math.reply.values_differ", var=var, shown=shown))
    if pairs is not None:
        # Each unknown's values are right, but a solution is a pair: x = 3, y = 3 或 x = 4, y = 4 has
        # the right values of x and of y in the wrong pairs.
        written = _written_pairs(reading, variables)
        if written is None:
            return unread(text)  # x = ±3, y = 4: which y goes with which x is not said
        return _judge_pairs(pairs, written, variables, text)
    if any(name not in variables and values for name, values in reading.assigned.items() if name in "xyzw"):
        # x = 2, y = 1, z = 0 for a system in x and y: the reply solved a question with another
        # unknown in it, and its x and y are not evidence for this one
        return unread(text)
    return Verdict("agree", text, say("math.reply.same_solutions"))


def _expected_pairs(sol: Solution, builder: Builder, variables: list[str]) -> list[list[sp.Expr]] | None:
    """A system's solutions as tuples in `variables` order, when it has several (else None: one
    solution, or one unknown, where each unknown's values say it all)."""
    if len(variables) < 2 or len(sol.answer) < 2:
        return None
    out: list[list[sp.Expr]] = []
    for a in sol.answer:
        items = parse_solver_answer(a, builder)
        if len(items) != 1 or not isinstance(items[0], sp.And):
            return None
        named = {eq.lhs.name: eq.rhs for eq in items[0].args if isinstance(eq, sp.Eq)}
        if set(named) != set(variables):
            return None
        out.append([named[v] for v in variables])
    return out


def _written_pairs(reading: Reading, variables: list[str]) -> list[list[sp.Expr]] | None:
    """The solutions as the passage writes them, one group of assignments each (x = 3, y = 4 或
    x = 4, y = 3); None when a group does not give every unknown exactly one value."""
    groups: list[dict[str, sp.Expr]] = []
    for name, value in reading.written:
        if name not in variables:
            continue
        if not groups or name in groups[-1]:
            groups.append({})
        groups[-1][name] = value
    if not groups or any(len(g) != len(variables) for g in groups):
        return None
    return [[g[v] for v in variables] for g in groups]


def _judge_pairs(
    want: list[list[sp.Expr]], have: list[list[sp.Expr]], variables: list[str], text: str
) -> Verdict:
    if any(len(t) != len(variables) for t in have):
        return unread(text)

    def same(p: list[sp.Expr], q: list[sp.Expr]) -> bool:
        return all(values_equal(a, b) for a, b in zip(p, q, strict=True))

    if all(any(same(w, h) for h in have) for w in want) and all(any(same(h, w) for w in want) for h in have):
        return Verdict("agree", text, say("math.reply.same_solutions"))
    shown = ", ".join("(" + ", ".join(_show(v) for v in w) + ")" for w in want)
    return Verdict(
        "disagree", text, say("math.reply.values_differ", var=f"({', '.join(variables)})", shown=shown)
    )


def _given_roots(reading: Reading, variables: list[str]) -> dict[str, list[sp.Expr]]:
    """Values given for each unknown: named (x = …), else a tuple (2, 3) in order, else bare values."""
    got: dict[str, list[sp.Expr]] = {v: list(reading.assigned.get(v, [])) for v in variables}
    if len(variables) == 1:
        var = variables[0]
        bare = [v for v in reading.bare if not v.free_symbols]
        if got[var]:
            got[var] += [v for v in reading.continuing if not v.free_symbols]  # "x = 2 或 3"
        else:
            flat = [v for t in reading.tuples for v in t]
            got[var] = bare or flat
        return got
    for values in reading.tuples:
        if len(values) == len(variables):
            for var, value in zip(variables, values, strict=True):
                if not got[var]:
                    got[var] = [value]
    return got


def _among(value: sp.Expr, values: list[sp.Expr]) -> bool:
    return any(values_equal(value, v) for v in values)


def _same_sets(a: list[sp.Expr], b: list[sp.Expr]) -> bool:
    return all(any(values_equal(x, y) for y in b) for x in a) and all(
        any(values_equal(x, y) for y in a) for x in b
    )


def _show(value: sp.Expr) -> str:
    return str(value).replace("sqrt", "√").replace("**", "^")
