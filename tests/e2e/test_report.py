"""A worksheet's HTML report as a teacher meets it: `zuoye batch … -o report.html` (offline: the
solver answers), opened in Chromium on a desktop and a 390 px phone, and printed to A4 PDF; each
version (full, student, key). The PNGs of the PDFs' pages are left in test-artifacts/ to look at."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS, shot

pytestmark = pytest.mark.browser

WORKSHEET = (
    "题号,题目\n1,解方程 x^2-5x+6=0\n2,计算 1/2 + 1/3\n3,化简 √12\n"
    '4,"解方程组 x+2y=8, 3x-y=3"\n5,"解不等式组 x+1>0, 2x-3<=5"\n'
)


def batch(tmp_path: Path, out: Path, *args: str) -> None:
    src = tmp_path / "w.csv"
    src.write_text(WORKSHEET, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env["ZUOYE_HOME"] = str(tmp_path / "home")
    cli = "from zuoye.cli import main; main()"
    cmd = [sys.executable, "-c", cli, "batch", str(src), "-o", str(out), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr


def printed(page: Any, name: str) -> list[str]:
    """The page printed to A4 as the print dialog would; each page's text, and its PNG."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / name)], check=True)
    assert len(list(ARTIFACTS.glob(f"{name}-*.png"))) == pages
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


def on_a_phone(page: Any, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " ...[...document.querySelectorAll('math, figure.fig > svg')].map(m => m.getBoundingClientRect().right)]"
    )
    assert wide[0] <= wide[1] and all(right <= wide[1] + 0.5 for right in wide[2:]), wide
    shot(page, name)
    page.set_viewport_size({"width": 1200, "height": 860})


def visible_text(page: Any) -> str:
    return str(page.locator("body").inner_text())


def test_the_full_report_typesets_its_maths_on_a_desktop_a_phone_and_paper(page: Any, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    batch(tmp_path, report, "--title", "第三单元练习", "--class", "八年级（3）班")
    page.goto(report.as_uri())
    assert page.locator("h1").inner_text() == "第三单元练习"
    assert "班级：八年级（3）班" in page.locator(".who").inner_text().replace("\n", "")
    # Maths drawn by the browser as MathML: fractions and roots are laid out, not spelt.
    assert page.locator("main math").count() >= 30
    assert page.locator("mfrac").count() >= 4 and page.locator("msqrt").count() >= 3
    frac = page.locator("mfrac").first.bounding_box()
    assert frac is not None and frac["height"] > 20  # a numerator over a denominator
    text = visible_text(page)
    assert "$" not in text.replace("¥", "") and "\\frac" not in text and "\\sqrt" not in text
    # Steps on their own lines: the solver's numbered steps are list items, one under the other.
    steps = page.locator("section").nth(1).locator("li")
    assert steps.count() == 4
    tops = [steps.nth(i).bounding_box()["y"] for i in range(4)]  # type: ignore[index]
    assert tops == sorted(tops) and len(set(tops)) == 4
    # Usage and cost at the end, after the last question.
    footer = page.locator("footer.usage")
    assert "tokens" in footer.inner_text() and "tokens" not in page.locator("main").inner_text()
    last = page.locator("section").last.bounding_box()
    assert footer.bounding_box()["y"] > last["y"] + last["height"] - 1  # type: ignore[index]
    shot(page, "report-full-desktop")
    on_a_phone(page, "report-full-phone")
    pages = printed(page, "report-full-print")
    assert "第三单元练习" in pages[0] and "姓名" in pages[0] and "日期" in pages[0]
    assert "用量" in pages[-1] and all("用量" not in p for p in pages[:-1])
    flat = "".join("".join(pages).split())
    assert "根：(2,0)" in flat and "\\frac" not in flat and "$" not in flat.replace("¥", "")


def test_the_student_version_and_the_key_print_as_a_teacher_hands_them_out(page: Any, tmp_path: Path) -> None:
    student = tmp_path / "student.html"
    key = tmp_path / "key.html"
    batch(tmp_path, student, "--version", "student", "--title", "第三单元练习")
    page.goto(student.as_uri())
    assert page.locator("h1").inner_text() == "第三单元练习"
    assert page.locator("section").count() == 5 and page.locator("section .space").count() == 5
    space = page.locator(".space").first.bounding_box()
    assert space is not None and space["height"] > 120  # room to write
    text = visible_text(page)
    assert (
        "原式" not in text
        and "验算" not in text
        and "tokens" not in text
        and page.locator("main math").count() == 0
    )
    on_a_phone(page, "report-student-phone")
    pages = printed(page, "report-student-print")
    assert "姓名" in pages[0] and all("答：" not in p.replace("解答：", "") for p in pages)

    batch(tmp_path, key, "--version", "key", "--title", "第三单元练习")
    page.goto(key.as_uri())
    assert page.locator("h1").inner_text() == "第三单元练习（答案）"
    items = page.locator("ol.key > li")
    assert items.count() == 5 and page.locator("ol.key math").count() == 5
    assert "原式" not in visible_text(page) and "解方程" not in visible_text(page)
    on_a_phone(page, "report-key-phone")
    pages = printed(page, "report-key-print")
    assert len(pages) == 1  # compact: the whole key on one page
    flat = unicodedata.normalize("NFKC", "".join(pages[0].split()))  # the PDF's maths italic 𝑥 is x
    assert "5.−1<x≤4" in flat and "用量" in flat
