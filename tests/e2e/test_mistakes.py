"""The 错题本 in Chromium, as a student meets it: a 不一致 answer and a 批改 with a wrong line go in by
themselves, 加入错题本 saves any answer, the view lists them due first, 再练一题 is answered inline
and marked by the solver, on a desktop and on a 390 px phone; and the practice sheet, printed by
Chromium to an A4 PDF (from the page and from `zuoye mistakes --print`), has its answers on the
last page only. Screenshots and the sheet's pages as PNGs are left in test-artifacts/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS, shot
from zuoye import math as zmath
from zuoye.render import latex_to_unicode

pytestmark = pytest.mark.browser

WORKING = "解方程 2(x-1)=6\n2x-1=6\n2x=7\nx=3.5"
SCENARIO = {
    "rules": [
        # the solver finds x=4 or x=5: this answer stays 不一致
        {"match": "9x\\+20", "reply": {"result": "解：$(x-3)(x-6)=0$。\n\n答：$x_1=3$，$x_2=6$。"}},
        {"match": "2x-1=6", "reply": {"result": "第 2 行去括号错了：$2(x-1)=2x-2$，应得 $2x-2=6$。"}},
        {"match": "2x\\+5=9", "reply": {"result": "解：移项得 $2x=4$，所以 $x=2$。\n\n答：$x=2$。"}},
    ]
}


def ask(page: Any, text: str, mode: str = "讲解") -> None:
    before = page.locator(".turn").count()
    page.select_option("#mode", mode)
    page.fill("#question", text)
    page.click("#send")
    page.wait_for_function(
        "n => document.querySelectorAll('.turn[data-status]').length > n"
        " && !document.querySelector('.turn.streaming')",
        arg=before,
        timeout=30_000,
    )


def entries(page: Any) -> list[dict[str, Any]]:
    response = page.request.get(page.url.split("#")[0].rstrip("/") + "/api/mistakes")
    assert response.ok
    return response.json()["entries"]  # type: ignore[no-any-return]


def no_sideways_scrolling(page: Any, width: int) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('#mistakes-view *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.className)"""
    )
    assert overflowing == []


def test_the_mistake_book_fills_itself_practises_and_prints(
    page: Any, served: Any, browser: Any, tmp_path: Path
) -> None:
    url = served(SCENARIO)
    page.goto(url)
    ask(page, "解方程 x^2-9x+20=0")
    assert page.locator(".turn").nth(0).locator(".notice-mistake").count() == 1
    ask(page, WORKING, mode="批改")
    assert "错题本" in page.locator(".turn").nth(1).locator(".notice-mistake").inner_text()
    ask(page, "解方程 2x+5=9")
    third = page.locator(".turn").nth(2)
    assert third.locator(".notice-mistake").count() == 0  # a right answer goes in only when saved
    third.locator(".save-mistake").click()
    # the button is disabled at once and says so once the server answered
    page.wait_for_function(
        "() => document.querySelectorAll('.turn')[2].querySelector('.save-mistake').textContent"
        " === '已加入错题本'"
    )
    assert third.locator(".save-mistake").is_disabled()
    shot(page, "mistakes-saved-turn")

    page.click("#mistakes-entry")
    page.wait_for_selector("#mistakes-list .mk-entry")
    assert page.locator("#mistakes-list .mk-entry").count() == 3
    assert page.inner_text("#mistakes-due") == "3 道该复习"
    checkwork = page.locator(".mk-entry", has_text="批改发现的错误")
    assert "2x−1=6" in checkwork.locator(".mk-wrong").inner_text()  # readable maths: a real minus
    assert checkwork.locator(".mk-right .katex").count() == 1  # the correct step, typeset
    disagree = page.locator(".mk-entry", has_text="验算不一致")
    assert disagree.locator(".mk-right .katex").count() == 1
    shot(page, "mistakes-desktop")

    saved = page.locator(".mk-entry", has_text="自己收藏")
    saved.locator(".mk-retry").click()
    saved.locator(".mk-question").wait_for()
    [entry] = [e for e in entries(page) if e["source"] == "saved"]
    question = entry["exercise"]["question"]
    assert question != "解方程 2x+5=9" and question.startswith("解方程")
    saved.locator(".mk-answer input").fill("x=100")
    saved.locator(".mk-answer button").click()
    saved.locator(".mk-result.mk-wrong").wait_for()
    assert "不对" in saved.locator(".mk-result").inner_text()
    assert saved.locator(".mk-result .katex").count() == 1  # the solver's answer, typeset
    assert saved.locator(".mk-when").inner_text() == "明天复习"

    saved.locator(".mk-retry").click()
    saved.locator(".mk-answer input").wait_for()
    [entry] = [e for e in entries(page) if e["source"] == "saved"]
    right = zmath.solve(entry["exercise"]["question"]).answer[0]
    saved.locator(".mk-answer input").fill(right)
    saved.locator(".mk-answer button").click()
    saved.locator(".mk-result.mk-correct").wait_for()
    assert "答对了" in saved.locator(".mk-result").inner_text()
    shot(page, "mistakes-desktop-practised")
    page.wait_for_function("() => document.getElementById('mistakes-due').textContent === '2 道该复习'")
    assert page.inner_text("#mistakes-status") == "共 3 道，2 道该复习。"
    assert page.problems.errors == []

    # -- a 390 px phone -------------------------------------------------------------------------
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    try:
        mobile = phone.new_page()
        mobile.goto(url)
        mobile.click("#open-sidebar")
        mobile.click("#mistakes-entry")
        mobile.wait_for_selector("#mistakes-list .mk-entry")
        assert mobile.locator("#sidebar").bounding_box()["x"] < 0  # the drawer closed
        first = mobile.locator(".mk-entry").first
        first.locator(".mk-retry").click()
        first.locator(".mk-answer input").wait_for()
        no_sideways_scrolling(mobile, 390)
        shot(mobile, "mistakes-phone")
    finally:
        phone.close()

    # -- the printed sheet, from the page and from the command line -----------------------------
    page.goto(url.rstrip("/") + "/api/mistakes/sheet")
    # each problem's answer is drawn by the solver: its key points, as the CAS labels them
    page.goto(url)  # the sheet set a problem for each entry: those are on it
    waiting = [e["exercise"]["question"] for e in entries(page) if e["exercise"]]
    assert len(waiting) == 3
    figures = [zmath.solve(q).figure for q in waiting]
    keys = [f"{p.caption}：{latex_to_unicode(p.latex)}" for f in figures if f is not None for p in f.points]
    assert all(figures) and keys
    page.goto(url.rstrip("/") + "/api/mistakes/sheet")
    check_printed(page, "mistakes-sheet-page", keys)
    printed = tmp_path / "练习单.html"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env["ZUOYE_HOME"] = str(tmp_path / "home")  # the server's: the same local student
    done = subprocess.run(
        [sys.executable, "-c", "from zuoye.cli import main; main()", "mistakes", "--print", str(printed)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    page.goto(printed.as_uri())
    check_printed(page, "mistakes-sheet-cli", keys)


def check_printed(page: Any, name: str, keys: list[str]) -> None:
    """Print to an A4 PDF as the browser's print dialog would; its pages as PNGs (looked at), and
    what is on each page: the questions first, the answers on the last page only, each with the
    solver's figure of it (`keys`: the key points in words)."""
    questions = page.locator("ol.questions > li").count()
    assert questions == 3  # every entry not yet mastered
    assert page.locator("ol.questions svg").count() == 0
    assert page.locator("section.answers figure > svg").count() == 3
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('section.answers figure > svg')].map(s => s.getBoundingClientRect().width)"
    )
    assert all(w > 200 for w in drawn)  # sized by the sheet's style (served under the page's CSP)
    pdf = ARTIFACTS / f"{name}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert "(A4)" in info  # pdfinfo names the page size
    assert pages >= 2
    texts = [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]
    assert "参考答案" in texts[-1] and all("参考答案" not in t for t in texts[:-1])
    assert "错题本练习单" in texts[0] and "姓名" in texts[0]
    last = "".join(texts[-1].split())
    for key in keys:
        assert "".join(key.split()) in last, key
    for prefix in ARTIFACTS.glob(f"{name}-*.png"):
        prefix.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(ARTIFACTS / name)], check=True)
    pngs = sorted(ARTIFACTS.glob(f"{name}-*.png"))
    assert len(pngs) == pages


def test_an_entry_whose_conversation_was_deleted_is_shown_without_its_link(page: Any, served: Any) -> None:
    url = served(SCENARIO)
    page.goto(url)
    ask(page, "解方程 2x+5=9")
    page.locator(".turn").first.locator(".save-mistake").click()
    page.wait_for_function(
        "() => document.querySelector('.turn .save-mistake').textContent === '已加入错题本'"
    )
    [entry] = entries(page)
    gone = page.request.delete(
        f"{url.rstrip('/')}/api/conversations/{entry['conversation_id']}", headers={"X-Zuoye-CSRF": "1"}
    )
    assert gone.status == 204
    [entry] = entries(page)
    assert entry["conversation_id"] is None  # the API says so: no conversation to link to

    page.goto(url)
    page.click("#mistakes-entry")
    page.wait_for_selector("#mistakes-list .mk-entry")
    shown = page.locator(".mk-entry")
    assert "解方程 2x+5=9" in shown.inner_text()
    assert shown.locator("a", has_text="原对话").count() == 0  # no link to 没有这个对话
    assert shown.locator(".mk-conversation-deleted").inner_text() == "原对话已删除"  # said instead
    assert shown.locator(".mk-retry").is_enabled()  # still practised
    shot(page, "mistakes-conversation-deleted")
    assert page.problems.errors == []
