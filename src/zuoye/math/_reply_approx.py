"""Numbers as a reply writes them, for `_reply`: approximations (约 0.83, ≈ 0.833, 0.8333…), decimals
rounded to the digits written, π taken as 3.14 (12.56 for 4π), and units of measure (9 cm for an
area is wrong, 0.08 米 for 8 厘米 right); and the verdict for an answer found but not read.
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._check import values_equal
from zuoye.math._types import Solution, Verdict
from zuoye.math._units import measure, measures
from zuoye.messages import say

APPROX = re.compile(r"(?:约等于|大约是|约为|大约|近似为|近似等于|约|≈|approximately)\s*(-?\d+(?:\.(\d+))?)")
TRUNCATED = re.compile(r"(-?\d+\.(\d+))\s*(?:…|\.{2,}|⋯|\\cdots|\\ldots|\\dots)")


def shown_answer(sol: Solution) -> str:
    """The solver's answer in a verdict's words, as maths ($\\ln 100$), not SymPy's text: log(100)
    reads as lg 100 to a Chinese student, and 5+5*I or Abs(x) as nobody's maths."""
    return f"${sol.answer_latex}$" if sol.answer_latex else ", ".join(sol.answer)


def unread(text: str, part: str | None = None) -> Verdict:
    shown = (part or text)[:80]
    return Verdict("unknown", text, say("math.reply.unreadable", shown=shown))


def marked_approximation(text: str) -> tuple[sp.Rational, int, bool] | None:
    """The last value the text marks as approximate: (value, digits after the point, cut off)."""
    marks = [(m.start(), m.group(1), m.group(2), False) for m in APPROX.finditer(text)]
    marks += [(m.start(), m.group(1), m.group(2), True) for m in TRUNCATED.finditer(text)]
    if not marks:
        return None
    _, number, decimals, cut = max(marks)
    return sp.Rational(number), len(decimals or ""), cut


def judge_approx(sol: Solution, expected: list[sp.Expr], text: str) -> Verdict | None:
    marked = marked_approximation(text)
    if marked is None or len(expected) != 1:
        return None
    value, digits, cut = marked
    if cut:  # 0.6666… : the digits written are the value's own, cut off
        agrees = bool(abs(sp.N(expected[0], 30) - value) < sp.Rational(1, 10**digits))
    else:
        agrees = rounds_to(expected[0], value, digits) or rounds_to(school_pi(expected[0]), value, digits)
    if agrees:
        return Verdict("agree", text, say("math.reply.approximation_agrees", answer=shown_answer(sol)))
    return Verdict("disagree", text, say("math.reply.approximation_differs", answer=shown_answer(sol)))


def decimal_match(expected: sp.Expr, found: sp.Expr) -> bool:
    if not found.is_Rational or found.is_Integer:
        return False
    text = str(sp.N(found, 20)).rstrip("0")
    digits = len(text.split(".")[1]) if "." in text else 0
    return digits >= 2 and rounds_to(expected, found, digits)


def school_pi(value: sp.Expr) -> sp.Expr:
    """The value with π taken as 3.14, as school work computes it (4π ≈ 12.56, not 12.57)."""
    return value.subs(sp.pi, sp.Rational(314, 100)) if value.has(sp.pi) else value


def rounds_to(expected: sp.Expr, value: sp.Expr, digits: int) -> bool:
    if not expected.is_number:
        return False
    tolerance = sp.Rational(1, 10**digits) * sp.Rational(51, 100)
    return bool(abs(sp.N(expected, 30) - value) <= tolerance)


def rounded_sets(want: list[sp.Expr], have: list[sp.Expr], text: str, least: int = 2) -> bool:
    """Every root given as a decimal rounded from a root of ours, and every root of ours given so,
    to the digits the passage writes (4.30 has two, though it reads as 43/10): `least` at least."""
    written = [len(d) for d in re.findall(r"\d\.(\d+)", text)]
    digits = min(written) if written else 0
    if digits < least or not all(h.is_Rational and not h.is_Integer for h in have):
        return False

    def near(w: sp.Expr, h: sp.Expr) -> bool:
        return rounds_to(w, h, digits) and not values_equal(w, h)

    return all(any(near(w, h) for w in want) for h in have) and all(
        any(near(w, h) for h in have) for w in want
    )


def wrong_unit(unit: str, text: str) -> bool:
    """The answer is a measure (a length, area, volume, mass, sum of money) and every unit of
    measure the passage writes is another one: 9 cm for an area of 9 cm², 40 平方米 for 40 平方厘米,
    160 角 for 160 元. A passage with no unit is not wrong here, nor one that also writes the right
    unit (边长 3 cm，面积 9 cm²)."""
    want = measure(unit) if unit else None
    if want is None:
        return False
    found = measures(text)
    return bool(found) and want not in found


def converted(unit: str, expected: sp.Expr, found: sp.Expr, text: str) -> bool:
    """The answer given in another unit of the same kind, converted rightly: 0.08 米 or 80 毫米
    for 8 厘米, 1600 角 for 160 元 (the last such unit the passage writes is the answer's)."""
    want = measure(unit) if unit else None
    if want is None:
        return False
    same_kind = [m for m in measures(text) if m[:2] == want[:2] and m != want]
    return bool(same_kind) and values_equal(expected * want[2] / same_kind[-1][2], found)
