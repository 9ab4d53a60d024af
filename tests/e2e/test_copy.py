"""Copy under an answer on a school's server reached over plain http, where browsers give pages no
Clipboard API: it still copies (the page selects the text and copies it the older way)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

ANSWER = "解：移项得 $x=1$。\n\n答：$x=1$。"
# What a page on http://192.168.x.x sees: no navigator.clipboard. The copy event says what was copied.
NO_CLIPBOARD = """
Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
document.addEventListener("copy", () => {
  const box = document.activeElement;
  window.__copied = box && "value" in box ? box.value.slice(box.selectionStart, box.selectionEnd) : "";
});
"""


def test_copy_works_without_the_clipboard_api(page: Any, served: Any) -> None:
    url = served({"rules": [{"match": "x\\+1=2", "reply": {"result": ANSWER}}]})
    page.add_init_script(NO_CLIPBOARD)
    page.goto(url)
    page.wait_for_selector("#app[data-state=ready]")
    assert page.evaluate("navigator.clipboard === undefined")
    page.fill("#question", "解方程 x+1=2")
    page.click("#send")
    page.wait_for_selector(".turn[data-status=complete]", timeout=30_000)
    page.click(".turn .copy-answer")
    page.wait_for_selector(".turn .copy-answer:has-text('已复制')")
    assert page.evaluate("window.__copied") == ANSWER  # the answer as written, its formulae as LaTeX
    assert page.locator(".copy-buffer").count() == 0  # nothing left behind on the page
    assert page.problems.errors == []
