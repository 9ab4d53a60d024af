"""End to end: printed questions drawn with a CJK font come back as text."""

from __future__ import annotations

import threading

import pytest
from PIL import Image

from tests.ocr._images import encode, question, squash
from zuoye.ocr import OcrLimits, OcrResult, recognize

pytest.importorskip("rapidocr_onnxruntime", reason="needs the ocr extra: pip install -e '.[ocr]'")


@pytest.fixture(scope="module")
def worksheet() -> Image.Image:
    return question(["解方程 2x+3=7", "计算 1/2+1/3"])


def test_printed_questions_come_back_in_reading_order(worksheet: Image.Image) -> None:
    result = recognize(encode(worksheet))
    assert isinstance(result, OcrResult)
    rows = result.text.split("\n")
    assert [squash(r) for r in rows] == ["解方程2x+3=7", "计算1/2+1/3"]
    rows_seen = [line.row for line in result.lines]
    assert rows_seen == sorted(rows_seen) and set(rows_seen) == {0, 1}
    assert all(0.8 < line.confidence <= 1 for line in result.lines)
    assert result.confidence > 0.8
    assert result.elapsed_ms > 0
    (x0, y0), _, (x2, y2), _ = result.lines[0].box
    assert 0 <= x0 < x2 <= result.width and 0 <= y0 < y2 <= result.height


@pytest.mark.parametrize(
    ("fmt", "options"), [("JPEG", {"quality": 90}), ("WEBP", {"quality": 90}), ("BMP", {})]
)
def test_every_accepted_format(worksheet: Image.Image, fmt: str, options: dict) -> None:
    text = recognize(encode(worksheet, fmt, **options)).text
    assert squash(text) == "解方程2x+3=7计算1/2+1/3"


def test_phone_photo_taken_sideways_is_turned_upright(worksheet: Image.Image) -> None:
    # The camera stores the pixels rotated and says so in EXIF (orientation 6: rotate 90° CW).
    sideways = worksheet.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    text = recognize(encode(sideways, "JPEG", quality=90, exif=exif.tobytes())).text
    assert squash(text) == "解方程2x+3=7计算1/2+1/3"


def test_transparent_screenshot_is_read_on_white() -> None:
    img = question(["计算 1/2+1/3"]).convert("L")
    # Black text on a fully transparent background: naive RGB conversion would be black on black.
    rgba = Image.new("RGBA", img.size, (0, 0, 0, 0))
    rgba.putalpha(img.point(lambda v: 255 - v))
    assert squash(recognize(encode(rgba)).text) == "计算1/2+1/3"


def test_huge_photo_is_scaled_down_before_recognition() -> None:
    # A 12 MP phone photo of a worksheet line.
    text = question(["解方程 2x+3=7"], size=110)
    big = Image.new("RGB", (4000, 3000), "white")
    big.paste(text, (600, 1300))
    # A lower max_side than the default 1600 keeps this test quick; the path is the same.
    result = recognize(encode(big, "JPEG", quality=85), limits=OcrLimits(max_side=1200))
    assert (result.width, result.height) == (1200, 900)
    assert squash(result.text) == "解方程2x+3=7"


def test_concurrent_calls_are_safe() -> None:
    data = encode(question(["计算 1/2+1/3"]))
    results: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(squash(recognize(data).text))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == ["计算1/2+1/3"] * 2
