"""Inequalities in one unknown, and systems of them (不等式组).

linear      移项 → 合并同类项 → 系数化为1 (dividing by a negative number flips the sign)
quadratic   the roots of the matching equation + the parabola's opening (大于取两边，小于取中间)
otherwise   critical points on the number line (数轴标根), checked interval by interval
Answers are relations SymPy parses: "x<=3", "(x<-1)|(x>1)", "(x>-2)&(x<2)".
"""

from __future__ import annotations

import sympy as sp

from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, m, sort_real, tex
from zuoye.math._roots import join_terms
from zuoye.math._types import Solution
from zuoye.messages import say

_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
_TEX = {"<": "<", ">": ">", "<=": "\\leq", ">=": "\\geq"}
_REL = {"<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge}


def _op(rel: sp.Basic) -> str:
    return {sp.StrictLessThan: "<", sp.StrictGreaterThan: ">", sp.LessThan: "<=", sp.GreaterThan: ">="}[
        type(rel)
    ]


def set_to_answer(s: sp.Set, x: sp.Symbol) -> tuple[list[str], str]:
    """A solution set as (SymPy-parseable relation strings, LaTeX)."""
    if s is sp.S.EmptySet:
        return [], f"\\text{{{say('math.step.no_solution')}}}"
    if s == sp.S.Reals:
        return ["True"], f"{tex(x)} \\in \\mathbb{{R}}"
    parts = list(s.args) if isinstance(s, sp.Union) else [s]
    pieces: list[tuple[str, str]] = []
    for part in parts:
        if isinstance(part, sp.Interval):
            pieces.append(_interval(part, x))
        elif isinstance(part, sp.FiniteSet):
            for v in part:
                pieces.append((f"Eq({x},{ans(v)})", f"{tex(x)} = {tex(v)}"))
        elif isinstance(part, sp.Complement) and isinstance(part.args[0], sp.Interval):
            # Reals minus points (e.g. x^2 > 0): split around the excluded points.
            return set_to_answer(_split_complement(part), x)
        else:
            raise UnsupportedProblem(say("math.solution_set_complex", part=part))
    if len(pieces) == 1:
        return [pieces[0][0]], pieces[0][1]
    answer = "|".join(f"({p})" for p, _ in pieces)
    latex = say("math.step.or_tex").join(t for _, t in pieces)
    return [answer], latex


def _split_complement(c: sp.Complement) -> sp.Set:
    interval, removed = c.args
    pieces: list[sp.Set] = []
    lo = interval.start
    lo_open = interval.left_open
    for point in sort_real(list(removed)):
        pieces.append(sp.Interval(lo, point, lo_open, True))
        lo, lo_open = point, True
    pieces.append(sp.Interval(lo, interval.end, lo_open, interval.right_open))
    return sp.Union(*pieces)


def _interval(iv: sp.Interval, x: sp.Symbol) -> tuple[str, str]:
    a, b = iv.start, iv.end
    lo = ">" if iv.left_open else ">="
    hi = "<" if iv.right_open else "<="
    if a == b:
        return f"Eq({x},{ans(a)})", f"{tex(x)} = {tex(a)}"
    if a == -sp.oo:
        return f"{x}{hi}{ans(b)}", f"{tex(x)} {_TEX[hi]} {tex(b)}"
    if b == sp.oo:
        return f"{x}{lo}{ans(a)}", f"{tex(x)} {_TEX[lo]} {tex(a)}"
    low_tex = _TEX["<" if iv.left_open else "<="]
    return f"({x}{lo}{ans(a)})&({x}{hi}{ans(b)})", f"{tex(a)} {low_tex} {tex(x)} {_TEX[hi]} {tex(b)}"


def interval_notation(s: sp.Set) -> str:
    return tex(s).replace("\\infty", "+\\infty").replace("-+\\infty", "-\\infty")


class InequalitySolver:
    def __init__(self, question: str, x: sp.Symbol) -> None:
        self.question = question
        self.x = x
        self.steps: list[str] = []

    def solve_one(self, lhs: sp.Expr, op: str, rhs: sp.Expr, *, explain: bool = True) -> sp.Set:
        x = self.x
        f = sp.expand(lhs - rhs)
        num, den = sp.fraction(sp.together(f))
        if explain:
            special = self._absolute(lhs, op, rhs) or self._fractional(f, op)
            if special is not None:
                return special
        if explain and f.is_polynomial(x) and not den.has(x):
            degree = sp.Poly(f, x).degree()
            if degree == 1:
                return self._linear(lhs, op, rhs)
            if degree == 2:
                return self._quadratic(f, op)
        result = sp.solve_univariate_inequality(_REL[op](f, 0), x, relational=False, domain=sp.S.Reals)
        if explain:
            critical = sorted(
                set(_finite(sp.solveset(num, x, sp.S.Reals))) | set(_finite(sp.solveset(den, x, sp.S.Reals))),
                key=lambda v: float(sp.N(v)),
            )
            if critical:
                pts = say("math.step.comma").join(f"${tex(c)}$" for c in critical)
                shown = f"{tex(sp.factor(f))} {_TEX[op]} 0"
                self.steps.append(say("math.step.ineq.critical_points", inequality=shown, points=pts))
            else:
                self.steps.append(say("math.step.ineq.sign_of", inequality=f"{tex(f)} {_TEX[op]} 0"))
        return result

    def _absolute(self, lhs: sp.Expr, op: str, rhs: sp.Expr) -> sp.Set | None:
        """|u| < c ⇔ -c < u < c;  |u| > c ⇔ u > c 或 u < -c (c > 0)."""
        x = self.x
        if isinstance(rhs, sp.Abs) and not isinstance(lhs, sp.Abs):
            lhs, rhs, op = rhs, lhs, _FLIP[op]
        if not (isinstance(lhs, sp.Abs) and not rhs.has(x) and rhs.is_positive):
            return None
        u = lhs.args[0]
        c = rhs
        inner = {"<": "<", "<=": "\\leq"}.get(op)
        if inner:
            shown = f"${tex(-c)} {inner} {tex(u)} {inner} {tex(c)}$"
            self.steps.append(say("math.step.ineq.remove_abs", inequality=shown))
        else:
            either = f"${tex(u)} {_TEX[op]} {tex(c)}$", f"${tex(u)} {_TEX[_FLIP[op]]} {tex(-c)}$"
            self.steps.append(say("math.step.ineq.remove_abs", inequality=say("math.step.or").join(either)))
        result = sp.solve_univariate_inequality(_REL[op](lhs, rhs), x, relational=False, domain=sp.S.Reals)
        return result

    def _fractional(self, f: sp.Expr, op: str) -> sp.Set | None:
        """(x-1)/(x+2) > 0 ⇔ (x-1)(x+2) > 0: a quotient has the sign of the product."""
        x = self.x
        num, den = sp.fraction(sp.factor(sp.together(f)))
        if not den.has(x) or not (num.is_polynomial(x) and den.is_polynomial(x)):
            return None
        product = sp.factor(num * den)
        extra = say("math.step.ineq.and_not_zero", expr=tex(den)) if op in ("<=", ">=") else ""
        shown = f"{tex(product)} {_TEX[op]} 0"
        self.steps.append(say("math.step.ineq.fraction_to_product", inequality=shown, extra=extra))
        critical = sort_real(
            set(_finite(sp.solveset(num, x, sp.S.Reals))) | set(_finite(sp.solveset(den, x, sp.S.Reals)))
        )
        if critical:
            pts = say("math.step.comma").join(f"${tex(c)}$" for c in critical)
            self.steps.append(say("math.step.ineq.number_line", points=pts))
        return sp.solve_univariate_inequality(_REL[op](f, 0), x, relational=False, domain=sp.S.Reals)

    def chain(self, left: sp.Expr, op1: str, middle: sp.Expr, op2: str, right: sp.Expr) -> sp.Set | None:
        """-1 < 2x + 1 < 5: do the same to all three parts (各部分同减 1，再同除以 2)."""
        x = self.x
        if left.has(x) or right.has(x) or not (middle.is_polynomial(x) and sp.degree(middle, x) == 1):
            return None
        if op1[0] != op2[0] or op1[0] not in "<>":
            return None
        a, b = sp.Poly(middle, x).all_coeffs()
        if b != 0:
            left, right = left - b, right - b
            shown = f"{tex(left)} {_TEX[op1]} {tex(a * x)} {_TEX[op2]} {tex(right)}"
            if b > 0:
                self.steps.append(say("math.step.ineq.chain_subtract", value=tex(b), inequality=shown))
            else:
                self.steps.append(say("math.step.ineq.chain_add", value=tex(-b), inequality=shown))
        if a != 1:
            left, right = left / a, right / a
            if a < 0:
                op1, op2 = _FLIP[op1], _FLIP[op2]  # each part is divided, each sign turns round
                shown = f"{tex(left)} {_TEX[op1]} {tex(x)} {_TEX[op2]} {tex(right)}"
                self.steps.append(say("math.step.ineq.chain_divide_negative", value=tex(a), inequality=shown))
            else:
                shown = f"{tex(left)} {_TEX[op1]} {tex(x)} {_TEX[op2]} {tex(right)}"
                self.steps.append(say("math.step.ineq.chain_divide", value=tex(a), inequality=shown))
        first = sp.solve_univariate_inequality(_REL[op1](left, x), x, relational=False)
        second = sp.solve_univariate_inequality(_REL[op2](x, right), x, relational=False)
        return sp.Intersection(first, second)

    def _linear(self, lhs: sp.Expr, op: str, rhs: sp.Expr) -> sp.Set:
        x = self.x
        lhs, rhs = sp.expand(lhs), sp.expand(rhs)
        lcm = sp.ilcm(
            *[sp.Rational(t.as_coeff_Mul()[0]).q for t in sp.Add.make_args(lhs) + sp.Add.make_args(rhs)]
        )
        if lcm != 1:
            lhs, rhs = sp.expand(lcm * lhs), sp.expand(lcm * rhs)
            shown = f"{tex(lhs)} {_TEX[op]} {tex(rhs)}"
            self.steps.append(say("math.step.eq.clear_denominators", lcm=lcm, equation=shown))
        lv = [t for t in sp.Add.make_args(lhs) if t.has(x)]
        lc = [t for t in sp.Add.make_args(lhs) if not t.has(x) and t != 0]
        rv = [t for t in sp.Add.make_args(rhs) if t.has(x)]
        rc = [t for t in sp.Add.make_args(rhs) if not t.has(x) and t != 0]
        left = lv + [-t for t in rv]
        right = rc + [-t for t in lc]
        if rv or lc:
            shown = f"{join_terms(left)} {_TEX[op]} {join_terms(right)}"
            self.steps.append(say("math.step.eq.move_terms", equation=shown))
        a = sp.expand(sum(left, sp.S.Zero))
        b = sp.expand(sum(right, sp.S.Zero))
        if len(left) > 1 or len(right) > 1:
            self.steps.append(say("math.step.eq.combine", equation=f"{tex(a)} {_TEX[op]} {tex(b)}"))
        coeff = sp.expand(a / x)
        bound = b / coeff
        if coeff.is_negative:
            op = _FLIP[op]
            shown = f"{tex(x)} {_TEX[op]} {tex(bound)}"
            self.steps.append(say("math.step.ineq.divide_negative", coeff=tex(coeff), inequality=shown))
        elif coeff != 1:
            shown = f"{tex(x)} {_TEX[op]} {tex(bound)}"
            self.steps.append(say("math.step.eq.divide", coeff=tex(coeff), equation=shown))
        return sp.solve_univariate_inequality(_REL[op](x, bound), x, relational=False)

    def _quadratic(self, f: sp.Expr, op: str) -> sp.Set:
        x = self.x
        if sp.Poly(f, x).LC() < 0:
            f, op = -f, _FLIP[op]
            self.steps.append(say("math.step.ineq.times_minus_one", inequality=f"{tex(f)} {_TEX[op]} 0"))
        else:
            self.steps.append(say("math.step.ineq.rearrange", inequality=f"{tex(f)} {_TEX[op]} 0"))
        roots = sort_real(_finite(sp.solveset(f, x, sp.S.Reals)))
        if len(roots) == 2:
            self.steps.append(
                say(
                    "math.step.ineq.two_roots",
                    expr=tex(f),
                    first=f"{tex(x)}_{{1}} = {tex(roots[0])}",
                    second=f"{tex(x)}_{{2}} = {tex(roots[1])}",
                )
            )
            key = "math.step.ineq.outside" if op in (">", ">=") else "math.step.ineq.between"
            self.steps.append(say(key, expr=tex(f)))
        elif len(roots) == 1:
            self.steps.append(
                say("math.step.ineq.double_root", expr=tex(f), root=f"{tex(x)} = {tex(roots[0])}")
            )
        else:
            self.steps.append(say("math.step.ineq.no_roots", expr=tex(f)))
        return sp.solve_univariate_inequality(_REL[op](f, 0), x, relational=False)

    def finish(self, result: sp.Set, kind: str) -> Solution:
        answer, latex = set_to_answer(result, self.x)
        if result is sp.S.EmptySet:
            self.steps.append(say("math.step.ineq.no_solution"))
        elif result != sp.S.Reals and not isinstance(result, sp.FiniteSet):
            self.steps.append(
                say("math.step.ineq.solution_interval", set=latex, interval=interval_notation(result))
            )
        else:
            self.steps.append(say("math.step.ineq.solution", set=latex))
        return Solution(
            self.question, kind, self.steps, answer, latex, form="relation", variables=[str(self.x)]
        )


def _finite(s: sp.Set) -> list[sp.Expr]:
    if isinstance(s, sp.FiniteSet):
        return [v for v in s if v.is_real]
    return []


def split_relation(rel: sp.Basic) -> list[tuple[sp.Expr, str, sp.Expr]]:
    """Relations (And of them for chains like 1 < x < 3) as (lhs, op, rhs) triples."""
    if isinstance(rel, sp.And):
        out = []
        for arg in rel.args:
            out.extend(split_relation(arg))
        return out
    if isinstance(rel, sp.Eq | sp.Ne) or not isinstance(rel, sp.Rel):
        raise UnsupportedProblem(say("math.not_inequality"))
    return [(rel.lhs, _op(rel), rel.rhs)]


def solve_inequalities(
    question: str, rels: list[sp.Basic], x: sp.Symbol, originals: list[str]
) -> tuple[Solution, sp.Set]:
    """The solution, and the solution set it states (what a number line draws)."""
    triples = [t for rel in rels for t in split_relation(rel)]
    solver = InequalitySolver(question, x)
    if len(rels) == 1 and len(triples) == 2 and triples[0][2] == triples[1][0]:
        (left, op1, middle), (_, op2, right) = triples
        solver.steps.append(say("math.step.ineq.original", inequality=m(originals[0])))
        result = solver.chain(left, op1, middle, op2, right)
        if result is not None:
            return solver.finish(result, "inequality"), result
        solver.steps.clear()
    if len(triples) == 1:
        lhs, op, rhs = triples[0]
        solver.steps.append(say("math.step.ineq.original", inequality=m(originals[0])))
        found = solver.solve_one(lhs, op, rhs)
        return solver.finish(found, "inequality"), found
    solver.steps.append(
        say(
            "math.step.ineq.original_system",
            system="\\begin{cases} " + " \\\\ ".join(originals) + " \\end{cases}",
        )
        if len(originals) > 1
        else say("math.step.ineq.original", inequality=m(originals[0]))
    )
    total: sp.Set = sp.S.Reals
    circled = "①②③④⑤⑥⑦⑧⑨⑩"
    for i, (lhs, op, rhs) in enumerate(triples):
        tag = circled[i] if i < len(circled) else str(i + 1)
        solver.steps.append(
            say("math.step.ineq.solve_part", tag=tag, inequality=f"{tex(lhs)} {_TEX[op]} {tex(rhs)}")
        )
        part = solver.solve_one(lhs, op, rhs)
        _, part_latex = set_to_answer(part, x)
        solver.steps.append(say("math.step.ineq.part_gives", set=part_latex))
        total = sp.Intersection(total, part)
    solver.steps.append(say("math.step.ineq.intersection"))
    return solver.finish(total, "inequality_system"), total
