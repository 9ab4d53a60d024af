"""POST /api/photo: limits and errors (a fake recognizer here; the real OCR runs in tests/e2e)."""

from __future__ import annotations

import re
import sys
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from tests.ocr._images import encode, question

pytestmark = pytest.mark.anyio


def _png() -> bytes:
    return encode(question(["解方程 2x+3=7"], size=20))


async def test_a_photo_becomes_editable_text(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/photo", files={"file": ("q.png", _png(), "image/png")})
    assert r.status_code == 200, r.text
    assert re.fullmatch(r"[0-9a-f]{32}", r.json().pop("photo_id"))  # kept, to send with the question
    assert r.json() | {"photo_id": None} == {
        "photo_id": None,
        "text": "解方程 x^2-5x+6=0",
        "lines": ["解方程 x^2-5x+6=0"],
        "questions": ["解方程 x^2-5x+6=0"],
        "doubts": [],
        "source": "ocr",
        "model": None,
    }


async def test_a_page_of_questions_comes_back_split_with_what_to_check(make_app: Any) -> None:
    page = SimpleNamespace(
        text="1. 计算 2×3+4\n2. 计算 (1)/(2)+(1)/(3)",
        lines=["1. 计算 2×3+4", "2. 计算 (1)/(2)+(1)/(3)"],
        questions=("计算 2×3+4", "计算 (1)/(2)+(1)/(3)"),
        doubts=("“计算 (1)/(2)+(1)/(3)”识别把握不大，请对照照片核对。 / … check it against the photo.",),
    )
    app = make_app(recognize=lambda data: page)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        r = await c.post("/api/photo", files={"file": ("q.png", _png(), "image/png")})
    body = r.json()
    assert body["questions"] == ["计算 2×3+4", "计算 (1)/(2)+(1)/(3)"]
    assert body["text"] == page.text and body["doubts"] == list(page.doubts)


async def test_a_vision_model_that_is_not_usable_leaves_the_local_reading_saying_so(make_app: Any) -> None:
    app = make_app(vision_model="nosuch/vl")  # no provider of that name is configured
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        r = await c.post("/api/photo", files={"file": ("q.png", _png(), "image/png")})
    body = r.json()
    assert (r.status_code, body["source"], body["text"]) == (200, "ocr", "解方程 x^2-5x+6=0")
    assert body["doubts"][0].startswith("视觉模型 nosuch/vl 不可用")


async def test_with_a_vision_model_the_photo_is_read_by_it(
    tmp_path: Any, store: Any, emulator_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zuoye.providers import Registry
    from zuoye.settings import Settings
    from zuoye.web import create_app

    latex = "1. 计算 $\\frac{1}{2}+\\frac{1}{3}$\n2. 解方程 $x^{2}=4$"
    url = emulator_factory(
        scenario={"rules": [{"match": r"\[image\]", "reply": {"result": latex}}]}, models=("qwen2.5-vl-7b",)
    )
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", f"{url}/v1")
    monkeypatch.setenv("ZUOYE_OPENAI_MODELS", "qwen2.5-vl-7b")
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))
    settings = Settings.load(vision_model="openai/qwen2.5-vl-7b")

    def never(data: bytes) -> Any:
        raise AssertionError("read locally although the vision model answered")

    registry = Registry.from_settings(settings)
    app = create_app(settings, store=store, registry=registry, recognize=never)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
            r = await c.post("/api/photo", files={"file": ("q.png", _png(), "image/png")})
    finally:
        await registry.aclose()
    body = r.json()
    assert (body["source"], body["model"], body["text"]) == ("vision", "openai/qwen2.5-vl-7b", latex)
    assert body["questions"] == ["计算 $\\frac{1}{2}+\\frac{1}{3}$", "解方程 $x^{2}=4$"]


@pytest.mark.parametrize(
    ("content", "status", "code", "says"),
    [
        (b"", 400, "empty_image", "0"),
        (b"GIF89a" + b"\0" * 100, 415, "unsupported_image_type", "GIF"),
        (b"%PDF-1.7 a worksheet", 415, "unsupported_image_type", "PDF"),
        (b"just some text", 415, "unsupported_image_type", "PNG"),
    ],
)
async def test_bad_files_are_refused_with_what_to_do(
    client: httpx.AsyncClient, content: bytes, status: int, code: str, says: str
) -> None:
    r = await client.post("/api/photo", files={"file": ("q.bin", content, "application/octet-stream")})
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code and says in r.json()["error"]["message"]


async def test_oversize_uploads_are_refused_before_they_are_read(client: httpx.AsyncClient) -> None:
    big = b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024)
    r = await client.post("/api/photo", files={"file": ("big.jpg", big, "image/jpeg")})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

    async def chunks() -> Any:  # no Content-Length: counted while it arrives
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff'
        for _ in range(12):
            yield b"\0" * (1024 * 1024)

    r = await client.post(
        "/api/photo", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert r.status_code == 413


async def test_a_json_body_has_its_own_smaller_limit(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/ask", content=b"{" + b" " * (300 * 1024) + b"}", headers={"content-type": "application/json"}
    )
    assert r.status_code == 413 and "KB" in r.json()["error"]["message"]


async def test_no_file_is_a_clear_error(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/photo", data={"not": "a file"})
    assert r.status_code == 422 and "file" in r.json()["error"]["message"]


async def test_recognition_failures_keep_their_message(make_app: Any) -> None:
    from zuoye.ocr import NoTextFoundError

    def nothing(data: bytes) -> Any:
        raise NoTextFoundError()

    app = make_app(recognize=nothing)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        r = await c.post("/api/photo", files={"file": ("q.png", _png(), "image/png")})
    assert r.status_code == 422 and r.json()["error"]["code"] == "no_text_found"


async def test_without_the_ocr_extra_a_photo_is_a_503_naming_the_install_command(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zuoye.ocr import recognize

    png = _png()
    monkeypatch.setitem(sys.modules, "PIL", None)  # a plain `pip install zuoye`: no ocr extra
    app = make_app(recognize=recognize)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        r = await c.post("/api/photo", files={"file": ("q.png", png, "image/png")})
    assert r.status_code == 503
    error = r.json()["error"]
    assert error["code"] == "ocr_unavailable"
    assert error["message"].startswith("拍照识题（OCR）不可用")
    assert "pip install 'zuoye[ocr]'" in error["message"]
