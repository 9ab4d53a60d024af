"""Factor, expand, simplify — with the method a textbook would name (提公因式, 平方差公式,
完全平方公式, 十字相乘法, 去括号/合并同类项, 约分)."""

from __future__ import annotations

from functools import reduce

import sympy as sp

from zuoye.math._ast import Add as AstAdd
from zuoye.math._ast import Group, Neg, Node, to_latex
from zuoye.math._ast import Mul as AstMul
from zuoye.math._build import Builder
from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, m, tex
from zuoye.math._types import Solution
from zuoye.messages import say


def _terms(expr: sp.Expr) -> list[sp.Expr]:
    return list(sp.Add.make_args(sp.expand(expr)))


def _square_root_of_term(term: sp.Expr) -> sp.Expr | None:
    """s if term == s**2 with s a 'nice' monomial (4x^2 → 2x), else None."""
    if term.could_extract_minus_sign():
        return None
    root = sp.sqrt(term)
    root = sp.powdenest(root, force=True)
    if root.has(sp.sqrt(2)) or any(p.exp.is_Rational and not p.exp.is_Integer for p in root.atoms(sp.Pow)):
        return None
    return sp.expand(root)


def _describe_factoring(expr: sp.Expr, var: sp.Symbol | None) -> tuple[str, sp.Expr] | None:
    """One named method that applies to `expr` (already without a common factor), and its result."""
    terms = _terms(expr)
    factored = sp.factor(expr)
    if (
        factored == expr
        or sp.expand(factored) != sp.expand(expr)
        or not isinstance(factored, sp.Mul | sp.Pow)
    ):
        return None
    if len(terms) == 2:
        pos = [t for t in terms if not t.could_extract_minus_sign()]
        neg = [-t for t in terms if t.could_extract_minus_sign()]
        if len(pos) == 1 and len(neg) == 1:
            a, b = _square_root_of_term(pos[0]), _square_root_of_term(neg[0])
            if a is not None and b is not None:
                result = sp.Mul(a + b, a - b, evaluate=False)
                plain = (tex(a), tex(b)) == ("a", "b")
                where = "" if plain else say("math.step.factor.where_ab", a=tex(a), b=tex(b))
                return (say("math.step.factor.difference_of_squares", where=where), result)
    if len(terms) == 3 and isinstance(factored, sp.Pow) and factored.exp == 2:
        return (say("math.step.factor.perfect_square"), factored)
    if (
        len(terms) == 3
        and var is not None
        and sp.Poly(expr, var).degree() == 2
        and len(expr.free_symbols) == 1
    ):
        poly = sp.Poly(expr, var)
        a, b, c = poly.all_coeffs()
        if all(k.is_Integer for k in (a, b, c)):
            factors = [f for f, _ in sp.factor_list(expr)[1]]
            if len(factors) == 2 and all(sp.Poly(f, var).degree() == 1 for f in factors):
                (p1, q1), (p2, q2) = (sp.Poly(f, var).all_coeffs() for f in factors)
                if a == 1:
                    products = [
                        f"${tex(q1)} \\times {_paren(q2)} = {tex(c)}$",
                        f"${tex(q1)} + {_paren(q2)} = {tex(b)}$",
                    ]
                else:
                    products = [
                        f"${tex(p1)} \\times {tex(p2)} = {tex(a)}$",
                        f"${tex(q1)} \\times {_paren(q2)} = {tex(c)}$",
                        f"${tex(p1)} \\times {_paren(q2)} + {tex(p2)} \\times {_paren(q1)} = {tex(b)}$",
                    ]
                why = say("math.step.factor.cross", why=say("math.step.comma").join(products))
                return (why, factored)
    if len(terms) == 4:
        return (say("math.step.factor.grouping"), factored)
    return (say("math.step.factor.further"), factored)


def _ordered(expr: sp.Expr) -> list[sp.Expr]:
    """Terms highest power first (x² + 3x + 2), the order a textbook writes them."""
    return list(expr.as_ordered_terms()) if isinstance(expr, sp.Add) else [expr]


def _paren(value: sp.Expr) -> str:
    s = tex(value)
    return f"({s})" if s.startswith("-") else s


def _common_factor(expr: sp.Expr) -> sp.Expr:
    terms = _terms(expr)
    if len(terms) < 2:
        return sp.S.One
    g = reduce(sp.gcd, terms)
    if terms[0].could_extract_minus_sign() and all(t.could_extract_minus_sign() for t in terms):
        g = -g
    return g


def _check_degree(expr: sp.Expr) -> None:
    from zuoye.math._build import MAX_DEGREE
    from zuoye.math._errors import BudgetExceeded

    for s in expr.free_symbols:
        if expr.is_polynomial(s) and sp.degree(expr, s) > MAX_DEGREE:
            raise BudgetExceeded(say("math.budget.degree", degree=sp.degree(expr, s), limit=MAX_DEGREE))


def solve_factor(question: str, node: Node, builder: Builder) -> Solution:
    expr = builder.expr(node)
    _check_degree(expr)
    if not expr.free_symbols:
        return _factor_integer(question, expr)
    steps = [say("math.step.expression", expr=to_latex(node))]
    expanded = sp.expand(expr)
    result = sp.factor(expr)
    var = sorted(expr.free_symbols, key=lambda s: (s.name != "x", s.name))[0]
    if sp.expand(result) != expanded or result == expanded:
        steps.append(say("math.step.factor.irreducible", expr=m(expanded)))
        return Solution(question, "factor", steps, [ans(expanded)], tex(expanded), form="factored")
    if expanded != expr and not expr.is_Add:
        steps.append(say("math.step.factor.expand_first", expr=tex(expanded)))
    g = _common_factor(expanded)
    rest = sp.expand(expanded / g) if g != 1 else expanded
    if g != 1:
        steps.append(say("math.step.factor.common", factor=m(g), expr=f"{tex(g)}\\left({tex(rest)}\\right)"))
    described = _describe_factoring(rest, var)
    if described is not None:
        why, partial = described
        shown = partial if g == 1 else sp.Mul(g, partial, evaluate=False)
        steps.append(say("math.step.factor.method", why=why, expr=tex(shown)))
    final_tex = tex(result)
    shown_so_far = described[1] if described is not None else rest
    if not all(f.is_number or sp.factor(f) == f for f in sp.Mul.make_args(shown_so_far)):
        steps.append(say("math.step.factor.again", expr=final_tex))
    steps.append(say("math.step.so", what=m(f"{to_latex(node)} = {final_tex}")))
    return Solution(question, "factor", steps, [ans(result)], final_tex, form="factored")


def _factor_integer(question: str, value: sp.Expr) -> Solution:
    if not value.is_Integer or abs(int(value)) < 2:
        raise UnsupportedProblem(say("math.factor_what"))
    n = int(value)
    factors = sp.factorint(abs(n))
    parts = [f"{p}^{{{e}}}" if e > 1 else str(p) for p, e in sorted(factors.items())]
    latex = (" \\times ".join(parts)) if parts else str(n)
    if n < 0:
        latex = "-" + latex
    answer = "*".join(f"{p}**{e}" if e > 1 else str(p) for p, e in sorted(factors.items()))
    steps = [say("math.step.factor.primes", n=n, primes=latex)]
    return Solution(question, "factor", steps, [("-" if n < 0 else "") + answer], latex, form="factored")


def _distribute_terms(expr: sp.Expr) -> sp.Expr:
    """2(x+3) - 3(x-1) → 2x + 6 - 3x + 3, each term expanded but like terms not yet combined."""
    parts = []
    for term in sp.Add.make_args(expr):
        parts.extend(sp.Add.make_args(sp.expand(term)))
    return sp.Add(*parts, evaluate=False)


def _product_terms(expr: sp.Expr) -> sp.Expr | None:
    """(x+1)(x+2) → x·x + 2x + x + 2: every term times every term, before combining."""
    if not isinstance(expr, sp.Mul):
        return None
    sums = [f for f in expr.args if isinstance(f, sp.Add)]
    others = [f for f in expr.args if not isinstance(f, sp.Add)]
    if len(sums) != 2:
        return None
    coeff = sp.Mul(*others)
    terms = [sp.expand(coeff * a * b) for a in _ordered(sums[0]) for b in _ordered(sums[1])]
    return sp.Add(*terms, evaluate=False)


def _bracket_terms(node: Node, builder: Builder) -> list[sp.Expr] | None:
    """2(x+3) - 3(x-1) → [2x, 6, -3x, 3]: each written term with its brackets removed, in the
    student's order. Read from the syntax tree, because SymPy distributes 2(x+3) on sight."""
    terms = node.terms if isinstance(node, AstAdd) else ((1, node),)
    if not any(_has_bracketed_sum(t) for _, t in terms):
        return None
    out: list[sp.Expr] = []
    for sign, term in terms:
        value = sp.expand(builder.expr(term))
        out.extend(_ordered(value if sign > 0 else -value))
    return out


def _has_bracketed_sum(node: Node) -> bool:
    if isinstance(node, Group):
        return isinstance(node.arg, AstAdd | Neg)
    if isinstance(node, AstMul):
        return any(_has_bracketed_sum(f) for _, f in node.factors)
    if isinstance(node, Neg):
        return _has_bracketed_sum(node.arg)
    return False


def expansion_steps(node: Node, expr: sp.Expr, builder: Builder) -> list[str]:
    """The named method for multiplying out, then 合并同类项."""
    from zuoye.math._roots import join_terms

    result = sp.expand(expr)
    steps: list[str] = []
    base_exp = _formula_power(expr)
    if base_exp is not None:
        a, b, n = base_exp
        sign = "-" if b.could_extract_minus_sign() else "+"
        bb = -b if sign == "-" else b
        if n == 2:
            formula = f"(a {sign} b)^{{2}} = a^{{2}} {sign} 2ab + b^{{2}}"
            middle = f"{_wrap(a)}^{{2}} {sign} 2 \\cdot {_wrap(a)} \\cdot {_wrap(bb)} + {_wrap(bb)}^{{2}}"
        else:
            formula = f"(a {sign} b)^{{3}} = a^{{3}} {sign} 3a^{{2}}b + 3ab^{{2}} {sign} b^{{3}}"
            middle = (
                f"{_wrap(a)}^{{3}} {sign} 3 \\cdot {_wrap(a)}^{{2}} \\cdot {_wrap(bb)} + "
                f"3 \\cdot {_wrap(a)} \\cdot {_wrap(bb)}^{{2}} {sign} {_wrap(bb)}^{{3}}"
            )
        key = "math.step.expand.square" if n == 2 else "math.step.expand.cube"
        steps.append(say(key, formula=formula, expr=middle))
    elif _is_difference_of_squares(expr):
        sums = [f for f in expr.args if isinstance(f, sp.Add)]
        a, b = _common_and_other(sums[0], sums[1])
        steps.append(
            say("math.step.expand.difference_of_squares", expr=f"{_wrap(a)}^{{2}} - {_wrap(b)}^{{2}}")
        )
    else:
        product = _product_terms(expr)
        if product is not None:
            steps.append(say("math.step.expand.multiply", expr=join_terms(list(product.args))))
        else:
            terms = _bracket_terms(node, builder)
            if terms is not None:
                steps.append(say("math.step.expand.brackets", expr=join_terms(terms)))
    steps.append(say("math.step.expand.combine", expr=tex(result)))
    return steps


def _common_and_other(s1: sp.Expr, s2: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    # (a + b)(a - b): a is the term both share, b the one whose sign differs.
    a = sp.expand((s1 + s2) / 2)
    b = sp.expand((s1 - s2) / 2)
    if b.could_extract_minus_sign():
        b = -b
    return a, b


def solve_expand(question: str, node: Node, builder: Builder) -> Solution:
    expr = builder.expr(node)
    result = sp.expand(expr)
    steps = [say("math.step.expression", expr=to_latex(node)), *expansion_steps(node, expr, builder)]
    return Solution(question, "expand", steps, [ans(result)], tex(result), form="expanded")


def solve_coefficient(question: str, node: Node, builder: Builder, var: str, power: int) -> Solution:
    """展开式中 x^k 的系数: expand (by the binomial theorem for a power of a two-term sum), then read it off."""
    expr = builder.expr(node)
    x = builder.symbol(var)
    expanded = sp.expand(expr)
    value = sp.Poly(expanded, x).coeff_monomial(x**power) if expanded.is_polynomial(x) else None
    if value is None:
        raise UnsupportedProblem(say("math.expansion_not_polynomial"))
    steps = [say("math.step.expression", expr=to_latex(node))]
    if (
        isinstance(expr, sp.Pow)
        and isinstance(expr.base, sp.Add)
        and len(expr.base.args) == 2
        and expr.exp.is_Integer
    ):
        steps.append(say("math.step.binomial_term"))
    steps.append(say("math.step.expanded", expr=tex(expanded)))
    steps.append(say("math.step.coefficient_is", term=tex(x**power), value=tex(value)))
    return Solution(question, "coefficient", steps, [ans(value)], tex(value))


def _wrap(value: sp.Expr) -> str:
    s = tex(value)
    return s if isinstance(value, sp.Symbol | sp.Integer) and not s.startswith("-") else f"\\left({s}\\right)"


def _formula_power(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr, int] | None:
    if (
        isinstance(expr, sp.Pow)
        and isinstance(expr.base, sp.Add)
        and expr.exp in (2, 3)
        and len(expr.base.args) == 2
    ):
        first, second = sorted(expr.base.args, key=lambda t: (t.is_number, sp.default_sort_key(t)))
        return first, second, int(expr.exp)
    return None


def _is_difference_of_squares(expr: sp.Expr) -> bool:
    if not isinstance(expr, sp.Mul):
        return False
    sums = [f for f in expr.args if isinstance(f, sp.Add)]
    return (
        len(sums) == 2
        and len(expr.args) == 2
        and sp.expand(sums[0] + sums[1]) != 0
        and (sp.expand(sums[0] - sums[1]).is_number or sp.expand(sums[0] + sums[1]).is_number)
        and len(sp.Add.make_args(sp.expand(expr))) == 2
    )


def simplest(expr: sp.Expr) -> sp.Expr:
    """The form a textbook calls simplest: expanded polynomials, factored cancelled fractions."""
    if expr.is_polynomial():
        return sp.expand(expr)
    if expr.is_rational_function():
        cancelled = sp.cancel(sp.together(expr))
        num, den = sp.fraction(cancelled)
        if den == 1:
            return sp.expand(num)
        return sp.factor(num) / sp.factor(den) if len(sp.Add.make_args(sp.expand(den))) > 1 else cancelled
    candidates = [sp.simplify(expr), sp.trigsimp(expr), sp.radsimp(expr)]
    return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))


def solve_simplify(question: str, node: Node, builder: Builder, assumed: sp.Basic = sp.true) -> Solution:
    """`assumed`: the question's conditions (化简 |a|（a<0）), which the result uses: -a, not |a|."""
    expr = builder.expr(node)
    steps = [say("math.step.expression", expr=to_latex(node))]
    result = simplest(expr)
    if assumed is not sp.true:
        # √(x²-2x+1) is |x-1| before a condition can say which sign x-1 has
        factored = result.replace(
            lambda e: isinstance(e, sp.Pow) and e.exp == sp.S.Half, lambda e: sp.sqrt(sp.factor(e.base))
        )
        refined = sp.refine(factored, assumed)
        if refined != result:
            steps.append(say("math.step.simplify.result", expr=tex(refined)))
            steps.append(say("math.step.simplify.so", expr=m(refined)))
            return Solution(question, "simplify", steps, [ans(refined)], tex(refined), form="expression")
    if expr.is_rational_function() and not expr.is_polynomial():
        num, den = sp.fraction(sp.together(expr))
        fnum, fden = sp.factor(num), sp.factor(den)
        shown = f"\\frac{{{tex(fnum)}}}{{{tex(fden)}}}"
        if sp.together(expr) != expr:
            steps.append(say("math.step.simplify.common_denominator", expr=tex(sp.together(expr))))
        if shown not in steps[-1] and (fnum != num or fden != den):
            steps.append(say("math.step.simplify.factor_parts", expr=shown))
        common = sp.gcd(fnum, fden)
        if common != 1 and not common.is_number:
            steps.append(say("math.step.simplify.cancel", factor=m(sp.factor(common)), expr=tex(result)))
            if len(common.free_symbols) > 1:
                # b(a + b) cancelled: the condition is the factor itself, not a value of one letter.
                steps.append(say("math.step.simplify.where", condition=f"{tex(sp.factor(common))} \\neq 0"))
            else:
                zeros = sp.solveset(sp.factor(common), domain=sp.S.Reals)
                if isinstance(zeros, sp.FiniteSet) and zeros and result.free_symbols:
                    var = sorted(common.free_symbols, key=lambda s: s.name)[0]
                    conds = ",".join(f"{tex(var)} \\neq {tex(z)}" for z in zeros)
                    steps.append(say("math.step.simplify.where", condition=conds))
    elif expr.is_polynomial():
        steps.extend(expansion_steps(node, expr, builder))
    elif result != expr:
        if expr.has(sp.sin, sp.cos, sp.tan):
            steps.append(say("math.step.simplify.trig", expr=tex(result)))
        else:
            steps.append(say("math.step.simplify.result", expr=tex(result)))
    if not any(f"= {tex(result)}$" in st for st in steps[-2:]):
        steps.append(f"$= {tex(result)}$")
    steps.append(say("math.step.simplify.so", expr=m(result)))
    return Solution(question, "simplify", steps, [ans(result)], tex(result), form="expression")
