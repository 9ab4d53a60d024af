"""From untrusted bytes to a decoded, upright, reasonably sized RGB image — or a clear error.

Order matters: every check that needs no decoding runs first (size, then the file's magic
bytes), then the header alone gives the dimensions, and only an image that passed all of that
is decoded. Pillow is told which formats it may use, so a file cannot pick an unexpected
decoder; its own decompression-bomb guard is kept as a second line behind `max_pixels`.
"""

from __future__ import annotations

import io
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
    # still reads line for line at 960 px; 1600 keeps a margin for small print, and costs
    # ~700 MB peak against ~940 MB at 2000 (RapidOCR's own cap) — see bench/bench_ocr.py.
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
    """Validate and decode `data`; the result is RGB, upright (EXIF), at most `max_side` px."""
    kind = precheck(data, limits)

    from PIL import Image, ImageOps

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

    try:
        if kind == "JPEG":
            # Let the JPEG decoder skip detail we would throw away (a 4× smaller decode for
            # a 12 MP photo): faster and a quarter of the memory.
            img.draft("RGB", (limits.max_side, limits.max_side))
        img.load()
        upright = _to_rgb(ImageOps.exif_transpose(img))
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageDecodeError(kind) from None
    if max(upright.size) > limits.max_side:
        upright.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
    return upright


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
