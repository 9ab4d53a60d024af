"""Printed maths through the whole reader: fractions drawn with a bar, exponents, x and ×, pages of
several questions, under what phones do to photos — and the safety rule: maths that was not read
completely is never handed over as if it had been (the reading says what to check)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tests.ocr._images import encode
from tests.ocr._maths import DISTORTIONS, TUNING, Frac, Sqrt, Sup, distort, draw, photo_set, squash
from zuoye.ocr import _ink, recognize

pytest.importorskip("rapidocr_onnxruntime", reason="needs the ocr extra: pip install -e '.[ocr]'")


@pytest.fixture(scope="module")
def readings() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """The tuning set, one photo each, the distortions in turn: (wanted, read, distortion, doubts)."""
    out = []
    for data, said, kind in photo_set(TUNING):
        result = recognize(data)
        out.append(("".join(said), result.text, kind, result.doubts))
    return out


def test_the_maths_survives_in_nine_photos_of_ten(
    readings: list[tuple[str, str, str, tuple[str, ...]]],
) -> None:
    assert {kind for _, _, kind, _ in readings} == set(DISTORTIONS)
    right = [squash(read) == squash(wanted) for wanted, read, _, _ in readings]
    assert sum(right) >= 9, [(w, r, k) for (w, r, k, _), ok in zip(readings, right, strict=True) if not ok]


def test_a_wrong_reading_always_says_what_to_check(
    readings: list[tuple[str, str, str, tuple[str, ...]]],
) -> None:
    # The safety rule on the same photos: none whose maths was read wrong comes without a doubt.
    silent = [(w, r, k) for w, r, k, doubts in readings if squash(r) != squash(w) and not doubts]
    assert silent == []


def test_a_fraction_half_lost_is_not_read_as_something_else() -> None:
    img, _ = draw([["计算 ", Frac("1", "2"), "+", Frac("1", "3")]])
    # a thumb over the bottom of the page: the second denominator is gone
    bars = _ink.bars(_ink.ink(np.asarray(img)[:, :, ::-1].copy(), 40), 30)
    second = max(bars, key=lambda b: b.bar.x0)
    ImageDraw.Draw(img).rectangle(
        (second.den.x0 - 4, second.den.y0 - 2, second.den.x1 + 4, img.height), fill="white"
    )
    result = recognize(encode(img))
    assert result.doubts, result.text
    assert "对照照片" in result.doubts[0] and " / " not in result.doubts[0]


def test_a_smudged_exponent_is_not_taken_on_trust() -> None:
    img, said = draw([["计算 ", Sup("(-2)", "3"), "-2"]])
    # A blot of ink on the exponent: whatever is read there, the student is asked.
    d = ImageDraw.Draw(img)
    marks = _ink.glyphs(
        _ink.ink(np.asarray(img)[:, :, ::-1].copy(), 40), _ink.Rect(0, 0, img.width, img.height)
    )
    exponent = next(m for m in marks if m.height < 30 and m.y1 < img.height / 2 + 5)
    d.ellipse((exponent.x0 - 3, exponent.y0 - 3, exponent.x1 + 3, exponent.y1 + 3), fill=(60, 60, 60))
    result = recognize(encode(img, "JPEG", quality=85))
    assert squash(result.text) == squash(said[0]) or result.doubts, result.text


@pytest.mark.parametrize(
    ("pieces", "kind", "wanted"),
    [
        ([["化简 ", Sqrt("x+1"), "+1"]], "clean", "化简√(x+1)+1"),
        ([["计算 ", Sqrt("9"), "+", Sqrt("16+9")]], "blurred", "计算√9+√(16+9)"),
        ([["计算 (—2)×3"]], "clean", "计算(-2)×3"),  # a dash for the minus, as some worksheets print it
    ],
)
def test_roots_and_negative_numbers(pieces: list, kind: str, wanted: str) -> None:
    img, _ = draw(pieces)
    result = recognize(distort(img, kind, 1))
    assert squash(result.text) == wanted or result.doubts, result.text


def test_a_page_of_questions_is_split_into_them() -> None:
    page = TUNING[6]
    img, _ = draw(page)
    result = recognize(encode(img, "JPEG", quality=90))
    assert [squash(q) for q in result.questions] == [
        "计算2×3+4",
        "解方程2x+3=7",
        "计算5^2-10",
        "分解质因数22",
    ]
    assert squash(result.text).startswith("1.计算2×3+4")  # the page as it is, numbers and all


def test_what_is_not_a_fraction_bar() -> None:
    # 三 and = are thin strokes over thin strokes, 王 and 土 have a stroke across, 一 and − have
    # nothing above and below: none of them is a fraction (no OCR here, only the shapes).
    img, _ = draw([["三 = 一 王 土 2-1 x=5"], ["二十一 二元一次"]])
    mask = _ink.ink(np.asarray(img)[:, :, ::-1].copy(), 40)
    assert _ink.bars(mask, 30) == []
    fraction, _ = draw([["计算 ", Frac("12", "35")]])
    (found,) = _ink.bars(_ink.ink(np.asarray(fraction)[:, :, ::-1].copy(), 40), 30)
    assert found.num.y1 <= found.bar.y0 < found.bar.y1 <= found.den.y0


def test_a_level_page_is_left_level_and_a_turned_one_is_turned_back() -> None:
    img, _ = draw([["解方程 2x+3=7"], ["计算 3×4-5"]])
    mask = _ink.ink(np.asarray(img)[:, :, ::-1].copy(), 40)
    assert abs(_ink.skew(mask)) <= 0.5  # the search's own step
    turned = img.rotate(4, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
    angle = _ink.skew(_ink.ink(np.asarray(turned)[:, :, ::-1].copy(), 40))
    assert abs(angle + 4) <= 0.5
