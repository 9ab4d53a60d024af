"""The kind of a student's first wrong line (zuoye.math.classify_mistake, here in process), on
working as students write it: the checker finds the line, the CAS says which slip makes it from
the line before. Through the worker and the tutor: tests/web/test_class_report.py."""

from __future__ import annotations

import pytest

from zuoye.math._check import check_working
from zuoye.math._mistakes import MISTAKE_KINDS, classify_step

WORKING = [
    # (the student's working, the kind of its first wrong line)
    (["2x+3=7", "2x=7+3", "x=5"], "transposition"),
    (["5x-2=3x+4", "5x+3x=4+2", "8x=6"], "transposition"),
    (["2x+3=7", "2x=10", "x=5"], "transposition"),  # moved and added in one go
    (["2x+3=7", "2x-3=7"], "sign"),
    (["2x=4", "x=-2"], "sign"),
    (["x^2+x-6=0", "x=-2 或 x=3"], "sign"),  # both roots with their signs turned round
    (["3-5", "=2"], "sign"),
    (["3-(x-2)=5", "3-x-2=5", "1-x=5"], "bracket"),
    (["2(x+3)=10", "2x+3=10"], "bracket"),
    (["-2(x-1)=4", "-2x-2=4"], "bracket"),
    (["3-(5-2)", "=3-5-2", "=-4"], "bracket"),
    (["x^2=2x", "x=2"], "dropped_root"),  # divided by x
    (["x^2=9", "x=3"], "dropped_root"),  # square root without ±
    (["sqrt(x)=x-2", "x=(x-2)^2", "x^2-5x+4=0"], "extra_root"),  # squared: 1 comes in
    (["-2x>4", "x>-2"], "inequality_direction"),  # divided by -2, the sign kept
    (["2x=4", "x=3"], "arithmetic"),
    (["2x+3=7", "2x=5"], "arithmetic"),
    (["x^2-5x+6=0", "(x-2)(x-4)=0"], "arithmetic"),
    (["x^2-4=0", "x=2 或 x=-3"], "arithmetic"),
    (["3+4*5", "=23", "=24"], "arithmetic"),
    (["3+4*5", "=35"], "order"),  # worked from left to right
    (["12-6/2", "=3"], "order"),
    (["x/3+1=2", "x+1=6"], "denominator"),  # the 1 not multiplied by 3
    (["(x-1)/2-(x+1)/3=1", "3x-1-2(x+1)=6"], "denominator"),  # a numerator without its brackets
    (["(x-1)/2-(x+1)/3=1", "3(x-1)-2(x+1)=1"], "denominator"),  # the right side not multiplied
    (["2 + 3 × 4", "= 5 × 4", "= 20"], "order"),
    (["3(x-1)=6", "3x-1=6", "3x=7"], "bracket"),
    (["x^2-5x+6=0", "(x-2)(x-3)=0", "x₁=2，x₂=4"], "arithmetic"),  # one root worked out wrong
    (["1/2+1/3", "=2/5"], "arithmetic"),  # tops and bottoms added
    (["解：2x+3=7", "移项得 2x=7+3", "x=5"], "transposition"),  # words around the maths
    (["(a+b)^2", "=a^2+b^2"], "other"),  # a wrong method, not a slip
]


@pytest.mark.parametrize(("lines", "kind"), WORKING, ids=[" → ".join(w) for w, _ in WORKING])
def test_the_first_wrong_line_is_classified(lines: list[str], kind: str) -> None:
    check = check_working(lines)
    assert not check.ok
    bad = check.first_bad_line
    assert bad is not None and bad >= 1
    assert classify_step(lines[bad - 1], lines[bad]) == kind


def test_every_kind_is_met_and_lines_it_cannot_read_have_none() -> None:
    assert {kind for _, kind in WORKING} == set(MISTAKE_KINDS)
    assert classify_step("2x+3=7", "2x=@@") is None
    assert classify_step("2x+3=7", "35") is None  # a value after an equation: no step
