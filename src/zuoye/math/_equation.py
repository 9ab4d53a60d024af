"""One equation in one unknown, with the steps its type calls for.

linear      去分母 → 去括号 → 移项 → 合并同类项 → 系数化为1
quadratic   直接开平方法 / 因式分解法 / 公式法 (with the discriminant Δ)
fractional  去分母 (multiply by the common denominator) → solve → 检验 (drop 增根)
abs, radical, exponential, logarithmic, trigonometric, higher degree: each its own short method
"""

from __future__ import annotations

from functools import reduce

import sympy as sp

from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, m, roots_latex, sort_real, tex
from zuoye.math._types import Solution

K = sp.Symbol("k", integer=True)


def join_terms(terms: list[sp.Expr]) -> str:
    """LaTeX for a sum in exactly this order (SymPy would reorder an unevaluated Add)."""
    if not terms:
        return "0"
    out = []
    for i, t in enumerate(terms):
        s = tex(t)
        if i == 0:
            out.append(s)
        elif s.startswith("-"):
            out.append(" - " + s[1:].lstrip())
        else:
            out.append(" + " + s)
    return "".join(out)


def _denominator_lcm(*exprs: sp.Expr) -> sp.Integer:
    dens = [
        sp.Rational(c).q for e in exprs for t in sp.Add.make_args(sp.expand(e)) for c in [t.as_coeff_Mul()[0]]
    ]
    return sp.Integer(reduce(sp.ilcm, dens, 1))


def real_roots(f: sp.Expr, var: sp.Symbol) -> sp.Set:
    return sp.solveset(f, var, domain=sp.S.Reals)


class EquationSolver:
    def __init__(
        self,
        question: str,
        lhs: sp.Expr,
        rhs: sp.Expr,
        var: sp.Symbol,
        original: str,
        allowed: sp.Set = sp.S.Reals,
    ) -> None:
        self.question = question
        self.allowed = allowed
        self.lhs = lhs
        self.rhs = rhs
        self.var = var
        self.steps: list[str] = [f"原方程：{m(original)}"]
        self.f = sp.expand(lhs - rhs)

    # -- result -------------------------------------------------------------------------------
    def finish(self, kind: str, roots: list[sp.Expr], *, note: str | None = None) -> Solution:
        roots = sort_real(list(dict.fromkeys(roots)))
        if self.allowed != sp.S.Reals:
            kept = [r for r in roots if self.allowed.contains(r) is sp.true]
            for r in roots:
                if r not in kept:
                    self.steps.append(f"${tex(self.var)} = {tex(r)}$ 不在题目给定的范围内，舍去。")
            roots = kept
        if any(r.has(sp.CRootOf, sp.RootOf) for r in roots):
            # x^5 - x + 1 = 0 has no solution in radicals: say so and give decimals.
            roots = [sp.Float(sp.N(r, 12), 12) for r in roots]
            self.steps.append("这个方程的根不能用根式表示，下面给出保留 12 位有效数字的近似值。")
        x = self.var
        if roots:
            latex = roots_latex(x, roots)
            self.steps.append(f"所以原方程的解为 {m(latex)}。")
        else:
            latex = "\\text{无实数解}"
            self.steps.append(note or "所以原方程没有实数解。")
        approx = [a for a in (_approx(r) for r in roots) if a]
        return Solution(
            self.question,
            kind,
            self.steps,
            [f"{x}={ans(r)}" for r in roots],
            latex,
            form="roots",
            approx=approx,
            variables=[str(x)],
        )

    # -- dispatch ------------------------------------------------------------------------------
    def solve(self) -> Solution:
        x, f = self.var, self.f
        from zuoye.math._algebra import _check_degree

        _check_degree(sp.numer(sp.together(f)))
        if f == 0 or not f.has(x):
            return self._trivial()
        if f.has(sp.Abs):
            return self._absolute()
        num, den = sp.fraction(sp.together(f))
        if den.has(x):
            return self._fractional(num, den)
        if f.is_polynomial(x) and not _has_radical(f, x):
            degree = sp.Poly(f, x).degree()
            if degree == 1:
                return self._linear()
            if degree == 2:
                return self._quadratic()
            return self._higher()
        if _has_radical(f, x):
            return self._radical()
        if f.has(sp.sin, sp.cos, sp.tan, sp.cot):
            return self._trig()
        if f.has(sp.log):
            return self._log()
        if any(isinstance(p, sp.Pow) and p.exp.has(x) for p in f.atoms(sp.Pow)) or f.has(sp.exp):
            return self._exponential()
        return self._generic("equation")

    def _trivial(self) -> Solution:
        if sp.simplify(self.f) == 0:
            self.steps.append("化简后两边恒等，方程对任意实数都成立。")
            sol = Solution(
                self.question,
                "equation",
                self.steps,
                ["True"],
                f"{tex(self.var)} \\in \\mathbb{{R}}",
                form="roots",
                variables=[str(self.var)],
            )
            return sol
        self.steps.append(f"化简后得 ${tex(self.f)} = 0$，这是矛盾的。")
        return self.finish("equation", [], note="所以原方程无解。")

    # -- linear --------------------------------------------------------------------------------
    def _linear(self) -> Solution:
        x = self.var
        lhs, rhs = self.lhs, self.rhs
        lcm = _denominator_lcm(lhs, rhs)
        if lcm != 1:
            lhs, rhs = sp.expand(lcm * lhs), sp.expand(lcm * rhs)
            self.steps.append(f"去分母（两边同乘 ${lcm}$）：${tex(lhs)} = {tex(rhs)}$")
        elif sp.expand(lhs) != lhs or sp.expand(rhs) != rhs or self._had_brackets():
            lhs, rhs = sp.expand(lhs), sp.expand(rhs)
            self.steps.append(f"去括号：${tex(lhs)} = {tex(rhs)}$")
        lhs, rhs = sp.expand(lhs), sp.expand(rhs)
        left_var = [t for t in sp.Add.make_args(lhs) if t.has(x)]
        left_const = [t for t in sp.Add.make_args(lhs) if not t.has(x) and t != 0]
        right_var = [t for t in sp.Add.make_args(rhs) if t.has(x)]
        right_const = [t for t in sp.Add.make_args(rhs) if not t.has(x) and t != 0]
        moved_left = left_var + [-t for t in right_var]
        moved_right = right_const + [-t for t in left_const]
        if right_var or left_const:
            self.steps.append(f"移项：${join_terms(moved_left)} = {join_terms(moved_right)}$")
        a = sp.expand(sum(moved_left, sp.S.Zero))
        b = sp.expand(sum(moved_right, sp.S.Zero))
        if len(moved_left) > 1 or len(moved_right) > 1:
            self.steps.append(f"合并同类项：${tex(a)} = {tex(b)}$")
        coeff = sp.simplify(a / x)
        if coeff == 0:
            return self._trivial()
        root = sp.simplify(b / coeff)
        if coeff != 1:
            self.steps.append(f"系数化为1（两边同除以 ${tex(coeff)}$）：${tex(x)} = {tex(root)}$")
        return self.finish("linear_equation", [root])

    def _had_brackets(self) -> bool:
        return "\\left(" in self.steps[0]

    # -- quadratic -----------------------------------------------------------------------------
    def _standard_poly(self) -> sp.Poly:
        x = self.var
        f = self.f
        lcm = _denominator_lcm(f)
        if lcm != 1:
            f = sp.expand(lcm * f)
        if sp.Poly(f, x).LC().could_extract_minus_sign():
            f = -f
        return sp.Poly(f, x)

    def _show_standard(self, poly: sp.Poly) -> None:
        shown = f"{tex(poly.as_expr())} = 0"
        if shown not in self.steps[0]:
            self.steps.append(f"移项、整理成一般形式：${shown}$")

    def _square_root_method(self) -> Solution | None:
        """(x-1)² = 4 or x² = 9: take square roots of both sides (直接开平方法)."""
        x = self.var
        lhs, rhs = self.lhs, self.rhs
        if isinstance(rhs, sp.Pow) and not isinstance(lhs, sp.Pow):
            lhs, rhs = rhs, lhs
        coeff, power = sp.S.One, lhs
        if isinstance(lhs, sp.Mul):
            coeff, power = lhs.as_independent(x)
        if not (isinstance(power, sp.Pow) and power.exp == 2 and not rhs.has(x)):
            return None
        inner = power.base
        if not (inner.is_polynomial(x) and sp.degree(inner, x) == 1):
            return None
        k = sp.simplify(rhs / coeff)
        if coeff != 1:
            self.steps.append(f"两边同除以 ${tex(coeff)}$：${tex(power)} = {tex(k)}$")
        if k.is_negative:
            self.steps.append(f"一个数的平方不可能是负数 ${tex(k)}$。")
            return self.finish("quadratic_equation", [])
        r = sp.sqrt(k)
        if r == 0:
            self.steps.append(f"直接开平方：${tex(inner)} = 0$")
        else:
            self.steps.append(f"直接开平方法：${tex(inner)} = \\pm {tex(r)}$")
            if inner != x:
                self.steps.append(f"即 ${tex(inner)} = {tex(r)}$ 或 ${tex(inner)} = {tex(-r)}$")
        roots = [sp.solve(inner - r, x)[0], sp.solve(inner + r, x)[0]]
        return self.finish("quadratic_equation", roots)

    def _quadratic(self) -> Solution:
        x = self.var
        direct = self._square_root_method()
        if direct is not None:
            return direct
        poly = self._standard_poly()
        a, b, c = poly.all_coeffs()
        if b == 0 and (-c / a).is_nonnegative:
            self._show_standard(poly)
            k = -c / a
            r = sp.sqrt(k)
            self.steps.append(f"直接开平方法：${tex(x**2)} = {tex(k)}$，${tex(x)} = \\pm {tex(r)}$")
            return self.finish("quadratic_equation", [-r, r])
        self._show_standard(poly)
        f = poly.as_expr()
        delta = sp.expand(b**2 - 4 * a * c)
        factored = sp.factor(f)
        if (
            delta.is_number
            and delta >= 0
            and sp.sqrt(delta).is_Rational
            and isinstance(factored, sp.Mul | sp.Pow)
        ):
            linear = _linear_factors(factored, x)
            coeff = sp.Mul(*[fac for fac in sp.Mul.make_args(factored) if not fac.has(x)])
            shown = _product_tex(coeff, linear, factored)
            self.steps.append(f"因式分解法：${shown} = 0$")
            self.steps.append("所以 " + " 或 ".join(f"${tex(lf)} = 0$" for lf in linear))
            roots = [sp.solve(lf, x)[0] for lf in linear]
            if len(roots) == 1:
                self.steps.append(f"${tex(x)}_{{1}} = {tex(x)}_{{2}} = {tex(roots[0])}$")
            return self.finish("quadratic_equation", roots)
        self.steps.append(f"公式法：这里 $a = {tex(a)}$，$b = {tex(b)}$，$c = {tex(c)}$")
        self.steps.append(
            f"$\\Delta = b^{{2}} - 4ac = {_p(b)}^{{2}} - 4 \\times {_p(a)} \\times {_p(c)} = {tex(delta)}$"
        )
        if delta.is_number and delta < 0:
            self.steps.append("$\\Delta < 0$，方程没有实数根。")
            return self.finish("quadratic_equation", [])
        if delta == 0:
            root = -b / (2 * a)
            self.steps.append(
                f"$\\Delta = 0$，方程有两个相等的实数根：${tex(x)}_{{1}} = {tex(x)}_{{2}} = -\\frac{{b}}{{2a}} = {tex(root)}$"
            )
            return self.finish("quadratic_equation", [root])
        center = sp.simplify(-b / (2 * a))
        spread = sp.simplify(sp.sqrt(delta) / (2 * a))
        self.steps.append(
            f"$\\Delta > 0$，${tex(x)} = \\frac{{-b \\pm \\sqrt{{\\Delta}}}}{{2a}} = "
            f"\\frac{{{tex(-b)} \\pm \\sqrt{{{tex(delta)}}}}}{{{tex(2 * a)}}} = {tex(center)} \\pm {tex(spread)}$"
        )
        roots = [sp.radsimp(center - spread), sp.radsimp(center + spread)]
        return self.finish("quadratic_equation", roots)

    # -- higher degree -------------------------------------------------------------------------
    def _higher(self) -> Solution:
        x = self.var
        poly = self._standard_poly()
        self._show_standard(poly)
        f = poly.as_expr()
        factored = sp.factor(f)
        if factored != f:
            linear = _linear_factors(factored, x)
            coeff = sp.Mul(*[fac for fac in sp.Mul.make_args(factored) if not fac.has(x)])
            self.steps.append(f"因式分解：${_product_tex(coeff, linear, factored)} = 0$")
            self.steps.append("所以 " + " 或 ".join(f"${tex(p)} = 0$" for p in linear))
        roots = _finite(real_roots(f, x), self)
        return self.finish("equation", roots)

    # -- fractional ----------------------------------------------------------------------------
    def _fractional(self, num: sp.Expr, den: sp.Expr) -> Solution:
        x = self.var
        dens = [sp.fraction(sp.together(side))[1] for side in (self.lhs, self.rhs)]
        common = sp.factor(sp.lcm(dens[0], dens[1]))
        left = sp.expand(sp.cancel(self.lhs * common))
        right = sp.expand(sp.cancel(self.rhs * common))
        self.steps.append(
            f"方程两边同乘最简公分母 ${tex(common)}$，化为整式方程：${tex(left)} = {tex(right)}$"
        )
        candidates = _finite(real_roots(sp.expand(left - right), x), self)
        if candidates:
            self.steps.append("解这个整式方程，得 " + "，".join(f"${tex(x)} = {tex(r)}$" for r in candidates))
        good = []
        for r in candidates:
            if sp.simplify(common.subs(x, r)) == 0:
                self.steps.append(
                    f"检验：当 ${tex(x)} = {tex(r)}$ 时，最简公分母 ${tex(common)} = 0$，所以它是增根，舍去。"
                )
            else:
                self.steps.append(f"检验：当 ${tex(x)} = {tex(r)}$ 时，最简公分母不为 0，是原方程的解。")
                good.append(r)
        return self.finish("fractional_equation", good)

    # -- absolute value ------------------------------------------------------------------------
    def _absolute(self) -> Solution:
        x = self.var
        lhs, rhs = self.lhs, self.rhs
        if rhs.has(sp.Abs) and not lhs.has(sp.Abs):
            lhs, rhs = rhs, lhs
        # a·|u| + b = c  →  |u| = (c - b)/a, when exactly one absolute value appears.
        abs_terms = list(lhs.atoms(sp.Abs))
        if len(abs_terms) == 1 and not rhs.has(x):
            u = abs_terms[0]
            t = sp.Dummy("t")
            linear = sp.expand(lhs.subs(u, t))
            if linear.is_polynomial(t) and sp.degree(linear, t) == 1 and not linear.has(x):
                a = linear.coeff(t, 1)
                isolated = sp.simplify((rhs - linear.coeff(t, 0)) / a)
                if (a, linear.coeff(t, 0)) != (1, 0):
                    self.steps.append(f"整理得：${tex(u)} = {tex(isolated)}$")
                lhs, rhs = u, isolated
        if isinstance(lhs, sp.Abs) and not rhs.has(x):
            inner = lhs.args[0]
            if rhs.is_number and rhs < 0:
                self.steps.append(f"绝对值不可能是负数（右边是 ${tex(rhs)}$）。")
                return self.finish("abs_equation", [])
            self.steps.append(
                f"根据绝对值的意义：${tex(inner)} = {tex(rhs)}$ 或 ${tex(inner)} = {tex(-rhs)}$"
            )
            roots = _finite(real_roots(inner - rhs, x), self) + _finite(real_roots(inner + rhs, x), self)
            return self.finish("abs_equation", roots)
        self.steps.append("按绝对值里式子的正负分段讨论，去掉绝对值符号后分别求解：")
        return self._generic("abs_equation")

    # -- radical -------------------------------------------------------------------------------
    def _radical(self) -> Solution:
        x = self.var
        roots_terms = [t for t in sp.Add.make_args(self.f) if _has_radical(t, x)]
        if len(roots_terms) == 1:
            radical = roots_terms[0]
            other = sp.expand(radical - self.f)  # radical = other
            coeff, core = radical.as_independent(x, as_Add=False)
            if isinstance(core, sp.Pow) and core.exp == sp.Rational(1, 2):
                isolated = sp.expand(other / coeff)
                squared_lhs, squared_rhs = core.base, sp.expand(isolated**2)
                if not (sp.simplify(self.lhs - core) == 0 and sp.simplify(self.rhs - isolated) == 0):
                    self.steps.append(f"移项：${tex(core)} = {tex(isolated)}$")
                self.steps.append(f"两边平方：${tex(squared_lhs)} = {tex(squared_rhs)}$")
                candidates = _finite(real_roots(sp.expand(squared_lhs - squared_rhs), x), self)
                if candidates:
                    self.steps.append("解得 " + " 或 ".join(f"${tex(x)} = {tex(r)}$" for r in candidates))
                good = []
                for r in candidates:
                    if sp.simplify(self.f.subs(x, r)) == 0:
                        self.steps.append(f"检验：${tex(x)} = {tex(r)}$ 满足原方程。")
                        good.append(r)
                    else:
                        self.steps.append(f"检验：${tex(x)} = {tex(r)}$ 代入原方程两边不相等，是增根，舍去。")
                return self.finish("radical_equation", good)
        self.steps.append("移项后两边平方，化为整式方程求解，最后必须代回原方程检验：")
        candidates = _finite(real_roots(self.f, x), self)
        try:
            squared = sp.solve(sp.expand(self.f), x)
        except NotImplementedError:
            squared = []
        for r in sort_real([r for r in squared if r.is_real]):
            if r not in candidates:
                self.steps.append(f"检验：${tex(x)} = {tex(r)}$ 不满足原方程，舍去。")
        for r in candidates:
            self.steps.append(f"检验：${tex(x)} = {tex(r)}$ 满足原方程。")
        return self.finish("radical_equation", candidates)

    # -- exponential / logarithmic / trigonometric ---------------------------------------------
    def _exponential(self) -> Solution:
        x = self.var
        lhs, rhs = self.lhs, self.rhs
        if rhs.has(x) and not lhs.has(x):
            lhs, rhs = rhs, lhs
        if isinstance(lhs, sp.Pow) and lhs.base.is_number and not rhs.has(x) and rhs.is_positive:
            base = lhs.base
            k = sp.simplify(sp.log(rhs) / sp.log(base))
            if k.is_Rational:
                self.steps.append(
                    f"化为同底数幂：${tex(rhs)} = {tex(base)}^{{{tex(k)}}}$，所以 ${tex(lhs.exp)} = {tex(k)}$"
                )
            else:
                self.steps.append(f"两边取对数：${tex(lhs.exp)} = {tex(sp.log(rhs, base))}$")
            roots = _finite(real_roots(lhs.exp - k, x), self)
            return self.finish("exponential_equation", roots)
        return self._generic("exponential_equation")

    def _log(self) -> Solution:
        x = self.var
        logs = [a for a in self.f.atoms(sp.log) if a.has(x)]
        if len(logs) == 1:
            t = sp.Dummy("t")
            linear = sp.expand(self.f.subs(logs[0], t))
            if linear.is_polynomial(t) and sp.degree(linear, t) == 1 and not linear.has(x):
                value = sp.simplify(-linear.coeff(t, 0) / linear.coeff(t, 1))
                inner = logs[0].args[0]
                target = sp.simplify(sp.exp(value))
                self.steps.append(f"根据对数的定义化为指数式：${tex(inner)} = {tex(target)}$")
                roots = _finite(real_roots(inner - target, x), self)
                for r in roots:
                    self.steps.append(
                        f"检验：${tex(x)} = {tex(r)}$ 时真数 ${tex(inner)} = {tex(inner.subs(x, r))} > 0$。"
                    )
                return self.finish("log_equation", roots)
        self.steps.append("根据对数的定义（真数必须大于 0），化为指数式求解并检验：")
        return self._generic("log_equation")

    def _trig(self) -> Solution:
        x = self.var
        if self.allowed != sp.S.Reals:  # 在 [0, 2π) 内: a finite list
            return self.finish("trig_equation", _finite(sp.solveset(self.f, x, self.allowed), self))
        solset = real_roots(self.f, x)
        if isinstance(solset, sp.FiniteSet):
            return self.finish("trig_equation", list(solset))
        families = _image_sets(solset)
        if not families:
            return self._generic("trig_equation")
        base = sp.solveset(self.f, x, sp.Interval.Ropen(0, 2 * sp.pi))
        if isinstance(base, sp.FiniteSet) and base:
            shown = "，".join(f"${tex(v)}$" for v in sort_real(list(base)))
            self.steps.append(f"在一个周期 $[0, 2\\pi)$ 内，方程的解为 {shown}。")
        exprs = [_periodic_form(fam.lamda.expr.subs(fam.lamda.variables[0], K)) for fam in families]
        latex = " \\text{ 或 } ".join(f"{tex(x)} = {t}" for _, t in exprs) + ",\\ k \\in \\mathbb{Z}"
        self.steps.append("由三角函数的周期性，写出全部解：")
        self.steps.append(f"所以 ${latex}$。")
        return Solution(
            self.question,
            "trig_equation",
            self.steps,
            [f"{x}={a}" for a, _ in exprs],
            latex,
            form="general_solution",
            variables=[str(x)],
        )

    def _generic(self, kind: str) -> Solution:
        roots = _finite(real_roots(self.f, self.var), self)
        return self.finish(kind, roots)


def _linear_factors(factored: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    """The distinct factors containing x, ordered by their root (x+2 before x-3)."""
    out: list[sp.Expr] = []
    for fac in sp.Mul.make_args(factored):
        base = fac.base if isinstance(fac, sp.Pow) and fac.exp.is_Integer else fac
        if base.has(x) and base not in out:
            out.append(base)

    def key(f: sp.Expr) -> tuple[int, float]:
        if isinstance(f, sp.Symbol):
            return (0, 0.0)  # x(x + 2): a bare factor first, as textbooks write it
        roots = [r for r in sp.solve(f, x) if r.is_real]
        return (1, float(sp.N(roots[0])) if roots else float("inf"))

    return sorted(out, key=key)


def _product_tex(coeff: sp.Expr, factors: list[sp.Expr], factored: sp.Expr) -> str:
    powers = {
        (fac.base if isinstance(fac, sp.Pow) else fac): (fac.exp if isinstance(fac, sp.Pow) else 1)
        for fac in sp.Mul.make_args(factored)
    }
    parts = []
    for f in factors:
        body = tex(f) if isinstance(f, sp.Symbol) else f"\\left({tex(f)}\\right)"
        exp = powers.get(f, 1)
        parts.append(body if exp == 1 else f"{body}^{{{tex(exp)}}}")
    head = "" if coeff == 1 else ("-" if coeff == -1 else tex(coeff))
    return head + "".join(parts)


def _periodic_form(expr: sp.Expr) -> tuple[str, str]:
    """2kπ + π/6 → ("pi/6+2*k*pi", "\\frac{\\pi}{6} + 2k\\pi"): the textbook's way to write a family."""
    expr = sp.expand(expr)
    const = expr.subs(K, 0)
    period = sp.simplify((expr - const) / K)
    ratio = sp.simplify(period / sp.pi)
    if not ratio.is_Rational:
        return ans(expr), tex(expr)
    num, den = sp.fraction(ratio)
    k_tex = ("" if num == 1 else "-" if num == -1 else tex(num)) + "k\\pi"
    if den != 1:
        k_tex = f"\\frac{{{k_tex}}}{{{tex(den)}}}"
    machine = f"{ans(period)}*k" if const == 0 else f"{ans(const)}+{ans(period)}*k"
    if const == 0:
        return machine, k_tex
    return machine, f"{tex(const)} + {k_tex}"


def _image_sets(s: sp.Set) -> list[sp.ImageSet]:
    if isinstance(s, sp.ImageSet):
        return [s]
    if isinstance(s, sp.Union):
        out = []
        for part in s.args:
            if not isinstance(part, sp.ImageSet):
                return []
            out.append(part)
        return out
    return []


def _finite(s: sp.Set, solver: EquationSolver) -> list[sp.Expr]:
    if isinstance(s, sp.FiniteSet):
        return [r for r in s if r.is_real is not False]
    if s is sp.S.EmptySet:
        return []
    raise UnsupportedProblem(
        f"这个方程的解不是有限个数（{s}），暂时只能解出有限个实数解的方程。"
        " / This equation's solution set is not a finite list of numbers."
    )


def _has_radical(f: sp.Expr, x: sp.Symbol) -> bool:
    return any(
        isinstance(p, sp.Pow) and p.base.has(x) and p.exp.is_Rational and not p.exp.is_Integer
        for p in f.atoms(sp.Pow)
    )


def _approx(value: sp.Expr) -> str | None:
    from zuoye.math._fmt import approx

    return approx(value)


def _p(value: sp.Expr) -> str:
    s = tex(value)
    return f"({s})" if s.startswith("-") else s


def solve_equation(
    question: str, lhs: sp.Expr, rhs: sp.Expr, var: sp.Symbol, original: str, allowed: sp.Set = sp.S.Reals
) -> Solution:
    others = (lhs - rhs).free_symbols - {var}
    if others:
        return _solve_literal(question, lhs, rhs, var, original)
    return EquationSolver(question, lhs, rhs, var, original, allowed).solve()


def _solve_literal(question: str, lhs: sp.Expr, rhs: sp.Expr, var: sp.Symbol, original: str) -> Solution:
    """An equation with letters besides the unknown (含参方程): solve for the unknown symbolically."""
    roots = sp.solve(sp.Eq(lhs, rhs), var)
    steps = [f"原方程：{m(original)}", f"把 ${tex(var)}$ 看作未知数，其余字母看作已知数，解得："]
    if not roots:
        steps.append("方程没有解（或对参数有限制）。")
    latex = roots_latex(var, roots) if roots else "\\text{无解}"
    steps.append(f"${latex}$")
    return Solution(
        question,
        "equation",
        steps,
        [f"{var}={ans(r)}" for r in roots],
        latex,
        form="roots",
        variables=[str(var)],
    )
