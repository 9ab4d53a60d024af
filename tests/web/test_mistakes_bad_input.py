"""The 错题本 and class-view routes given what a client might mistype: a 4xx that says, in Chinese
by default, what was wrong — never a 500, never pydantic's English."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio
_CHINESE = re.compile(r"[\u4e00-\u9fff]")

BAD = [
    ("GET", "/api/mistakes?due=maybe", None, 422),
    ("GET", "/api/mistakes/sheet?due=%E6%98%AF", None, 422),
    ("POST", "/api/mistakes", {"turn_id": "abc"}, 422),
    ("POST", "/api/mistakes", {"turn_id": -1}, 422),
    ("POST", "/api/mistakes", {"turn_id": 2**70}, 422),
    ("POST", "/api/mistakes", {"turn_id": 2**62}, 404),
    ("POST", "/api/mistakes", {"turn_id": 1, "extra": 1}, 422),
    ("POST", "/api/mistakes", [1], 422),
    ("DELETE", "/api/mistakes/abc", None, 422),
    ("DELETE", "/api/mistakes/-5", None, 422),
    ("DELETE", "/api/mistakes/99999999999999", None, 422),
    ("DELETE", "/api/mistakes/2147483647", None, 404),
    ("POST", "/api/mistakes/1/answer", {"practice_id": "0" * 32, "answer": "x=\u0000"}, 422),
    ("POST", "/api/mistakes/1/answer", {"practice_id": "0" * 32, "answer": "x" * 10_000}, 422),
    ("POST", "/api/mistakes/1/answer", {"practice_id": "not hex", "answer": "1"}, 422),
    ("POST", "/api/mistakes/1/answer", {"practice_id": "0" * 32, "answer": 5}, 422),
    ("POST", "/api/mistakes/1/answer", {"practice_id": "0" * 32, "answer": "1"}, 404),
    ("POST", "/api/mistakes/1/practice", None, 404),
    ("GET", "/api/photos/zz", None, 422),
    ("GET", "/api/photos/" + "0" * 32, None, 404),
    ("GET", "/api/students/report?days=0", None, 403),  # single-user: no linked students
]


@pytest.mark.parametrize(("method", "path", "body", "status"), BAD)
async def test_bad_input_is_a_clear_error(
    client: httpx.AsyncClient, method: str, path: str, body: Any, status: int
) -> None:
    r = await client.request(method, path, **({"json": body} if body is not None else {}))
    assert r.status_code == status, r.text
    message = r.json()["error"]["message"]
    assert _CHINESE.search(message), message
