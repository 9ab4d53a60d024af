"""The page in the reader's language, in a real browser: a browser set to English gets an English
page (ask box, buttons, the offline banner, an offline answer), one set to Chinese today's Chinese
page; the English page at a desktop and a phone size, screenshotted for a look at its layout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import PageProblems, shot

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def offline_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`zuoye serve` with no model service configured: the offline banner, the local solver."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env["ZUOYE_HOME"] = str(tmp_path_factory.mktemp("home"))
    cmd = [sys.executable, "-c", "from zuoye.cli import main; main()", "serve", "--port", "0"]
    # Popen as a context manager waits for the process and closes its pipes on the way out
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip()
            assert url.startswith("http"), proc.stderr.read() if proc.stderr else ""
            yield url
        finally:
            proc.terminate()


def _open(browser: Any, url: str, locale: str, size: dict[str, int]) -> tuple[Any, Any, PageProblems]:
    phone = size["width"] < 600
    context = browser.new_context(viewport=size, locale=locale, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page)
    page.goto(url)
    page.wait_for_selector("#app[data-state=ready]")
    page.wait_for_selector("[data-banner=offline]")
    return context, page, problems


def _chinese(text: str) -> list[str]:
    """The lines of `text` with Chinese in them."""
    return [line for line in text.splitlines() if CJK.search(line)]


def _visible_text(page: Any) -> str:
    # what a reader sees and what a screen reader says: text, placeholders, labels, titles
    text: str = page.evaluate(
        """() => {
          const seen = [document.title, document.body.innerText];
          for (const el of document.querySelectorAll("[placeholder], [aria-label], [title], [alt]")) {
            if (el.closest("[hidden]") || el.closest("template")) continue;
            for (const name of ["placeholder", "aria-label", "title", "alt"]) seen.push(el.getAttribute(name) ?? "");
          }
          return seen.join("\\n");
        }"""
    )
    return text


@pytest.mark.parametrize(("name", "size"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_an_english_browser_gets_an_english_page(
    browser: Any, offline_url: str, name: str, size: Any
) -> None:
    context, page, problems = _open(browser, offline_url, "en-US", size)
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        assert "(Enter" in page.get_attribute("#question", "placeholder")
        assert page.inner_text("#send") == "Send"
        assert "is not set up" in page.inner_text("[data-banner=offline]")
        shot(page, f"english-{name}")
        assert _chinese(_visible_text(page)) == []
        page.fill("#question", "Solve x^2-5x+6=0")
        page.click("#send")
        page.wait_for_selector(".turn[data-status=complete]", timeout=60_000)
        answer = page.inner_text(".turn .answer-block")
        assert page.locator(".turn .answer .katex").count() >= 1
        assert "Checked" in page.inner_text(".turn .checks")
        shot(page, f"english-{name}-answered")
        # the question the student typed is theirs; everything else on the page is English
        assert _chinese(answer) == [] and _chinese(_visible_text(page)) == []
        # the other views a student or teacher opens from the list, empty as a newcomer sees them
        for view in ("mistakes", "worksheets"):
            if name == "phone":
                page.click("#open-sidebar")
            page.click(f"#{view}-entry")
            page.wait_for_selector(f"#{view}-view:not([hidden])")
            page.wait_for_selector(
                "#mistakes-empty:not([hidden])" if view == "mistakes" else "#no-worksheets"
            )
            if name == "phone":  # its list slides away: the screenshot waits for it to be gone
                page.wait_for_function(
                    "() => document.getElementById('sidebar').getBoundingClientRect().right <= 1"
                )
            shot(page, f"english-{name}-{view}")
            assert _chinese(_visible_text(page)) == [], view
        assert problems.errors == []
    finally:
        context.close()


def test_a_chinese_browser_gets_todays_chinese_page(browser: Any, offline_url: str) -> None:
    context, page, problems = _open(browser, offline_url, "zh-CN", DESKTOP)
    try:
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        assert page.get_attribute("#question", "placeholder") == "输入题目……（Enter 发送，Shift+Enter 换行）"
        assert page.inner_text("#send") == "发送"
        assert page.inner_text("#new-chat") == "＋ 新对话"
        assert "ERNIE（文心一言）未配置" in page.inner_text("[data-banner=offline]")
        page.fill("#question", "解方程 x^2-5x+6=0")
        page.click("#send")
        page.wait_for_selector(".turn[data-status=complete]", timeout=60_000)
        assert "已验算" in page.inner_text(".turn .checks")
        assert "答" in page.inner_text(".turn .answer")
        assert problems.errors == []
    finally:
        context.close()


def test_an_english_reader_practises_a_mistake_in_english(browser: Any, offline_url: str) -> None:
    context, page, problems = _open(browser, offline_url, "en-US", DESKTOP)
    try:
        page.fill("#question", "Solve 3x-1=8")
        page.click("#send")
        page.wait_for_selector(".turn[data-status=complete]", timeout=60_000)
        page.click(".turn .save-mistake")
        page.wait_for_selector(".turn .save-mistake:has-text('Added to mistakes')")
        page.click("#mistakes-entry")
        page.click(".mk-retry")
        page.wait_for_selector(".mk-question", timeout=60_000)
        # what is drawn, its CSS-made text included (innerText leaves that out)
        drawn = page.evaluate(
            """() => [...document.querySelectorAll('#mistakes-view *')].map((e) =>
                 [getComputedStyle(e, '::before').content, getComputedStyle(e, '::after').content].join(' ')
               ).join('\\n')"""
        )
        assert _chinese(drawn) == []
        assert page.inner_text(".mk-question .mk-label").strip() == "Practice:"
        shot(page, "english-desktop-mistake-practice")
        # the view only: the list beside it holds the other tests' Chinese questions
        assert _chinese(page.inner_text("#mistakes-view")) == []
        assert problems.errors == []
    finally:
        context.close()
