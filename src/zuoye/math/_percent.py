"""Percentage questions in their formulaic wordings, matched against the whole sentence:

    原价 200 元，涨价 15% 后是多少元？        200 × (1 + 15%) = 230
    一件衣服 80 元，打八折后多少元？            80 × 80% = 64
    30 是 120 的百分之几？                      30 ÷ 120 = 25%
    50 比 40 多百分之几？                       (50 − 40) ÷ 40 = 25%
    120 的 25% 是多少？                         120 × 25% = 30

Only a sentence that matches from start to end is read; anything else is left to the other
readers (and refused if no one accounts for every word).
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._fmt import ans, tex
from zuoye.math._types import Solution
from zuoye.messages import say

_NUM = r"(\d+(?:\.\d+)?)"
_END = r"[?？。.]?$"
_ASK = r"(?:是|为)?(?:多少|几)(?:元|钱)?"
_THING = r"(?:一件|一个|一台|一种|一本|一辆|某种|某件|某个)?[\u4e00-\u9fff]{0,6}?"
_UP = ("涨价", "提价", "上涨", "增加", "增长", "提高", "涨了")
_DOWN = ("降价", "下降", "减少", "降低", "便宜", "降了")
_CHANGE = re.compile(
    rf"^{_THING}(?:原价|原来|原有|原)?(?:是|为)?{_NUM}(?:元)?[,，]?(?:现在|后来|如果)?"
    rf"({'|'.join(_UP + _DOWN)}){_NUM}%(?:以后|之后|后)?(?:的)?(?:价格|售价|现价|是)?{_ASK}{_END}"
)
_DISCOUNT = re.compile(
    rf"^{_THING}(?:原价|原来|原)?(?:是|为)?{_NUM}(?:元)?[,，]?(?:现在|如果)?打([一二三四五六七八九])([一二三四五六七八九])?折"
    rf"(?:以后|之后|后)?(?:的)?(?:价格|售价|现价)?{_ASK}{_END}"
)
_WHAT_PERCENT = re.compile(rf"^{_NUM}(?:元)?是{_NUM}(?:元)?的百分之几{_END}")
_MORE_PERCENT = re.compile(rf"^{_NUM}比{_NUM}(多|少)百分之几{_END}")
_PERCENT_OF = re.compile(rf"^(?:求)?{_NUM}的{_NUM}%(?:是)?(?:多少)?{_END}")
_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _percent_text(value: sp.Rational) -> str:
    pct = value * 100
    return f"{tex(pct)}\\%" if pct.is_Integer else f"{tex(sp.nsimplify(pct))}\\%"


def match_percent(question: str, text: str) -> Solution | None:
    """`text` is the question without spaces; None unless the whole of it is one of the forms."""
    text = text.replace("％", "%")
    mt = _CHANGE.match(text)
    if mt:
        base, word, rate = sp.Rational(mt.group(1)), mt.group(2), sp.Rational(mt.group(3)) / 100
        up = word in _UP
        factor = 1 + rate if up else 1 - rate
        value = base * factor
        sign = "+" if up else "-"
        share = f"(1 {sign} {tex(rate * 100)}\\%)"
        steps = [
            say("math.step.pct.after_rise" if up else "math.step.pct.after_fall", share=share),
            f"${tex(base)} \\times {share} = {tex(base)} \\times {tex(factor)} = {tex(value)}$",
            say("math.step.pct.answer", value=tex(value)),
        ]
        return Solution(question, "percentage", steps, [ans(value)], tex(value))
    mt = _DISCOUNT.match(text)
    if mt:
        base = sp.Rational(mt.group(1))
        tenths = _DIGIT[mt.group(2)]
        rate = sp.Rational(tenths * 10 + _DIGIT[mt.group(3)], 100) if mt.group(3) else sp.Rational(tenths, 10)
        value = base * rate
        steps = [
            say("math.step.pct.after_discount", share=_percent_text(rate)),
            f"${tex(base)} \\times {_percent_text(rate)} = {tex(value)}$",
            say("math.step.pct.answer", value=tex(value)),
        ]
        return Solution(question, "percentage", steps, [ans(value)], tex(value))
    mt = _WHAT_PERCENT.match(text)
    if mt and sp.Rational(mt.group(2)) != 0:
        part, whole = sp.Rational(mt.group(1)), sp.Rational(mt.group(2))
        value = part / whole
        steps = [
            say("math.step.pct.what_percent", division=f"{tex(part)} \\div {tex(whole)} = {tex(value)}"),
            say("math.step.pct.as_percent", value=_percent_text(value)),
            say("math.step.pct.answer", value=_percent_text(value)),
        ]
        return Solution(question, "percentage", steps, [ans(value)], _percent_text(value))
    mt = _MORE_PERCENT.match(text)
    if mt and sp.Rational(mt.group(2)) != 0:
        a, b = sp.Rational(mt.group(1)), sp.Rational(mt.group(2))
        diff = a - b if mt.group(3) == "多" else b - a
        value = diff / b
        more = mt.group(3) == "多"
        steps = [
            say("math.step.pct.base", base=tex(b), difference=tex(abs(a - b))),
            f"${tex(diff)} \\div {tex(b)} = {tex(value)} = {_percent_text(value)}$",
            say(
                "math.step.pct.answer_more" if more else "math.step.pct.answer_less",
                value=_percent_text(value),
            ),
        ]
        return Solution(question, "percentage", steps, [ans(value)], _percent_text(value))
    mt = _PERCENT_OF.match(text)
    if mt:
        base, rate = sp.Rational(mt.group(1)), sp.Rational(mt.group(2)) / 100
        value = base * rate
        steps = [
            f"${tex(base)} \\times {tex(rate * 100)}\\% = {tex(value)}$",
            say("math.step.pct.answer", value=tex(value)),
        ]
        return Solution(question, "percentage", steps, [ans(value)], tex(value))
    return None
