"""Triangles in their formulaic wordings, matched against the whole sentence:

    直角三角形的两条直角边分别是 3 和 4，斜边是多少？        √(3² + 4²) = 5   (勾股定理)
    直角三角形的斜边是 13，一条直角边是 5，另一条直角边是多少？  √(13² − 5²) = 12
    在三角形 ABC 中，∠A = 50°，∠B = 60°，求 ∠C。            180° − 50° − 60° = 70°

Only a sentence that matches from start to end is read; ∠ anywhere else is refused by the
prose check, which says it was not understood.
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._fmt import ans, tex
from zuoye.math._types import Solution
from zuoye.math._units import for_reader, length_unit, with_unit
from zuoye.messages import say

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(?:cm|dm|mm|km|m|厘米|分米|毫米|千米|米)?"
_END = r"[?？。.]?$"
_LEGS = re.compile(
    rf"^(?:在|已知|一个)?直角三角形(?:中)?[,，]?(?:的)?两条?直角边(?:的长)?分别(?:是|为|长)?{_NUM}{_UNIT}(?:和|与|、|,){_NUM}{_UNIT}"
    rf"[,，](?:求|则)?(?:它的|其)?斜边(?:的长|长)?(?:是|为)?(?:多少{_UNIT}|几{_UNIT})?{_END}"
)
_HYP_LEG = re.compile(
    rf"^(?:在|已知|一个)?直角三角形(?:中)?[,，]?(?:的)?斜边(?:的长|长)?(?:是|为){_NUM}{_UNIT}[,，]一条直角边(?:的长|长)?(?:是|为){_NUM}{_UNIT}"
    rf"[,，](?:求|则)?另一条直角边(?:的长|长)?(?:是|为)?(?:多少{_UNIT}|几{_UNIT})?{_END}"
)
_ANGLES = re.compile(
    rf"^(?:在|已知)?(?:△|三角形)([A-Z]{{3}})(?:中)?[,，]∠([A-Z])=?{_NUM}°[,，]∠([A-Z])=?{_NUM}°[,，]"
    rf"(?:求|则)∠([A-Z])(?:的度数)?(?:=|是|为)?(?:多少度|几度|多少)?{_END}"
)


def match_triangle(question: str, text: str) -> Solution | None:
    """`text` is the question without spaces; None unless the whole of it is one of the forms."""
    text = re.sub(r"(?<=\d)度", "°", text)
    mt = _LEGS.match(text)
    if mt:
        a, b = sp.Rational(mt.group(1)), sp.Rational(mt.group(2))
        c = sp.sqrt(a**2 + b**2)
        unit = for_reader(length_unit(question))
        steps = [
            say("math.step.tri.hypotenuse"),
            f"$c = \\sqrt{{{tex(a)}^{{2}} + {tex(b)}^{{2}}}} = \\sqrt{{{tex(a**2 + b**2)}}} = {tex(c)}$",
            with_unit(say("math.step.tri.hypotenuse_answer", value=tex(c)), unit),
        ]
        return Solution(question, "right_triangle", steps, [ans(c)], tex(c), unit=unit)
    mt = _HYP_LEG.match(text)
    if mt:
        c, a = sp.Rational(mt.group(1)), sp.Rational(mt.group(2))
        if a >= c:
            return None
        b = sp.sqrt(c**2 - a**2)
        unit = for_reader(length_unit(question))
        steps = [
            say("math.step.tri.leg"),
            f"$b = \\sqrt{{{tex(c)}^{{2}} - {tex(a)}^{{2}}}} = \\sqrt{{{tex(c**2 - a**2)}}} = {tex(b)}$",
            with_unit(say("math.step.tri.leg_answer", value=tex(b)), unit),
        ]
        return Solution(question, "right_triangle", steps, [ans(b)], tex(b), unit=unit)
    mt = _ANGLES.match(text)
    if mt:
        name, p, x, q, y, wanted = mt.groups()
        if len({p, q, wanted}) != 3 or not {p, q, wanted} <= set(name):
            return None
        angle = 180 - sp.Rational(x) - sp.Rational(y)
        if angle <= 0:
            return None
        steps = [
            say("math.step.tri.angle_sum"),
            f"$\\angle {wanted} = 180^{{\\circ}} - {tex(sp.Rational(x))}^{{\\circ}} - {tex(sp.Rational(y))}^{{\\circ}}"
            f" = {tex(angle)}^{{\\circ}}$",
            say("math.step.answer", answer=f"$\\angle {wanted} = {tex(angle)}^{{\\circ}}$")
            + say("math.step.full_stop"),
        ]
        return Solution(question, "triangle_angle", steps, [ans(angle)], f"{tex(angle)}^{{\\circ}}")
    return None
