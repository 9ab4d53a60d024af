"""`zuoye ask --image` after a plain `pip install zuoye` (no `ocr` extra): one line that names the
command to install it, not Pillow's ImportError. The same from the real wheel: tests/e2e/test_wheel.py."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.ocr._images import encode, question


def test_a_photo_without_the_ocr_extra_is_one_line_naming_the_command(
    zuoye: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "题目.png"
    photo.write_bytes(encode(question(["解方程 2x+3=7"])))
    monkeypatch.setitem(sys.modules, "PIL", None)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    r = zuoye("ask", "--image", str(photo))
    assert r.exit_code == 3  # the setup must change, not the photo
    [line] = [text for text in r.stderr.splitlines() if text.strip()]
    assert "拍照识题（OCR）不可用" in line and "pip install 'zuoye[ocr]'" in line
    assert r.stdout == ""
