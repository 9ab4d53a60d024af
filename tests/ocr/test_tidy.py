from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zuoye.ocr import tidy
from zuoye.ocr._layout import OcrLine, join_rows, order
from zuoye.ocr._tidy import ambiguous


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # 1. full-width ASCII → ASCII; Chinese punctuation stays
        ("解方程 ２ｘ＋３＝７", "解方程 2x+3=7"),
        ("ａ＜ｂ，求ｃ／ｄ", "a<b，求c/d"),
        ("已知：x＝1。求 y？", "已知：x=1。求 y？"),
        ("计算\u3000１＋１", "计算 1+1"),
        # 2. dash-like characters between operands are minus signs
        ("2x一3=7", "2x-3=7"),
        ("5—x=2", "5-x=2"),
        ("a – b", "a - b"),
        ("(x+1)−(x−1)", "(x+1)-(x-1)"),
        ("x一定大于0", "x一定大于0"),
        ("第一题", "第一题"),
        ("一共 3 个", "一共 3 个"),
        # 3. full-width parentheses around ASCII maths only
        ("化简（x+1）（x-1）", "化简(x+1)(x-1)"),
        ("长度（单位：米）", "长度（单位：米）"),
        # 4. × standing for the letter x
        ("已知 x^2-5x+6=0，求×的值", "已知 x^2-5x+6=0，求x的值"),
        ("求 × 的值", "求 x 的值"),
        ("2×3=6", "2×3=6"),
        ("计算 × 4", "计算 × 4"),
        # 5. lost superscripts, only where the formula shows they are powers
        ("解方程 x2-5x+6=0", "解方程 x^2-5x+6=0"),
        ("ax2+bx+c=0", "ax^2+bx+c=0"),
        ("x3-x=0", "x^3-x=0"),
        ("已知 x1+x2=5", "已知 x1+x2=5"),
        ("a2+b2=c2", "a2+b2=c2"),
        ("x2", "x2"),
        ("3x2+2x=1", "3x^2+2x=1"),
        # x and × by their neighbours
        ("3×-7=2(×+1)", "3x-7=2(x+1)"),
        ("×+1=3", "x+1=3"),
        ("2x3+4", "2×3+4"),
        ("1.计算7x8", "1.计算7×8"),
        ("计算(—2)x3", "计算(-2)×3"),
        ("(一2)^3", "(-2)^3"),
        ("第(一)题", "第(一)题"),
        ("计算v9+V16", "计算√9+√16"),
        ("v(x+1)", "√(x+1)"),
        ("有 v2 版本", "有 √2 版本"),
        ("level 2", "level 2"),
        ("3/4x8-1", "3/4×8-1"),
        ("解方程×^2-5x+6=0", "解方程x^2-5x+6=0"),
        ("a×b", "a×b"),
        ("3×(2+5)", "3×(2+5)"),
        ("解方程X/2+3=7", "解方程x/2+3=7"),
        ("在△ABC中，AX=2", "在△ABC中，AX=2"),
        # superscripts the recogniser did see
        ("x²-5x+6=0", "x^2-5x+6=0"),
        ("(-2)³-2", "(-2)^3-2"),
        ("a²+b²=25", "a^2+b^2=25"),
    ],
)
def test_rules(raw: str, expected: str) -> None:
    assert tidy(raw) == expected


def test_a_times_sign_next_to_a_letter_is_left_as_read_and_said_to_be_unsure() -> None:
    assert tidy("计算 a×b") == "计算 a×b"
    [doubt] = ambiguous("计算 a×b\n2×3=6")
    assert doubt.startswith("“计算 a×b”中的 × 紧挨着字母") and doubt.endswith("请核对。")
    assert ambiguous("2×3=6\n求x的值") == []


@given(st.text())
def test_idempotent(text: str) -> None:
    once = tidy(text)
    assert tidy(once) == once


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from("，。：？ \n")
    )
)
def test_chinese_prose_is_untouched(text: str) -> None:
    assert tidy(text) == text


def _det(x0: int, y0: int, x1: int, y1: int, text: str) -> tuple[list[list[float]], str, float]:
    return ([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], text, 0.9)


def test_boxes_on_one_line_join_left_to_right() -> None:
    lines = order(
        [_det(300, 12, 500, 48, "2x+3=7"), _det(10, 10, 200, 50, "解方程"), _det(10, 80, 200, 120, "答")]
    )
    assert [(line.text, line.row) for line in lines] == [("解方程", 0), ("2x+3=7", 0), ("答", 1)]
    assert join_rows(lines) == ["解方程 2x+3=7", "答"]
    assert isinstance(lines[0], OcrLine)


def test_cjk_neighbours_join_without_a_space() -> None:
    assert join_rows(order([_det(0, 0, 100, 40, "计算下"), _det(110, 0, 200, 40, "列各题")])) == [
        "计算下列各题"
    ]


def test_overlapping_boxes_do_not_repeat_characters() -> None:
    lines = order([_det(250, 290, 1040, 550, "解方程2"), _det(970, 330, 1710, 510, "2x+3=7")])
    assert join_rows(lines) == ["解方程2x+3=7"]
