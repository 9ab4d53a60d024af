"""Equations of special forms, as a mixin of EquationSolver: fractional (检验增根), absolute
value, radical (两边平方, 检验), exponential (同底数幂), logarithmic (化为指数式), trigonometric
(general solution π/6 + 2kπ, or the roots inside a given interval)."""

from __future__ import annotations

import sympy as sp

from zuoye.math._fmt import sort_real, tex
from zuoye.math._roots import K, finite_roots, has_radical, image_sets, periodic_form, real_roots
from zuoye.math._types import Solution
from zuoye.messages import say


class SpecialForms:
    """Methods EquationSolver inherits; the attributes below are set by its __init__."""

    question: str
    lhs: sp.Expr
    rhs: sp.Expr
    var: sp.Symbol
    f: sp.Expr
    steps: list[str]
    allowed: sp.Set
    divisors: tuple[sp.Expr, ...]

    def finish(self, kind: str, roots: list[sp.Expr], *, note: str | None = None) -> Solution:
        raise NotImplementedError

    def _defined_at(self, root: sp.Expr) -> bool:
        """Both sides are real numbers at `root`: no divisor written in the question is 0 there
        (x²/x = 0 has no root, though x²/x is x), no square root is of a negative number and no
        logarithm of one that is not positive (√(x-3) = √(1-x) at x = 2 is i = i)."""
        x = self.var
        if any(sp.simplify(d.subs(x, root)) == 0 for d in self.divisors):
            return False
        sides = sp.Add(self.lhs, self.rhs, evaluate=False)
        for part in sp.preorder_traversal(sides):
            even_root = isinstance(part, sp.Pow) and part.exp.is_Rational and part.exp.q % 2 == 0
            if even_root and sp.simplify(part.base.subs(x, root)).is_negative:
                return False
            if isinstance(part, sp.log) and sp.simplify(part.args[0].subs(x, root)).is_positive is False:
                return False
        return True

    def _fractional(self, num: sp.Expr, den: sp.Expr) -> Solution:
        x = self.var
        dens = [sp.fraction(sp.together(side))[1] for side in (self.lhs, self.rhs)]
        common = sp.factor(sp.lcm(dens[0], dens[1]))
        left = sp.expand(sp.cancel(self.lhs * common))
        right = sp.expand(sp.cancel(self.rhs * common))
        self.steps.append(
            say("math.step.eq.multiply_lcd", lcd=tex(common), equation=f"{tex(left)} = {tex(right)}")
        )
        candidates = finite_roots(real_roots(sp.expand(left - right), x))
        if candidates:
            found = say("math.step.comma").join(f"${tex(x)} = {tex(r)}$" for r in candidates)
            self.steps.append(say("math.step.eq.polynomial_roots", roots=found))
        good = []
        for r in candidates:
            if sp.simplify(common.subs(x, r)) == 0:
                self.steps.append(
                    say("math.step.eq.extraneous_lcd", root=f"{tex(x)} = {tex(r)}", lcd=f"{tex(common)} = 0")
                )
            else:
                self.steps.append(say("math.step.eq.check_lcd", root=f"{tex(x)} = {tex(r)}"))
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
                    self.steps.append(say("math.step.eq.rearranged", equation=f"{tex(u)} = {tex(isolated)}"))
                lhs, rhs = u, isolated
        if isinstance(lhs, sp.Abs) and not rhs.has(x):
            inner = lhs.args[0]
            if rhs.is_number and rhs < 0:
                self.steps.append(say("math.step.eq.abs_not_negative", right=tex(rhs)))
                return self.finish("abs_equation", [])
            either = say("math.step.or").join(
                (f"${tex(inner)} = {tex(rhs)}$", f"${tex(inner)} = {tex(-rhs)}$")
            )
            self.steps.append(say("math.step.eq.abs_meaning", cases=either))
            roots = finite_roots(real_roots(inner - rhs, x)) + finite_roots(real_roots(inner + rhs, x))
            return self.finish("abs_equation", roots)
        self.steps.append(say("math.step.eq.abs_cases"))
        return self._generic("abs_equation")

    # -- radical -------------------------------------------------------------------------------
    def _radical(self) -> Solution:
        x = self.var
        roots_terms = [t for t in sp.Add.make_args(self.f) if has_radical(t, x)]
        if len(roots_terms) == 1:
            radical = roots_terms[0]
            other = sp.expand(radical - self.f)  # radical = other
            coeff, core = radical.as_independent(x, as_Add=False)
            if isinstance(core, sp.Pow) and core.exp == sp.Rational(1, 2):
                isolated = sp.expand(other / coeff)
                squared_lhs, squared_rhs = core.base, sp.expand(isolated**2)
                if not (sp.simplify(self.lhs - core) == 0 and sp.simplify(self.rhs - isolated) == 0):
                    self.steps.append(
                        say("math.step.eq.move_terms", equation=f"{tex(core)} = {tex(isolated)}")
                    )
                self.steps.append(
                    say("math.step.eq.square_both", equation=f"{tex(squared_lhs)} = {tex(squared_rhs)}")
                )
                candidates = finite_roots(real_roots(sp.expand(squared_lhs - squared_rhs), x))
                if candidates:
                    found = say("math.step.or").join(f"${tex(x)} = {tex(r)}$" for r in candidates)
                    self.steps.append(say("math.step.eq.solving_gives", roots=found))
                good = []
                for r in candidates:
                    if sp.simplify(self.f.subs(x, r)) == 0 and self._defined_at(r):
                        self.steps.append(say("math.step.eq.check_ok", root=f"{tex(x)} = {tex(r)}"))
                        good.append(r)
                    else:
                        self.steps.append(say("math.step.eq.extraneous_sides", root=f"{tex(x)} = {tex(r)}"))
                return self.finish("radical_equation", good)
        self.steps.append(say("math.step.eq.radical_method"))
        candidates = [r for r in finite_roots(real_roots(self.f, x)) if self._defined_at(r)]
        try:
            squared = sp.solve(sp.expand(self.f), x)
        except NotImplementedError:
            squared = []
        for r in sort_real([r for r in squared if r.is_real]):
            if r not in candidates:
                self.steps.append(say("math.step.eq.check_fails", root=f"{tex(x)} = {tex(r)}"))
        for r in candidates:
            self.steps.append(say("math.step.eq.check_ok", root=f"{tex(x)} = {tex(r)}"))
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
                power = f"{tex(rhs)} = {tex(base)}^{{{tex(k)}}}"
                self.steps.append(
                    say("math.step.eq.same_base", power=power, equation=f"{tex(lhs.exp)} = {tex(k)}")
                )
            else:
                self.steps.append(
                    say("math.step.eq.take_logs", equation=f"{tex(lhs.exp)} = {tex(sp.log(rhs, base))}")
                )
            roots = finite_roots(real_roots(lhs.exp - k, x))
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
                self.steps.append(
                    say("math.step.eq.log_definition", equation=f"{tex(inner)} = {tex(target)}")
                )
                roots = finite_roots(real_roots(inner - target, x))
                for r in roots:
                    argument = f"{tex(inner)} = {tex(inner.subs(x, r))} > 0"
                    self.steps.append(
                        say("math.step.eq.log_argument", root=f"{tex(x)} = {tex(r)}", argument=argument)
                    )
                return self.finish("log_equation", roots)
        combined = self._combine_logs(logs)
        if combined is not None:
            return combined
        self.steps.append(say("math.step.eq.log_method"))
        return self._generic("log_equation")

    def _combine_logs(self, logs: list[sp.Expr]) -> Solution | None:
        """log_a M + log_a N = c → MN = a^c (同底对数相加、相减), then check every 真数 > 0.

        SymPy writes log_2 u as log(u)/log(2): the equation is Σ cᵢ·ln uᵢ + r = 0. Scaled so the
        first coefficient is 1, the others must be rational (one base); then Π uᵢ^cᵢ = e^(−r).
        """
        x = self.var
        f = sp.expand(self.f)
        coeffs = {lg: f.coeff(lg) for lg in logs}
        rest = sp.expand(f - sum(c * lg for lg, c in coeffs.items()))
        if rest.has(x) or any(c.has(x) or c == 0 for c in coeffs.values()):
            return None
        scale = 1 / next(iter(coeffs.values()))
        powers = {lg.args[0]: sp.nsimplify(sp.simplify(c * scale)) for lg, c in coeffs.items()}
        if not all(p.is_Rational for p in powers.values()):
            return None
        target = sp.simplify(sp.exp(sp.expand(-rest * scale)))
        if not target.is_positive:
            return None
        args = list(powers)
        domain_tex = say("math.step.comma").join(f"${tex(a)} > 0$" for a in args)
        self.steps.append(say("math.step.eq.log_domain", domain=domain_tex))
        product = sp.Mul(*[a**p for a, p in powers.items()])
        num, den = sp.fraction(sp.together(product - target))
        self.steps.append(say("math.step.eq.log_combine", equation=f"{tex(product)} = {tex(target)}"))
        roots = finite_roots(real_roots(num, x))
        kept = []
        for r in sort_real(roots):
            if den.subs(x, r) == 0:
                continue
            if all(sp.simplify(a.subs(x, r)).is_positive for a in args):
                kept.append(r)
                self.steps.append(say("math.step.eq.log_check_ok", root=f"{tex(x)} = {tex(r)}"))
            else:
                self.steps.append(say("math.step.eq.log_check_fails", root=f"{tex(x)} = {tex(r)}"))
        return self.finish("log_equation", kept)

    def _trig(self) -> Solution:
        x = self.var
        if self.allowed != sp.S.Reals:  # 在 [0, 2π) 内: a finite list
            return self.finish("trig_equation", self._roots_within(self.allowed))
        solset = real_roots(self.f, x)
        if isinstance(solset, sp.FiniteSet):
            return self.finish("trig_equation", list(solset))
        families = image_sets(solset)
        if not families:
            return self._generic("trig_equation")
        base = sp.solveset(self.f, x, sp.Interval.Ropen(0, 2 * sp.pi))
        if isinstance(base, sp.FiniteSet) and base:
            shown = say("math.step.comma").join(f"${tex(v)}$" for v in sort_real(list(base)))
            self.steps.append(say("math.step.eq.one_period", roots=shown))
        exprs = [periodic_form(fam.lamda.expr.subs(fam.lamda.variables[0], K)) for fam in families]
        latex = say("math.step.or_tex").join(f"{tex(x)} = {t}" for _, t in exprs) + ",\\ k \\in \\mathbb{Z}"
        self.steps.append(say("math.step.eq.periodic"))
        self.steps.append(say("math.step.so", what=f"${latex}$"))
        return Solution(
            self.question,
            "trig_equation",
            self.steps,
            [f"{x}={a}" for a, _ in exprs],
            latex,
            form="general_solution",
            variables=[str(x)],
        )

    def _roots_within(self, allowed: sp.Set) -> list[sp.Expr]:
        """The roots in a bounded range: all real solutions (families 2kπ + a), then the members
        that fall in the range. SymPy's solver on the interval itself can lose roots."""
        x = self.var
        solset = real_roots(self.f, x)
        if isinstance(solset, sp.FiniteSet):
            return [r for r in solset if allowed.contains(r) is sp.true]
        families = image_sets(solset)
        lo, hi = allowed.inf, allowed.sup
        if not families or not (lo.is_finite and hi.is_finite):
            return finite_roots(sp.solveset(self.f, x, allowed))
        roots: list[sp.Expr] = []
        for fam in families:
            k = fam.lamda.variables[0]
            body = fam.lamda.expr
            period = sp.simplify(body.subs(k, 1) - body.subs(k, 0))
            if not period.is_positive and not period.is_negative:
                return finite_roots(sp.solveset(self.f, x, allowed))
            span = int(sp.ceiling(abs((hi - lo) / period))) + 2
            start = int(sp.floor((lo - body.subs(k, 0)) / period)) if period.is_positive else 0
            for n in range(start - span, start + 2 * span + 1):
                value = sp.simplify(body.subs(k, n))
                if allowed.contains(value) is sp.true and value not in roots:
                    roots.append(value)
        return roots

    def _generic(self, kind: str) -> Solution:
        return self.finish(kind, finite_roots(real_roots(self.f, self.var)))
