"""A big photo is decoded only as finely as its shrunk result needs, and still comes out upright, at
the size a full decode gives, showing the same picture."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageOps, ImageStat, JpegImagePlugin

from tests.ocr._images import encode
from zuoye.ocr import OcrLimits
from zuoye.ocr._image import draft_request, fitted, load_image

ORIENTATION = 0x0112


def _page(size: tuple[int, int]) -> Image.Image:
    """A page with something to compare: a red band along its top, ruled lines, a dark corner."""
    w, h = size
    page = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, w, h // 8), fill=(220, 0, 0))
    for y in range(h // 4, h, h // 12):
        draw.line((w // 20, y, w - w // 20, y), fill="black", width=max(2, h // 300))
    draw.rectangle((w - w // 6, h - h // 6, w, h), fill=(0, 0, 160))
    return page


def _photo(upright: tuple[int, int], orientation: int) -> bytes:
    """A JPEG showing `_page(upright)` once EXIF `orientation` (1 or 6) is applied."""
    page = _page(upright)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    stored = page.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else page
    return encode(stored, "JPEG", quality=90, exif=exif)


@pytest.fixture
def drafted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The size each JPEG is decoded at, as the decoder was set up by draft()."""
    sizes: list[tuple[int, int]] = []
    real = JpegImagePlugin.JpegImageFile.draft

    def spy(
        self: JpegImagePlugin.JpegImageFile, mode: str | None, size: tuple[int, int] | None
    ) -> tuple[str, tuple[int, int, float, float]] | None:
        result = real(self, mode, size)
        sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    return sizes


@pytest.mark.parametrize(
    ("upright", "orientation", "max_side", "decoded", "result"),
    [
        # The 4:3 photos that used to be decoded whole: the short side no longer blocks the scale.
        ((4000, 3000), 1, 2000, (2000, 1500), (2000, 1500)),
        ((3000, 4000), 1, 2000, (1500, 2000), (1500, 2000)),
        ((4000, 3000), 1, 1600, (2000, 1500), (1600, 1200)),
        ((3000, 4000), 1, 1600, (1500, 2000), (1200, 1600)),
        # Held sideways (stored 4000×3000, shown portrait): the long side is the same either way.
        ((3000, 4000), 6, 2000, (2000, 1500), (1500, 2000)),
        # A 12 MP phone photo at the recognizer's default.
        ((4032, 3024), 1, 1600, (2016, 1512), (1600, 1200)),
        # Not a whole multiple: the decoded size is rounded up, the result is a full decode's.
        ((5000, 3751), 1, 1600, (2500, 1876), (1600, 1200)),
    ],
)
def test_a_big_jpeg_is_decoded_at_a_reduced_scale_to_the_same_result(
    drafted: list[tuple[int, int]],
    upright: tuple[int, int],
    orientation: int,
    max_side: int,
    decoded: tuple[int, int],
    result: tuple[int, int],
) -> None:
    data = _photo(upright, orientation)
    img = load_image(data, OcrLimits(max_side=max_side))
    assert drafted == [decoded]
    assert img.size == result == fitted(upright, max_side)

    # The same picture as decoding every pixel and shrinking it: nothing shifted, turned or cut.
    full = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    reference = full.convert("RGB").resize(result, Image.Resampling.LANCZOS)
    mean_difference = sum(ImageStat.Stat(ImageChops.difference(img, reference)).mean) / 3
    assert mean_difference < 2.0
    top = img.getpixel((result[0] // 2, result[1] // 20))
    assert isinstance(top, tuple) and top[0] > 180 and top[1] < 60  # the red band is on top


def test_a_photo_already_small_enough_is_decoded_whole(drafted: list[tuple[int, int]]) -> None:
    img = load_image(_photo((1200, 900), 1), OcrLimits(max_side=1600))
    assert drafted == [(1200, 900)] and img.size == (1200, 900)


def test_other_formats_are_shrunk_to_the_same_size() -> None:
    page = _page((2400, 1800)).convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    img = load_image(encode(page, "PNG", compress_level=1), OcrLimits(max_side=1200))
    assert img.size == (1200, 900) and img.mode == "RGB"


@pytest.mark.parametrize(
    ("size", "max_side", "asked"),
    [
        ((4000, 3000), 2000, (2000, 1500)),
        ((3000, 4000), 2000, (1500, 2000)),
        ((4001, 3001), 2000, (2000, 1500)),  # rounded down: the short side never stops the scale
        ((6000, 6000), 1600, (1600, 1600)),
        ((40_000, 16), 1600, (1600, 1)),
    ],
)
def test_the_decoder_is_asked_for_the_long_side_only(
    size: tuple[int, int], max_side: int, asked: tuple[int, int]
) -> None:
    assert draft_request(size, max_side) == asked


@pytest.mark.parametrize(
    ("size", "max_side", "expected"),
    [
        ((4000, 3000), 1600, (1600, 1200)),
        ((3000, 4000), 1600, (1200, 1600)),
        ((5000, 3751), 1600, (1600, 1200)),
        ((2001, 1999), 2000, (2000, 1998)),
        ((1600, 1200), 1600, (1600, 1200)),  # not longer than max_side: unchanged
        ((40_000, 16), 1600, (1600, 1)),  # a sliver keeps at least one pixel
    ],
)
def test_the_result_size_keeps_the_shape(
    size: tuple[int, int], max_side: int, expected: tuple[int, int]
) -> None:
    assert fitted(size, max_side) == expected
