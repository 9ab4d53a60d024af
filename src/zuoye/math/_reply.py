"""compare_reply: find the final answer in a model's free-text reply and compare it with ours.

Where the answer is (boxed, after 答：/最终答案/…, after 所以/∴/…, else the last line) is found
by `_answer_text`; what it says (values, roots, sets, "无实数根", ℝ) is read by `_answer_read`.
Here each kind of answer is judged:
- roots and systems: the set of values given to each unknown (x₁ = x₂ = 2 is one root, x = ±3
  two; "两个根分别是 2 和 3" and {2, 3} give them without a name); a system with several solutions
  pair by pair, in the groups written (x=3, y=4 或 x=4, y=3);
- solution sets: intervals, unions, relations joined by 或/且, set-builder, ℝ, ∅;
- values and expressions: the last value the passage claims (原式 = … = 5/6 claims 5/6);
  a factorisation must be a complete product, an expansion a sum; an antiderivative may differ by
  a constant (and only an antiderivative may carry + C); a measure must be in its unit or one of
  its kind, converted (9 cm for 9 cm² is wrong, 0.08 米 for 8 厘米 right); a general solution
  x = a + kπ may start from any point of its family.

Trust: "agree" needs the answer read completely and equal. A passage that cannot be read, or is
ambiguous (the right value is there but is not what the passage ends on), is "unknown" with the
reason — never "disagree". The weak source (a last line with no label) can only agree.

Approximations (documented choice): "≈0.833", "约等于 0.833", or a bare decimal that is not
exactly equal, agree when they round correctly to the digits written (two at least, unless marked
约/≈/… ); π taken as 3.14 (12.56 for 4π) agrees; if the reply also states an exact value, the
exact value is what is compared, and the approximation is ignored.
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._answer_read import REJECTED, Reading, read
from zuoye.math._answer_text import Passage, final_passages
from zuoye.math._build import Builder
from zuoye.math._check import parse_solver_answer, relations_equivalent, values_equal
from zuoye.math._errors import MathError
from zuoye.math._fmt import tex
from zuoye.math._inequality import set_to_answer
from zuoye.math._types import Solution, Verdict
from zuoye.math._units import measure, measures
from zuoye.messages import say

MAX_REPLY_CHARS = 20_000
_APPROX = re.compile(r"(?:约等于|大约是|约为|大约|近似为|近似等于|约|≈|approximately)\s*(-?\d+(?:\.(\d+))?)")
_TRUNCATED = re.compile(r"(-?\d+\.(\d+))\s*(?:…|\.{2,}|⋯|\\cdots|\\ldots|\\dots)")
_NEGATION = re.compile(r"不是(?!(?:原方程的|方程的)?增根)|不满足|不成立|并非|\bnot\b", re.I)
_FAILURES = (
    MathError,
    ArithmeticError,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
    RecursionError,
    NotImplementedError,
)


def compare_reply(sol: Solution, reply: str) -> Verdict:
    if not isinstance(reply, str) or not reply.strip():
        return Verdict("unknown", None, say("math.reply.empty"))
    for passage in final_passages(reply[-MAX_REPLY_CHARS:]):
        try:
            verdict = _judge(sol, passage)
        except _FAILURES:
            verdict = _unread(passage.text)
        if verdict is None:
            continue  # nothing about this problem's answer here (a check: 左边 = 右边): look further
        if verdict.status == "unknown":
            # The answer is here but could not be read: an earlier line is working, not the answer.
            return verdict
        if passage.weak and verdict.status != "agree":
            return Verdict("unknown", passage.text, say("math.reply.no_marked_answer"))
        if verdict.status == "agree" and _NEGATION.search(passage.text) and not REJECTED.search(passage.text):
            # "x=2 是原方程的解，x=3 不是": a value said not to be the answer, in words the reader
            # does not take apart (a rejection it does: 舍去, 增根, 不合题意)
            return _unread(passage.text)
        return verdict
    return Verdict("unknown", None, say("math.reply.no_answer"))


def _unread(text: str, part: str | None = None) -> Verdict:
    shown = (part or text)[:80]
    return Verdict("unknown", text, say("math.reply.unreadable", shown=shown))


def _judge(sol: Solution, passage: Passage) -> Verdict | None:
    if sol.form in ("roots", "assignment"):
        return _judge_roots(sol, passage.text)
    if sol.form == "relation":
        return _judge_relation(sol, passage.text)
    return _judge_values(sol, passage.text)


# -- roots and systems ------------------------------------------------------------------------
def _expected_roots(sol: Solution, builder: Builder) -> dict[str, list[sp.Expr]]:
    expected: dict[str, list[sp.Expr]] = {}
    for a in sol.answer:
        for item in parse_solver_answer(a, builder):
            for eq in item.args if isinstance(item, sp.And) else [item]:
                if isinstance(eq, sp.Eq) and isinstance(eq.lhs, sp.Symbol):
                    expected.setdefault(eq.lhs.name.split("_")[0], []).append(eq.rhs)
    return expected


def _judge_roots(sol: Solution, text: str) -> Verdict | None:
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
            return _unread(text, reading.unreadable[0])
        if any(got.values()):
            return Verdict("disagree", text, say("math.reply.solutions_for_none"))
        return None
    if not any(got.values()):
        if reading.unreadable:
            return _unread(text, reading.unreadable[0])
        if reading.no_solution:
            return Verdict("disagree", text, say("math.reply.says_none", answer=", ".join(sol.answer)))
        return None
    pairs = _expected_pairs(sol, builder, variables)
    if pairs is not None and reading.tuples and not any(reading.assigned.get(v) for v in variables):
        return _judge_pairs(pairs, reading.tuples, variables, text)
    for var in variables:
        want = expected.get(var, [])
        have = got.get(var)
        if not have:  # this unknown's value is not in the passage: not read, not wrong
            return _unread(text, reading.unreadable[0]) if reading.unreadable else None
        if not _same_sets(want, have):
            listed = [v for t in reading.tuples for v in t]  # {1/2, -1/2} is a set of roots, all claimed
            loose = not reading.assigned.get(var) and not all(_among(h, listed) for h in have)
            if loose and _same_sets(want, [h for h in have if _among(h, want)]):
                # Unnamed numbers, the roots among them and more: "方程的根是 2 和 3，它们的和是 5".
                # Which numbers are roots the words say, and the checker does not read them.
                return Verdict("unknown", text, say("math.reply.several_values"))
            if _rounded_sets(want, have, text):
                # x = 4.30 或 x = 0.70 for (5 ± √13)/2: each root rounded to the digits written
                return Verdict("agree", text, say("math.reply.approximation"))
            if _rounded_sets(want, have, text, least=1):
                # x = 4.3 或 x = 0.7: right to one place, too few digits to tell from a slip
                return Verdict("unknown", text, say("math.reply.too_few_digits"))
            if reading.unreadable and all(_among(h, want) for h in have):
                # Every value read is right and some are missing: they may be in what was not read
                # ("the roots are 2 and 3" reads as 3 alone).
                return _unread(text, reading.unreadable[0])
            shown = ", ".join(sorted({_show(v) for v in want}))
            return Verdict("disagree", text, say("math.reply.values_differ", var=var, shown=shown))
    if pairs is not None:
        # Each unknown's values are right, but a solution is a pair: x = 3, y = 3 或 x = 4, y = 4 has
        # the right values of x and of y in the wrong pairs.
        written = _written_pairs(reading, variables)
        if written is None:
            return _unread(text)  # x = ±3, y = 4: which y goes with which x is not said
        return _judge_pairs(pairs, written, variables, text)
    if any(name not in variables and values for name, values in reading.assigned.items() if name in "xyzw"):
        # x = 2, y = 1, z = 0 for a system in x and y: the reply solved a question with another
        # unknown in it, and its x and y are not evidence for this one
        return _unread(text)
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
        return _unread(text)

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


def _rounded_sets(want: list[sp.Expr], have: list[sp.Expr], text: str, least: int = 2) -> bool:
    """Every root given as a decimal rounded from a root of ours, and every root of ours given so,
    to the digits the passage writes (4.30 has two, though it reads as 43/10): `least` at least."""
    written = [len(d) for d in re.findall(r"\d\.(\d+)", text)]
    digits = min(written) if written else 0
    if digits < least or not all(h.is_Rational and not h.is_Integer for h in have):
        return False

    def near(w: sp.Expr, h: sp.Expr) -> bool:
        return _rounds_to(w, h, digits) and not values_equal(w, h)

    return all(any(near(w, h) for w in want) for h in have) and all(
        any(near(w, h) for h in have) for w in want
    )


def _among(value: sp.Expr, values: list[sp.Expr]) -> bool:
    return any(values_equal(value, v) for v in values)


def _same_sets(a: list[sp.Expr], b: list[sp.Expr]) -> bool:
    return all(any(values_equal(x, y) for y in b) for x in a) and all(
        any(values_equal(x, y) for y in a) for x in b
    )


def _show(value: sp.Expr) -> str:
    return str(value).replace("sqrt", "√").replace("**", "^")


# -- solution sets ----------------------------------------------------------------------------
def _judge_relation(sol: Solution, text: str) -> Verdict | None:
    builder = Builder()
    x = builder.symbol(sol.variables[0] if sol.variables else "x")
    expected = _expected_set(sol, builder)
    reading = read(text, builder, units=False, intervals=True)
    if reading.unreadable:
        return _unread(text, reading.unreadable[0])
    try:
        got = _read_set(reading, x)
    except _Restated:
        return _unread(text)
    if got is None:
        return None
    if got == expected:
        return Verdict("agree", text, say("math.reply.same_set"))
    answer, _ = set_to_answer(expected, x) if expected is not sp.S.EmptySet else ([], "")
    if answer and answer != ["True"]:
        shown = say("math.reply.or").join(answer)
    else:
        shown = say("math.reply.all_real_numbers" if answer else "math.reply.no_solution")
    return Verdict("disagree", text, say("math.reply.set_differs", shown=shown))


def _read_set(reading: Reading, x: sp.Symbol) -> sp.Set | None:
    pieces: list[tuple[str, sp.Set]] = list(reading.sets)
    for joiner, rel in reading.relations:
        if rel.free_symbols - {x}:
            continue  # Δ < 0, a condition on another letter: not the solution set
        if not rel.free_symbols:
            continue
        as_set = rel.as_set() if isinstance(rel, sp.And | sp.Or | sp.Not) else sp.solveset(rel, x, sp.S.Reals)
        pieces.append((joiner, as_set))
    if not pieces:
        if reading.all_reals and not reading.no_solution:
            return sp.S.Reals
        if reading.no_solution and not reading.all_reals:
            return sp.S.EmptySet
        return None
    total = pieces[0][1]
    for joiner, piece in pieces[1:]:
        if joiner == "或":
            total = sp.Union(total, piece)
        elif joiner == "且":
            total = sp.Intersection(total, piece)
        else:  # a comma: "x < 1, x > 3" lists pieces of a union; "x ≥ 1, x ≤ 3" narrows
            meet = sp.Intersection(total, piece)
            if meet is not sp.S.EmptySet and total != piece and meet in (total, piece):
                # One inside the other: "x < 2，即 (-∞, 3)" says the set twice, differently. Which
                # one the reply means is not for the checker to pick (the narrower would agree).
                raise _Restated
            total = sp.Union(total, piece) if meet is sp.S.EmptySet else meet
    return total


class _Restated(Exception):
    """An answer passage that states its solution set twice, and differently."""


def _expected_set(sol: Solution, builder: Builder) -> sp.Set:
    if not sol.answer:
        return sp.S.EmptySet
    if sol.answer == ["True"]:
        return sp.S.Reals
    total: sp.Set = sp.S.EmptySet
    for a in sol.answer:
        for item in parse_solver_answer(a, builder):
            total = sp.Union(total, item.as_set())
    return total


# -- values and expressions -------------------------------------------------------------------
# A maximum and a minimum are different answers: a passage that names only the one the question
# did not ask for ("最小值为 4" for 求最大值) is not read as the one it did.
_EXTREMA = (("最大值", "最小值"), ("极大值", "极小值"))


def _names_the_other_extremum(sol: Solution, text: str) -> bool:
    for pair in _EXTREMA:
        for asked, other in (pair, pair[::-1]):
            if asked in sol.question and other not in sol.question and other in text and asked not in text:
                return True
    return False


def _judge_values(sol: Solution, text: str) -> Verdict | None:
    if _names_the_other_extremum(sol, text):
        return _unread(text)
    builder = Builder()
    everything = [v for a in sol.answer for v in parse_solver_answer(a, builder)]
    expected = [e for e in everything if isinstance(e, sp.Expr)]
    lines = [e for e in everything if isinstance(e, sp.Eq)]
    complex_answer = any(s.name == "I" for e in expected for s in e.free_symbols)
    if complex_answer:
        # SymPy's I in ours and the reply's i are the imaginary unit, not letters (5 + 5i); read
        # as letters, the two never compared equal.
        expected = [e.subs(builder.symbol("I"), sp.I) for e in expected]
    numeric = bool(expected) and all(not e.free_symbols for e in expected)
    reading = read(text, builder, units=numeric, constant=sol.form == "antiderivative")
    if complex_answer:
        reading.claims = [c.subs(builder.symbol("i"), sp.I) for c in reading.claims]
    if not expected and len(lines) == 1:
        return _judge_line(lines[0], reading)
    if not expected:
        if reading.no_solution:
            return Verdict("agree", text, say("math.reply.both_none"))
        return None
    claims = [c for c in reading.claims if not numeric or not c.free_symbols]
    if not claims:
        approx = _judge_approx(sol, expected, text)
        if approx is None and reading.unreadable:
            return _unread(text, reading.unreadable[0])
        return approx
    n = len(expected)
    last = claims[-n:]
    if len(last) == n and all(_close_enough(sol, e, f) for e, f in zip(expected, last, strict=True)):
        wrong_form = _wrong_form(sol.form, last[0], expected[0])
        if wrong_form:
            return Verdict("disagree", text, wrong_form)
        if numeric and _wrong_unit(sol.unit, text):
            return Verdict("disagree", text, say("math.reply.unit_differs", unit=sol.unit))
        return Verdict("agree", text, say("math.reply.same_answer"))
    if len(last) == n and all(
        _decimal_match(e, f) or _decimal_match(_school_pi(e), f) or f == _school_pi(e)
        for e, f in zip(expected, last, strict=True)
    ):
        if numeric and _wrong_unit(sol.unit, text):
            return Verdict("disagree", text, say("math.reply.unit_differs", unit=sol.unit))
        return Verdict("agree", text, say("math.reply.approximation"))
    marked = _marked_approximation(text)
    stated = any(_close_enough(sol, e, c) for e in expected for c in claims)  # 5/6，约等于 0.85
    if n == 1 and marked is not None and marked[0] == last[-1] and not stated:
        # The final value is said to be approximate (约 0.7, 0.6666…): judged as the approximation
        # it says it is, to the digits written, not as an exact value.
        verdict = _judge_approx(sol, expected, text)
        if verdict is not None and verdict.status == "agree" and _wrong_unit(sol.unit, text):
            return Verdict("disagree", text, say("math.reply.unit_differs", unit=sol.unit))
        return verdict
    if n == 1 and numeric and _converted(sol.unit, expected[0], last[-1], text):
        return Verdict("agree", text, say("math.reply.converted"))
    if n == 1 and "\\%" in sol.answer_latex and "%" not in text and values_equal(expected[0] * 100, last[-1]):
        # 百分之几？ answered "25": the number of hundredths, its % sign left out — not 25 itself
        return Verdict("unknown", text, say("math.reply.percent_sign"))
    if n == 1 and _rounded_sets(expected, last, text, least=1):
        return Verdict("unknown", text, say("math.reply.too_few_digits"))  # 0.6 for 0.583…
    if reading.unreadable:
        return _unread(text, reading.unreadable[0])
    if any(_close_enough(sol, e, c) for e in expected for c in claims):
        return Verdict("unknown", text, say("math.reply.several_values"))
    return Verdict("disagree", text, say("math.reply.answer_differs", answer=", ".join(sol.answer)))


def _marked_approximation(text: str) -> tuple[sp.Rational, int, bool] | None:
    """The last value the text marks as approximate: (value, digits after the point, cut off)."""
    marks = [(m.start(), m.group(1), m.group(2), False) for m in _APPROX.finditer(text)]
    marks += [(m.start(), m.group(1), m.group(2), True) for m in _TRUNCATED.finditer(text)]
    if not marks:
        return None
    _, number, decimals, cut = max(marks)
    return sp.Rational(number), len(decimals or ""), cut


def _judge_approx(sol: Solution, expected: list[sp.Expr], text: str) -> Verdict | None:
    marked = _marked_approximation(text)
    if marked is None or len(expected) != 1:
        return None
    value, digits, cut = marked
    if cut:  # 0.6666… : the digits written are the value's own, cut off
        near = bool(abs(sp.N(expected[0], 30) - value) < sp.Rational(1, 10**digits))
        if near:
            return Verdict("agree", text, say("math.reply.approximation_agrees", answer=sol.answer[0]))
        return Verdict(
            "disagree", text, say("math.reply.approximation_differs", answer=", ".join(sol.answer))
        )
    if _rounds_to(expected[0], value, digits) or _rounds_to(_school_pi(expected[0]), value, digits):
        return Verdict("agree", text, say("math.reply.approximation_agrees", answer=sol.answer[0]))
    return Verdict("disagree", text, say("math.reply.approximation_differs", answer=", ".join(sol.answer)))


def _wrong_form(form: str, found: sp.Expr, expected: sp.Expr) -> str | None:
    """A factorisation must be a product and an expansion a sum, or the task was not done —
    unless the solver's own answer is not a product either (x² + x + 1 does not factor)."""
    if form == "factored" and not isinstance(expected, sp.Mul | sp.Pow):
        done = isinstance(found, sp.Mul | sp.Pow) or sp.expand(found) == found
        return None if done else say("math.reply.not_factored")  # x(x+1)+1 is neither
    if form == "factored" and not (isinstance(found, sp.Mul | sp.Pow) and found != sp.expand(found)):
        return say("math.reply.not_factored")
    if form == "factored":
        # 分解要彻底: x(x²-1) is a product, but not the factorisation asked for. (A common number
        # left inside, (2x+4)(x-2), cannot be told here: SymPy writes 2(x+2)(x-2) that way too.)
        for factor in sp.Mul.make_args(found):
            base = factor.base if isinstance(factor, sp.Pow) else factor
            if not base.free_symbols:
                continue
            _, parts = sp.factor_list(base)
            if len(parts) > 1 or parts[0][1] > 1:
                return say("math.reply.not_fully_factored", factor=tex(base))
    if form == "expanded" and sp.expand(found) != found:
        return say("math.reply.not_expanded")
    return None


def _wrong_unit(unit: str, text: str) -> bool:
    """The answer is a measure (a length, area, volume, mass, sum of money) and every unit of
    measure the passage writes is another one: 9 cm for an area of 9 cm², 40 平方米 for 40 平方厘米,
    160 角 for 160 元. A passage with no unit is not wrong here, nor one that also writes the right
    unit (边长 3 cm，面积 9 cm²)."""
    want = measure(unit) if unit else None
    if want is None:
        return False
    found = measures(text)
    return bool(found) and want not in found


def _converted(unit: str, expected: sp.Expr, found: sp.Expr, text: str) -> bool:
    """The answer given in another unit of the same kind, converted rightly: 0.08 米 or 80 毫米
    for 8 厘米, 1600 角 for 160 元 (the last such unit the passage writes is the answer's)."""
    want = measure(unit) if unit else None
    if want is None:
        return False
    same_kind = [m for m in measures(text) if m[:2] == want[:2] and m != want]
    return bool(same_kind) and values_equal(expected * want[2] / same_kind[-1][2], found)


def _judge_line(expected: sp.Eq, reading: Reading) -> Verdict | None:
    """An answer that is itself an equation (a tangent line y = 2x - 1): same line, any arrangement.
    Several lines in the passage (切线 y = 2x - 1，法线 y = -x/2 + 3/2) that do not all agree or
    all disagree leave the answer unknown: which one is the answer, only the words say."""
    candidates = [eq for eq in reading.equations if eq.free_symbols]
    lines = [eq for eq in candidates if eq.free_symbols == expected.free_symbols] or candidates[-1:]
    if not lines:
        return None
    verdicts = {_same_line(expected, eq) for eq in lines}
    if len(verdicts) > 1:
        return Verdict("unknown", reading.passage, say("math.reply.several_values"))
    same = verdicts.pop()
    # As the student writes it (SymPy's own text, Eq(y, 2*x - 1), is nobody's maths).
    shown = f"${sp.latex(expected.lhs)} = {sp.latex(expected.rhs)}$"
    return Verdict(
        "agree" if same else "disagree",
        reading.passage,
        say("math.reply.same_equation") if same else say("math.reply.expected", shown=shown),
    )


def _same_line(expected: sp.Eq, found: sp.Eq) -> bool:
    family = _same_family(expected, found)
    return relations_equivalent(expected, found) if family is None else family


_PARAMETERS = ("k", "n", "m")  # the integer a general solution runs over: x = π/4 + kπ, k ∈ ℤ


def _same_family(expected: sp.Eq, found: sp.Eq) -> bool | None:
    """x = a + pk and x = b + qk (k any integer) are the same solutions when |p| = |q| and b - a
    is a whole number of periods: π/4 + kπ is 5π/4 + kπ, and π/4 + nπ. None when either is not
    such a family (a tangent line, a single value): judged as equations instead."""
    if not (isinstance(expected.lhs, sp.Symbol) and isinstance(found.lhs, sp.Symbol)):
        return None
    if expected.lhs.name != found.lhs.name:
        return None
    lines = []
    for eq in (expected, found):
        params = [s for s in eq.rhs.free_symbols if s.name in _PARAMETERS]
        if len(params) != 1 or eq.rhs.free_symbols != {params[0]}:
            return None
        k = params[0]
        period = sp.diff(eq.rhs, k)
        if period.has(k) or period == 0:
            return None
        lines.append((eq.rhs.subs(k, 0), period))
    (a, p), (b, q) = lines
    steps = sp.simplify((b - a) / p)
    return bool(sp.simplify(abs(p) - abs(q)) == 0 and steps.is_integer)


def _close_enough(sol: Solution, expected: sp.Expr, found: sp.Expr) -> bool:
    if "\\circ" in sol.answer_latex and values_equal(expected * sp.pi / 180, found):
        return True  # an angle in degrees: the reader reads 70° as 70·π/180, the answer says 70
    if sol.form == "antiderivative":
        symbols = sorted(expected.free_symbols | found.free_symbols, key=lambda s: s.name)
        if len(symbols) == 1:
            x = symbols[0]
            return values_equal(sp.diff(expected, x), sp.diff(found, x))
    return values_equal(expected, found)


def _decimal_match(expected: sp.Expr, found: sp.Expr) -> bool:
    if not found.is_Rational or found.is_Integer:
        return False
    text = str(sp.N(found, 20)).rstrip("0")
    digits = len(text.split(".")[1]) if "." in text else 0
    return digits >= 2 and _rounds_to(expected, found, digits)


def _school_pi(value: sp.Expr) -> sp.Expr:
    """The value with π taken as 3.14, as school work computes it (4π ≈ 12.56, not 12.57)."""
    return value.subs(sp.pi, sp.Rational(314, 100)) if value.has(sp.pi) else value


def _rounds_to(expected: sp.Expr, value: sp.Expr, digits: int) -> bool:
    if not expected.is_number:
        return False
    tolerance = sp.Rational(1, 10**digits) * sp.Rational(51, 100)
    return bool(abs(sp.N(expected, 30) - value) <= tolerance)


__all__ = ["compare_reply", "relations_equivalent"]
