"""The worksheet's report as files: the HTML versions a teacher prints, and the Markdown."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

from zuoye.batch.reports import ReportOptions, render
from zuoye.messages import use_language
from zuoye.render import latex_mathml, markdown_html

ANSWER = (
    "计算机理解的题目：化简 $\\sqrt{12}$\n\n解：\n1. 原式 $= \\sqrt{12}$\n"
    "2. 先算乘方、开方：$= 2 \\sqrt{3}$\n3. 所以结果是 $2 \\sqrt{3}$。\n\n答：$2 \\sqrt{3}$"
)
# As ERNIE often writes: steps on lines of their own with no blank line between them.
ERNIE = "第一步：移项，得 $4x = 16$\n第二步：两边除以 4，得 $x = \\frac{16}{4}$\n答：$x = 4$"
SUMMARY = {"total": 3, "answered": 2, "failed": 1, "tokens": 1234, "cost_cny": 0.0567, "seconds": 3.2}


def _records() -> list[dict[str, Any]]:
    return [
        {
            "id": "1",
            "question": "化简 √12",
            "answer": ANSWER,
            "checks": [{"label": "已验算"}],
            "status": "answered",
        },
        {"id": "2", "question": "解方程 4x - 7 = 9", "answer": ERNIE, "checks": [], "status": "answered"},
        {"id": "3", "question": "<b>证明</b> 勾股定理", "answer": "", "status": "failed", "error": "超时"},
        {"id": "4", "question": "解方程 x^2-5x+6=0，2x-3<=5", "answer": "答：$x=2$", "status": "answered"},
    ]


class _Text(HTMLParser):
    """What a reader sees: the text outside <style>, and the elements' names."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._skip = tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _read(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


def test_the_full_report_has_a_header_typeset_maths_one_step_per_line_and_usage_at_the_end() -> None:
    page = render(
        "html",
        _records(),
        SUMMARY,
        ReportOptions(title="第三单元练习", class_name="八年级（3）班", day=date(2026, 12, 5)),
    )
    seen = _read(page)
    text = "".join(seen.text)
    assert "<h1>第三单元练习</h1>" in page
    assert "班级：八年级（3）班" in text and "日期：2026年12月5日" in text and "姓名：" in text
    # Maths as MathML elements; nothing of the LaTeX left for a reader to see.
    assert seen.tags.count("math") >= 8 and "msqrt" in seen.tags and "mfrac" in seen.tags
    assert "$" not in text.replace("¥", "") and "\\frac" not in text and "\\sqrt" not in text
    assert "2 √3" not in text
    # The offline answer's numbered steps are a list; ERNIE's lines stay lines.
    assert seen.tags.count("li") >= 3
    assert re.search(r"第一步：移项，得 <math[^>]*>.*?</math><br />\s*第二步", page, re.S)
    assert "验算：已验算" in text
    assert "未能回答：超时" in text and "&lt;b&gt;证明&lt;/b&gt;" in page
    assert "<h2>4. 解方程 x<sup>2</sup>-5x+6=0，2x-3≤5</h2>" in page  # as typed in Excel, printed
    # Usage and cost after the last question, in a footer.
    footer = page.index("<footer")
    assert page.rindex("<section") < footer and "1234 tokens" in page[footer:] and "¥0.0567" in page[footer:]
    assert "tokens" not in page[:footer]


def test_the_default_title_and_an_unfilled_class_line() -> None:
    page = render("html", _records(), SUMMARY)
    assert "<h1>作业解答</h1>" in page
    assert re.search(r"班级：<span class='fill'>&nbsp;</span>", page)
    with use_language("en"):
        english = render("html", _records(), SUMMARY, ReportOptions(day=date(2026, 12, 5)))
    assert "<h1>Worksheet answers</h1>" in english and "Date: 12/5/2026" in english and "Name: " in english


def test_the_student_version_has_the_questions_and_room_to_write_and_no_answers_or_cost() -> None:
    page = render("html", _records(), SUMMARY, ReportOptions(version="student", title="第三单元练习"))
    text = "".join(_read(page).text)
    assert "<h1>第三单元练习</h1>" in page
    assert "化简 √12" in text and "解方程 4x - 7 = 9" in text
    assert page.count("class='space'") == 4
    for answer_part in ("原式", "第一步", "验算", "未能回答", "tokens", "¥"):
        assert answer_part not in text
    assert "<math" not in page.split("</header>")[1]


def test_the_key_has_only_the_final_answers_compact() -> None:
    page = render("html", _records(), SUMMARY, ReportOptions(version="key", title="第三单元练习"))
    seen = _read(page)
    text = "".join(seen.text)
    assert "<h1>第三单元练习（答案）</h1>" in page
    assert seen.tags.count("li") == 4 and "section" not in seen.tags
    assert "原式" not in text and "第一步" not in text and "化简" not in text
    key = page.split("<ol class='key'>")[1].split("</ol>")[0]
    assert key.count("<msqrt>") == 1 and "x" in key and "未能回答：超时" in key
    assert "1234 tokens" in page.split("</ol>")[1]
    assert render("html", _records(), SUMMARY, ReportOptions(version="key")).count("<h1>答案</h1>") == 1


def test_maths_from_the_model_cannot_become_markup() -> None:
    tag = re.compile(r"<(script|img|b|i)\b")
    for latex in (
        "\\text{<script>alert(1)</script>}",
        "\\text{<img src=x onerror=alert(1)>}",
        "x<3 \\text{&}",
    ):
        assert not tag.search(latex_mathml(latex))
    out = markdown_html("答：$\\text{<b onclick=alert(1)>x</b>}$ <i>y</i>")
    assert not tag.search(out) and "&lt;i&gt;" in out
    assert latex_mathml("x < 3").count("<math") == 1 and "&lt;" in latex_mathml("x < 3")


@pytest.mark.parametrize("version", ["full", "key"])
def test_markdown_keeps_each_step_on_its_own_line_and_usage_at_the_end(version: str) -> None:
    text = render("markdown", _records(), SUMMARY, ReportOptions(version=version))  # type: ignore[arg-type]
    assert text.rstrip().endswith("用时 3.2 秒。")
    if version == "full":
        # A blank line between steps: every Markdown viewer keeps them apart.
        assert "第一步：移项，得 $4x = 16$\n\n第二步" in text
        assert "1. 原式 $= \\sqrt{12}$\n\n2. 先算" in text
        assert text.index("## 3.") < text.index("1234 tokens")
        # A plain CommonMark viewer (no line breaks of its own) shows each step as its own block.
        shown = MarkdownIt("commonmark").render(text)
        for step in ("<p>第一步：", "<p>第二步：", "<p>答：$x = 4$</p>", "<li>\n<p>原式", "<li>\n<p>先算"):
            assert step in shown, step
    else:
        assert "1. $2 \\sqrt{3}$\n2. $x = 4$\n3. 未能回答：超时" in text
