"""Logged out, in the browser: the page is the login form and nothing else; empty fields are said in
words; a session that lapses mid-use asks to log in again, keeps the typed question and leaves no
view of the account behind; someone else logging in there gets a page of their own. Offline, only
the administrator is told how to set ERNIE up."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import PageProblems, serve_process, shot
from zuoye.emulator.testing import running_emulator

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from zuoye.store import Store, TurnUpdate
    from zuoye.store.users import Accounts

    home = tmp_path_factory.mktemp("home")
    with Store(f"sqlite:///{home / 'zuoye.db'}") as store:
        accounts = Accounts(store)
        student = accounts.create_user(name="xiaoming", password="student-pass")
        teacher = accounts.create_user(name="wang", role="teacher", password="teacher-pass")
        accounts.link(guardian_id=teacher.id, student_id=student.id)
        # an answer whose server died mid-way (closed as interrupted), for the teacher to read
        turn = store.start_conversation(
            user_id=student.id, question="讲讲勾股定理", model="m", grade="初中", mode="讲解"
        )
        cut = TurnUpdate(answer="直角三角形", status="incomplete", error="interrupted")
        store.finish_turn(turn_id=turn.id, update_=cut)
    with (
        running_emulator(scenario={"rules": []}) as emulator,
        serve_process(home, emulator, "--multi-user") as u,
    ):
        yield u


def _open(browser: Any, url: str, size: dict[str, int]) -> tuple[Any, Any, PageProblems]:
    phone = size["width"] < 600
    context = browser.new_context(viewport=size, locale="zh-CN", is_mobile=phone, has_touch=phone)
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page)
    page.goto(url)
    page.wait_for_selector("#login-form", state="visible")
    return context, page, problems


def _login(page: Any, name: str, password: str) -> None:
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#app[data-state=ready]")
    page.wait_for_load_state("networkidle")  # the list, the pickers and the views' buttons are set up


@pytest.mark.parametrize(("name", "size"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_logged_out_the_page_is_the_login_form_and_says_what_is_missing(
    browser: Any, url: str, name: str, size: dict[str, int]
) -> None:
    context, page, problems = _open(browser, url, size)
    try:
        # no 新对话 beside the form to open an ask box under it, no drawer to open on a phone
        for hidden in ("#sidebar", "#new-chat", "#open-sidebar", "#quota", "#chat"):
            assert not page.is_visible(hidden), hidden
        shot(page, f"login-{name}")
        sent: list[str] = []
        page.on("request", lambda r: sent.append(r.url) if "/api/login" in r.url else None)
        page.fill("#login-name", "xiaoming")
        page.click("#login-form button[type=submit]")
        # said in words, not as the API's field names ("password: 至少要 1 个字符")
        assert page.inner_text("#login-error") == "请输入用户名和密码。"
        assert page.evaluate("document.activeElement.id") == "login-password"
        assert sent == []
        _login(page, "xiaoming", "student-pass")
        assert page.is_visible("#chat")
        assert problems.errors == []
    finally:
        context.close()


def test_a_lapsed_session_asks_again_keeps_the_question_and_leaves_nothing_behind(
    browser: Any, url: str
) -> None:
    context, page, problems = _open(browser, url, DESKTOP)
    try:
        _login(page, "xiaoming", "student-pass")
        page.click("#mistakes-entry")
        page.wait_for_selector("#mistakes-view:not([hidden])")
        page.wait_for_selector("#mistakes-empty:not([hidden])")  # loaded: no request of it is in flight
        context.clear_cookies()  # the session ends (expired, or the password changed elsewhere)
        page.click("#mistakes-filter [data-due='1']")
        page.wait_for_selector("#login-form", state="visible")
        assert page.inner_text("#login-note") == "登录已过期，请重新登录。输入框里的题目会保留。"
        assert not page.is_visible("#mistakes-view") and not page.is_visible("#sidebar")
        assert page.locator("[data-banner=watched]").count() == 0  # "wang（老师）可以查看…": the account's
        shot(page, "login-lapsed")
        _login(page, "xiaoming", "student-pass")
        assert not page.is_visible("#mistakes-view") and page.is_visible("#chat")
        assert page.locator("[data-banner=watched]").count() == 1

        # a question sent after the session lapsed is in the box again once logged in
        context.clear_cookies()
        page.fill("#question", "解方程 x+1=2")
        page.click("#send")
        page.wait_for_selector("#login-form", state="visible")
        assert "POST /api/login" not in page.inner_text("#banners")  # the API's words, not the page's
        _login(page, "xiaoming", "student-pass")
        assert page.input_value("#question") == "解方程 x+1=2"
        assert page.locator(".turn").count() == 0

        # a teacher's session lapses on a shared computer and a student logs in: the teacher's
        # students, class view and worksheets are not on the student's page
        context.clear_cookies()
        page.reload()
        _login(page, "wang", "teacher-pass")
        page.wait_for_selector("#students-panel:not([hidden])")
        page.wait_for_load_state("networkidle")
        # reading along: an interrupted answer is said so, without offering what only its asker can do
        page.click("#students .conversation")
        page.click("#student-conversations .conversation")
        page.wait_for_selector(".turn[data-status=incomplete]")
        assert page.inner_text(".turn .meta").startswith("（回答中断） ·")
        assert not page.is_visible(".turn .regenerate")
        context.clear_cookies()
        page.click("#class-entry")
        page.wait_for_selector("#login-form", state="visible")
        _login(page, "xiaoming", "student-pass")
        page.wait_for_selector("#who:has-text('xiaoming')")
        for gone in ("#students-panel", "#class-entry", "#worksheets-entry", "#class-view"):
            assert not page.is_visible(gone), gone
        assert problems.errors == []
    finally:
        context.close()


def test_offline_a_student_is_not_told_to_set_environment_variables(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from zuoye.store import Store
    from zuoye.store.users import Accounts

    home = tmp_path_factory.mktemp("offline")
    with Store(f"sqlite:///{home / 'zuoye.db'}") as store:
        Accounts(store).create_user(name="xiaoming", password="student-pass")
        Accounts(store).create_user(name="root", role="admin", password="admin-pass")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env["ZUOYE_HOME"] = str(home)
    cmd = [sys.executable, "-c", "from zuoye.cli import main; main()", "serve", "--multi-user", "--port", "0"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        try:
            assert proc.stdout is not None
            offline = proc.stdout.readline().strip()
            for name, password, runs_it in [
                ("xiaoming", "student-pass", False),
                ("root", "admin-pass", True),
            ]:
                context, page, problems = _open(browser, offline, PHONE)
                try:
                    _login(page, name, password)
                    said = page.inner_text("[data-banner=offline]")
                    assert ("QIANFAN_BEARER_TOKEN" in said) is runs_it, said
                    if not runs_it:
                        assert said.startswith("文心一言（ERNIE）还没有配置") and "请管理员配置" in said
                        shot(page, "offline-student-phone")
                    assert problems.errors == []
                finally:
                    context.close()
        finally:
            proc.terminate()
