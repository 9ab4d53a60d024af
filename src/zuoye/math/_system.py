"""Systems of equations: 代入消元法 when an unknown has coefficient ±1, else 加减消元法; non-linear
systems by substituting from a linear equation; anything else solved directly with the method named."""

from __future__ import annotations

import sympy as sp

from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, tex
from zuoye.math._roots import join_terms
from zuoye.math._types import Solution
from zuoye.messages import say

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _cases(lines: list[str]) -> str:
    return "\\begin{cases} " + " \\\\ ".join(lines) + " \\end{cases}"


def _linear_form(eq: sp.Expr, xs: list[sp.Symbol]) -> tuple[list[sp.Expr], sp.Expr] | None:
    try:
        poly = sp.Poly(eq, *xs)
    except sp.PolynomialError:
        return None
    if poly.total_degree() > 1:
        return None
    coeffs = [poly.coeff_monomial(x) for x in xs]
    const = -poly.coeff_monomial(1)
    return coeffs, const


def _row_tex(coeffs: list[sp.Expr], xs: list[sp.Symbol], const: sp.Expr) -> str:
    return f"{join_terms([c * x for c, x in zip(coeffs, xs, strict=True) if c != 0])} = {tex(const)}"


def solve_system(question: str, eqs: list[tuple[sp.Expr, sp.Expr]], originals: list[str]) -> Solution:
    exprs = [sp.expand(lhs - rhs) for lhs, rhs in eqs]
    symbols = set().union(*(e.free_symbols for e in exprs))
    order = {"x": 0, "y": 1, "z": 2}
    xs = sorted(symbols, key=lambda s: (order.get(s.name, 9), s.name))
    if not xs:
        raise UnsupportedProblem(say("math.system_no_unknowns"))
    rows = [f"{o} & \\text{{{_CIRCLED[i]}}}" if i < len(_CIRCLED) else o for i, o in enumerate(originals)]
    steps = [say("math.step.sys.original", system=_cases(rows))]
    forms = [_linear_form(e, xs) for e in exprs]
    if len(xs) == 2 and len(exprs) == 2 and all(f is not None for f in forms):
        steps.extend(_two_by_two(forms, xs, originals))  # type: ignore[arg-type]
    else:
        steps.extend(_substitution(exprs, xs))
    solutions = sp.solve(exprs, xs, dict=True)
    real = [s for s in solutions if all(v.is_real is not False for v in s.values())]
    if not real:
        steps.append(say("math.step.sys.no_real_solution"))
        none = f"\\text{{{say('math.step.no_solution')}}}"
        return Solution(
            question, "system", steps, [], none, form="assignment", variables=[str(x) for x in xs]
        )
    if any(len(s) < len(xs) or any(v.free_symbols for v in s.values()) for s in real):
        steps.append(say("math.step.sys.infinitely_many"))
    if len(real) == 1:
        sol = real[0]
        latex = _cases([f"{tex(x)} = {tex(sol[x])}" for x in xs if x in sol])
        answer = [f"{x}={ans(sol[x])}" for x in xs if x in sol]
    else:
        latex = say("math.step.or_tex").join(
            _cases([f"{tex(x)} = {tex(s[x])}" for x in xs if x in s]) for s in real
        )
        answer = ["&".join(f"Eq({x},{ans(s[x])})" for x in xs if x in s) for s in real]
    steps.append(say("math.step.sys.solution", solution=latex))
    return Solution(
        question, "system", steps, answer, latex, form="assignment", variables=[str(x) for x in xs]
    )


def _two_by_two(
    forms: list[tuple[list[sp.Expr], sp.Expr]], xs: list[sp.Symbol], originals: list[str]
) -> list[str]:
    (a1, b1), c1 = forms[0][0], forms[0][1]
    (a2, b2), c2 = forms[1][0], forms[1][1]
    x, y = xs
    rows = [_row_tex([a1, b1], xs, c1) + r" & \text{①}", _row_tex([a2, b2], xs, c2) + r" & \text{②}"]
    plain = [_row_tex([a1, b1], xs, c1), _row_tex([a2, b2], xs, c2)]
    steps = [] if plain == originals else [say("math.step.eq.rearranged", equation=_cases(rows))]
    det = a1 * b2 - a2 * b1
    if det == 0:
        steps.append(say("math.step.sys.proportional"))
        return steps
    # 代入消元: pick an equation where some unknown has coefficient ±1.
    choice = None
    for idx, ((p, q), _) in enumerate((((a1, b1), c1), ((a2, b2), c2))):
        for var_idx, coef in ((1, q), (0, p)):
            if coef in (1, -1):
                choice = (idx, var_idx)
                break
        if choice:
            break
    if choice is not None:
        idx, var_idx = choice
        (p, q), c = (((a1, b1), c1), ((a2, b2), c2))[idx]
        other = (((a1, b1), c1), ((a2, b2), c2))[1 - idx]
        solve_for = xs[var_idx]
        keep = xs[1 - var_idx]
        coef_solve = (p, q)[var_idx]
        coef_keep = (p, q)[1 - var_idx]
        expr = sp.expand((c - coef_keep * keep) / coef_solve)
        tag = "①②"[idx]
        steps.append(say("math.step.sys.substitution", tag=tag, equation=f"{tex(solve_for)} = {tex(expr)}"))
        (op, oq), oc = other
        other_tag = "②①"[idx]
        substituted = sp.expand((op, oq)[1 - var_idx] * keep + (op, oq)[var_idx] * expr)
        put = f"{_sub_tex((op, oq)[1 - var_idx], keep, (op, oq)[var_idx], expr)} = {tex(oc)}"
        steps.append(
            say(
                "math.step.sys.substitute",
                tag=other_tag,
                equation=put,
                simplified=f"{tex(substituted)} = {tex(oc)}",
            )
        )
        value = sp.solve(sp.Eq(substituted, oc), keep)[0]
        steps.append(say("math.step.sys.solved", equation=f"{tex(keep)} = {tex(value)}"))
        back = expr.subs(keep, value)
        steps.append(
            say(
                "math.step.sys.back",
                value=f"{tex(keep)} = {tex(value)}",
                tag="③",
                result=f"{tex(solve_for)} = {tex(back)}",
            )
        )
        return steps
    # 加减消元: make the coefficients of y opposite or equal, then add or subtract.
    lcm = sp.ilcm(int(abs(b1)), int(abs(b2))) if b1.is_Integer and b2.is_Integer else abs(b1 * b2)
    k1, k2 = lcm / abs(b1), lcm / abs(b2)
    same_sign = (b1 > 0) == (b2 > 0)
    op_word = "-" if same_sign else "+"
    new_a = k1 * a1 - k2 * a2 if same_sign else k1 * a1 + k2 * a2
    new_c = k1 * c1 - k2 * c2 if same_sign else k1 * c1 + k2 * c2
    times = "×"
    lhs_desc = "①" if k1 == 1 else f"①{times}{tex(k1)}"
    rhs_desc = "②" if k2 == 1 else f"②{times}{tex(k2)}"
    combination = f"{lhs_desc} {'−' if op_word == '-' else '+'} {rhs_desc}"
    steps.append(
        say(
            "math.step.sys.elimination",
            combination=combination,
            var=tex(y),
            equation=f"{tex(new_a * x)} = {tex(new_c)}",
        )
    )
    xv = new_c / new_a
    steps.append(say("math.step.sys.solved", equation=f"{tex(x)} = {tex(xv)}"))
    yv = sp.solve(sp.Eq(a1 * xv + b1 * y, c1), y)[0]
    steps.append(
        say("math.step.sys.back", value=f"{tex(x)} = {tex(xv)}", tag="①", result=f"{tex(y)} = {tex(yv)}")
    )
    return steps


def _sub_tex(ck: sp.Expr, keep: sp.Symbol, cs: sp.Expr, expr: sp.Expr) -> str:
    parts = []
    if ck != 0:
        parts.append(tex(ck * keep))
    if cs != 0:
        coef = "" if cs == 1 else ("-" if cs == -1 else tex(cs))
        piece = f"{coef}\\left({tex(expr)}\\right)"
        parts.append(piece if not parts or piece.startswith("-") else "+ " + piece)
    return " ".join(parts)


def _isolation(e: sp.Expr, xs: list[sp.Symbol]) -> tuple[sp.Symbol, sp.Expr] | None:
    """An unknown that appears linearly with a constant coefficient (±1 first), solved for."""
    best: tuple[int, sp.Symbol, sp.Expr] | None = None
    for x in xs:
        if not e.has(x):
            continue
        coeff = sp.diff(e, x)
        if coeff.free_symbols or coeff == 0 or sp.diff(e, x, 2) != 0:
            continue
        rank = 0 if coeff in (1, -1) else 1
        if best is None or rank < best[0]:
            best = (rank, x, sp.expand(x - e / coeff))
    return None if best is None else (best[1], best[2])


def _tidy_equation(e: sp.Expr) -> sp.Expr:
    """2y² + 2y - 24 = 0 → y² + y - 12 = 0: drop a common factor and a leading minus sign."""
    e = sp.expand(e)
    symbols = sorted(e.free_symbols, key=lambda s: s.name)
    if symbols and e.is_polynomial(*symbols):
        content, primitive = sp.Poly(e, *symbols).primitive()
        e = primitive.as_expr() if content != 0 else e
    terms = e.as_ordered_terms() if isinstance(e, sp.Add) else [e]
    return -e if terms and terms[0].could_extract_minus_sign() else e


def _substitution(exprs: list[sp.Expr], xs: list[sp.Symbol]) -> list[str]:
    """代入消元 for any system: isolate an unknown, substitute into the rest, repeat; then report the
    one-unknown equation that is left (its roots are given by the caller's solve)."""
    steps: list[str] = []
    tags = [_CIRCLED[i] if i < len(_CIRCLED) else str(i + 1) for i in range(len(exprs))]
    current = list(zip(tags, exprs, strict=True))
    next_tag = len(exprs)
    for _ in range(len(xs) - 1):
        if len(current) < 2:
            break
        choice = next(
            ((i, iso) for i, (_, e) in enumerate(current) if (iso := _isolation(e, xs)) is not None), None
        )
        if choice is None:
            steps.append(say("math.step.sys.eliminate"))
            return steps
        i, (x, value) = choice
        tag, _ = current.pop(i)
        steps.append(say("math.step.sys.from", tag=tag, equation=f"{tex(x)} = {tex(value)}"))
        updated = []
        for other_tag, e in current:
            new = sp.expand(e.subs(x, value))
            num = _tidy_equation(sp.numer(sp.together(new)))
            new_tag = _CIRCLED[next_tag] if next_tag < len(_CIRCLED) else str(next_tag + 1)
            next_tag += 1
            steps.append(
                say("math.step.sys.into", tag=other_tag, equation=f"{tex(sp.expand(num))} = 0", new=new_tag)
            )
            updated.append((new_tag, sp.expand(num)))
        current = updated
    if len(current) == 1:
        tag, e = current[0]
        left = sorted(e.free_symbols, key=lambda s: s.name)
        if len(left) == 1:
            roots = sp.solveset(e, left[0], sp.S.Reals)
            if isinstance(roots, sp.FiniteSet) and roots:
                shown = say("math.step.or").join(f"${tex(left[0])} = {tex(r)}$" for r in roots)
                steps.append(say("math.step.sys.solve_back", tag=tag, roots=shown))
    return steps
