"""The grader decides the score bar, so it is tested on its own: it must be able to say no."""

from __future__ import annotations

import pytest

from tests.math.grader import grade


@pytest.mark.parametrize(
    ("expected", "got", "form"),
    [
        (["5/6"], ["5/6"], None),
        (["5/6"], ["10/12"], None),
        (["5*sqrt(3)"], ["sqrt(75)"], None),
        (["x=3", "x=4"], ["x=4", "x=3"], None),
        (["x=1", "x=-1/3"], ["x=-1/3", "x=1"], None),
        (["x<=3"], ["3>=x"], None),
        (["(x<-1)|(x>1)"], ["(x>1)|(x<-1)"], None),
        (["(x>-2)&(x<2)"], ["(x<2)&(x>-2)"], None),
        (["(x+2)*(x+3)"], ["(x+3)*(x+2)"], "factored"),
        (["x**2-4*x+4"], ["x**2 - 4*x + 4"], "expanded"),
        (["sin(x)"], ["sin(x)+7"], "antiderivative"),
        (["2*x*sin(x)+x**2*cos(x)"], ["x**2*cos(x)+2*x*sin(x)"], None),
    ],
)
def test_grader_accepts_equal_answers(expected: list[str], got: list[str], form: str | None) -> None:
    assert grade(expected, got, form)


@pytest.mark.parametrize(
    ("expected", "got", "form"),
    [
        (["5/6"], ["0.8333"], None),
        (["5/6"], ["6/5"], None),
        (["x=3", "x=4"], ["x=3"], None),
        (["x=3", "x=4"], ["x=3", "x=3"], None),
        (["x=2", "y=3"], ["x=3", "y=2"], None),
        (["x<=3"], ["x<3"], None),
        (["(x<-1)|(x>1)"], ["(x>-1)&(x<1)"], None),
        (["(x+2)*(x+3)"], ["x**2+5*x+6"], "factored"),
        (["x**2-4*x+4"], ["(x-2)**2"], "expanded"),
        (["sin(x)"], ["cos(x)"], "antiderivative"),
        (["7"], ["not an answer ("], None),
        (["7"], [], None),
    ],
)
def test_grader_rejects_different_answers(expected: list[str], got: list[str], form: str | None) -> None:
    assert not grade(expected, got, form)
