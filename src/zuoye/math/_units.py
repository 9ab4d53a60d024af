"""The unit an answer carries: the one the question asks for (面积是多少平方厘米 → 平方厘米), or
else the one its lengths are given in, raised to what the quantity is (面积 → 平方厘米, 体积 →
立方厘米). A student writes the unit in the 答; an answer without it loses marks.

Lengths in two units (长3米，宽50厘米) give no unit: the solver does not convert, and the question
is refused with "单位不一致" (see `_problem.prepare`) rather than answered in a made-up one.
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._phrases import UNIT_WORDS
from zuoye.messages import say

# Length units and their squares and cubes, as a textbook writes them (cm → cm², 厘米 → 平方厘米).
_LENGTHS = ("千米", "公里", "厘米", "分米", "毫米", "米", "km", "cm", "dm", "mm", "m")
_POWERS: dict[str, tuple[str, str]] = {
    **{u: ("平方" + u, "立方" + u) for u in ("千米", "公里", "厘米", "分米", "毫米", "米")},
    **{u: (u + "²", u + "³") for u in ("km", "cm", "dm", "mm", "m")},
}
_SYMBOLS = "|".join(
    re.escape(f"{u}{p}")
    for u in ("km", "cm", "dm", "mm", "m")
    for p in ("^2", "^3", "²", "³", "2", "3")  # longest first within each unit
)
_WORDS = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
# 是多少平方厘米, 有几个, 多少cm²: the unit the question asks the answer in.
_ASKED = re.compile(rf"(?:多少|几)\s*({_SYMBOLS}|{_WORDS}|km|cm|dm|mm|m)(?![A-Za-z])")
# 5元, 8厘米, 3 cm²: a number given in a unit.
_ANY_GIVEN = re.compile(rf"\d\s*({_SYMBOLS}|{_WORDS}|km|cm|dm|mm|m)(?![A-Za-z])")
# 8厘米, 2.5 cm: a length given in the question.
_GIVEN = re.compile(rf"\d\s*({'|'.join(sorted(_LENGTHS, key=len, reverse=True))})(?![A-Za-z²³^23])")


# Units of measure a reader of another language writes differently (message keys): 厘米 is cm to an
# English reader. Counting words (个, 本, 人) have no English unit and stay as the question wrote them.
_UNIT_NAMES = {
    "千米": "math.step.unit.km",
    "公里": "math.step.unit.km_gongli",
    "米": "math.step.unit.m",
    "分米": "math.step.unit.dm",
    "厘米": "math.step.unit.cm",
    "毫米": "math.step.unit.mm",
    "千克": "math.step.unit.kg",
    "公斤": "math.step.unit.kg_gongjin",
    "克": "math.step.unit.g",
    "吨": "math.step.unit.t",
    "毫升": "math.step.unit.ml",
    "升": "math.step.unit.l",
    "元": "math.step.unit.yuan",
    "角": "math.step.unit.jiao",
    "秒": "math.step.unit.s",
    "分钟": "math.step.unit.min",
    "小时": "math.step.unit.h",
}


def for_reader(unit: str) -> str:
    """The unit as the reader writes it: the question's own word for a Chinese reader, its symbol
    for an English one (平方厘米 → cm²); a word with no such symbol stays as written."""
    for prefix, key in (("平方", "math.step.unit.square"), ("立方", "math.step.unit.cube")):
        base = unit.removeprefix(prefix)
        if base != unit and base in _UNIT_NAMES:
            return say(key, unit=say(_UNIT_NAMES[base]))
    return say(_UNIT_NAMES[unit]) if unit in _UNIT_NAMES else unit


def asked_unit(question: str) -> str:
    """The unit the question asks for, as written (m^2 and m2 as m²); "" when it asks for none,
    or when a number in it is given in another unit (3米等于多少厘米 is a conversion, and 3 is
    not its answer in 厘米)."""
    found = _ASKED.search(question)
    if not found:
        return ""
    unit = found.group(1)
    unit = re.sub(r"\^?2$", "²", re.sub(r"\^?3$", "³", unit)) if unit[0].isascii() else unit
    fits = {unit} | {base for base, powers in _POWERS.items() if unit in powers}
    given = {mt.group(1) for mt in _ANY_GIVEN.finditer(question[: found.start()])}
    return unit if given <= fits else ""


def asks_another_unit(question: str) -> bool:
    """The question asks for its answer in a unit its numbers are not given in (长8米，面积是多少
    平方厘米): a conversion the solver does not do."""
    return bool(_ASKED.search(question)) and not asked_unit(question)


def length_unit(question: str, power: int = 1) -> str:
    """The one unit the question's lengths are given in, to `power` (1: length, 2: area, 3:
    volume); "" when there is none or more than one."""
    units = {found.group(1) for found in _GIVEN.finditer(question)}
    if len(units) != 1:
        return ""
    unit = units.pop()
    return unit if power == 1 else _POWERS[unit][power - 2]


def with_unit(sentence: str, unit: str) -> str:
    """答：面积是 $40$。 → 答：面积是 $40$ 平方厘米。 (the unit after the last formula)."""
    if not unit:
        return sentence
    end = sentence.rfind("$")
    if end < 0 or sentence[end + 1 :].lstrip().startswith(unit):
        return sentence
    return f"{sentence[: end + 1]} {unit}{sentence[end + 1 :]}"


# A unit of measure as a reply writes it — 平方厘米, cm², cm^2, \\mathrm{~cm}^{2}, ㎠, 毫升, 千克, 角 —
# read after the LaTeX around it is stripped, as (kind, power, size): the kind of quantity, the
# power of a length (2 for an area), and its size in the kind's smallest common unit, so that
# units of one kind convert (1 米 = 100 厘米, 1 升 = 1000 立方厘米, 1 元 = 10 角).
Measure = tuple[str, int, sp.Rational]
_LENGTHS_M = {"千米": 1000, "公里": 1000, "米": 1, "分米": sp.Rational(1, 10), "厘米": sp.Rational(1, 100)}
_LENGTHS_M |= {"毫米": sp.Rational(1, 1000), "km": 1000, "m": 1, "dm": sp.Rational(1, 10)}
_LENGTHS_M |= {"cm": sp.Rational(1, 100), "mm": sp.Rational(1, 1000)}
_OTHERS: dict[str, Measure] = {
    "升": ("length", 3, sp.Rational(1, 1000)),
    "毫升": ("length", 3, sp.Rational(1, 10**6)),
    "吨": ("mass", 1, sp.Integer(10**6)),
    "千克": ("mass", 1, sp.Integer(1000)),
    "公斤": ("mass", 1, sp.Integer(1000)),
    "克": ("mass", 1, sp.Integer(1)),
    "元": ("money", 1, sp.Integer(10)),
    # other money: never the 元 of a question (160 美元 is no answer to 多少元)
    "美元": ("dollars", 1, sp.Integer(1)),
    "日元": ("yen", 1, sp.Integer(1)),
    "欧元": ("euros", 1, sp.Integer(1)),
    "港元": ("hk dollars", 1, sp.Integer(1)),
    "角": ("money", 1, sp.Integer(1)),
}
_SIGNS: dict[str, tuple[str, int]] = {"㎜": ("mm", 1), "㎝": ("cm", 1), "㎞": ("km", 1), "㎟": ("mm", 2)}
_SIGNS |= {"㎠": ("cm", 2), "㎡": ("m", 2), "㎢": ("km", 2), "㎣": ("mm", 3), "㎤": ("cm", 3), "㎥": ("m", 3)}
_LATEX_AROUND = re.compile(r"\\(?:text|mathrm|rm|mbox|operatorname)\b|[{}~]|\\[ ,;:!]|\\q?quad")
# After a number (or π, a bracket, the $ that ends a formula): 一元二次 and the letter m of m = 2 are
# no units. 美元, 日元 are other money, not 元.
_MEASURE = re.compile(
    r"(?<=[0-9π)$])\s*(?:(平方|立方)?(千米|公里|厘米|分米|毫米|米)|(毫升|升|千克|公斤|吨|克|美元|日元|欧元|港元|(?<![美日欧港韩])元|角)|"
    r"(km|cm|dm|mm|m)\s*(?:\^?\s*([23])|([²³]))?(?![A-Za-z]))"
)


def measure(unit: str) -> Measure | None:
    """The measure of a unit written alone (the solver's own `Solution.unit`); None for any other."""
    alone = _LATEX_AROUND.sub("", unit).strip()
    if alone in _SIGNS or alone in _OTHERS:
        return _measures(alone, anywhere=True)[0]
    found = _measures(alone, anywhere=True)
    if len(found) != 1 or not re.fullmatch(r"(平方|立方)?[\u4e00-\u9fff]+|[a-z]+[23²³]?", alone):
        return None  # 千米/小时 is a speed, not a length
    return found[0]


def measures(text: str) -> list[Measure]:
    """Every unit of measure written after a number in `text`."""
    return _measures(text, anywhere=False)


def _measures(text: str, *, anywhere: bool) -> list[Measure]:
    text = _LATEX_AROUND.sub("", text)
    if anywhere:
        text = "1" + text  # a unit alone: as if after a number
    out: list[Measure] = []
    for ch, (base, power) in _SIGNS.items():
        out += [("length", power, sp.Rational(_LENGTHS_M[base]) ** power)] * text.count(ch)
    for mt in _MEASURE.finditer(text):
        if mt.group(2):
            power = {"平方": 2, "立方": 3}.get(mt.group(1) or "", 1)
            out.append(("length", power, sp.Integer(1) * _LENGTHS_M[mt.group(2)] ** power))
        elif mt.group(3):
            out.append(_OTHERS[mt.group(3)])
        else:
            power = int(mt.group(5) or {"²": "2", "³": "3"}.get(mt.group(6) or "", "1"))
            out.append(("length", power, sp.Integer(1) * _LENGTHS_M[mt.group(4)] ** power))
    return out
