"""Inequalities in one unknown, and systems of them (不等式组).

linear      移项 → 合并同类项 → 系数化为1 (dividing by a negative number flips the sign)
quadratic   the roots of the matching equation + the parabola's opening (大于取两边，小于取中间)
otherwise   critical points on the number line (数轴标根), checked interval by interval
Answers are relations SymPy parses: "x<=3", "(x<-1)|(x>1)", "(x>-2)&(x<2)".
"""

from __future__ import annotations

import sympy as sp

from zuoye.math._equation import join_terms
from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, m, sort_real, tex
from zuoye.math._types import Solution

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
            raise UnsupportedProblem(f"解集形式太复杂：{part}。 / Solution set too complex: {part}.")
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
        raise UnsupportedProblem("这不是不等式。 / Not an inequality.")
    return [(rel.lhs, _op(rel), rel.rhs)]


def solve_inequalities(question: str, rels: list[sp.Basic], x: sp.Symbol, originals: list[str]) -> Solution:
    triples = [t for rel in rels for t in split_relation(rel)]
    solver = InequalitySolver(question, x)
    if len(triples) == 1:
        lhs, op, rhs = triples[0]
        solver.steps.append(f"原不等式：{m(originals[0])}")
        return solver.finish(solver.solve_one(lhs, op, rhs), "inequality")
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
    return solver.finish(total, "inequality_system")
