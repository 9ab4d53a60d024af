"""Photo → text for homework questions, with RapidOCR's bundled PP-OCR Chinese models.

    recognize(image_bytes) -> OcrResult(text, lines, elapsed_ms, width, height, doubts, questions)

The maths is read as maths: fractions drawn with a bar become `(a)/(b)`, raised exponents `x^2`,
x and × are told apart by their neighbours, the minus sign is a minus (`_structure`, `_tidy`).
What could not be read for certain is not guessed silently: `doubts` says what the student
should check. A page of numbered questions is split into `questions` for the student to pick.

With a vision model configured (`vision_model`), `read_photo` sends the photo to it for a LaTeX
transcription and falls back to `recognize`; either way the result is a `Reading` to be shown,
edited and confirmed before anything is asked. `kept_copy` makes what is stored of the photo: a
small upright JPEG without its metadata (a phone's GPS position).

Everything is checked before any decoding (size, type by magic bytes, pixel count), each
failure an `OcrError` subclass with a message in Chinese and English that says what to do.
Needs the `ocr` extra (`pip install 'zuoye[ocr]'`). It is not in the default install on purpose:
zuoye alone installs in ~180 MB, the extra adds ~490 MB (OpenCV, ONNX Runtime, NumPy), and a
teacher's worksheets or a server behind a phone's own camera app do not need it. Without it,
`recognize` raises `OcrUnavailableError` before touching the photo: one line, Chinese then
English, naming that command. Nothing is downloaded at run time.
"""

from __future__ import annotations

from zuoye.ocr._errors import (
    EmptyImageError,
    ImageDecodeError,
    ImageDimensionsError,
    ImageTooLargeError,
    NoTextFoundError,
    OcrError,
    OcrUnavailableError,
    UnsupportedImageTypeError,
)
from zuoye.ocr._image import OcrLimits, precheck, sniff
from zuoye.ocr._kept import kept_copy
from zuoye.ocr._layout import OcrLine
from zuoye.ocr._recognize import OcrResult, preload, recognize
from zuoye.ocr._tidy import tidy
from zuoye.ocr._vision import Reading, read_photo, transcribe

__all__ = [
    "EmptyImageError",
    "ImageDecodeError",
    "ImageDimensionsError",
    "ImageTooLargeError",
    "NoTextFoundError",
    "OcrError",
    "OcrLimits",
    "OcrLine",
    "OcrResult",
    "OcrUnavailableError",
    "Reading",
    "UnsupportedImageTypeError",
    "kept_copy",
    "precheck",
    "preload",
    "read_photo",
    "recognize",
    "sniff",
    "tidy",
    "transcribe",
]
