"""Issue 15: a checked answer's graph and number line in the browser — drawn by JSXGraph from the
solver's description, on a desktop and a 390 px phone (no horizontal overflow), with the key
points listed in exact maths, again after a reload, and under the page's strict CSP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.browser

SCENARIO = {
    "rules": [
        {"match": "5x\\+6", "reply": {"result": "解：$(x-2)(x-3)=0$。\n\n答：$x_1=2$，$x_2=3$。"}},
        {"match": "x-6", "reply": {"result": "解：$(x+2)(x-3)>0$。\n\n答：$x<-2$ 或 $x>3$。"}},
        {"match": "25", "reply": {"result": "解：代入消元。\n\n答：$x=3, y=4$ 或 $x=4, y=3$。"}},
    ]
}


def ask_and_wait(page: Any, text: str, count: int) -> Any:
    page.fill("#question", text)
    page.click("#send")
    figure = page.locator(".figure[data-draw-ms]").nth(count - 1)
    figure.wait_for(timeout=30_000)
    return figure


def no_horizontal_overflow(page: Any) -> None:
    wide = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " ...[...document.querySelectorAll('.figure, figure.fig > svg')].map(f => f.getBoundingClientRect().right)]"
    )
    assert wide[0] <= wide[1], wide
    assert all(right <= wide[1] for right in wide[2:]), wide


def test_a_graphed_answer_on_a_desktop(page: Any, served: Any) -> None:
    page.goto(served(SCENARIO))
    figure = ask_and_wait(page, "解方程 x^2-5x+6=0", 1)
    assert figure.locator("svg").count() >= 1  # drawn, not only listed
    assert figure.locator(".figure-board [data-curve='y = x^{2} - 5 x + 6']").count() == 1  # the parabola
    keys = figure.locator(".figure-keys").inner_text()
    for word in ("根", "顶点", "对称轴"):
        assert word in keys
    # the curve's legend, (2, 0), (3, 0), (5/2, -1/4), x = 5/2
    assert figure.locator(".figure-keys .katex").count() == 5
    assert figure.locator(".figure-key-curve").count() == 1
    assert figure.locator(".figure-label .katex").count() == 3  # the points are labelled in the picture
    assert figure.locator(".katex-error").count() == 0
    shot(page, "figure-graph-desktop")
    # it moves: a mouse drag pans, the + button zooms (the curve is redrawn each time)
    curve = figure.locator(".figure-board [data-curve]").first
    before = curve.get_attribute("d")
    box = figure.locator(".figure-board").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2 + 30, steps=5)
    page.mouse.up()
    panned = curve.get_attribute("d")
    assert panned != before
    figure.locator("[id$='_navigation_in']").click()
    assert curve.get_attribute("d") != panned
    page.reload()
    again = page.locator(".figure[data-draw-ms]")
    again.first.wait_for(timeout=30_000)
    assert again.count() == 1 and "顶点" in again.first.locator(".figure-keys").inner_text()
    assert page.problems.errors == []


def test_a_graph_and_a_number_line_on_a_phone(browser: Any, served: Any) -> None:
    url = served(SCENARIO)
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(url)
        system = ask_and_wait(page, "解方程组 x^2+y^2=25, x+y=7", 1)
        assert "交点" in system.locator(".figure-keys").inner_text()
        assert system.locator(".figure-key-curve").count() == 2  # the circle (both halves) and the line
        no_horizontal_overflow(page)
        system.scroll_into_view_if_needed()
        shot(page, "figure-graph-phone")
        line = ask_and_wait(page, "解不等式 x^2-x-6>0", 2)
        assert "figure-number_line" in (line.get_attribute("class") or "")
        # two open ends (○): x < -2 or x > 3
        ends = line.locator(".figure-board [data-end]")
        assert ends.count() == 2
        assert {ends.nth(i).get_attribute("data-end") for i in range(2)} == {"open"}
        assert {ends.nth(i).get_attribute("fill") for i in range(2)} == {"#ffffff"}
        assert "解集" in line.locator(".figure-keys").inner_text()
        no_horizontal_overflow(page)
        line.scroll_into_view_if_needed()
        line.screenshot(path=str(shot_path("figure-number-line-phone")))
        shot(page, "figure-phone-page")
        assert errors == []
    finally:
        context.close()


def shot_path(name: str) -> Any:
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_a_batch_report_prints_its_figures_as_svg(page: Any, tmp_path: Any) -> None:
    """`zuoye batch … -o report.html` offline, opened in Chromium: the SVGs are drawn, fit a
    390 px phone and print on A4 (the PDF Chromium makes holds the figure's labels)."""
    import os
    import subprocess
    import sys

    src = tmp_path / "w.csv"
    src.write_text('id,question\n1,解方程 x^2-5x+6=0\n2,"解不等式组 x+1>0, 2x-3<=5"\n', encoding="utf-8")
    report = tmp_path / "report.html"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env["ZUOYE_HOME"] = str(tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-c", "from zuoye.cli import main; main()", "batch", str(src), "-o", str(report)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page.goto(report.as_uri())
    figures = page.locator("figure.fig svg[role='img']")
    assert figures.count() == 2
    for i in range(2):
        box = figures.nth(i).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 50
    shot(page, "figure-batch-report")
    page.set_viewport_size({"width": 390, "height": 844})
    no_horizontal_overflow(page)
    assert figures.nth(0).bounding_box()["width"] <= 390  # type: ignore[index]
    shot(page, "figure-batch-report-phone")
    pdf = tmp_path / "report.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "根：(2, 0)" in text and "解集：−1 < x ≤ 4" in text
