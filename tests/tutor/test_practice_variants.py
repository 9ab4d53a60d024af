"""再练一题's local variants (other numbers in the student's problem) read as a teacher writes them:
no coefficient or denominator of 1, no brackets around a term with nothing to multiply it, no
fraction that is a whole number or not in lowest terms unless the problem was about that; and a
bracket keeps a multiplier, so the variant practises what the problem did. Checked over hundreds
of variants of generated problems."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from zuoye import math as zmath
from zuoye.tutor import practice

# Problems of the kinds that reach the 错题本, many numbers each.
PROBLEMS = [
    *(f"解方程 {a}(x-{b})={c}" for a, b, c in itertools.product((2, 3, 4), (1, 2, 5), (6, 10))),
    *(f"解方程 {a}-{b}(x+{c})=1" for a, b, c in itertools.product((5, 9), (2, 3), (1, 4))),
    *(f"解方程 {a}x+{b}(x-1)={c}" for a, b, c in itertools.product((2, 3), (2, 3, 4), (7, 12))),
    *(f"解方程 3(x+{a})-{b}(x-1)=10" for a, b in itertools.product((2, 3), (2, 4))),
    *(f"解方程 x/{a}+{b}={c}" for a, b, c in itertools.product((2, 3, 4), (2, 3), (5, 8))),
    *(f"计算 {a}/{b}+{c}/{d}" for a, b, c, d in ((3, 4, 2, 3), (1, 2, 1, 3), (2, 5, 3, 7), (5, 6, 1, 4))),
    *(f"解方程 x^2-{a}x+{b}=0" for a, b in ((5, 6), (9, 20), (7, 12))),
    *(f"解方程 {a}x^2-{b}=0" for a, b in ((2, 8), (3, 27))),
    "化简 (x+2)^2-2(x+1)",
    "解不等式 2(x-3)>4",
    "解方程组 2x+y=5, x-2y=0",
]

UNIT_COEFFICIENT = re.compile(r"(?<![\d.^/])1\s*[a-zA-Z(√π]")
DENOMINATOR_ONE = re.compile(r"/\s*1(?![\d.])")
FRACTION = re.compile(r"(?<![\d.])(\d+)/(\d+)(?![\d.])")
# A bracket at the start of a term (after the task word, =, +, <, >, a comma) that closes at the
# end of one (=, +, -, <, >, a comma, the end): nothing multiplies it.
BARE_BRACKET = re.compile(r"(?:^|[\s=+<>,，])\(([^()]*)\)(?=$|[\s=+\-<>,，])")


def fractions(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in FRACTION.findall(text)]


def all_variants() -> list[tuple[str, str]]:
    return [(problem, v) for problem in PROBLEMS for v in practice.variants(problem, count=6)]


def test_variants_are_written_as_a_teacher_writes_them() -> None:
    made = all_variants()
    assert len(made) > 400
    for problem, variant in made:
        assert not UNIT_COEFFICIENT.search(variant), (problem, variant)
        assert not DENOMINATOR_ONE.search(variant), (problem, variant)
        assert not BARE_BRACKET.search(variant), (problem, variant)
        for a, b in fractions(variant):
            assert b > 1 and a % b != 0 and math.gcd(a, b) == 1, (problem, variant)
        # what the problem practises stays: as many brackets, each with a number before it
        assert variant.count("(") == problem.count("("), (problem, variant)
        assert variant.split(" ", 1)[0] == problem.split(" ", 1)[0]  # the same task word


def test_a_problem_about_a_fraction_keeps_its_point() -> None:
    for variant in practice.variants("约分 6/8", count=6):
        [(a, b)] = fractions(variant)
        assert math.gcd(a, b) > 1 and a % b != 0, variant  # still something to reduce


@pytest.mark.parametrize(
    ("written", "tidy"),
    [
        ("解方程 1(x-1)=10", "解方程 x-1=10"),
        ("1(x+2)-3=5", "x+2-3=5"),
        ("2x+1(x-1)=7", "2x+x-1=7"),
        ("5-1(x+1)=1", "5-(x+1)=1"),  # after a minus the bracket is needed
        ("2x+1(-x+3)=1", "2x+(-x+3)=1"),  # so it is before a negative term
        ("1(x+1)^2=4", "(x+1)^2=4"),
        ("1(x+1)/2=3", "(x+1)/2=3"),
        ("解方程 1(x-1)=4，求 x", "解方程 x-1=4，求 x"),
        ("-1x+2=0", "-x+2=0"),
        ("1√2+1π", "√2+π"),
        ("x^1+11x=2", "x^1+11x=2"),  # an exponent or a longer number is not a coefficient
    ],
)
def test_tidy(written: str, tidy: str) -> None:
    assert practice.tidy(written) == tidy


def test_tidying_never_changes_the_maths() -> None:
    for written in ("1(x-1)=10", "5-1(x+1)=1", "2x+1(x-1)=7", "1(x+1)^2=4", "2x+1(-x+3)=1"):
        assert zmath.expressions_equal(written, practice.tidy(written)), written
