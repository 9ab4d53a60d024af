"""Why a photo could not be read, in words a student can act on.

    OcrError                       base: `message` (in the reader's language), `code`, `status`
    ├── EmptyImageError            0 bytes
    ├── ImageTooLargeError         more bytes than the limit
    ├── UnsupportedImageTypeError  not PNG/JPEG/WebP/BMP (GIF, HEIC, PDF, … named as such)
    ├── ImageDecodeError           damaged or truncated file
    ├── ImageDimensionsError       too many pixels (decompression bombs) or too small to read
    ├── NoTextFoundError           the picture holds no readable text
    └── OcrUnavailableError        the OCR engine is not installed or failed to load

`code` is a stable identifier for APIs; `status` the HTTP status a web route should answer.
"""

from __future__ import annotations

from typing import ClassVar

from zuoye.errors import ErrorKind, ZuoyeError
from zuoye.messages import language, say


class OcrError(ZuoyeError):
    """A photo that cannot become text; `str(err)` is the message to show. The asker can act on
    every one of them (another photo) except OcrUnavailableError, which the setup must fix."""

    kind: ErrorKind = "input"
    code = "ocr_error"
    status = 422

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class EmptyImageError(OcrError):
    code = "empty_image"
    status = 400

    def __init__(self) -> None:
        super().__init__(say("ocr.empty"))


class ImageTooLargeError(OcrError):
    code = "image_too_large"
    status = 413

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(say("ocr.too_large", size=_mb(size), limit=_mb(limit)))


class UnsupportedImageTypeError(OcrError):
    code = "unsupported_image_type"
    status = 415

    _ADVICE: ClassVar[dict[str, str]] = {
        "GIF": "ocr.unsupported.gif",
        "HEIC": "ocr.unsupported.heic",
        "AVIF": "ocr.unsupported.avif",
        "PDF": "ocr.unsupported.pdf",
        "TIFF": "ocr.unsupported.tiff",
        "SVG": "ocr.unsupported.svg",
    }

    def __init__(self, kind: str | None) -> None:
        self.image_kind = kind
        super().__init__(say(self._ADVICE.get(kind or "", "ocr.unsupported.other")))


class ImageDecodeError(OcrError):
    code = "image_decode_failed"
    status = 422

    def __init__(self, kind: str) -> None:
        self.image_kind = kind
        super().__init__(say("ocr.damaged", kind=kind))


class ImageDimensionsError(OcrError):
    code = "image_dimensions"
    status = 422

    def __init__(
        self, width: int, height: int, *, max_pixels: int | None = None, min_side: int | None = None
    ) -> None:
        self.width = width
        self.height = height
        if max_pixels is not None:
            # Pillow refuses the most extreme files before telling us their size (0×0 here).
            mp = f"{width * height / 1e6:.0f}"
            size = say("ocr.pixels_size", width=width, height=height, mp=mp) if width else ""
            message = say("ocr.too_many_pixels", size=size, limit=f"{max_pixels / 1e6:.0f}")
        else:
            message = say("ocr.too_small", width=width, height=height, min_side=min_side)
        super().__init__(message)


class NoTextFoundError(OcrError):
    code = "no_text_found"
    status = 422

    def __init__(self) -> None:
        super().__init__(say("ocr.no_text"))


class OcrUnavailableError(OcrError):
    """One line naming the command that fixes it: the usual case is the `ocr` extra not installed."""

    kind = "config"
    code = "ocr_unavailable"
    status = 503

    def __init__(self, reason: str, *, reason_zh: str | None = None) -> None:
        said = reason_zh if reason_zh and language() == "zh" else reason
        super().__init__(say("ocr.unavailable", reason=said))


def _mb(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"
