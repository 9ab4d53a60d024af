"""Why a photo could not be read, in words a student can act on.

    OcrError                       base: `message` (Chinese, then English), `code`, `status`
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
        super().__init__(
            "图片是空的（0 字节），请重新选择照片。 / The image is empty (0 bytes): choose the photo again."
        )


class ImageTooLargeError(OcrError):
    code = "image_too_large"
    status = 413

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        got, cap = _mb(size), _mb(limit)
        super().__init__(
            f"图片太大（{got}，上限 {cap}），请压缩或截取题目部分后再试。 / "
            f"The image is too large ({got}; the limit is {cap}): send a smaller photo or crop it to the question."
        )


class UnsupportedImageTypeError(OcrError):
    code = "unsupported_image_type"
    status = 415

    _ADVICE: ClassVar[dict[str, tuple[str, str]]] = {
        "GIF": (
            "不支持 GIF 动图，请截图或另存为 PNG/JPEG。",
            "GIF images are not supported: take a screenshot or save it as PNG or JPEG.",
        ),
        "HEIC": (
            "不支持 iPhone 的 HEIC 格式，请在“设置 → 相机 → 格式”中选“兼容性最佳”，或导出为 JPEG。",
            "HEIC photos are not supported: set Settings → Camera → Formats → Most Compatible, or export as JPEG.",
        ),
        "AVIF": (
            "不支持 AVIF 格式，请导出为 JPEG 或 PNG。",
            "AVIF images are not supported: export as JPEG or PNG.",
        ),
        "PDF": (
            "PDF 不是图片，请对题目截图后上传。",
            "A PDF is not an image: take a screenshot of the question.",
        ),
        "TIFF": (
            "不支持 TIFF 格式，请另存为 PNG 或 JPEG。",
            "TIFF images are not supported: save as PNG or JPEG.",
        ),
        "SVG": ("不支持 SVG 矢量图，请截图后上传。", "SVG drawings are not supported: take a screenshot."),
    }

    def __init__(self, kind: str | None) -> None:
        self.image_kind = kind
        zh, en = self._ADVICE.get(
            kind or "",
            (
                "无法识别的文件类型，请上传 PNG、JPEG、WebP 或 BMP 格式的照片。",
                "This is not a supported image: upload a PNG, JPEG, WebP or BMP photo.",
            ),
        )
        super().__init__(f"{zh} / {en}")


class ImageDecodeError(OcrError):
    code = "image_decode_failed"
    status = 422

    def __init__(self, kind: str) -> None:
        self.image_kind = kind
        super().__init__(
            f"图片（{kind}）已损坏或不完整，无法打开，请重新拍照或重新上传。 / "
            f"The {kind} image could not be decoded (damaged or only partly uploaded): "
            "take the photo again or upload it again."
        )


class ImageDimensionsError(OcrError):
    code = "image_dimensions"
    status = 422

    def __init__(
        self, width: int, height: int, *, max_pixels: int | None = None, min_side: int | None = None
    ) -> None:
        self.width = width
        self.height = height
        if max_pixels is not None:
            cap = max_pixels / 1e6
            # Pillow refuses the most extreme files before telling us their size (0×0 here).
            zh_size = f"{width}×{height}，约 {width * height / 1e6:.0f} 百万像素，" if width else ""
            en_size = f"{width}×{height}, {width * height / 1e6:.0f} MP; " if width else ""
            message = (
                f"图片像素过多（{zh_size}上限 {cap:.0f} 百万），请缩小后再试。 / "
                f"The image has too many pixels ({en_size}the limit is {cap:.0f} MP): resize it and try again."
            )
        else:
            message = (
                f"图片太小（{width}×{height}，至少 {min_side} 像素），看不清文字，请靠近题目重新拍照。 / "
                f"The image is too small to read ({width}×{height}; at least {min_side} pixels a side): "
                "take the photo closer to the question."
            )
        super().__init__(message)


class NoTextFoundError(OcrError):
    code = "no_text_found"
    status = 422

    def __init__(self) -> None:
        super().__init__(
            "没有在图片中识别到文字：请让题目清晰、光线充足、占满画面后重新拍照，或直接输入题目。 / "
            "No text was found in the image: make sure the question is sharp, well lit and fills the frame, "
            "or type it in."
        )


class OcrUnavailableError(OcrError):
    """One line naming the command that fixes it: the usual case is the `ocr` extra not installed."""

    kind = "config"
    code = "ocr_unavailable"
    status = 503

    def __init__(self, reason: str, *, reason_zh: str | None = None) -> None:
        super().__init__(
            f"拍照识题（OCR）不可用：{reason_zh or reason}。请安装：pip install 'zuoye[ocr]' / "
            f"Photo recognition (OCR) is unavailable: {reason}. Install it with: pip install 'zuoye[ocr]'"
        )


def _mb(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"
