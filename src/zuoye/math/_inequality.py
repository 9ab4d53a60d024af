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
        return [], "\\text{无解}"
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
    latex = " \\text{ 或 } ".join(t for _, t in pieces)
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
                pts = "，".join(f"${tex(c)}$" for c in critical)
                self.steps.append(
                    f"移项整理为 ${tex(sp.factor(f))} {_TEX[op]} 0$，临界点为 {pts}，在数轴上分段判断符号（分母不为 0）。"
                )
            else:
                self.steps.append(f"移项整理为 ${tex(f)} {_TEX[op]} 0$，判断其符号。")
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
            self.steps.append(
                f"根据绝对值的意义，去掉绝对值符号：${tex(-c)} {inner} {tex(u)} {inner} {tex(c)}$"
            )
        else:
            self.steps.append(
                f"根据绝对值的意义，去掉绝对值符号：${tex(u)} {_TEX[op]} {tex(c)}$ 或 ${tex(u)} {_TEX[_FLIP[op]]} {tex(-c)}$"
            )
        result = sp.solve_univariate_inequality(_REL[op](lhs, rhs), x, relational=False, domain=sp.S.Reals)
        return result

    def _fractional(self, f: sp.Expr, op: str) -> sp.Set | None:
        """(x-1)/(x+2) > 0 ⇔ (x-1)(x+2) > 0: a quotient has the sign of the product."""
        x = self.x
        num, den = sp.fraction(sp.factor(sp.together(f)))
        if not den.has(x) or not (num.is_polynomial(x) and den.is_polynomial(x)):
            return None
        product = sp.factor(num * den)
        extra = f"，且 ${tex(den)} \\neq 0$" if op in ("<=", ">=") else ""
        self.steps.append(f"分式不等式化为整式不等式：${tex(product)} {_TEX[op]} 0${extra}")
        critical = sort_real(
            set(_finite(sp.solveset(num, x, sp.S.Reals))) | set(_finite(sp.solveset(den, x, sp.S.Reals)))
        )
        if critical:
            pts = "，".join(f"${tex(c)}$" for c in critical)
            self.steps.append(f"临界点为 {pts}，在数轴上标出，从右往左依次判断各区间的符号（穿针引线）。")
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
            word = f"减去 ${tex(b)}$" if b > 0 else f"加上 ${tex(-b)}$"
            self.steps.append(
                f"各部分同时{word}：${tex(left)} {_TEX[op1]} {tex(a * x)} {_TEX[op2]} {tex(right)}$"
            )
        if a != 1:
            left, right = left / a, right / a
            if a < 0:
                op1, op2 = _FLIP[op1], _FLIP[op2]  # each part is divided, each sign turns round
                self.steps.append(
                    f"各部分同时除以负数 ${tex(a)}$，不等号方向改变：${tex(left)} {_TEX[op1]} {tex(x)} {_TEX[op2]} {tex(right)}$"
                )
            else:
                self.steps.append(
                    f"各部分同时除以 ${tex(a)}$：${tex(left)} {_TEX[op1]} {tex(x)} {_TEX[op2]} {tex(right)}$"
                )
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
            self.steps.append(f"去分母（两边同乘 ${lcm}$）：${tex(lhs)} {_TEX[op]} {tex(rhs)}$")
        lv = [t for t in sp.Add.make_args(lhs) if t.has(x)]
        lc = [t for t in sp.Add.make_args(lhs) if not t.has(x) and t != 0]
        rv = [t for t in sp.Add.make_args(rhs) if t.has(x)]
        rc = [t for t in sp.Add.make_args(rhs) if not t.has(x) and t != 0]
        left = lv + [-t for t in rv]
        right = rc + [-t for t in lc]
        if rv or lc:
            self.steps.append(f"移项：${join_terms(left)} {_TEX[op]} {join_terms(right)}$")
        a = sp.expand(sum(left, sp.S.Zero))
        b = sp.expand(sum(right, sp.S.Zero))
        if len(left) > 1 or len(right) > 1:
            self.steps.append(f"合并同类项：${tex(a)} {_TEX[op]} {tex(b)}$")
        coeff = sp.expand(a / x)
        bound = b / coeff
        if coeff.is_negative:
            op = _FLIP[op]
            self.steps.append(
                f"系数化为1：两边同除以负数 ${tex(coeff)}$，不等号方向改变：${tex(x)} {_TEX[op]} {tex(bound)}$"
            )
        elif coeff != 1:
            self.steps.append(f"系数化为1（两边同除以 ${tex(coeff)}$）：${tex(x)} {_TEX[op]} {tex(bound)}$")
        return sp.solve_univariate_inequality(_REL[op](x, bound), x, relational=False)

    def _quadratic(self, f: sp.Expr, op: str) -> sp.Set:
        x = self.x
        if sp.Poly(f, x).LC() < 0:
            f, op = -f, _FLIP[op]
            self.steps.append(f"两边同乘 $-1$（不等号方向改变），化为 ${tex(f)} {_TEX[op]} 0$")
        else:
            self.steps.append(f"移项整理：${tex(f)} {_TEX[op]} 0$")
        roots = sort_real(_finite(sp.solveset(f, x, sp.S.Reals)))
        if len(roots) == 2:
            self.steps.append(
                f"方程 ${tex(f)} = 0$ 的两根为 ${tex(x)}_{{1}} = {tex(roots[0])}$，${tex(x)}_{{2}} = {tex(roots[1])}$"
            )
            rule = "大于取两边" if op in (">", ">=") else "小于取中间"
            self.steps.append(f"二次函数 $y = {tex(f)}$ 的图像开口向上，{rule}。")
        elif len(roots) == 1:
            self.steps.append(
                f"方程 ${tex(f)} = 0$ 有两个相等的实数根 ${tex(x)} = {tex(roots[0])}$，抛物线开口向上。"
            )
        else:
            self.steps.append(
                f"方程 ${tex(f)} = 0$ 的判别式 $\\Delta < 0$，没有实数根；抛物线开口向上，始终在 $x$ 轴上方。"
            )
        return sp.solve_univariate_inequality(_REL[op](f, 0), x, relational=False)

    def finish(self, result: sp.Set, kind: str) -> Solution:
        answer, latex = set_to_answer(result, self.x)
        if result is sp.S.EmptySet:
            self.steps.append("所以不等式无解。")
        elif result != sp.S.Reals and not isinstance(result, sp.FiniteSet):
            self.steps.append(f"所以解集为 ${latex}$，即 ${interval_notation(result)}$。")
        else:
            self.steps.append(f"所以解集为 ${latex}$。")
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
        solver.steps.append(f"原不等式：{m(originals[0])}")
        result = solver.chain(left, op1, middle, op2, right)
        if result is not None:
            return solver.finish(result, "inequality"), result
        solver.steps.clear()
    if len(triples) == 1:
        lhs, op, rhs = triples[0]
        solver.steps.append(f"原不等式：{m(originals[0])}")
        found = solver.solve_one(lhs, op, rhs)
        return solver.finish(found, "inequality"), found
    solver.steps.append(
        "原不等式组：$\\begin{cases} " + " \\\\ ".join(originals) + " \\end{cases}$"
        if len(originals) > 1
        else f"原不等式：{m(originals[0])}"
    )
    total: sp.Set = sp.S.Reals
    circled = "①②③④⑤⑥⑦⑧⑨⑩"
    for i, (lhs, op, rhs) in enumerate(triples):
        tag = circled[i] if i < len(circled) else str(i + 1)
        solver.steps.append(f"解不等式{tag} ${tex(lhs)} {_TEX[op]} {tex(rhs)}$：")
        part = solver.solve_one(lhs, op, rhs)
        _, part_latex = set_to_answer(part, x)
        solver.steps.append(f"得 ${part_latex}$")
        total = sp.Intersection(total, part)
    solver.steps.append("取各个不等式解集的公共部分（同大取大，同小取小，大小小大中间找，大大小小找不了）。")
    return solver.finish(total, "inequality_system"), total
