"""The teacher's worksheet view in Chromium against `zuoye serve` (SQLite: the server runs the
jobs itself) and the emulator: upload an Excel-style GB18030 CSV, watch it go to done, download
the report; upload a slow one and cancel it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import PageProblems, shot

pytestmark = pytest.mark.browser

SCENARIO = {
    "rules": [
        {"match": "勾股", "reply": {"result": "勾股定理：$a^2+b^2=c^2$。"}, "delay_ms": 300},
        {"match": "成语", "reply": {"result": "这个成语讲的是一个道理。"}, "delay_ms": 1500},
    ]
}


def gb18030_csv(questions: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["题号", "题目", "年级"])
    for n, q in enumerate(questions, 1):
        writer.writerow([n, q, "八年级"])
    return buf.getvalue().encode("gb18030")


def upload(page: Any, name: str, data: bytes) -> None:
    page.set_input_files("#worksheet-file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.click("#worksheet-form button[type=submit]")


def test_a_teacher_uploads_follows_cancels_and_downloads_a_worksheet(page: Any, served: Any) -> None:
    url = served(SCENARIO)
    page.goto(url)
    page.click("#worksheets-entry")
    assert page.is_visible("#worksheets-view") and not page.is_visible("#chat")

    upload(page, "勾股定理练习.csv", gb18030_csv(["讲讲勾股定理", "勾股定理怎么证明", "勾股数有哪些"]))
    page.wait_for_selector("#worksheet-status:has-text('共 3 题')")
    job = page.locator(".ws-job", has_text="勾股定理练习.csv")
    job.locator(".ws-status", has_text="已完成").wait_for(timeout=30_000)
    assert "已答 3 / 3 题" in job.locator(".ws-counts").inner_text()
    assert "本服务器处理" in job.locator(".ws-counts").inner_text()
    links = job.locator("a.ws-report")
    assert links.count() == 5
    html = page.request.get(url + job.locator("a.ws-report-html").get_attribute("href"))
    assert html.status == 200 and "勾股定理：" in html.text() and "讲讲勾股定理" in html.text()
    assert "<msup>" in html.text() and "a^2" not in html.text()  # the maths typeset as MathML
    # The sheet for the class (no answers) and the key, downloaded as the teacher clicks them.
    with page.expect_download() as student:
        job.locator("a.ws-report-html-student").click()
    assert student.value.suggested_filename == "勾股定理练习-student.html"
    sheet = Path(student.value.path()).read_text(encoding="utf-8")
    assert "勾股定理怎么证明" in sheet and "勾股定理：" not in sheet and "姓名" in sheet
    with page.expect_download() as key:
        job.locator("a.ws-report-html-key").click()
    assert key.value.suggested_filename == "勾股定理练习-key.html"
    answers = Path(key.value.path()).read_text(encoding="utf-8")
    assert answers.count("<li>") == 3 and "<msup>" in answers and "讲讲勾股定理" not in answers

    upload(page, "成语.csv", gb18030_csv([f"成语第{n}个是什么意思" for n in range(1, 9)]))
    slow = page.locator(".ws-job", has_text="成语.csv")
    slow.locator(".ws-status", has_text="答题中").wait_for(timeout=15_000)
    shot(page, "worksheets-running")
    slow.locator(".ws-cancel").click()
    slow.locator(".ws-status", has_text="已取消").wait_for(timeout=15_000)
    assert slow.locator(".ws-cancel").count() == 0
    counts = slow.locator(".ws-counts").inner_text()
    assert "/ 8 题" in counts and "已答 8 / 8" not in counts
    # The list kept refreshing by itself: nothing was reloaded by hand.
    assert page.problems.errors == []
    shot(page, "worksheets-done-and-cancelled")


def test_the_title_and_class_typed_on_upload_head_the_report_on_a_desktop_and_a_phone(
    browser: Any, served: Any
) -> None:
    url = served(SCENARIO)
    title = "第三单元练习：一元一次方程与不等式的课后巩固"  # longer than a phone's line
    for width, name in [(1200, "desktop"), (390, "phone")]:
        context = browser.new_context(
            viewport={"width": width, "height": 844},
            is_mobile=width < 760,
            has_touch=width < 760,
            locale="zh-CN",
        )
        try:
            page = context.new_page()
            problems = PageProblems()
            problems.watch(page)
            page.goto(url)
            if width < 760:
                page.click("#open-sidebar")
            page.click("#worksheets-entry")
            page.fill("#worksheet-title", title)
            page.fill("#worksheet-class", "八年级（3）班")
            # What the API would refuse is said before anything is sent, as the API says it.
            page.fill("#worksheet-class", "八年级\x07（3）班")
            upload(page, f"勾股{name}.csv", gb18030_csv(["讲讲勾股定理"]))
            page.wait_for_selector(
                "#worksheet-status:has-text('班级不能含有控制字符（第 4 个字符是 U+0007）')"
            )
            assert page.locator(".ws-job").count() == (0 if name == "desktop" else 1)
            page.fill("#worksheet-class", "八年级（3）班")
            page.click("#worksheet-form button[type=submit]")
            page.wait_for_selector(f"#worksheet-status:has-text('已上传“{title}”')")
            job = page.locator(".ws-job", has_text=f"勾股{name}.csv")
            assert job.locator(".ws-title").inner_text() == title
            assert "班级：八年级（3）班" in job.locator(".ws-sub").inner_text()
            job.locator(".ws-status", has_text="已完成").wait_for(timeout=30_000)
            # beside a title that wraps, the state stays on one line (not 已/完/成 one under another)
            status = job.locator(".ws-status").bounding_box()
            assert status is not None and status["width"] > status["height"], status
            with page.expect_download() as download:
                job.locator("a.ws-report-html").click()
            report = Path(download.value.path()).read_text(encoding="utf-8")
            header = report.split("</header>")[0]
            assert f"<h1>{title}</h1>" in header and "八年级（3）班" in header, header
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the view is {overflow}px wider than the {width}px screen"
            page.locator("#worksheet-form").scroll_into_view_if_needed()
            page.screenshot(path=f"/tmp/worksheet-header-{name}.png")
            shot(page, f"worksheet-header-{name}")
            assert problems.errors == []
        finally:
            context.close()
