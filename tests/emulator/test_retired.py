"""--v1-retired: every v1 chat call answers as a retired interface might; the rest keeps working."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.emulator._helpers import ask, chat, chat_url, token, v2_ask, v2_chat
from zuoye.emulator import EmulatorConfig
from zuoye.emulator.testing import fake_api_key, stats


@pytest.mark.parametrize(
    ("mode", "code", "message"), [("3", 3, "Unsupported openapi method"), ("6", 6, "No permission")]
)
def test_error_modes_answer_json_with_http_200(
    emulator_factory: Callable[..., str], mode: str, code: int, message: str
) -> None:
    url = emulator_factory(v1_retired=mode)
    access = token(url)  # the token exchange still works
    for body in (ask("你好"), ask("你好", stream=True)):
        response = chat(url, body, access_token=access)
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
        assert response.json()["error_code"] == code and message in response.json()["error_msg"]
    for endpoint in ("ernie_speed", "no_such_endpoint"):
        assert chat(url, ask("你好"), access_token=access, endpoint=endpoint).json()["error_code"] == code
    counters = stats(url)
    assert counters["retired_calls"] == 4 and counters["errors"] == {str(code): 4}
    assert counters["chat_requests"] == 0 and counters["tokens_issued"] == 1


def test_404_and_html_modes(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(v1_retired="404")
    gone = httpx.post(chat_url(url), params={"access_token": token(url)}, json=ask("你好"))
    assert gone.status_code == 404 and gone.headers["content-type"].startswith("text/plain")
    url = emulator_factory(v1_retired="html")
    page = httpx.post(chat_url(url), params={"access_token": token(url)}, json=ask("你好"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "2026-08-31" in page.text and "下线" in page.text


def test_true_means_error_3_and_v2_keeps_working(emulator_factory: Callable[..., str]) -> None:
    url = emulator_factory(v1_retired=True)
    assert chat(url, ask("你好"), access_token=token(url)).json()["error_code"] == 3
    assert v2_chat(url, v2_ask("你好"), key=fake_api_key()).status_code == 200


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="--v1-retired"):
        EmulatorConfig(v1_retired="gone")
