"""POST /api/photo: limits and errors (a fake recognizer here; the real OCR runs in tests/e2e)."""

from __future__ import annotations

import sys
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
    assert r.json() == {"text": "解方程 x^2-5x+6=0", "lines": ["解方程 x^2-5x+6=0"]}


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
