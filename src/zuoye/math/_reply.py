"""compare_reply: find the final answer in a model's free-text reply and compare it with ours.

Where the answer is (boxed, after 答：/最终答案/…, after 所以/∴/…, else the last line) is found
by `_answer_text`; what it says (values, roots, sets, "无实数根", ℝ) is read by `_answer_read`.
Here each kind of answer is judged (roots in `_reply_roots`; approximations and units of
measure in `_reply_approx`):
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
from zuoye.math._reply_approx import (
    converted,
    decimal_match,
    judge_approx,
    marked_approximation,
    rounded_sets,
    school_pi,
    shown_answer,
    unread,
    wrong_unit,
)
from zuoye.math._reply_roots import judge_roots
from zuoye.math._types import Solution, Verdict
from zuoye.messages import say

MAX_REPLY_CHARS = 20_000
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
            verdict = unread(passage.text)
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
            return unread(passage.text)
        return verdict
    return Verdict("unknown", None, say("math.reply.no_answer"))


def _judge(sol: Solution, passage: Passage) -> Verdict | None:
    if sol.form in ("roots", "assignment"):
        return judge_roots(sol, passage.text)
    if sol.form == "relation":
        return _judge_relation(sol, passage.text)
    return _judge_values(sol, passage.text)


# -- roots and systems ------------------------------------------------------------------------
# -- solution sets ----------------------------------------------------------------------------
def _judge_relation(sol: Solution, text: str) -> Verdict | None:
    builder = Builder()
    x = builder.symbol(sol.variables[0] if sol.variables else "x")
    expected = _expected_set(sol, builder)
    reading = read(text, builder, units=False, intervals=True)
    if reading.unreadable:
        return unread(text, reading.unreadable[0])
    try:
        got = _read_set(reading, x)
    except _Restated:
        return unread(text)
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
        return unread(text)
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
        approx = judge_approx(sol, expected, text)
        if approx is None and reading.unreadable:
            return unread(text, reading.unreadable[0])
        return approx
    n = len(expected)
    last = claims[-n:]
    if len(last) == n and all(_close_enough(sol, e, f) for e, f in zip(expected, last, strict=True)):
        wrong_form = _wrong_form(sol.form, last[0], expected[0])
        if wrong_form:
            return Verdict("disagree", text, wrong_form)
        return _in_its_unit(sol, Verdict("agree", text, say("math.reply.same_answer")), numeric=numeric)
    if len(last) == n and all(
        decimal_match(e, f) or decimal_match(school_pi(e), f) or f == school_pi(e)
        for e, f in zip(expected, last, strict=True)
    ):
        return _in_its_unit(sol, Verdict("agree", text, say("math.reply.approximation")), numeric=numeric)
    marked = marked_approximation(text)
    stated = any(_close_enough(sol, e, c) for e in expected for c in claims)  # 5/6，约等于 0.85
    if n == 1 and marked is not None and marked[0] == last[-1] and not stated:
        # The final value is said to be approximate (约 0.7, 0.6666…): judged as the approximation
        # it says it is, to the digits written, not as an exact value.
        verdict = judge_approx(sol, expected, text)
        return None if verdict is None else _in_its_unit(sol, verdict)
    if n == 1 and numeric and converted(sol.unit, expected[0], last[-1], text):
        return Verdict("agree", text, say("math.reply.converted"))
    if n == 1 and "\\%" in sol.answer_latex and "%" not in text and values_equal(expected[0] * 100, last[-1]):
        # 百分之几？ answered "25": the number of hundredths, its % sign left out — not 25 itself
        return Verdict("unknown", text, say("math.reply.percent_sign"))
    if n == 1 and rounded_sets(expected, last, text, least=1):
        return Verdict("unknown", text, say("math.reply.too_few_digits"))  # 0.6 for 0.583…
    if reading.unreadable:
        return unread(text, reading.unreadable[0])
    if any(_close_enough(sol, e, c) for e in expected for c in claims):
        return Verdict("unknown", text, say("math.reply.several_values"))
    return Verdict("disagree", text, say("math.reply.answer_differs", answer=shown_answer(sol)))


def _in_its_unit(sol: Solution, verdict: Verdict, *, numeric: bool = True) -> Verdict:
    """An agreeing number written in another unit of measure (9 cm for an area of 9 cm²) is not
    the answer."""
    if verdict.status == "agree" and numeric and wrong_unit(sol.unit, verdict.found or ""):
        return Verdict("disagree", verdict.found, say("math.reply.unit_differs", unit=sol.unit))
    return verdict


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


__all__ = ["compare_reply", "relations_equivalent"]
