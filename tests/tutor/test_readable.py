"""Questions as plain readable text (the 错题本's list, its printed sheet, `zuoye mistakes`): the
maths made readable (x², √8, a fraction), the words and the spaces between them as written."""

from __future__ import annotations

import pytest

from zuoye.tutor.sheet import readable


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("解方程 x^2-5x+6=0", "解方程 x²−5x+6=0"),
        ("Solve 2x+3=7", "Solve 2x+3=7"),
        ("Solve x^2-5x+6=0", "Solve x²−5x+6=0"),
        ("Find the derivative of x^3-3x", "Find the derivative of x³−3x"),
        ("求 sin x 的值", "求 sin x 的值"),
        ("Simplify \\sqrt{8}", "Simplify √8"),
        ("化简 \\frac{x^2-1}{x-1}", "化简 (x²−1)/(x−1)"),
        ("面积是 5 cm^2", "面积是 5 cm²"),
        ("\\text{cm}^2", "cm²"),  # a word inside braces belongs to the maths
        ("x^{ab}+1", "xᵃᵇ+1"),
    ],
)
def test_maths_is_made_readable_and_words_stay_apart(question: str, shown: str) -> None:
    assert readable(question) == shown
