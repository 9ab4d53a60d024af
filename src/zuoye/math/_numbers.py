"""Number tasks: gcd/lcm (分解质因数), statistics (平均数/方差/标准差/中位数/众数/极差),
and determinants (行列式) written as [[2,1],[1,3]], \\begin{vmatrix}…\\end{vmatrix} or |2 1; 1 3|."""

from __future__ import annotations

import re
from functools import reduce

import sympy as sp

from zuoye.math._ast import Node, Num, Tup
from zuoye.math._errors import ParseError, UnsupportedProblem
from zuoye.math._fmt import ans, approx, tex
from zuoye.math._parser import parse_items
from zuoye.math._problem import CJK, Problem, segments
from zuoye.math._sequence import read_sequence
from zuoye.math._types import Solution
from zuoye.messages import say

_NUMBER = re.compile(r"(?<![\w.^_])[-+]?\d+(?:\.\d+)?(?:/\d+)?(?![\w.])")


def _numbers_in(p: Problem, text: str) -> list[sp.Expr]:
    values: list[sp.Expr] = []
    for seg in segments(text):
        for item in parse_items(seg):
            nodes = list(item.items) if isinstance(item, Tup) else [item]
            values.extend(_number(p, n) for n in nodes)
    return values


def _number(p: Problem, node: Node) -> sp.Expr:
    value = p.builder.expr(node)
    if not value.is_number:
        raise ParseError(say("math.numbers_expected", value=value))
    return value


# -- gcd / lcm -----------------------------------------------------------------------------------
def read_gcd_lcm(p: Problem) -> Solution | None:
    gcd = p.has("最大公约数", "最大公因数", "gcd", "greatest common divisor")
    lcm = p.has("最小公倍数", "lcm", "least common multiple")
    if not (gcd or lcm):
        return None
    text = re.sub(r"\b(?:gcd|lcm)\b", " ", p.text, flags=re.IGNORECASE)
    text = re.sub(r"[和与及跟]", ",", text)
    numbers = _numbers_in(p, text)
    if len(numbers) < 2 or not all(n.is_Integer and n > 0 for n in numbers):
        raise ParseError(say("math.gcd_lcm_numbers"))
    ints = [int(n) for n in numbers]
    steps = [say("math.step.num.prime_factors")]
    for n in ints:
        steps.append(f"${n} = {_prime_tex(n)}$")
    answers, latexes = [], []
    order = [("gcd", gcd), ("lcm", lcm)]
    if lcm and gcd and p.first("最小公倍数", "lcm") < p.first("最大公约数", "最大公因数", "gcd"):
        order.reverse()
    for which, wanted in order:
        if not wanted:
            continue
        if which == "gcd":
            value = reduce(sp.igcd, ints)
            steps.append(say("math.step.num.gcd", value=f"{_prime_tex(value)} = {value}"))
            latexes.append(f"\\gcd = {value}")
        else:
            value = reduce(sp.ilcm, ints)
            steps.append(say("math.step.num.lcm", value=f"{_prime_tex(value)} = {value}"))
            latexes.append(f"\\operatorname{{lcm}} = {value}")
        answers.append(str(value))
    kind = "gcd" if gcd and not lcm else "lcm" if lcm and not gcd else "gcd_lcm"
    return Solution(
        p.original,
        kind,
        steps,
        answers,
        ",\\quad ".join(latexes) if len(latexes) > 1 else latexes[0].split("= ")[-1],
    )


def _prime_tex(n: int) -> str:
    if n == 1:
        return "1"
    parts = [f"{q}^{{{e}}}" if e > 1 else str(q) for q, e in sorted(sp.factorint(n).items())]
    return " \\times ".join(parts)


# -- statistics ----------------------------------------------------------------------------------
_STATS = [
    ("mean", ("平均数", "平均值", "均值", "平均", "mean", "average")),
    ("variance", ("方差", "variance")),
    ("std", ("标准差", "standard deviation")),
    ("median", ("中位数", "median")),
    ("mode", ("众数", "mode")),
    ("range", ("极差", "range")),
]


def read_statistics(p: Problem) -> Solution | None:
    wanted = []
    for key, words in _STATS:
        pos = p.first(*words)
        if pos >= 0:
            wanted.append((pos, key))
    if not wanted:
        return None
    wanted.sort()
    text = p.text
    for _, words in _STATS:
        for w in words:
            text = re.sub(re.escape(w), " ", text, flags=re.IGNORECASE)
    # "5 个数 3, 7, 8, 10, 12" / "5 名同学": a count is not a data value.
    text = re.sub(r"\d+\s*(?:个|名|位|组|次|天|人|门)", " ", text)
    text = re.sub(f"[{CJK}]", " ", text)
    numbers = _numbers_in(p, re.sub(r"(?<=\d)\s+(?=[-+]?\d)", ",", text.strip()))
    if len(numbers) < 2:
        raise ParseError(say("math.statistics_data"))
    n = len(numbers)
    data = ", ".join(tex(v) for v in numbers)
    steps = [say("math.step.num.data", data=data, count=n)]
    mean = sp.Rational(0) + sum(numbers, sp.S.Zero) / n
    var = sum(((v - mean) ** 2 for v in numbers), sp.S.Zero) / n
    answers, latexes, approxes = [], [], []
    for _, key in wanted:
        if key == "mean":
            total = " + ".join(_p(v) for v in numbers)
            steps.append(
                say("math.step.num.mean", mean=f"\\bar{{x}} = \\frac{{{total}}}{{{n}}} = {tex(mean)}")
            )
            value, label = mean, "\\bar{x}"
        elif key in ("variance", "std"):
            if not any(k == "mean" for _, k in wanted):
                steps.append(say("math.step.num.mean_first", mean=f"\\bar{{x}} = {tex(mean)}"))
            terms = " + ".join(f"({_p(v)} - {_p(mean)})^{{2}}" for v in numbers[:8])
            if n > 8:
                terms += " + \\cdots"
            steps.append(
                say(
                    "math.step.num.variance",
                    variance=f"s^{{2}} = \\frac{{1}}{{{n}}}\\left[{terms}\\right] = {tex(var)}",
                )
            )
            value, label = (var, "s^{2}") if key == "variance" else (sp.sqrt(var), "s")
            if key == "std":
                steps.append(say("math.step.num.std", std=f"s = \\sqrt{{s^{{2}}}} = {tex(value)}"))
        elif key == "median":
            ordered = sorted(numbers, key=lambda v: float(v))
            steps.append(say("math.step.num.ordered", data=", ".join(tex(v) for v in ordered)))
            if n % 2:
                value = ordered[n // 2]
                steps.append(say("math.step.num.median_odd", value=tex(value)))
            else:
                a, b = ordered[n // 2 - 1], ordered[n // 2]
                value = (a + b) / 2
                middle = f"\\frac{{{tex(a)} + {tex(b)}}}{{2}} = {tex(value)}"
                steps.append(say("math.step.num.median_even", middle=middle))
            label = f"\\text{{{say('math.step.num.median_word')}}}"
        elif key == "mode":
            counts: dict[sp.Expr, int] = {}
            for v in numbers:
                counts[v] = counts.get(v, 0) + 1
            top = max(counts.values())
            modes = [v for v, c in counts.items() if c == top]
            if top == 1:
                steps.append(say("math.step.num.no_mode"))
                latexes.append(f"\\text{{{say('math.step.num.no_mode_word')}}}")
                continue
            steps.append(say("math.step.num.mode", times=top, modes=", ".join(tex(v) for v in modes)))
            for v in modes:
                answers.append(ans(v))
            latexes.append(f"\\text{{{say('math.step.num.mode_word')} }} " + ", ".join(tex(v) for v in modes))
            continue
        else:
            hi, lo = max(numbers, key=float), min(numbers, key=float)
            value = hi - lo
            steps.append(say("math.step.num.range", worked=f"{tex(hi)} - {_p(lo)} = {tex(value)}"))
            label = f"\\text{{{say('math.step.num.range_word')}}}"
        answers.append(ans(value))
        latexes.append(f"{label} = {tex(value)}")
        near = approx(value)
        if near:
            approxes.append(near)
    kind = wanted[0][1] if len(wanted) == 1 else "statistics"
    return Solution(p.original, kind, steps, answers, ",\\quad ".join(latexes), approx=approxes)


def _p(v: sp.Expr) -> str:
    s = tex(v)
    return f"({s})" if s.startswith("-") else s


# -- determinants ----------------------------------------------------------------------------------
_ENV = re.compile(r"\\begin\{([vpbB]?matrix|array)\}(?:\{[^}]*\})?(.*?)\\end\{\1\}", re.S)


def read_matrix(p: Problem) -> Solution | None:
    if not p.has("行列式", "det", "vmatrix", "determinant"):
        return None
    rows = _matrix_rows(p)
    if rows is None:
        raise ParseError(say("math.determinant_missing"))
    n = len(rows)
    if any(len(r) != n for r in rows):
        raise UnsupportedProblem(say("math.determinant_square"))
    matrix = sp.Matrix(rows)
    value = sp.simplify(matrix.det())
    body = " \\\\ ".join(" & ".join(tex(v) for v in row) for row in rows)
    shown = f"\\begin{{vmatrix}} {body} \\end{{vmatrix}}"
    steps = [f"${shown}$"]
    if n == 2:
        (a, b), (c, d) = rows
        worked = f"{_p(a)} \\times {_p(d)} - {_p(b)} \\times {_p(c)} = {tex(value)}"
        steps.append(say("math.step.num.det2", worked=worked))
    elif n == 3:
        terms = []
        for j in range(3):
            minor = matrix.minor_submatrix(0, j)
            sign = "+" if j % 2 == 0 else "-"
            minor_tex = " \\\\ ".join(" & ".join(tex(v) for v in minor.row(i)) for i in range(2))
            body = f"\\begin{{vmatrix}} {minor_tex} \\end{{vmatrix}}"
            terms.append(f"{sign} {_p(rows[0][j])} \\cdot {body}")
        values = " ".join(
            f"{'+' if j % 2 == 0 else '-'} {_p(rows[0][j])} \\times {_p(matrix.minor_submatrix(0, j).det())}"
            for j in range(3)
        ).lstrip("+ ")
        terms.append(f"= {values}")
        steps.append(say("math.step.num.det3", worked=" ".join(terms).lstrip("+ ") + f" = {tex(value)}"))
    else:
        steps.append(say("math.step.num.det_n", value=tex(value)))
    steps.append(say("math.step.num.det_value", value=tex(value)))
    near = approx(value)
    return Solution(p.original, "determinant", steps, [ans(value)], tex(value), approx=[near] if near else [])


def _matrix_rows(p: Problem) -> list[list[sp.Expr]] | None:
    env = _ENV.search(p.text)
    if env:
        rows = [r for r in re.split(r"\\\\", env.group(2)) if r.strip()]
        return [[p.builder.expr(parse_items(cell)[0]) for cell in row.split("&")] for row in rows]
    nested = re.search(r"\[\s*\[.*\]\s*\]", p.text, re.S)
    if nested:
        node = parse_items(nested.group(0))[0]
        return _rows_from_node(p, node)
    bars = re.search(r"\|([^|]+;[^|]+)\|", p.text)
    if bars:
        return [[p.builder.expr(parse_items(c)[0]) for c in row.split()] for row in bars.group(1).split(";")]
    return None


def _rows_from_node(p: Problem, node: Node) -> list[list[sp.Expr]]:
    if not isinstance(node, Tup) or not all(isinstance(r, Tup) for r in node.items):
        raise ParseError(say("math.matrix_form"))
    return [[p.builder.expr(c) for c in row.items] for row in node.items if isinstance(row, Tup)]


__all__ = ["Num", "read_gcd_lcm", "read_matrix", "read_sequence", "read_statistics"]
