"""Word problems are the model's job. Two narrow kinds are read here because their wording is
formulaic — "一个数的2倍减去3等于11" and the area/perimeter/volume of a named shape — and only
when the whole sentence matches; anything else gets a clear UnsupportedProblem that says to
write the problem as an equation (or let ERNIE read it).
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._errors import UnsupportedProblem
from zuoye.math._fmt import ans, approx, decimal_text, tex
from zuoye.math._percent import match_percent
from zuoye.math._problem import Problem
from zuoye.math._triangle import match_triangle
from zuoye.math._types import Solution
from zuoye.math._units import asked_unit, asks_another_unit, for_reader, length_unit, with_unit
from zuoye.messages import say

_NUM = r"(\d+(?:\.\d+)?)"
_OPS = {"加上": "+", "加": "+", "减去": "-", "减": "-", "乘以": "*", "乘": "*", "除以": "/"}
_UNKNOWN_NUMBER = re.compile(
    rf"^(?:一个数|某数|某个数|一个数字)(?:的{_NUM}倍)?(?:(加上|加|减去|减|乘以|乘|除以){_NUM})?"
    rf"(?:以后|后)?(?:的(?:和|差|积|商))?(?:等于|是|得|得到){_NUM}[,，。.]?"
    r"(?:这个数|求这个数|这个数是)(?:是)?(?:多少|几)?[?？。]?$"
)

_UNITS = re.compile(r"(?:平方|立方)?(?:千米|公里|厘米|分米|毫米|米|cm|dm|mm|km|m)(?:\^?[23²³])?")
_SHAPES: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "正方形": {"面积": ("a**2", ("边长",)), "周长": ("4*a", ("边长",))},
    "长方形": {"面积": ("a*b", ("长", "宽")), "周长": ("2*(a+b)", ("长", "宽"))},
    "三角形": {"面积": ("a*h/2", ("底", "高"))},
    "平行四边形": {"面积": ("a*h", ("底", "高"))},
    "梯形": {"面积": ("(a+b)*h/2", ("上底", "下底", "高"))},
    "圆": {"面积": ("pi*r**2", ("半径",)), "周长": ("2*pi*r", ("半径",))},
    "正方体": {"体积": ("a**3", ("棱长",)), "表面积": ("6*a**2", ("棱长",))},
    "长方体": {"体积": ("a*b*h", ("长", "宽", "高")), "表面积": ("2*(a*b+b*h+a*h)", ("长", "宽", "高"))},
}
# What the shapes and quantities above are called in a step (message keys, said when it is written).
_SHAPE_NAMES = {
    "正方形": "math.step.shape.square",
    "长方形": "math.step.shape.rectangle",
    "三角形": "math.step.shape.triangle",
    "平行四边形": "math.step.shape.parallelogram",
    "梯形": "math.step.shape.trapezium",
    "圆": "math.step.shape.circle",
    "正方体": "math.step.shape.cube",
    "长方体": "math.step.shape.cuboid",
}
_QUANTITY_NAMES = {
    "面积": "math.step.quantity.area",
    "周长": "math.step.quantity.perimeter",
    "体积": "math.step.quantity.volume",
    "表面积": "math.step.quantity.surface_area",
}
_SHAPE_ALIASES = {"矩形": "长方形", "立方体": "正方体", "圆形": "圆"}
_FORMULA = {
    "a**2": lambda v: v["a"] ** 2,
    "4*a": lambda v: 4 * v["a"],
    "a*b": lambda v: v["a"] * v["b"],
    "2*(a+b)": lambda v: 2 * (v["a"] + v["b"]),
    "a*h/2": lambda v: v["a"] * v["h"] / 2,
    "a*h": lambda v: v["a"] * v["h"],
    "(a+b)*h/2": lambda v: (v["a"] + v["b"]) * v["h"] / 2,
    "pi*r**2": lambda v: sp.pi * v["r"] ** 2,
    "2*pi*r": lambda v: 2 * sp.pi * v["r"],
    "a**3": lambda v: v["a"] ** 3,
    "6*a**2": lambda v: 6 * v["a"] ** 2,
    "a*b*h": lambda v: v["a"] * v["b"] * v["h"],
    "2*(a*b+b*h+a*h)": lambda v: 2 * (v["a"] * v["b"] + v["b"] * v["h"] + v["a"] * v["h"]),
}
_FORMULA_TEX = {
    "a**2": "S = a^{2}",
    "4*a": "C = 4a",
    "a*b": "S = ab",
    "2*(a+b)": "C = 2(a + b)",
    "a*h/2": "S = \\frac{1}{2}ah",
    "a*h": "S = ah",
    "(a+b)*h/2": "S = \\frac{(a + b)h}{2}",
    "pi*r**2": "S = \\pi r^{2}",
    "2*pi*r": "C = 2\\pi r",
    "a**3": "V = a^{3}",
    "6*a**2": "S = 6a^{2}",
    "a*b*h": "V = abh",
    "2*(a*b+b*h+a*h)": "S = 2(ab + bh + ah)",
}


_CHOOSE = re.compile(
    r"从(\d+)(?:个|名|件|位)?(?:不同的?)?(?:元素|人|数|数字|物品|同学|学生)?中(?:任意|任)?"
    r"(?:取出|选出|抽出|抽取|取|选)(\d+)(?:个|名|件|位)?(?:元素|人)?(?:的|，|,)?(?:有多少种)?(排列数?|组合数?)"
)


def match_word_problem(p: Problem) -> Solution | None:
    """The formulaic kinds, matched against the whole sentence; None for anything else."""
    compact = re.sub(r"\s+", "", p.prose or p.text)
    return (
        _unknown_number(p, compact)
        or _shape(p, compact)
        or _choose(p, compact)
        or match_percent(p.original, compact)
        or match_triangle(p.original, compact)
    )


def _choose(p: Problem, text: str) -> Solution | None:
    """从 5 个不同元素中取出 2 个元素的排列数/组合数: A_5^2 or C_5^2, named explicitly."""
    mt = _CHOOSE.search(text)
    if not mt:
        return None
    n, k = int(mt.group(1)), int(mt.group(2))
    if k > n or n > 1000:
        return None
    perm = mt.group(3).startswith("排列")
    value = sp.ff(n, k) if perm else sp.binomial(n, k)
    top = " \\times ".join(str(n - j) for j in range(min(k, 8)))
    if perm:
        formula = f"\\mathrm{{A}}_{{{n}}}^{{{k}}} = {top} = {value}"
    else:
        bottom = " \\times ".join(str(k - j) for j in range(min(k, 8)))
        formula = f"\\mathrm{{C}}_{{{n}}}^{{{k}}} = \\frac{{{top}}}{{{bottom}}} = {value}"
    steps = [
        say("math.step.word.permutations" if perm else "math.step.word.combinations", n=n, k=k),
        f"${formula}$",
    ]
    return Solution(p.original, "permutation" if perm else "combination", steps, [str(value)], str(value))


def read_word_problem(p: Problem) -> Solution | None:
    solution = match_word_problem(p)
    if solution is not None:
        return solution
    raise UnsupportedProblem(say("math.word_problem"))


def _unknown_number(p: Problem, text: str) -> Solution | None:
    mt = _UNKNOWN_NUMBER.match(text)
    if not mt:
        return None
    times, op, operand, result = mt.groups()
    x = sp.Symbol("x")
    lhs: sp.Expr = x * sp.Rational(times) if times else x
    if op:
        b = sp.Rational(operand)
        lhs = {"+": lhs + b, "-": lhs - b, "*": lhs * b, "/": lhs / b}[_OPS[op]]
    rhs = sp.Rational(result)
    root = sp.solve(sp.Eq(lhs, rhs), x)[0]
    steps = [
        say("math.step.word.let_number"),
        say("math.step.word.equation", equation=f"{tex(lhs)} = {tex(rhs)}"),
        say("math.step.sys.solved", equation=f"x = {tex(root)}"),
        say("math.step.word.number_is", value=tex(root)),
    ]
    return Solution(p.original, "word_problem", steps, [ans(root)], tex(root))


def _shape(p: Problem, text: str) -> Solution | None:
    text = _UNITS.sub("", text)
    for alias, name in _SHAPE_ALIASES.items():
        text = text.replace(alias, name)
    shape = next((s for s in sorted(_SHAPES, key=len, reverse=True) if s in text), None)
    if shape is None:
        return None
    asked = [
        q for q in ("表面积", "面积", "周长", "体积") if q in text and (q != "面积" or "表面积" not in text)
    ]
    if len(asked) != 1 or asked[0] not in _SHAPES[shape]:
        return None
    formula, needs = _SHAPES[shape][asked[0]]
    values: dict[str, sp.Expr] = {}
    symbols = {
        "边长": "a",
        "棱长": "a",
        "长": "a",
        "宽": "b",
        "底": "a",
        "上底": "a",
        "下底": "b",
        "高": "h",
        "半径": "r",
    }
    for need in needs:
        mt = re.search(rf"(?<![上下]){need}(?:是|为|:)?{_NUM}", text)
        if need == "半径" and not mt:
            dm = re.search(rf"直径(?:是|为|:)?{_NUM}", text)
            if dm:
                values["r"] = sp.Rational(dm.group(1)) / 2
                continue
        if not mt:
            return None
        values[symbols[need]] = sp.Rational(mt.group(1))
    power = {"面积": 2, "表面积": 2, "体积": 3}.get(asked[0], 1)
    question = p.prose or p.original
    unit = for_reader(asked_unit(question) or length_unit(question, power))
    if asks_another_unit(question):
        return None  # 长8米，面积是多少平方厘米: a conversion, left to the model
    if length_unit(question) == "" and re.search(r"\d\s*(?:厘米|分米|毫米|千米|米|cm|dm|mm|km)", question):
        return None  # lengths in two units: refused as 单位不一致, never answered in one of them
    exact = sp.simplify(_FORMULA[formula](values))
    # π取3.14: the number a student writes, worked with that value (the builder holds it).
    pi = p.builder.pi_value
    value = exact.subs(sp.pi, pi) if pi is not None and exact.has(sp.pi) else exact
    decimals = pi is not None or any(_is_decimal(v) for v in values.values())
    shown = decimal_text(value) if decimals else None
    value_tex = shown or tex(value)
    given = say("math.step.comma").join(f"${k} = {_number(v)}$" for k, v in values.items())
    head = _FORMULA_TEX[formula].split(" = ")[0]
    put = _SUBSTITUTED[formula].format(
        pi=_number(pi) if pi is not None else "\\pi", **{k: _number(v) for k, v in values.items()}
    )
    in_unit = say("math.step.word.in_unit", unit=unit) if unit else ""
    taking = say("math.step.word.pi_taken", value=_number(pi)) if pi is not None and exact.has(sp.pi) else ""
    quantity = _QUANTITY_NAMES[asked[0]]
    if shape == "圆" and asked[0] == "周长":
        quantity = "math.step.quantity.circumference"
    named = {"shape": say(_SHAPE_NAMES[shape]), "quantity": say(quantity)}
    steps = [
        say("math.step.word.formula", **named, formula=_FORMULA_TEX[formula]),
        say(
            "math.step.word.substitute",
            given=given,
            taking=taking,
            work=f"{head} = {put} = {value_tex}",
            unit=in_unit,
        ),
    ]
    near = approx(value)
    if near and value.has(sp.pi):
        at_314 = value.subs(sp.pi, _PI_314)
        after = f" {unit}" if unit else ""
        steps.append(say("math.step.word.approx", near=near, unit=after, at_314=_number(at_314)))
    steps.append(with_unit(say("math.step.word.shape_answer", **named, value=value_tex), unit))
    return Solution(
        p.original,
        "word_problem",
        steps,
        [ans(value)],
        value_tex,
        approx=[near] if near and not shown else [],
        unit=unit,
    )


_PI_314 = sp.Rational(314, 100)
# The formula with the numbers put in, as a textbook writes the line after it: S = 8 × 5.
_SUBSTITUTED = {
    "a**2": "{a}^{{2}}",
    "4*a": "4 \\times {a}",
    "a*b": "{a} \\times {b}",
    "2*(a+b)": "2 \\times ({a} + {b})",
    "a*h/2": "{a} \\times {h} \\div 2",
    "a*h": "{a} \\times {h}",
    "(a+b)*h/2": "({a} + {b}) \\times {h} \\div 2",
    "pi*r**2": "{pi} \\times {r}^{{2}}",
    "2*pi*r": "2 \\times {pi} \\times {r}",
    "a**3": "{a}^{{3}}",
    "6*a**2": "6 \\times {a}^{{2}}",
    "a*b*h": "{a} \\times {b} \\times {h}",
    "2*(a*b+b*h+a*h)": "2 \\times ({a} \\times {b} + {b} \\times {h} + {a} \\times {h})",
}


def _is_decimal(value: sp.Expr) -> bool:
    return bool(value.is_Rational and not value.is_Integer and decimal_text(value))


def _number(value: sp.Expr) -> str:
    """A given number as the question wrote it: 2.5, not 5/2."""
    return decimal_text(value) or tex(value)
