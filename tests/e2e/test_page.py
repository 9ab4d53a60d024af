"""The page in a real browser: a streamed answer with real formulae, inert injections, photos,
stop, the phone layout, and the same maths corpus the normaliser is tested with."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS, shot
from tests.ocr._images import encode, question

pytestmark = pytest.mark.browser

FORMULA_ANSWER = (
    "解：这是一个一元二次方程。\n\n由求根公式\n\n$$x=\\frac{-b\\pm\\sqrt{b^2-4ac}}{2a}$$\n\n"
    "代入得 $x_1=2$，$x_2=3$。\n\n顺便一提：花了 5 元和 $3。\n\n答：方程的解为 $x_1=2, x_2=3$。"
)
HOSTILE_ANSWER = (
    "<script>window.__pwned='script'</script>\n"
    "<img src=x onerror=\"window.__pwned='img'\">\n"
    "[点我](javascript:window.__pwned='link')\n"
    "<svg onload=\"window.__pwned='svg'\"></svg><iframe src=\"javascript:window.__pwned='iframe'\"></iframe>\n"
    "<a href=\"javascript:window.__pwned='a'\">链接</a>\n"
    "公式里的链接：$\\href{javascript:window.__pwned='katex'}{x}$ 和 $\\url{javascript:alert(1)}$\n"
    "![图](javascript:window.__pwned='image')\n"
    "答：以上都只是文字。"
)
# A "hint" that walks through the whole solution and stops one line short of the answer.
HINT_CHAIN = (
    "提示：先把常数项移到等号右边，得到 $2x = 11 - 5$。\n"
    "1. 合并同类项：$2x = 6$\n2. 两边同时除以 $2$：$x = 3$\n\n你明白了吗？"
)
SCENARIO = {
    "rules": [
        {"match": "求根", "reply": {"result": FORMULA_ANSWER}, "delay_ms": 120},
        {"match": "注入", "reply": {"result": HOSTILE_ANSWER}},
        {"match": "7x\\+12", "reply": {"result": "解：$(x-3)(x-4)=0$。\n\n答：$x_1=3$，$x_2=4$。"}},
        {"match": "9x\\+20", "reply": {"result": "解：$(x-3)(x-6)=0$。\n\n答：$x_1=3$，$x_2=6$。"}},
        {"match": "很长", "reply": {"result": "这是很长的回答的一句。" * 60}, "delay_ms": 100},
        {"match": "2x\\+5=11", "reply": {"result": HINT_CHAIN}},
        {"match": "再说一遍", "reply": {"result": "第一种说法。"}, "times": 1},
        {"match": "再说一遍", "reply": {"result": "第二种说法，$y=2x$。"}},
    ]
}


def ask(page: Any, text: str) -> None:
    page.fill("#question", text)
    page.click("#send")


def wait_done(page: Any, timeout: float = 30_000) -> None:
    page.wait_for_selector(".turn[data-status]", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('.turn.streaming')", timeout=timeout)


def test_a_streamed_answer_arrives_with_rendered_formulae(page: Any, served: Any) -> None:
    url = served(SCENARIO)
    page.goto(url)
    ask(page, "用求根公式解方程 x^2-5x+6=0")
    page.wait_for_selector(".turn.streaming .answer:not(:empty)", timeout=20_000)
    early = page.inner_text(".turn .answer")
    shot(page, "streaming-midway")
    wait_done(page)
    late = page.inner_text(".turn .answer")
    assert len(early) < len(late)  # it was shown while it was being written
    answer = page.locator(".turn .answer")
    assert answer.locator(".katex-display").count() == 1
    assert answer.locator(".katex").count() == 4  # 1 display + 3 inline
    assert answer.locator(".katex-error").count() == 0
    assert answer.locator(".katex-display .mfrac").count() == 1  # a real fraction, not "\frac"
    assert "\\frac" not in late and "$x" not in late
    assert "花了 5 元和 $3" in late  # money is not maths
    assert page.locator(".turn").get_attribute("data-status") == "complete"
    assert page.locator("#conversations li").count() == 1
    assert page.problems.errors == []


def test_a_reloaded_check_says_what_the_computer_understood(page: Any, served: Any, tmp_path: Path) -> None:
    url = served(SCENARIO)
    page.goto(url)
    ask(page, "解方程 x^2-7x+12=0")
    wait_done(page)
    page.reload()
    page.locator("#conversations .conversation").first.click()
    wait_done(page)
    understood = page.locator(".turn .checks .understood")
    page.locator(".turn").screenshot(path=str(tmp_path / "understood.png"))
    assert "计算机理解的题目" in understood.inner_text()
    assert understood.locator(".katex").count() == 1 and understood.locator(".katex-error").count() == 0
    assert page.problems.errors == []


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_a_disagreement_cannot_be_missed(page: Any, served: Any, tmp_path: Path, viewport: Any) -> None:
    page.set_viewport_size(viewport)
    page.goto(served(SCENARIO))
    ask(page, "解方程 x^2-9x+20=0")
    wait_done(page)
    turn = page.locator(".turn")
    disputed = turn.locator(".answer .disputed")
    assert disputed.count() == 1 and disputed.inner_text().startswith("答")
    warning = turn.locator(".notice-check.status-disagree")
    assert warning.count() == 1 and "不一致" in warning.inner_text()
    assert turn.locator(".notice-progress").count() == 0  # "正在重新作答" gave way to its outcome
    assert turn.locator(".notice-check.status-agree").count() == 0
    turn.screenshot(path=str(tmp_path / f"disagree-{viewport['width']}.png"))
    assert page.problems.errors == []


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_hint_mode_gives_a_step_and_a_question_not_the_solution(
    page: Any, served: Any, tmp_path: Path, viewport: Any
) -> None:
    page.set_viewport_size(viewport)
    page.goto(served(SCENARIO))
    page.select_option("#mode", "提示")
    ask(page, "解方程 2x+5=11")
    wait_done(page)
    turn = page.locator(".turn")
    shown = turn.locator(".answer").inner_text()
    assert "先把常数项移到等号右边" in shown and turn.locator(".answer .katex").count() == 1  # 2x = 11 - 5
    assert "后面的解题步骤已隐藏" in shown and shown.count("已隐藏") == 1
    assert "合并同类项" not in shown and "x=3" not in re.sub(r"\s", "", shown)
    assert shown.rstrip().endswith("？")  # a question back
    notice = turn.locator(".notice-withheld")
    assert notice.count() == 1 and "你选的提示模式" in notice.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    turn.screenshot(path=str(ARTIFACTS / f"hint-mode-{viewport['width']}.png"))
    assert page.problems.errors == []


def test_practice_answers_stay_folded_until_asked(page: Any, served: Any, tmp_path: Path) -> None:
    page.goto(served(SCENARIO))
    page.select_option("#mode", "练习")
    ask(page, "解方程 2x+3=7")
    wait_done(page)
    answers = page.locator(".turn .answer details.practice-answers")
    assert answers.count() == 1 and answers.get_attribute("open") is None
    assert "练习题" in page.inner_text(".turn .answer")
    assert not answers.locator("ol, p:not(:first-child)").first.is_visible()
    page.locator(".turn .answer details.practice-answers summary").click()
    assert answers.get_attribute("open") is not None and "参考答案" in answers.inner_text()
    assert not re.search(r"(?<![\d.^/])1x", page.inner_text(".turn .answer"))
    page.locator(".turn").screenshot(path=str(tmp_path / "practice.png"))
    assert page.problems.errors == []


def test_nothing_an_answer_or_a_question_contains_can_run(page: Any, served: Any) -> None:
    url = served(SCENARIO)
    page.goto(url)
    question_text = (
        "注入 <img src=x onerror=\"window.__pwned='question'\"><script>window.__pwned='q2'</script>"
    )
    ask(page, question_text)
    wait_done(page)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    turn = page.locator(".turn")
    assert turn.locator(".question").inner_text() == question_text  # shown as typed, as text
    for selector in (
        "script",
        "img",
        "svg:not(.katex svg)",
        "iframe",
        "a[href^='javascript']",
        "[onerror]",
        "[onload]",
    ):
        assert turn.locator(selector).count() == 0, selector
    text = turn.locator(".answer").inner_text()
    assert "<script>" in text and "onerror" in text  # visible, inert
    assert page.problems.errors == []
    # reloading the stored conversation renders it the same, inert
    page.reload()
    page.locator("#conversations .conversation").first.click()
    wait_done(page)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator(".turn .answer script, .turn .answer img").count() == 0


def test_the_page_is_under_a_strict_csp(page: Any, served: Any) -> None:
    url = served(SCENARIO)
    response = page.goto(url)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    # an inline script slipped into the DOM is refused by the browser itself
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
                   document.body.append(s); }"""
    )
    assert page.evaluate("() => window.__inline") is None
    page.problems.errors.clear()  # that refusal is logged as a CSP violation, as it should be


def test_stop_keeps_what_was_written(page: Any, served: Any) -> None:
    url = served(SCENARIO)
    page.goto(url)
    ask(page, "讲一个很长的故事")
    page.wait_for_selector(".turn.streaming .answer:not(:empty)", timeout=20_000)
    page.wait_for_timeout(400)
    page.click("#stop")
    wait_done(page)
    turn = page.locator(".turn")
    assert turn.get_attribute("data-status") == "incomplete"
    assert "已停止" in turn.locator(".notices").inner_text()
    written = turn.locator(".answer").inner_text()
    assert 0 < len(written) < len("这是很长的回答的一句。" * 60)
    assert page.is_visible("#send") and not page.is_visible("#stop")
    assert page.problems.errors == []


@pytest.mark.parametrize("viewport", [{"width": 1200, "height": 860}, {"width": 390, "height": 844}])
def test_regenerate_keeps_the_old_answer_behind_a_1_2_switcher(
    page: Any, served: Any, tmp_path: Path, viewport: Any
) -> None:
    """A regenerate answers in the same place: the question is not written twice, the earlier
    answer is one tap away (‹ 1/2 ›), and so it stays after a reload."""
    page.set_viewport_size(viewport)
    page.goto(served(SCENARIO))
    ask(page, "请再说一遍")
    wait_done(page)
    assert "第一种说法" in page.inner_text(".turn .answer")
    assert page.locator(".turn .versions").count() == 0  # one answer: nothing to switch
    page.click(".turn .regenerate")
    page.wait_for_selector(".turn .versions", timeout=30_000)
    wait_done(page)
    turn = page.locator(".turn")
    label = turn.locator(".version-label")

    def flips() -> None:
        assert turn.count() == 1 and turn.locator(".question").inner_text() == "请再说一遍"
        assert label.inner_text() == "2/2" and "第二种说法" in turn.locator(".answer").inner_text()
        assert turn.locator(".answer .katex").count() == 1
        assert turn.locator(".version-next").is_disabled()
        turn.locator(".version-previous").click()
        assert label.inner_text() == "1/2" and "第一种说法" in turn.locator(".answer").inner_text()
        assert "retired" in (turn.get_attribute("class") or "")
        assert "不再作为上下文" in turn.locator(".meta").inner_text()
        assert turn.locator(".version-previous").is_disabled()
        turn.screenshot(path=str(tmp_path / f"versions-1of2-{viewport['width']}.png"))
        turn.locator(".version-next").click()
        assert label.inner_text() == "2/2" and "第二种说法" in turn.locator(".answer").inner_text()
        assert "retired" not in (turn.get_attribute("class") or "")
        assert turn.locator(".regenerate").is_visible()

    flips()
    turn.screenshot(path=str(tmp_path / f"versions-2of2-{viewport['width']}.png"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    page.reload()  # the earlier answer comes from the server: still behind the switcher
    page.wait_for_selector("#app[data-state=ready]")
    page.wait_for_selector(".turn .versions", timeout=15_000)  # reopened from the address (#id)
    flips()
    assert page.problems.errors == []


def test_a_photo_of_a_printed_question_becomes_editable_text(page: Any, served: Any, tmp_path: Path) -> None:
    url = served(SCENARIO)
    photo = tmp_path / "question.png"
    photo.write_bytes(encode(question(["解方程：2x+3=7"], size=44)))
    page.goto(url)
    page.set_input_files("#photo-input", str(photo))
    page.wait_for_function("() => document.querySelector('#question').value.length > 0", timeout=60_000)
    recognised = page.input_value("#question")
    assert "2x+3=7" in re.sub(r"\s", "", recognised)
    assert "解方程" in recognised
    assert page.is_visible("#photo-preview")
    assert "核对" in page.inner_text("#photo-status")
    shot(page, "photo-recognised")
    # a file that is not an image is refused with a message, and nothing breaks
    bad = tmp_path / "not-an-image.png"
    bad.write_bytes(b"%PDF-1.7 worksheet")
    page.set_input_files("#photo-input", str(bad))
    page.wait_for_function("() => document.querySelector('#photo-status').textContent.includes('PDF')")
    assert page.problems.errors == []


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_photo_is_large_enough_to_check_and_stays_with_its_question(
    browser: Any, served: Any, tmp_path: Path, phone: bool
) -> None:
    """Issue 13 item 11: the preview is big enough to tell x from ×, a tap shows it at full
    width, and once asked the photo stays in the conversation with the question it was read from."""
    url = served(SCENARIO)
    photo = tmp_path / "question.png"
    photo.write_bytes(encode(question(["解方程：2x+3=7"], size=44)))
    size = {"width": 390, "height": 844} if phone else {"width": 1200, "height": 860}
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(url)
        page.set_input_files("#photo-input", str(photo))
        page.wait_for_function("() => document.querySelector('#question').value.length > 0", timeout=60_000)
        preview = page.locator("#photo-image").bounding_box()
        assert (
            preview is not None
            and preview["height"] >= 90
            and preview["width"] >= 0.6 * min(size["width"], 560)
        )
        shot(page, f"photo-preview-{'phone' if phone else 'desktop'}")
        page.click("#photo-image")  # full width, to check a letter against a sign
        shown = page.locator(".photo-zoom img").bounding_box()
        assert shown is not None and shown["width"] >= 0.9 * min(size["width"], 900)
        page.click(".photo-zoom")
        assert page.locator(".photo-zoom").count() == 0
        page.click("#send")
        wait_done(page)
        turn = page.locator(".turn")
        kept = turn.locator(".question .question-photo")
        assert kept.count() == 1
        page.wait_for_function("() => document.querySelector('.question-photo').naturalWidth > 0")
        assert "2x+3=7" in re.sub(r"\s", "", turn.locator(".question").inner_text())
        assert page.locator("#photo-preview").is_hidden()
        kept.click()
        assert page.locator(".photo-zoom img").is_visible()
        page.keyboard.press("Escape")
        assert page.locator(".photo-zoom").count() == 0
        assert page.evaluate("() => document.documentElement.scrollWidth") <= size["width"]
        shot(page, f"photo-in-conversation-{'phone' if phone else 'desktop'}")
        page.reload()  # kept on the server with the question, so it is there when the page comes back
        page.wait_for_selector("#app[data-state=ready]")
        page.wait_for_selector(".turn[data-status]", timeout=15_000)  # reopened from the address (#id)
        kept = page.locator(".turn .question .question-photo")
        kept.wait_for()
        page.wait_for_function("() => document.querySelector('.question-photo').naturalWidth > 0")
        assert kept.get_attribute("src", timeout=1000).startswith("/api/photos/")
        kept.scroll_into_view_if_needed()
        shot(page, f"photo-after-reload-{'phone' if phone else 'desktop'}")
    finally:
        context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_input_hint_says_what_enter_does(browser: Any, served: Any, phone: bool) -> None:
    size = {"width": 390, "height": 844} if phone else {"width": 1200, "height": 860}
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(served(SCENARIO))
        page.wait_for_selector("#app[data-state=ready]")
        hint = page.get_attribute("#question", "placeholder") or ""
        page.fill("#question", "解方程 x^2-7x+12=0")
        page.press("#question", "Enter")
        if phone:  # Enter is a new line there; 发送 sends, and the hint says just that
            assert "Enter 发送" not in hint and "回车换行" in hint
            assert page.get_attribute("#question", "enterkeyhint") == "enter"
            assert page.input_value("#question").endswith("\n") and page.locator(".turn").count() == 0
            page.click("#send")
        else:
            assert "Enter 发送" in hint and "Shift+Enter 换行" in hint
            assert page.get_attribute("#question", "enterkeyhint") == "send"
        wait_done(page)
        assert page.locator(".turn").count() == 1
    finally:
        context.close()


def test_a_photo_of_a_page_of_questions_lets_the_student_pick_one(
    page: Any, served: Any, tmp_path: Path
) -> None:
    from tests.ocr._maths import TUNING, draw

    url = served(SCENARIO)
    img, _ = draw(TUNING[6])  # 1. 计算 2×3+4  2. 解方程 2x+3=7  3. 计算 5²-10  4. 分解质因数 22
    photo = tmp_path / "page.jpg"
    photo.write_bytes(encode(img, "JPEG", quality=90))
    page.goto(url)
    page.set_input_files("#photo-input", str(photo))
    page.wait_for_selector(".photo-choice", timeout=60_000)
    assert page.locator(".photo-choice").count() == 4
    assert "4 道题" in page.inner_text("#photo-status")
    assert page.input_value("#question") == ""  # nothing to ask until one is picked
    page.locator(".photo-choice").nth(2).click()
    assert re.sub(r"\s", "", page.input_value("#question")) == "计算5^2-10"
    assert "第 3 题" in page.inner_text("#photo-status") and "核对" in page.inner_text("#photo-status")
    shot(page, "photo-pick-a-question")
    page.click("#photo-clear")
    assert page.locator("#photo-reading").count() == 0
    assert page.problems.errors == []


def test_phone_sized_screen(browser: Any, served: Any) -> None:
    url = served(SCENARIO)
    context = browser.new_context(viewport={"width": 390, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(url)
        assert (
            not page.locator("#sidebar").is_visible() or page.locator("#sidebar").bounding_box()["x"] < -100
        )
        ask(page, "用求根公式解方程 x^2-5x+6=0")
        wait_done(page)
        assert page.locator(".turn .answer .katex").count() == 4
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390  # nothing forces sideways scrolling
        shot(page, "phone-answer")
        page.click("#open-sidebar")
        page.wait_for_timeout(300)
        assert page.locator("#sidebar").bounding_box()["x"] >= 0
        shot(page, "phone-sidebar")
    finally:
        context.close()


def test_the_page_renders_the_normalisers_regression_corpus(page: Any, served: Any) -> None:
    """The page does not decide what is maths: for every case of zuoye.render's corpus, the page
    typesets exactly the formulae the normaliser found and leaves the rest as text."""
    corpus = json.loads((Path(__file__).parents[1] / "render" / "corpus" / "split.json").read_text("utf-8"))
    url = served(SCENARIO)
    page.goto(url)
    cases = [
        {"name": c["name"], "segments": [{"kind": k, "content": v} for k, v in c["segments"]]} for c in corpus
    ]
    results = page.evaluate(
        """async (cases) => {
            const { segmentsToHtml } = await import('/static/render.js');
            return cases.map(({ name, segments }) => {
                const box = document.createElement('div');
                box.innerHTML = segmentsToHtml(segments);
                const maths = [...box.querySelectorAll('.katex')].filter(k => !k.parentElement.closest('.katex'));
                for (const k of box.querySelectorAll('.katex')) k.remove();
                return { name, maths: maths.length, display: box.querySelectorAll('.katex-display').length,
                         errors: box.querySelectorAll('.katex-error').length, text: box.textContent };
            });
        }""",
        cases,
    )
    for case, got in zip(cases, results, strict=True):
        expected = [s for s in case["segments"] if s["kind"] != "text"]
        assert got["maths"] == len(expected), case["name"]
        assert "\ue000" not in got["text"] and "\ue001" not in got["text"], case["name"]
        for s in case["segments"]:
            if s["kind"] == "text" and "$" in s["content"] and "\\$" not in s["content"]:
                assert "$" in got["text"], case["name"]  # money and stray dollars stay visible
    assert page.problems.errors == []


def test_the_model_picker_and_a_thinking_models_reasoning(page: Any, served: Any) -> None:
    """Every configured service in the picker; a thinking model's reasoning folded away, apart
    from the answer."""
    scenario = {
        "rules": [
            {
                "match": "思考",
                "reply": {"result": "答：$x=2$。", "reasoning": "先移项得 2x=4，再两边除以 2。"},
            }
        ]
    }
    url = served(
        scenario, environ={"ZUOYE_OPENAI_BASE_URL": "{emulator}/v1", "ZUOYE_OPENAI_MODELS": "deepseek-v3"}
    )
    page.goto(url)
    page.wait_for_selector("#model optgroup", state="attached")
    groups = page.eval_on_selector_all("#model optgroup", "gs => gs.map(g => g.label)")
    assert groups == ["文心一言（千帆）", "openai"]
    assert page.input_value("#model") == "ERNIE-4.0-8K"
    assert page.locator("#model option[value='openai/deepseek-v3']").count() == 1
    page.select_option("#model", "ernie-x1-turbo-32k")
    ask(page, "思考一下：解方程 2x+3=7")
    wait_done(page)
    reasoning = page.locator(".turn .reasoning")
    assert reasoning.is_visible() and reasoning.get_attribute("open") is None  # folded away
    assert page.inner_text(".turn .reasoning summary") == "思考过程"
    assert page.text_content(".turn .reasoning-text") == "先移项得 2x=4，再两边除以 2。"
    answer = page.inner_text(".turn .answer")
    assert "移项" not in answer and "答" in answer
    assert "ernie-x1-turbo-32k" in page.inner_text(".turn .meta")
    page.click(".turn .reasoning summary")
    assert page.locator(".turn .reasoning-text").is_visible()
    shot(page, "reasoning-unfolded")
    assert page.problems.errors == []
