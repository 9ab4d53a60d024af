"""solving_steps: the maths in a passage that moves a question toward its answer.

A hint may give the next step; it may not walk through the solution. To tell the two apart the
tutor needs to know, for each piece of maths in a sentence of the reply, whether it is
- a restatement of the question ($2x+3=7$ for 解方程 2x+3=7) or unrelated maths: not a step;
- a step derived from the question: an equation the answer satisfies ($2x = 7 - 3$, $y = 5 - x$
  for a system whose answer is x = 3, y = 2), a relation with the same solution set, or a value
  equal to the answer ($\\frac{3}{6} + \\frac{2}{6}$ for 1/2 + 1/3);
- and whether that step is one short step from the answer ("near"): an equation in one unknown
  that one operation solves ($2x = 6$, $x - 2 = 0$, $(x-2)(x-3) = 0$, $x^2 = 9$), or a value one
  operation from the result ($\\frac{3}{6} + \\frac{2}{6}$).

Pieces are maths spans ($…$, $$…$$, \\(…\\), or a bare run such as x+y=5 when the sentence has no
LaTeX), cut at 或, commas and cases rows, and chains a = b = c into a = b, a = c. A piece that
cannot be read is left out: this only ever lets text through, it never invents a step.
"""

from __future__ import annotations

import re
from collections import Counter

import sympy as sp

# What reading a piece may raise means "this piece could not be read", as for an answer.
from zuoye.math._answer_read import _UNREADABLE as _FAILURES
from zuoye.math._answer_read import _split_equals
from zuoye.math._build import Builder
from zuoye.math._check import parse_answer, parse_solver_answer, solution_set, values_equal
from zuoye.math._types import Solution, SolvingStep

_SPAN = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Maths written without LaTeX: a run with no Chinese and no clause punctuation that holds a relation
# or an operator between numbers/letters.
_BARE = re.compile(rf"[^{_CJK}，。；：！？、,;:!?\n]*[=<>≤≥+\-*/×÷^][^{_CJK}，。；：！？、,;:!?\n]*")
_PIECE_SPLIT = re.compile(
    r"\\text\{\s*(?:或|或者|且|and|or)\s*\}|或者|或|\\quad|\\qquad|\\\\|&|[,，;；]|\\text\{[^}]*\}"
)
_DROP = re.compile(r"\\begin\{[a-z*]+\}|\\end\{[a-z*]+\}|[①-⑩]|\\left|\\right|\\,|\\;|\\!")
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d+)?|\\d?frac\{\d+\}\{\d+\}|\\d?frac\d\d)")
_OPS = re.compile(r"(?<=[\w)}])\s*(?:[-+*/×÷]|\\cdot|\\times|\\div)\s*(?=[\w(\\{])|\\d?frac(?=\{[^}]*[a-z])")


MAX_PIECES = 24  # a sentence of homework maths has a handful; more is not worth solving each


def solving_steps(sol: Solution, text: str) -> list[SolvingStep]:
    builder = Builder()
    goal = _Goal(sol, builder)
    found: list[SolvingStep] = []
    for start, end, span in _spans(text)[:MAX_PIECES]:
        for piece in _pieces(span, chains=sol.form in ("roots", "assignment", "relation")):
            try:
                left = goal.step(piece)
            except _FAILURES:
                continue
            if left is not None:
                found.append(SolvingStep(start, end, piece, near=left <= 1, answer=left == 0))
    return found


def _spans(text: str) -> list[tuple[int, int, str]]:
    spans = [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _SPAN.finditer(text)]
    if spans:
        return spans
    out = []
    # words in \text{…} (或, and) part two pieces, as words do; padded so the offsets stay
    text = re.sub(r"\\text\{[^}]*\}", lambda m: "，" + " " * (len(m.group(0)) - 1), text)
    for m in _BARE.finditer(text):
        if re.search(r"[0-9a-zA-Z]", m.group(0)):
            out.append((m.start(), m.end(), m.group(0)))
    return out


def _pieces(span: str, *, chains: bool) -> list[str]:
    """One relation or value per piece. `chains` (equations): a = b = c gives a = b, a = c and
    b = c, each a claim; otherwise (values) each side of a = b = c is a value of its own."""
    out: list[str] = []
    for part in _PIECE_SPLIT.split(_DROP.sub("", span)):
        part = part.strip().rstrip("。.")
        if not part:
            continue
        sides = [s for s in _split_equals(part) if s]
        if not chains:
            out += sides
        elif len(sides) <= 2:
            out.append(part)
        else:
            # each side against the first and against the last: x² - 9 = (x+3)(x-3) = 0 claims
            # (x+3)(x-3) = 0 too
            pairs = [(0, k) for k in range(1, len(sides))] + [
                (k, len(sides) - 1) for k in range(1, len(sides) - 1)
            ]
            out += [f"{sides[i]} = {sides[k]}" for i, k in pairs]
    return out


# A fraction written a/b is one number, as \frac{a}{b} is (5/2 - 5/4 is one operation, not three).
_SLASH_FRACTION = re.compile(r"(?<![\w.)}])(\d+)\s*/\s*(\d+)(?![\w.(])")


def _numbers(text: str) -> Counter[str]:
    return Counter(re.findall(r"\d+(?:\.\d+)?", text))


def _plain_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(_SLASH_FRACTION.sub(r"\\frac{\1}{\2}", re.sub(r"\s+", "", text))))


def _operations(text: str) -> int:
    return len(_OPS.findall(_SLASH_FRACTION.sub(r"\\frac{\1}{\2}", text)))


class _Goal:
    """The solver's answer, in the shape each kind of step is compared with."""

    def __init__(self, sol: Solution, builder: Builder) -> None:
        self.sol = sol
        self.builder = builder
        self.question = [item for r in sol.reading if r.strip() for item in _parse(r, builder)]
        self.solutions: list[dict[sp.Symbol, sp.Expr]] = []
        self.values: list[sp.Expr] = []
        self.set: sp.Set = sp.S.EmptySet
        answers = [item for a in sol.answer for item in _parse(a, builder, solver=True)]
        if sol.form in ("roots", "assignment"):
            for item in answers:
                eqs = item.args if isinstance(item, sp.And) else (item,)
                found = {e.lhs: e.rhs for e in eqs if isinstance(e, sp.Eq) and isinstance(e.lhs, sp.Symbol)}
                self.solutions.append({_base(k, builder): v for k, v in found.items()})
            if sol.form == "assignment" and all(len(s) == 1 for s in self.solutions):
                merged: dict[sp.Symbol, sp.Expr] = {}
                for s in self.solutions:
                    merged.update(s)
                self.solutions = [merged]
        elif sol.form == "relation":
            for item in answers:
                self.set = sp.Union(self.set, item.as_set())
        else:
            self.values = [a for a in answers if isinstance(a, sp.Expr)]

    def step(self, piece: str) -> int | None:
        """None: not a step toward the answer; else how far it is from it: 0 (it is the answer),
        1 (one operation from it) or 2 (more)."""
        items = _parse(piece, self.builder)
        if len(items) != 1:
            return None
        item = items[0]
        if self.sol.form in ("roots", "assignment"):
            return self._equation_step(piece, item) if isinstance(item, sp.Eq) else None
        if self.sol.form == "relation":
            return self._relation_step(piece, item) if isinstance(item, sp.Rel) else None
        return self._value_step(piece, item)

    def _restates(self, item: sp.Rel) -> bool:
        """The question as written (as read: the reader only folds like terms). Compared as written,
        not by value: (x-2)(x-3) = 0 is a step from x² - 5x + 6 = 0, not the same question."""
        for q in self.question:
            if type(q) is not type(item):
                continue
            if (q.lhs == item.lhs and q.rhs == item.rhs) or (
                isinstance(q, sp.Eq) and q.lhs == item.rhs and q.rhs == item.lhs
            ):
                return True
        return False

    def _equation_step(self, piece: str, eq: sp.Eq) -> int | None:
        # x₁ = 3 names one root of x: a root given one at a time is still the answer
        eq = eq.xreplace({s: _base(s, self.builder) for s in eq.free_symbols if "_" in str(s)})
        symbols = eq.free_symbols
        unknowns = {s for sol in self.solutions for s in sol}
        if not symbols or not symbols <= unknowns or sp.simplify(eq.lhs - eq.rhs) == 0:
            return None
        satisfied = any(
            symbols <= set(sol) and sp.simplify((eq.lhs - eq.rhs).subs(sol)) == 0 for sol in self.solutions
        )
        if not satisfied or self._restates(eq):
            return None
        if len(symbols) != 1:
            return 2
        (v,) = symbols
        roots = solution_set(eq, v)
        answers = [sol[v] for sol in self.solutions if v in sol]
        if not isinstance(roots, sp.FiniteSet) or not all(
            any(values_equal(r, a) for a in answers) for r in roots
        ):
            return 2
        return _distance(piece, eq, v)

    def _relation_step(self, piece: str, rel: sp.Rel) -> int | None:
        symbols = rel.free_symbols
        if len(symbols) != 1 or self._restates(rel):
            return None
        (v,) = symbols
        if solution_set(rel, v) != self.set:
            return None
        return _distance(piece, rel, v)

    def _value_step(self, piece: str, value: sp.Basic) -> int | None:
        if len(self.values) != 1 or not isinstance(value, sp.Expr):
            return None
        want = self.values[0]
        if want.free_symbols or value.free_symbols or not values_equal(value, want):
            return None  # symbolic answers (simplify, factor) are judged by the answer check alone
        if any(_same_text(piece, r) for r in self.sol.reading) or _numbers(piece) <= _numbers(
            self.sol.question
        ):
            # the question again, however written (2\frac{1}{2} for 2又1/2): a step brings in a
            # number of its own (the 6 of 3/6 + 2/6)
            return None
        return 0 if _plain_number(piece) else 1 if _operations(piece) <= 1 else 2


def _distance(piece: str, rel: sp.Rel, v: sp.Symbol) -> int:
    """0: the unknown against a number (x = 3); 1: solved by one operation — a side that is a plain
    number against one operation on the unknown (2x = 6, x + 3 = 5, x² = 9), or a product of factors
    of degree one against 0; else 2."""
    if v in (rel.lhs, rel.rhs) and not (rel.rhs if rel.lhs == v else rel.lhs).free_symbols:
        return 0
    sides = [s for s in re.split(r"<=|>=|!=|≤|≥|=|<|>", piece) if s.strip()]
    if len(sides) != 2:
        return 2
    for i, side in enumerate((rel.lhs, rel.rhs)):
        other_text, own_text = sides[1 - i], sides[i]
        other = (rel.rhs, rel.lhs)[i]
        if not side.has(v) or other.has(v):
            continue
        if other == 0 and isinstance(side, sp.Mul | sp.Pow):
            factors = sp.Mul.make_args(side)
            bases = [f.base if isinstance(f, sp.Pow) else f for f in factors if f.has(v)]
            if bases and all(sp.Poly(b, v).degree() == 1 for b in bases):
                return 1
        if _plain_number(other_text) and sp.count_ops(side) <= 1 and _operations(own_text) <= 1:
            return 1
    return 2


def _parse(text: str, builder: Builder, *, solver: bool = False) -> list[sp.Basic]:
    try:
        return parse_solver_answer(text, builder) if solver else parse_answer(text, builder)
    except _FAILURES:
        return []


def _base(symbol: sp.Symbol, builder: Builder) -> sp.Symbol:
    """x_1, x_2 name roots of x."""
    return builder.symbol(symbol.name.split("_")[0])


def _same_text(a: str, b: str) -> bool:
    def canon(t: str) -> str:
        t = _DROP.sub("", t)
        t = re.sub(r"\\[dt]frac", r"\\frac", t)
        t = re.sub(r"\\frac(\d)(\d)", r"\\frac{\1}{\2}", t)
        t = re.sub(r"(\d+)\s*/\s*(\d+)", r"\\frac{\1}{\2}", t)
        t = re.sub(r"\\cdot|\\times|×|·", "*", t).replace("\\div", "÷")
        return re.sub(r"\s+", "", t)

    return canon(a) == canon(b)


__all__ = ["solving_steps"]
