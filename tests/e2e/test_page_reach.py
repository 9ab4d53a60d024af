"""What a student reaches on the page without hunting for it: a question just sent is in view
however far up the conversation was scrolled; a button reached by Tab can be seen; on a phone the
closed drawer is out of Tab's and a screen reader's way, and Escape closes the open one; stop
pressed on a slow network, before the server has answered, stops the answer; the oldest of many
conversations is a tap away."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import PageProblems, serve_process, shot
from zuoye.emulator.testing import running_emulator

pytestmark = pytest.mark.browser

LONG = "这一步要仔细看。" * 80  # taller than a phone's screen
SCENARIO = {
    "rules": [
        {"match": "很长", "reply": {"result": LONG}},
        {"match": "再问", "reply": {"result": "答：$x=1$。"}, "delay_ms": 300},
    ]
}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _done(page: Any, count: int) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('.turn[data-status]').length === {count}"
        " && !document.querySelector('.turn.streaming')",
        timeout=30_000,
    )


# the element is wholly inside the conversation's scrolled view
IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  const view = document.getElementById('messages').getBoundingClientRect();
  return box.top >= view.top && box.bottom <= view.bottom;
}"""


@contextmanager
def _phone(browser: Any, url: str) -> Iterator[tuple[Any, PageProblems]]:
    context = browser.new_context(locale="zh-CN", **PHONE)
    try:
        page = context.new_page()
        problems = PageProblems()
        problems.watch(page)
        page.goto(url)
        page.wait_for_selector("#app[data-state=ready]")
        yield page, problems
    finally:
        context.close()


def test_on_a_phone_a_question_sent_after_scrolling_up_is_in_view(browser: Any, served: Any) -> None:
    with _phone(browser, served(SCENARIO)) as (page, problems):
        page.fill("#question", "讲一个很长的道理")
        page.click("#send")
        _done(page, 1)
        # the student scrolls back up to read the answer from its start, then asks again
        page.evaluate("document.getElementById('messages').scrollTop = 0")
        page.fill("#question", "再问一题：解方程 x+1=2")
        page.click("#send")
        page.wait_for_selector(".turn:nth-of-type(2)")
        page.wait_for_function(IN_VIEW, arg=".turn:nth-of-type(2) .question", timeout=5_000)
        _done(page, 2)
        shot(page, "phone-second-question-in-view")
        assert page.evaluate(IN_VIEW, ".turn:nth-of-type(2) .question")
        assert problems.errors == []


def test_tab_reaches_a_conversations_delete_button_that_can_be_seen(page: Any, served: Any) -> None:
    url = served(SCENARIO)
    page.goto(url)
    page.wait_for_selector("#app[data-state=ready]")
    page.fill("#question", "再问一题：解方程 x+1=2")
    page.click("#send")
    _done(page, 1)
    page.click("#new-chat")  # the conversation is in the list, not open (not highlighted)
    page.focus("#conversations .conversation")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('delete')")
    assert float(page.evaluate("getComputedStyle(document.activeElement).opacity")) >= 0.7
    shot(page, "tab-on-delete")
    assert page.problems.errors == []


def test_on_a_phone_the_closed_drawer_is_out_of_reach_and_escape_closes_it(browser: Any, served: Any) -> None:
    with _phone(browser, served(SCENARIO)) as (page, problems):
        page.keyboard.press("Tab")  # from the top of the page: not into the drawer slid off the screen
        assert page.evaluate("!document.getElementById('sidebar').contains(document.activeElement)")
        assert page.evaluate("document.getElementById('sidebar').inert")
        page.click("#open-sidebar")
        assert not page.evaluate("document.getElementById('sidebar').inert")
        page.focus("#new-chat")
        page.keyboard.press("Escape")
        page.wait_for_function("() => document.getElementById('sidebar').getBoundingClientRect().right <= 1")
        assert page.evaluate("document.activeElement.id") == "open-sidebar"
        assert page.evaluate("document.getElementById('sidebar').inert")
        assert problems.errors == []


def test_stop_pressed_before_the_server_answers_stops_the_answer(page: Any, served: Any) -> None:
    url = served({"rules": [{"match": "很长", "reply": {"result": LONG}, "delay_ms": 150}]})
    page.goto(url)
    page.wait_for_selector("#app[data-state=ready]")
    held: list[Any] = []  # a slow network: the question is on its way while the student presses stop
    page.route("**/api/ask", lambda route: held.append(route))
    page.fill("#question", "讲一个很长的道理")
    page.click("#send")
    page.wait_for_function("() => !document.getElementById('stop').hidden")
    while not held:
        page.wait_for_timeout(20)
    page.click("#stop")
    assert page.is_disabled("#stop")  # taken: it acts as soon as the server names the answer
    held[0].continue_()
    _done(page, 1)  # the cursor stops blinking: the answer ended, it was not left running unseen
    turn = page.locator(".turn")
    # "failed" when stopped before its first word, "incomplete" after: either way ended and said
    assert turn.get_attribute("data-status") in ("failed", "incomplete")
    assert "已停止" in turn.locator(".notices").inner_text()
    assert len(turn.locator(".answer").inner_text()) < len(LONG)
    assert page.is_visible("#send") and not page.is_visible("#stop")
    assert page.problems.errors == []


def test_a_screen_reader_is_told_the_answer_once_it_is_written(page: Any, served: Any) -> None:
    url = served({"rules": [{"match": "很长", "reply": {"result": LONG[:160]}, "delay_ms": 100}]})
    page.goto(url)
    page.wait_for_selector("#app[data-state=ready]")
    assert page.get_attribute("#messages", "aria-live") == "polite"
    page.fill("#question", "讲一个很长的道理")
    page.click("#send")
    page.wait_for_selector(".turn.streaming .answer:not(:empty)", timeout=20_000)
    # redrawn at every frame while written: busy, so it is not read out from its start each time
    assert page.get_attribute(".turn", "aria-busy") == "true"
    _done(page, 1)
    assert page.get_attribute(".turn", "aria-busy") is None
    assert page.problems.errors == []


def test_turns_cleared_after_a_refused_question_are_not_called_regenerated(page: Any, served: Any) -> None:
    url = served({"rules": [{"match": "危险", "reply": {"flagged": True}}]})
    page.goto(url)
    page.wait_for_selector("#app[data-state=ready]")
    page.fill("#question", "解方程 x+1=2")
    page.click("#send")
    _done(page, 1)
    page.fill("#question", "一个危险的问题")
    page.click("#send")
    _done(page, 2)
    # the history is cleared (the service refused the question): nothing was answered again
    assert "已清空，不再作为上下文" in page.inner_text(".turn:nth-of-type(2) .meta")
    page.reload()  # the conversation as stored: both turns are out of the model's context
    _done(page, 2)
    metas = page.locator(".turn .meta").all_inner_texts()
    assert all("已清空，不再作为上下文" in meta and "已重新生成" not in meta for meta in metas), metas
    assert page.problems.errors == []


def test_a_student_past_a_hundred_conversations_reaches_the_oldest(browser: Any, tmp_path: Path) -> None:
    from zuoye.store import Store, TurnUpdate
    from zuoye.store.users import Accounts

    home = tmp_path / "home"
    with Store(f"sqlite:///{home / 'zuoye.db'}") as store:
        student = Accounts(store).create_user(name="xiaoming", password="student-pass")
        for n in range(1, 106):  # the oldest first: 第1题 is the one furthest down the list
            turn = store.start_conversation(
                user_id=student.id, question=f"第{n}题：解方程 x+{n}=0", model="m", grade="初中", mode="讲解"
            )
            store.finish_turn(turn_id=turn.id, update_=TurnUpdate(answer="…", status="complete"))
    with (
        running_emulator(scenario={"rules": []}) as emulator,
        serve_process(home, emulator, "--multi-user") as url,
    ):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        try:
            page = context.new_page()
            problems = PageProblems()
            problems.watch(page)
            page.goto(url)
            page.fill("#login-name", "xiaoming")
            page.fill("#login-password", "student-pass")
            page.click("#login-form button[type=submit]")
            page.wait_for_selector("#conversations li >> nth=99")
            assert page.locator("#conversations li").count() == 100
            page.click("#more-conversations")
            page.wait_for_selector("#conversations li >> nth=104")
            assert page.locator("#conversations li").last.inner_text().startswith("第1题")
            assert not page.is_visible("#more-conversations")  # nothing older
            page.locator("#conversations li").last.locator(".conversation").click()
            page.wait_for_selector(".turn .question:has-text('第1题')")
            assert problems.errors == []
        finally:
            context.close()
