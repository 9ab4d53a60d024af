"""The page when its libraries are missing (a checkout without `npm ci`): it says what is wrong and
what to do, Chinese first, instead of staying on "loading" with Enter doing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.browser


def test_without_its_libraries_the_page_shows_why_and_what_to_do(
    page: Any, served: Any, tmp_path: Path
) -> None:
    empty = tmp_path / "node_modules"
    empty.mkdir()
    url = served(environ={"ZUOYE_NODE_MODULES": str(empty)})
    page.goto(url)
    alert = page.wait_for_selector("#load-error[role=alert]", timeout=15_000)
    text = alert.inner_text()
    shot(page, "page-without-libraries")
    assert text.startswith("页面缺少前端库（katex, markdown-it, dompurify）")
    assert "ZUOYE_NODE_MODULES" in text and "npm ci" in text
    assert page.get_attribute("#app", "data-state") == "error"
    assert page.is_disabled("#send")
    page.fill("#question", "解方程 x+1=2")
    page.keyboard.press("Enter")
    assert page.locator(".turn").count() == 0
