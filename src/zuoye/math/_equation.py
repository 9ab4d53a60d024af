"""One equation in one unknown, with the steps its type calls for.

linear      去分母 → 去括号 → 移项 → 合并同类项 → 系数化为1
quadratic   直接开平方法 / 因式分解法 / 公式法 (with the discriminant Δ)
fractional  去分母 (multiply by the common denominator) → solve → 检验 (drop 增根)
abs, radical, exponential, logarithmic, trigonometric, higher degree: each its own short method
"""

from __future__ import annotations

import sympy as sp

from zuoye.math._equation_forms import SpecialForms
from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, approx, m, roots_latex, sort_real, tex
from zuoye.math._roots import (
    denominator_lcm,
    finite_roots,
    has_radical,
    join_terms,
    linear_factors,
    paren,
    product_tex,
    real_roots,
)
from zuoye.math._types import Solution
from zuoye.messages import say

__all__ = ["EquationSolver", "join_terms", "solve_equation"]


class EquationSolver(SpecialForms):
    def __init__(
        self,
        question: str,
        lhs: sp.Expr,
        rhs: sp.Expr,
        var: sp.Symbol,
        original: str,
        allowed: sp.Set = sp.S.Reals,
        divisors: tuple[sp.Expr, ...] = (),
    ) -> None:
        self.question = question
        self.allowed = allowed
        self.divisors = divisors
        self.lhs = lhs
        self.rhs = rhs
        self.var = var
        self.steps: list[str] = [say("math.step.eq.original", equation=m(original))]
        self.f = sp.expand(lhs - rhs)

    # -- result -------------------------------------------------------------------------------
    def finish(self, kind: str, roots: list[sp.Expr], *, note: str | None = None) -> Solution:
        roots = sort_real(list(dict.fromkeys(roots)))
        if self.allowed != sp.S.Reals:
            kept = [r for r in roots if self.allowed.contains(r) is sp.true]
            for r in roots:
                if r not in kept:
                    self.steps.append(say("math.step.eq.out_of_range", root=f"{tex(self.var)} = {tex(r)}"))
            roots = kept
        defined = [r for r in roots if self._defined_at(r)]
        for r in roots:
            if r not in defined:
                self.steps.append(say("math.step.eq.check_fails", root=f"{tex(self.var)} = {tex(r)}"))
        roots = defined
        if any(r.has(sp.CRootOf, sp.RootOf) for r in roots):
            # x^5 - x + 1 = 0 has no solution in radicals: say so and give decimals.
            roots = [sp.Float(sp.N(r, 12), 12) for r in roots]
            self.steps.append(say("math.step.eq.no_radicals"))
        x = self.var
        if roots:
            latex = roots_latex(x, roots)
            self.steps.append(say("math.step.eq.solutions", roots=m(latex)))
        else:
            latex = f"\\text{{{say('math.step.eq.no_real_solution')}}}"
            self.steps.append(note or say("math.step.eq.so_no_real_solution"))
        decimals = [a for a in (approx(r) for r in roots) if a]
        return Solution(
            self.question,
            kind,
            self.steps,
            [f"{x}={ans(r)}" for r in roots],
            latex,
            form="roots",
            approx=decimals,
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
        if f.is_polynomial(x) and not has_radical(f, x):
            degree = sp.Poly(f, x).degree()
            if degree == 1:
                return self._linear()
            if degree == 2:
                return self._quadratic()
            return self._higher()
        if has_radical(f, x):
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
            self.steps.append(say("math.step.eq.identity"))
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
        self.steps.append(say("math.step.eq.contradiction", expr=tex(self.f)))
        return self.finish("equation", [], note=say("math.step.eq.so_no_solution"))

    # -- linear --------------------------------------------------------------------------------
    def _linear(self) -> Solution:
        x = self.var
        lhs, rhs = self.lhs, self.rhs
        lcm = denominator_lcm(lhs, rhs)
        if lcm != 1:
            lhs, rhs = sp.expand(lcm * lhs), sp.expand(lcm * rhs)
            self.steps.append(
                say("math.step.eq.clear_denominators", lcm=lcm, equation=f"{tex(lhs)} = {tex(rhs)}")
            )
        elif sp.expand(lhs) != lhs or sp.expand(rhs) != rhs or self._had_brackets():
            lhs, rhs = sp.expand(lhs), sp.expand(rhs)
            self.steps.append(say("math.step.eq.remove_brackets", equation=f"{tex(lhs)} = {tex(rhs)}"))
        lhs, rhs = sp.expand(lhs), sp.expand(rhs)
        left_var = [t for t in sp.Add.make_args(lhs) if t.has(x)]
        left_const = [t for t in sp.Add.make_args(lhs) if not t.has(x) and t != 0]
        right_var = [t for t in sp.Add.make_args(rhs) if t.has(x)]
        right_const = [t for t in sp.Add.make_args(rhs) if not t.has(x) and t != 0]
        moved_left = left_var + [-t for t in right_var]
        moved_right = right_const + [-t for t in left_const]
        if right_var or left_const:
            moved = f"{join_terms(moved_left)} = {join_terms(moved_right)}"
            self.steps.append(say("math.step.eq.move_terms", equation=moved))
        a = sp.expand(sum(moved_left, sp.S.Zero))
        b = sp.expand(sum(moved_right, sp.S.Zero))
        if len(moved_left) > 1 or len(moved_right) > 1:
            self.steps.append(say("math.step.eq.combine", equation=f"{tex(a)} = {tex(b)}"))
        coeff = sp.simplify(a / x)
        if coeff == 0:
            return self._trivial()
        root = sp.simplify(b / coeff)
        if coeff != 1:
            self.steps.append(
                say("math.step.eq.divide", coeff=tex(coeff), equation=f"{tex(x)} = {tex(root)}")
            )
        return self.finish("linear_equation", [root])

    def _had_brackets(self) -> bool:
        return "\\left(" in self.steps[0]

    # -- quadratic -----------------------------------------------------------------------------
    def _standard_poly(self) -> sp.Poly:
        x = self.var
        f = self.f
        lcm = denominator_lcm(f)
        if lcm != 1:
            f = sp.expand(lcm * f)
        if sp.Poly(f, x).LC().could_extract_minus_sign():
            f = -f
        return sp.Poly(f, x)

    def _show_standard(self, poly: sp.Poly) -> None:
        shown = f"{tex(poly.as_expr())} = 0"
        if shown not in self.steps[0]:
            self.steps.append(say("math.step.eq.standard_form", equation=shown))

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
            self.steps.append(
                say("math.step.eq.divide_both", coeff=tex(coeff), equation=f"{tex(power)} = {tex(k)}")
            )
        if k.is_negative:
            self.steps.append(say("math.step.eq.square_not_negative", value=tex(k)))
            return self.finish("quadratic_equation", [])
        r = sp.sqrt(k)
        if r == 0:
            self.steps.append(say("math.step.eq.square_root_zero", equation=f"{tex(inner)} = 0"))
        else:
            self.steps.append(say("math.step.eq.square_root", equation=f"{tex(inner)} = \\pm {tex(r)}"))
            if inner != x:
                either = f"${tex(inner)} = {tex(r)}$", f"${tex(inner)} = {tex(-r)}$"
                self.steps.append(say("math.step.eq.that_is", what=say("math.step.or").join(either)))
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
            shown = f"${tex(x**2)} = {tex(k)}${say('math.step.comma')}${tex(x)} = \\pm {tex(r)}$"
            self.steps.append(say("math.step.eq.square_root_both", equations=shown))
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
            linear = linear_factors(factored, x)
            coeff = sp.Mul(*[fac for fac in sp.Mul.make_args(factored) if not fac.has(x)])
            shown = product_tex(coeff, linear, factored)
            self.steps.append(say("math.step.eq.by_factoring", equation=f"{shown} = 0"))
            self.steps.append(
                say("math.step.eq.so", what=say("math.step.or").join(f"${tex(lf)} = 0$" for lf in linear))
            )
            roots = [sp.solve(lf, x)[0] for lf in linear]
            if len(roots) == 1:
                self.steps.append(f"${tex(x)}_{{1}} = {tex(x)}_{{2}} = {tex(roots[0])}$")
            return self.finish("quadratic_equation", roots)
        self.steps.append(say("math.step.eq.formula", a=tex(a), b=tex(b), c=tex(c)))
        self.steps.append(
            f"$\\Delta = b^{{2}} - 4ac = {paren(b)}^{{2}} - 4 \\times {paren(a)} \\times {paren(c)} = {tex(delta)}$"
        )
        if delta.is_number and delta < 0:
            self.steps.append(say("math.step.eq.delta_negative"))
            return self.finish("quadratic_equation", [])
        if delta == 0:
            root = -b / (2 * a)
            equal = f"{tex(x)}_{{1}} = {tex(x)}_{{2}} = -\\frac{{b}}{{2a}} = {tex(root)}"
            self.steps.append(say("math.step.eq.delta_zero", roots=equal))
            return self.finish("quadratic_equation", [root])
        center = sp.simplify(-b / (2 * a))
        spread = sp.simplify(sp.sqrt(delta) / (2 * a))
        roots_tex = (
            f"{tex(x)} = \\frac{{-b \\pm \\sqrt{{\\Delta}}}}{{2a}} = "
            f"\\frac{{{tex(-b)} \\pm \\sqrt{{{tex(delta)}}}}}{{{tex(2 * a)}}} = {tex(center)} \\pm {tex(spread)}"
        )
        self.steps.append(say("math.step.eq.delta_positive", roots=roots_tex))
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
            linear = linear_factors(factored, x)
            coeff = sp.Mul(*[fac for fac in sp.Mul.make_args(factored) if not fac.has(x)])
            self.steps.append(
                say("math.step.eq.factored", equation=f"{product_tex(coeff, linear, factored)} = 0")
            )
            self.steps.append(
                say("math.step.eq.so", what=say("math.step.or").join(f"${tex(p)} = 0$" for p in linear))
            )
        roots = finite_roots(real_roots(f, x))
        return self.finish("equation", roots)

    # -- fractional ----------------------------------------------------------------------------


def solve_equation(
    question: str,
    lhs: sp.Expr,
    rhs: sp.Expr,
    var: sp.Symbol,
    original: str,
    allowed: sp.Set = sp.S.Reals,
    divisors: tuple[sp.Expr, ...] = (),
) -> Solution:
    """`divisors`: what the question divides by, built on its own (SymPy cancels x²/x to x)."""
    others = (lhs - rhs).free_symbols - {var}
    if others:
        return _solve_literal(question, lhs, rhs, var, original)
    return EquationSolver(question, lhs, rhs, var, original, allowed, divisors).solve()


def _solve_literal(question: str, lhs: sp.Expr, rhs: sp.Expr, var: sp.Symbol, original: str) -> Solution:
    """An equation with letters besides the unknown (含参方程): solve for the unknown symbolically."""
    roots = sp.solve(sp.Eq(lhs, rhs), var)
    if any(r.has(sp.I) for r in roots):
        # x = ±iy for x² + y² = 0: no real root but for some values of the other letters (y = 0)
        raise UnsupportedProblem(say("math.depends_on_letters"))
    steps = [say("math.step.eq.original", equation=m(original)), say("math.step.eq.literal", var=tex(var))]
    if not roots:
        steps.append(say("math.step.eq.literal_none"))
    latex = roots_latex(var, roots) if roots else f"\\text{{{say('math.step.no_solution')}}}"
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
