"""Multi-user mode and the offline state, in the browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import serve_process, shot
from zuoye.emulator.testing import running_emulator

pytestmark = pytest.mark.browser


def _accounts(home: Path) -> None:
    """A student with a hint ceiling and the teacher who looks after them (the CLI that does
    this is tested in tests/web/test_cli.py)."""
    from zuoye.store import Store
    from zuoye.store.users import Accounts

    with Store(f"sqlite:///{home / 'zuoye.db'}") as store:
        accounts = Accounts(store)
        student = accounts.create_user(name="xiaoming", password="student-pass", help_ceiling="hint")
        teacher = accounts.create_user(name="王老师", role="teacher", password="teacher-pass")
        accounts.link(guardian_id=teacher.id, student_id=student.id)


def _login(page: Any, name: str, password: str) -> None:
    page.wait_for_selector("#login-form", state="visible")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#chat", state="visible")


def test_students_log_in_and_teachers_read_along(browser: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _accounts(home)
    scenario = {
        "rules": [
            {"match": "勾股", "reply": {"result": "想一想：直角三角形三边有什么关系？$a^2+b^2=c^2$ 吗？"}}
        ]
    }
    with (
        running_emulator(scenario=scenario) as emulator,
        serve_process(home, emulator, "--multi-user") as url,
    ):
        student = browser.new_context(viewport={"width": 1200, "height": 860}, locale="zh-CN")
        page = student.new_page()
        page.goto(url)
        page.fill("#login-name", "xiaoming")
        page.fill("#login-password", "wrong-password")
        page.click("#login-form button[type=submit]")
        page.wait_for_selector("#login-error:not([hidden])")
        assert "用户名或密码不对" in page.inner_text("#login-error")  # the server speaks the page's language
        _login(page, "xiaoming", "student-pass")
        banners = page.inner_text("#banners")
        assert "王老师" in banners and "可以查看" in banners  # the student is told who can read along
        assert "只给提示" in banners
        page.fill("#question", "勾股定理怎么用？")
        page.click("#send")
        page.wait_for_function("() => document.querySelector('.turn[data-status]')", timeout=30_000)
        assert page.locator(".turn .answer .katex").count() == 1
        shot(page, "multi-user-student")
        student.close()

        teacher = browser.new_context(viewport={"width": 1200, "height": 860}, locale="zh-CN")
        page = teacher.new_page()
        page.goto(url)
        _login(page, "王老师", "teacher-pass")
        page.click("#students .conversation")
        page.wait_for_selector("#student-conversations .conversation")
        assert page.input_value("#student-ceiling") == "hint"
        page.click("#student-conversations .conversation")
        page.wait_for_selector(".turn[data-status]")
        assert "xiaoming" in page.inner_text("#title")
        assert page.locator(".turn .question").inner_text() == "勾股定理怎么用？"
        assert not page.is_visible("#composer")  # read only
        shot(page, "multi-user-teacher")
        page.click("#students .conversation")
        page.select_option("#student-ceiling", "full")
        page.wait_for_function(
            "() => document.querySelector('#student-saved').textContent.includes('完整讲解')"
        )
        page.click("#logout")
        page.wait_for_selector("#login-form", state="visible")
        teacher.close()


def test_offline_the_page_says_so_and_the_solver_answers(browser: Any, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env["ZUOYE_HOME"] = str(tmp_path / "home")
    cmd = [sys.executable, "-c", "from zuoye.cli import main; main()", "serve", "--port", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        context = browser.new_context(viewport={"width": 1200, "height": 860}, locale="zh-CN")
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("[data-banner=offline]")
        assert "QIANFAN_BEARER_TOKEN" in page.inner_text("[data-banner=offline]")
        assert page.is_disabled("#model")
        page.fill("#question", "解方程 x^2-5x+6=0")
        page.click("#send")
        page.wait_for_selector(".turn[data-status=complete]", timeout=60_000)
        assert page.locator(".turn .answer .katex").count() >= 1
        assert "已验算" in page.inner_text(".turn .checks")
        shot(page, "offline-solver")
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
