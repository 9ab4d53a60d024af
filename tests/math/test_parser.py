"""The reader: notation (Unicode, full-width, ASCII, LaTeX), precedence, and clear errors."""

from __future__ import annotations

import pytest
import sympy as sp

from zuoye.math import MathError, ParseError
from zuoye.math._ast import to_latex
from zuoye.math._build import Builder
from zuoye.math._normalize import normalize
from zuoye.math._parser import parse
from zuoye.messages import use_language

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)


def value(text: str) -> sp.Basic:
    return Builder().build(parse(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2x", 2 * x),
        ("2xy", 2 * x * y),
        ("x²+x³", x**2 + x**3),
        ("x⁻¹", 1 / x),
        ("3×4÷6", sp.Integer(2)),
        ("3·x", 3 * x),
        ("5−2", sp.Integer(3)),
        ("（1＋2）×３", sp.Integer(9)),
        ("√12", 2 * sp.sqrt(3)),
        ("2√3", 2 * sp.sqrt(3)),
        ("∛(-8)", sp.Integer(-2)),
        ("π", sp.pi),
        ("30°", sp.pi / 6),
        ("50%", sp.Rational(1, 2)),
        ("2^3^2", sp.Integer(512)),
        ("-x^2", -(x**2)),
        ("2^-1", sp.Rational(1, 2)),
        ("1/2x", x / 2),
        ("2x/3", 2 * x / 3),
        ("3/4 ÷ 2/3", sp.Rational(9, 8)),
        ("sin x cos x", sp.sin(x) * sp.cos(x)),
        ("sin^2 x", sp.sin(x) ** 2),
        ("sin 2x", sp.sin(2 * x)),
        ("sinx", sp.sin(x)),
        ("ln x/x", sp.log(x) / x),
        ("log_2 8", sp.Integer(3)),
        ("log₂8", sp.Integer(3)),
        ("log2(8)", sp.Integer(3)),
        ("lg 1000", sp.Integer(3)),
        ("e^{2x}", sp.exp(2 * x)),
        ("|2x-1|", sp.Abs(2 * x - 1)),
        ("||x|-1|", sp.Abs(sp.Abs(x) - 1)),
        ("6!", sp.Integer(720)),
        ("C_5^2", sp.Integer(10)),
        ("C(5,2)", sp.Integer(10)),
        ("A_5^2", sp.Integer(20)),
        ("1.25", sp.Rational(5, 4)),
        (r"\frac{1}{2}", sp.Rational(1, 2)),
        (r"\frac12", sp.Rational(1, 2)),
        (r"\dfrac{x+1}{2}", (x + 1) / 2),
        (r"\sqrt{x^2+1}", sp.sqrt(x**2 + 1)),
        (r"\sqrt[3]{27}", sp.Integer(3)),
        (r"2 \cdot 3 \times 4 \div 6", sp.Integer(4)),
        (r"\left( x + 1 \right)^{2}", (x + 1) ** 2),
        (r"\sin^{2} x + \cos^{2} x", sp.sin(x) ** 2 + sp.cos(x) ** 2),
        (r"\pi", sp.pi),
        (r"30^\circ", sp.pi / 6),
        (r"$x^{2}$", x**2),
        (r"\log_{3} 27", sp.Integer(3)),
        ("2{x+[3(x-1)]}", 8 * x - 6),
    ],
)
def test_notation(text: str, expected: sp.Basic) -> None:
    assert sp.simplify(value(text) - expected) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x <= 3", sp.Le(x, 3)),
        ("x ≥ 3", sp.Ge(x, 3)),
        (r"x \leq 3", sp.Le(x, 3)),
        ("x ≠ 3", sp.Ne(x, 3)),
        ("2x = 4", sp.Eq(2 * x, 4)),
    ],
)
def test_relations(text: str, expected: sp.Basic) -> None:
    assert value(text) == expected


def test_chained_relation_is_a_conjunction() -> None:
    assert value("1 < x <= 3") == sp.And(sp.Lt(1, x), sp.Le(x, 3))


def test_logic_mode_reads_answers() -> None:
    got = Builder().build(parse("(x<-1)|(x>1)", logic=True))
    assert got.as_set() == sp.Union(sp.Interval.open(-sp.oo, -1), sp.Interval.open(1, sp.oo))


def test_latex_is_printed_as_the_student_wrote_it() -> None:
    assert to_latex(parse("3(x+1) = 2x + 8")) == r"3 \left(x + 1\right) = 2 x + 8"
    assert to_latex(parse("1.2×5−0.5÷0.25")) == r"1.2 \times 5 - 0.5 \div 0.25"
    assert to_latex(parse("1/2 + 1/3")) == r"\frac{1}{2} + \frac{1}{3}"


def test_normalize_full_width_and_unicode() -> None:
    assert normalize("（x＋1）²＝４") == "(x+1)^2 =4"
    assert normalize("3 ≤ x ≠ 5") == "3 <= x != 5"


@pytest.mark.parametrize(
    ("text", "fragment", "in_english"),
    [
        ("2 3", "缺少运算符", "operator is missing"),
        ("x +", "缺少", "missing"),
        ("(x+1", "应该是", "Expected ')'"),
        ("sin(x, y)", "参数", "argument"),
        ("1/0", "除数不能为 0", "Division by zero"),
        ("x @ 2", "@", "'@'"),
        ("abcdef", "不认识的词", "Unknown word"),
        (r"\unknowncmd{x}", "不支持的 LaTeX 命令", "Unsupported LaTeX command"),
    ],
)
def test_errors_say_what_is_wrong(text: str, fragment: str, in_english: str) -> None:
    with use_language("zh"), pytest.raises(MathError) as info:
        value(text)
    assert fragment in str(info.value)
    assert " / " not in str(info.value)  # one language, not both side by side
    with use_language("en"), pytest.raises(MathError) as info:
        value(text)
    assert in_english in str(info.value)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_parse_error_is_a_math_error() -> None:
    with pytest.raises(ParseError):
        parse("2 +* 3")
