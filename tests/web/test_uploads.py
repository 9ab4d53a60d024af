"""A multipart upload that did not arrive as a file (POST /api/photo, /api/worksheets): the 422
says, in the request's language, Chinese by default, that no file came and how to send one —
never FastAPI's own English ("Expected UploadFile, received: …", "Field required")."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio

ROUTES = ["/api/photo", "/api/worksheets"]
MISTAKES: dict[str, dict[str, Any]] = {
    "the file under another field": {"files": {"photo": ("q.png", b"\x89PNG", "image/png")}},
    "text where the file should be": {"data": {"file": "q.png"}},
    "nothing at all": {"data": {"note": "x"}},
}


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("mistake", list(MISTAKES))
async def test_no_file_says_in_chinese_how_to_send_one(
    client: httpx.AsyncClient, route: str, mistake: str
) -> None:
    r = await client.post(route, **MISTAKES[mistake])
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_request"
    message = error["message"]
    assert "没有收到文件" in message and "表单字段 file" in message, message
    assert "Expected" not in message and "Field required" not in message and "UploadFile" not in message
    assert error["details"] == [{"field": "file", "message": message.removeprefix("file: ")}]


@pytest.mark.parametrize("route", ROUTES)
async def test_in_english_when_the_browser_asks_for_it(client: httpx.AsyncClient, route: str) -> None:
    r = await client.post(route, data={"file": "q.png"}, headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert r.status_code == 422
    assert r.json()["error"]["message"] == (
        "file: No file arrived: choose a file and send it in the form field file (multipart/form-data)"
    )


async def test_other_fields_keep_their_own_messages(client: httpx.AsyncClient) -> None:
    # Only file fields are said this way: a JSON body's missing field is still "缺少这一项".
    r = await client.post("/api/ask", json={})
    assert r.status_code == 422
    assert r.json()["error"]["details"] == [{"field": "question", "message": "缺少这一项"}]
