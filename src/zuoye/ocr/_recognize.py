"""`recognize`: photo bytes → the question as text."""

from __future__ import annotations

import time
from dataclasses import dataclass

from zuoye.ocr import _engine
from zuoye.ocr._errors import NoTextFoundError
from zuoye.ocr._image import OcrLimits, load_image
from zuoye.ocr._layout import OcrLine, join_rows, order
from zuoye.ocr._questions import split
from zuoye.ocr._tidy import ambiguous, tidy

DEFAULT_LIMITS = OcrLimits()


@dataclass(frozen=True, slots=True)
class OcrResult:
    """What a photo says.

    `text` is ready to put in front of the student (rows in reading order, one per line,
    maths confusions tidied, fractions as `(a)/(b)`, exponents as `x^2`); `lines` are the
    detections as read, with boxes (in the straightened page's pixels) and confidences;
    `elapsed_ms` covers validation, decoding and recognition.
    """

    text: str
    lines: list[OcrLine]
    elapsed_ms: float
    width: int  # of the image as recognised (after any downscaling)
    height: int
    # What the student should check before asking, one sentence each (Chinese, then English):
    # a line read with low confidence, an exponent or a fraction not read cleanly. Empty when
    # every part of the maths was read and confirmed.
    doubts: tuple[str, ...] = ()
    # The questions on the page, each without its number (one question: the whole text).
    questions: tuple[str, ...] = ()

    @property
    def confidence(self) -> float:
        """The mean confidence of the detections, weighted by their length (0 when none)."""
        total = sum(len(line.text) for line in self.lines)
        if not total:
            return 0.0
        return sum(line.confidence * len(line.text) for line in self.lines) / total


def recognize(image_bytes: bytes, *, limits: OcrLimits | None = None) -> OcrResult:
    """Read the text of a photographed or screenshotted question.

    Synchronous and CPU-bound (about half a second for a phone photo on one core pair):
    async callers run it in a worker thread. The engine is loaded on first use and shared.
    Raises an `OcrError` subclass, whose message says what to do, for anything that is not a
    readable PNG, JPEG, WebP or BMP within `limits`, and `NoTextFoundError` when the picture
    holds no text.
    """
    started = time.perf_counter()
    _engine.require()  # without the `ocr` extra: one line naming the command, not Pillow's ImportError
    image = load_image(image_bytes, limits or DEFAULT_LIMITS)
    # NumPy and OpenCV come with the ocr extra: imported here, after require() has said how to
    # install it, so that `import zuoye.ocr` works (and explains) without the extra.
    import numpy as np

    from zuoye.ocr._structure import read_page

    page = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])  # RGB → BGR, as OpenCV holds pages
    read = read_page(page, _engine.run(page))
    lines = order(read.detections)
    rows = [row.strip() for row in join_rows(lines)]
    text = tidy("\n".join(row for row in rows if row))
    if not text.strip():
        raise NoTextFoundError()
    elapsed = (time.perf_counter() - started) * 1000
    return OcrResult(
        text=text,
        lines=lines,
        elapsed_ms=elapsed,
        width=image.width,
        height=image.height,
        doubts=tuple(dict.fromkeys([*read.doubts, *ambiguous(text)])),
        questions=tuple(split(text)),
    )


def preload() -> None:
    """Load the engine now (at server start, say) rather than on the first photo."""
    _engine.require()
    _engine.get_engine()
