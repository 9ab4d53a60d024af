"""The page after the server died mid-answer (kill -9) and came back: the conversation shows what
was written, labelled interrupted, with regenerate offered — and a page opened while the turn
is still pending updates by itself once the server has closed it."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.test_page import wait_done
from tests.web.test_cli import serving

pytestmark = pytest.mark.browser

STORY = "".join(f"第{i}句，故事还在继续。" for i in range(1, 61))


def test_an_answer_cut_by_a_dead_server_is_shown_interrupted_and_can_be_regenerated(
    page: Any, tmp_path: Path, emulator_factory: Callable[..., str]
) -> None:
    (tmp_path / "config.toml").write_text("turn_lease_seconds = 4\n", encoding="utf-8")
    rules = [
        {"match": "故事", "reply": {"result": STORY}, "delay_ms": 100, "times": 1},
        {"match": "故事", "reply": {"result": STORY}},
    ]
    slow = emulator_factory(scenario={"rules": rules})
    with serving(tmp_path, emulator_url=slow) as (url, proc):
        began = time.monotonic()
        with httpx.stream("POST", f"{url}/api/ask", json={"question": "讲一个很长的故事"}, timeout=30) as r:
            for _ in r.iter_lines():
                if time.monotonic() - began > 2.5:  # past two partial saves (one a second)
                    break
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)

    with serving(tmp_path, emulator_url=slow) as (url, _):
        page.goto(url)  # at once: the turn is still pending until its lease has passed
        page.locator("#conversations .conversation").first.click()
        page.wait_for_selector(".turn[data-status]", timeout=10_000)
        # the page looks again by itself until the server has closed the turn
        page.wait_for_selector('.turn[data-status="incomplete"]', timeout=20_000)
        turn = page.locator(".turn").first
        assert "回答中断" in turn.locator(".meta").inner_text()
        written = turn.locator(".answer").inner_text()
        assert written.startswith("第1句") and len(written) < len(STORY)
        assert turn.locator(".regenerate").is_visible()
        turn.locator(".regenerate").click()
        page.wait_for_selector(".turn .versions", timeout=30_000)  # answered again in place: 2/2
        wait_done(page)
        assert page.locator(".turn").count() == 1 and turn.locator(".version-label").inner_text() == "2/2"
        assert turn.get_attribute("data-status") == "complete"
        stored = httpx.get(f"{url}/api/conversations", timeout=10).json()["conversations"][0]
        assert stored["turn_count"] == 2
    assert page.problems.errors == []
