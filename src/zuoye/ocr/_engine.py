"""The RapidOCR engine: loaded once, lazily, thread-safe; then reused for every photo.

RapidOCR's wheel carries the PP-OCRv4 Chinese detection and recognition models and the
direction classifier as ONNX files inside the package, and reads only those: nothing is
downloaded, ever (tests/ocr/test_offline.py checks it with network access forbidden).

Inference is serialised with a lock. ONNX Runtime already spreads one call over every core,
so two photos at once would only contend for the same cores — and hold two sets of buffers.

ONNX Runtime's Linux wheels carry Microsoft's telemetry client, which writes a device id under
~/.cache/Microsoft and is meant to report usage. A homework app for children sends nothing
anywhere: importing `zuoye.ocr` sets ORT_DISABLE_TELEMETRY=1 (read by ONNX Runtime when it is
imported, so it must happen first), unless the operator has set it explicitly.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from typing import Any

from zuoye.ocr._errors import OcrUnavailableError

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

# What the `ocr` extra installs (pyproject.toml): the module imported → the package pip installs.
# Pillow decodes and checks the photo before RapidOCR (which brings ONNX Runtime and OpenCV) reads it.
EXTRA = {"PIL": "pillow", "rapidocr_onnxruntime": "rapidocr-onnxruntime"}

_load_lock = threading.Lock()
_run_lock = threading.Lock()
_engine: Any = None


def missing_packages() -> list[str]:
    """The `ocr` extra's packages that are not installed (found without importing them)."""
    return [package for module, package in EXTRA.items() if importlib.util.find_spec(module) is None]


def require() -> None:
    """Raise `OcrUnavailableError`, naming the install command, unless the `ocr` extra is installed.

    `zuoye` alone is ~180 MB installed; the extra adds ~490 MB (OpenCV ~290, ONNX Runtime ~80, NumPy
    ~70), so it stays optional and everything that reads photos checks this first.
    """
    missing = missing_packages()
    if missing:
        raise OcrUnavailableError(
            f"the ocr extra is not installed (missing: {', '.join(missing)})",
            reason_zh=f"没有安装 OCR 组件（缺少 {'、'.join(missing)}）",
        )


def get_engine() -> Any:
    """The shared engine, loading it on first use (about half a second)."""
    global _engine
    if _engine is not None:
        return _engine
    with _load_lock:
        if _engine is None:
            _engine = _load()
    return _engine


def _load() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise OcrUnavailableError(
            "rapidocr-onnxruntime is not installed", reason_zh="没有安装 rapidocr-onnxruntime"
        ) from None
    try:
        # Detection resizes so the *longest* side is at most 960/1500/2000 px ("max"), instead of
        # RapidOCR's default of enlarging until the *shortest* side is 736 px ("min"): a 640×220
        # question was being blown up to 2141×736. Measured on printed questions: same text,
        # 3–7× faster, less memory (bench/bench_ocr.py).
        return RapidOCR(det_limit_type="max", det_limit_side_len=960)
    except Exception as exc:  # a broken install: missing model file, incompatible runtime
        raise OcrUnavailableError(
            f"the OCR models failed to load ({type(exc).__name__}: {exc})",
            reason_zh=f"OCR 模型加载失败（{type(exc).__name__}）",
        ) from None


def is_loaded() -> bool:
    return _engine is not None


def run(image: Any) -> list[tuple[list[list[float]], str, float]]:
    """Detected text boxes for a decoded image (RGB PIL image, or a BGR array as OpenCV holds
    it): (four corner points, text, confidence)."""
    engine = get_engine()
    with _run_lock:
        result, _elapsed = engine(image)
    return [(box, str(text), float(score)) for box, text, score in (result or [])]


def read(crops: list[Any]) -> list[tuple[str, float]]:
    """The recogniser alone on cut-out pieces of a page (BGR arrays): (text, confidence) each.
    For what the detector cannot cut by itself — a fraction's numerator, an exponent."""
    if not crops:
        return []
    engine = get_engine()
    rec = engine.text_rec
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    # The recogniser pads every image to at least 320×48 (a line of text). A digit or a sign
    # cut out alone is about 48×48: padded to 96 it reads the same at a third of the cost.
    narrow = [k for k, c in enumerate(crops) if c.shape[1] <= 2 * c.shape[0]]
    wide = [k for k in range(len(crops)) if k not in set(narrow)]
    with _run_lock:
        for group, width in ((narrow, 96), (wide, None)):
            if not group:
                continue
            shape = list(rec.rec_image_shape)
            if width is not None:
                rec.rec_image_shape = [shape[0], shape[1], width]
            try:
                results, _elapsed = rec([crops[k] for k in group])
            finally:
                rec.rec_image_shape = shape
            for k, (text, score) in zip(group, results, strict=True):
                out[k] = (str(text), float(score))
    return out
