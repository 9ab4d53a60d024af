from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.ocr._images import encode, question
from zuoye.ocr import OcrUnavailableError, _engine, recognize


def test_loaded_once_under_concurrent_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[int] = []

    def slow_load() -> object:
        loads.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while loading
        return object()

    monkeypatch.setattr(_engine, "_engine", None)
    monkeypatch.setattr(_engine, "_load", slow_load)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(_engine.get_engine())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1
    assert len({id(e) for e in got}) == 1


def test_missing_engine_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_engine, "_engine", None)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import now fails
    with pytest.raises(OcrUnavailableError, match=r"pip install 'zuoye\[ocr\]'") as info:
        _engine.get_engine()
    assert info.value.status == 503


def test_without_the_ocr_extra_a_photo_is_one_line_naming_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = encode(question(["解方程 2x+3=7"]))
    # what a plain `pip install zuoye` has: neither Pillow nor RapidOCR can be imported
    monkeypatch.setitem(sys.modules, "PIL", None)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    assert _engine.missing_packages() == ["pillow", "rapidocr-onnxruntime"]
    with pytest.raises(OcrUnavailableError) as info:
        recognize(photo)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("拍照识题（OCR）不可用：没有安装 OCR 组件（缺少 pillow、rapidocr-onnxruntime）")
    assert message.count("pip install 'zuoye[ocr]'") == 1  # one language (Chinese, the default)
    assert info.value.status == 503 and info.value.code == "ocr_unavailable"


OFFLINE_PROBE = textwrap.dedent(
    """
    import io, os, sys
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(sys.argv[1], 36)
    img = Image.new("RGB", (520, 120), "white")
    ImageDraw.Draw(img).text((30, 30), "解方程 2x+3=7", font=font, fill="black")
    buf = io.BytesIO(); img.save(buf, "PNG"); data = buf.getvalue()

    writes = []
    def hook(event, args):
        if event.startswith("socket.") and event != "socket.gethostname":
            raise RuntimeError(f"network use during OCR: {event} {args!r}")
        if event == "open" and isinstance(args[0], str) and any(c in str(args[1] or "") for c in "wax+"):
            writes.append(args[0])
    sys.addaudithook(hook)

    import zuoye.ocr  # first, as an application would: it opts out of ONNX Runtime telemetry

    # Every model ONNX Runtime loads, whoever asks for it.
    import onnxruntime
    models = []
    original = onnxruntime.InferenceSession.__init__
    def recording(self, path_or_bytes, *args, **kwargs):
        models.append(os.fspath(path_or_bytes) if not isinstance(path_or_bytes, bytes) else "<bytes>")
        original(self, path_or_bytes, *args, **kwargs)
    onnxruntime.InferenceSession.__init__ = recording

    from zuoye.ocr import recognize
    text = recognize(data).text

    import rapidocr_onnxruntime
    package = os.path.dirname(rapidocr_onnxruntime.__file__)
    print("TEXT", "".join(text.split()))
    print("MODELS", all(m.startswith(package) for m in models), len(models))
    print("WRITES", [w for w in writes if not w.startswith("/dev/")])
    """
)


def _no_network_prefix() -> list[str]:
    """`unshare -rn`: a network namespace with no interfaces up, when the system allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-rn"]
    return []  # the audit hook in the probe still refuses any socket use


def test_runs_offline_from_the_packaged_models(tmp_path: Path) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    from tests.ocr._images import _FONTS

    font = next((f for f in _FONTS if Path(f).exists()), None)
    if font is None:
        pytest.fail("no CJK font: install fonts-wqy-zenhei")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    env.pop("ORT_DISABLE_TELEMETRY", None)  # zuoye.ocr must set it itself
    out = subprocess.run(
        [*_no_network_prefix(), sys.executable, "-c", OFFLINE_PROBE, font],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in out.stdout.strip().splitlines())
    assert lines["TEXT"] == "解方程2x+3=7"
    assert lines["MODELS"] == "True 3"  # detection, direction, recognition: all from the wheel
    assert lines["WRITES"] == "[]"  # nothing written: no cache, no download target
    # Not even ONNX Runtime's telemetry device id (~/.cache/Microsoft/DeveloperTools).
    assert list(home.iterdir()) == []


def test_importing_zuoye_ocr_needs_none_of_the_extra() -> None:
    # A plain `pip install zuoye` has no Pillow, NumPy, OpenCV or RapidOCR: importing zuoye.ocr
    # (as the CLI and the web app do) must work, and a photo must get the one line saying so.
    probe = textwrap.dedent(
        """
        import sys
        for name in ("PIL", "numpy", "cv2", "rapidocr_onnxruntime", "onnxruntime"):
            sys.modules[name] = None
        import zuoye.ocr
        try:
            zuoye.ocr.recognize(b"a photo")
        except zuoye.ocr.OcrUnavailableError as exc:
            print(exc.code)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ocr_unavailable"
