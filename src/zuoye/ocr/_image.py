"""From untrusted bytes to a decoded, upright, reasonably sized RGB image — or a clear error.

Order matters: every check that needs no decoding runs first (size, then the file's magic
bytes), then the header alone gives the dimensions, and only an image that passed all of that
is decoded. Pillow is told which formats it may use, so a file cannot pick an unexpected
decoder; its own decompression-bomb guard is kept as a second line behind `max_pixels`.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zuoye.ocr._errors import (
    EmptyImageError,
    ImageDecodeError,
    ImageDimensionsError,
    ImageTooLargeError,
    UnsupportedImageTypeError,
)

if TYPE_CHECKING:
    from PIL import Image

# Pillow's names for the formats we accept, keyed by what the magic bytes say.
ACCEPTED = {"PNG": "PNG", "JPEG": "JPEG", "WebP": "WEBP", "BMP": "BMP"}

# An ICC profile starts with a 128-byte header.
_ICC_HEADER = 128
# EXIF orientations that turn the picture a quarter: its upright width is the stored height.
_QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True, slots=True)
class OcrLimits:
    """What a photo may be. The defaults suit phone photos of homework."""

    # Phone cameras write 2–8 MB JPEGs; 10 MB leaves room without inviting abuse.
    max_bytes: int = 10 * 1024 * 1024
    # 40 MP is above any phone camera; beyond it, decoding alone would take ~120 MB.
    max_pixels: int = 40_000_000
    # Below this, not even one line of text is legible.
    min_side: int = 16
    # Larger images are shrunk first. A phone photo of a whole A4 page of printed questions
    # still reads line for line at 960 px; 1600 keeps a margin for small print. Reading one 12 MP
    # photo peaks at ~630 MB for the process against ~720 MB at 2000 (RapidOCR's own cap) and
    # ~460 MB at 960 (measured 2026-12-05, as bench/bench_ocr.py's photo, each in a fresh process).
    max_side: int = 1600


def sniff(data: bytes) -> str | None:
    """The image type by its magic bytes: an accepted kind, a named unsupported one, or None."""
    head = data[:32]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith(b"BM") and len(head) >= 26:
        return "BMP"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    stripped = head.lstrip()
    if stripped.startswith(b"<svg") or (stripped.startswith(b"<?xml") and b"<svg" in data[:1024]):
        return "SVG"
    return None


def precheck(data: bytes, limits: OcrLimits | None = None) -> str:
    """The checks that need no decoding (empty, size, type): the accepted kind, or an OcrError.

    Cheap enough to run before queueing for recognition; `recognize` runs them again.
    """
    limits = limits or OcrLimits()
    if not data:
        raise EmptyImageError()
    if len(data) > limits.max_bytes:
        raise ImageTooLargeError(len(data), limits.max_bytes)
    kind = sniff(data)
    if kind is None or kind not in ACCEPTED:
        raise UnsupportedImageTypeError(kind)
    return kind


def load_image(data: bytes, limits: OcrLimits) -> Image.Image:
    """Validate and decode `data`; the result is RGB, upright (EXIF), at most `max_side` px.

    Its `info["icc_profile"]` is the file's colour profile when that profile describes RGB pixels
    (a phone's Display P3), so a copy saved from it shows the same colours; absent otherwise.
    """
    kind = precheck(data, limits)

    from PIL import ExifTags, Image, ImageOps

    try:
        with warnings.catch_warnings():
            # We check the pixel count ourselves, with a lower limit, right below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=[ACCEPTED[kind]])
    except Image.DecompressionBombError:
        raise ImageDimensionsError(0, 0, max_pixels=limits.max_pixels) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageDecodeError(kind) from None

    width, height = img.size
    if width * height > limits.max_pixels:
        raise ImageDimensionsError(width, height, max_pixels=limits.max_pixels)
    if min(width, height) < limits.min_side:
        raise ImageDimensionsError(width, height, min_side=limits.min_side)

    profile = _rgb_profile(img)
    try:
        # The final size comes from the full picture, however much the decoder skipped below.
        turned = img.getexif().get(ExifTags.Base.Orientation, 1) in _QUARTER_TURNS
        target = fitted((height, width) if turned else (width, height), limits.max_side)
        if kind == "JPEG":
            # Let the JPEG decoder skip detail we would throw away (a 4× smaller decode for
            # a 12 MP photo): faster and a quarter of the memory.
            img.draft("RGB", draft_request(img.size, limits.max_side))
        img.load()
        upright = _to_rgb(ImageOps.exif_transpose(img))
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageDecodeError(kind) from None
    if upright.size != target:
        # As thumbnail() did before: reduce by a whole factor first, then LANCZOS for the rest.
        # The drafted picture's last row/column may stand for a fraction of a pixel (its size
        # is rounded up); stretching that over the target costs under a pixel at the edge.
        upright = upright.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
    upright.info.pop("icc_profile", None)
    if profile is not None:
        upright.info["icc_profile"] = profile
    return upright


def draft_request(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """The size to ask the JPEG decoder for, so that it scales down as far as it can while the
    long side stays at least `max_side`.

    Pillow's draft picks the largest DCT scale (1/2, 1/4, 1/8) at which *both* sides still reach
    the request: asking for max_side × max_side, a 4:3 photo's short side would stop it, and a
    4000×3000 photo would be decoded whole for a 2000 px result. So the short side asks for its
    share of max_side (rounded down, so it never binds). Stored or upright does not matter: a
    quarter turn swaps the sides, not which one is long.
    """
    width, height = size
    if width >= height:
        return max_side, max(1, max_side * height // width)
    return max(1, max_side * width // height), max_side


def fitted(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """`size` shrunk to a long side of `max_side` (unchanged if it is not longer), keeping its shape.

    The short side is whichever whole number next to the exact value keeps width/height closest to
    the original's — the rule `Image.thumbnail` uses, so pictures keep the sizes they had when
    this was a thumbnail() of the fully decoded image.
    """
    width, height = size
    if max(width, height) <= max_side:
        return size
    aspect = width / height
    if width > height:
        exact = max_side / aspect
        around = (max(1, math.floor(exact)), max(1, math.ceil(exact)))
        return max_side, min(around, key=lambda n: abs(aspect - max_side / n))
    exact = max_side * aspect
    around = (max(1, math.floor(exact)), max(1, math.ceil(exact)))
    return min(around, key=lambda n: abs(aspect - n / max_side)), max_side


def _rgb_profile(img: Image.Image) -> bytes | None:
    """The ICC profile `img` carries, if it is one that describes RGB pixels.

    A CMYK or greyscale picture's profile would misdescribe the RGB pixels it is converted to, and
    a viewer would show wrong colours; such a profile, or bytes that are not a profile, is dropped.
    """
    profile = img.info.get("icc_profile")
    if not isinstance(profile, bytes) or len(profile) < _ICC_HEADER:
        return None
    # ICC header: the data colour space at bytes 16–19, the "acsp" file signature at 36–39.
    if profile[36:40] != b"acsp" or profile[16:20] != b"RGB ":
        return None
    return profile


def _to_rgb(img: Image.Image) -> Image.Image:
    from PIL import Image

    if img.mode == "RGB":
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # A transparent screenshot: dark text on nothing. Put it on white paper, not black.
        rgba = img.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return img.convert("RGB")
