"""Every way a photo can be refused, before any OCR runs, each with a message that says what to do."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.ocr._images import encode, png_header, question
from zuoye.ocr import (
    EmptyImageError,
    ImageDecodeError,
    ImageDimensionsError,
    ImageTooLargeError,
    NoTextFoundError,
    OcrError,
    OcrLimits,
    UnsupportedImageTypeError,
    precheck,
    recognize,
    sniff,
)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    # The advice is checked word for word in English here; Chinese, the default, is checked below.
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def _both_languages(message: str) -> None:
    """`message` is English only (LANG=en_US.UTF-8), not both side by side."""
    assert " / " not in message and not any("\u4e00" <= c <= "\u9fff" for c in message)
    assert message.isascii() or "×" in message or "→" in message


@pytest.mark.parametrize(
    ("data", "chinese"),
    [
        (b"", "图片是空的"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048, "图片太大（2 KB，上限 1 KB）"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "兼容性最佳"),
        (b"just some text, not a picture", "PNG、JPEG、WebP 或 BMP"),
    ],
)
def test_refused_in_chinese_by_default(monkeypatch: pytest.MonkeyPatch, data: bytes, chinese: str) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    with pytest.raises(OcrError) as info:
        recognize(data, limits=OcrLimits(max_bytes=1024))
    assert chinese in str(info.value) and " / " not in str(info.value)


def test_empty() -> None:
    with pytest.raises(EmptyImageError) as info:
        recognize(b"")
    _both_languages(str(info.value))
    assert info.value.status == 400


def test_too_many_bytes_is_refused_before_anything_else() -> None:
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048  # not even a valid PNG: size is checked first
    with pytest.raises(ImageTooLargeError) as info:
        recognize(data, limits=OcrLimits(max_bytes=1024))
    assert info.value.status == 413
    assert "(2 KB; the limit is 1 KB)" in str(info.value)
    assert (info.value.size, info.value.limit) == (len(data), 1024)
    _both_languages(str(info.value))


def test_default_limit_is_ten_megabytes() -> None:
    assert OcrLimits().max_bytes == 10 * 1024 * 1024
    with pytest.raises(ImageTooLargeError, match=r"10\.0 MB"):
        recognize(b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024))


def test_gif_gets_its_own_advice() -> None:
    gif = encode(question(["x"]), "GIF")
    with pytest.raises(UnsupportedImageTypeError) as info:
        recognize(gif)
    assert info.value.image_kind == "GIF"
    assert "GIF" in str(info.value) and "PNG or JPEG" in str(info.value)
    assert info.value.status == 415
    _both_languages(str(info.value))


@pytest.mark.parametrize(
    ("data", "kind", "advice"),
    [
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC", "Most Compatible"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "AVIF", "export as JPEG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF", "screenshot"),
        (b"II*\x00\x08\x00\x00\x00", "TIFF", "save as PNG"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG", "screenshot"),
        (b"just some text, not a picture", None, "PNG, JPEG, WebP or BMP"),
    ],
)
def test_other_types_are_named(data: bytes, kind: str | None, advice: str) -> None:
    assert sniff(data) == kind
    with pytest.raises(UnsupportedImageTypeError, match=advice) as info:
        recognize(data)
    _both_languages(str(info.value))


def test_accepted_types_by_magic_bytes() -> None:
    img = question(["x"])
    assert sniff(encode(img, "PNG")) == "PNG"
    assert sniff(encode(img, "JPEG")) == "JPEG"
    assert sniff(encode(img, "WEBP")) == "WebP"
    assert sniff(encode(img, "BMP")) == "BMP"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_upload_cannot_be_decoded(fmt: str) -> None:
    data = encode(question(["解方程 2x+3=7"]), fmt)
    with pytest.raises(ImageDecodeError) as info:
        recognize(data[: len(data) // 2])
    assert "again" in str(info.value)
    _both_languages(str(info.value))


def test_valid_magic_with_garbage_after() -> None:
    with pytest.raises(ImageDecodeError):
        recognize(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)


def test_decompression_bomb_is_refused_from_the_header() -> None:
    bomb = png_header(20_000, 20_000)  # 400 MP claimed by a file of ~100 bytes
    assert len(bomb) < 200
    with pytest.raises(ImageDimensionsError) as info:
        recognize(bomb)
    assert "40 MP" in str(info.value)
    _both_languages(str(info.value))


def test_over_the_pixel_limit_names_the_size() -> None:
    with pytest.raises(ImageDimensionsError, match="8000×6000"):
        recognize(png_header(8000, 6000))  # 48 MP: under Pillow's own guard, over ours


def test_pixel_limit_is_configurable() -> None:
    with pytest.raises(ImageDimensionsError, match="1 MP"):
        recognize(png_header(2000, 1000), limits=OcrLimits(max_pixels=1_000_000))


def test_too_small_to_read() -> None:
    with pytest.raises(ImageDimensionsError, match="closer") as info:
        recognize(encode(Image.new("RGB", (200, 10), "white")))
    assert (info.value.width, info.value.height) == (200, 10)
    _both_languages(str(info.value))


def test_a_blank_page_has_no_text() -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    with pytest.raises(NoTextFoundError) as info:
        recognize(encode(Image.new("RGB", (400, 300), "white")))
    assert "type it in" in str(info.value)
    _both_languages(str(info.value))


def test_every_error_is_an_ocr_error_with_a_code() -> None:
    for cls in (EmptyImageError, ImageTooLargeError, UnsupportedImageTypeError, ImageDecodeError):
        assert issubclass(cls, OcrError)
        assert cls.code and cls.code != OcrError.code


def test_precheck_runs_the_cheap_checks_only() -> None:
    assert precheck(encode(question(["x"]), "JPEG")) == "JPEG"
    assert precheck(png_header(20_000, 20_000)) == "PNG"  # dimensions need the decoder: not checked
    with pytest.raises(EmptyImageError):
        precheck(b"")
    with pytest.raises(ImageTooLargeError):
        precheck(b"\xff\xd8\xff" + b"\x00" * 100, OcrLimits(max_bytes=50))
    with pytest.raises(UnsupportedImageTypeError):
        precheck(encode(question(["x"]), "GIF"))
