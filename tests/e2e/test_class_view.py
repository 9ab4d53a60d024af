"""学习概况 in Chromium: a teacher's view of the students linked to them, on a desktop and a
390 px phone (screenshots in test-artifacts/), and the CSV link it offers."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from tests.e2e.conftest import PageProblems, serve_process, shot
from zuoye.emulator.testing import running_emulator

pytestmark = pytest.mark.browser

# (student, days ago, question, mode, problem kind, first wrong line kind, ceiling reached)
ASKED = [
    ("小明", 0, "解方程 2x+3=7", "讲解", "linear_equation", None, False),
    ("小明", 0, "2x+3=7\n2x=7+3", "批改", "linear_equation", "transposition", False),
    ("小明", 1, "5x-2=3x+4\n5x+3x=4+2", "批改", "linear_equation", "transposition", False),
    ("小明", 3, "x^2=2x\nx=2", "批改", "quadratic_equation", "dropped_root", False),
    ("小明", 6, "化简 (a+b)^2", "提示", "simplify", None, True),
    ("小红", 0, "-2x>4\nx>-2", "批改", "inequality", "inequality_direction", False),
    ("小红", 2, "解不等式 3x-1>5", "提示", "inequality", None, True),
    ("小红", 2, "3-(x-2)=5\n3-x-2=5", "批改", "linear_equation", "bracket", False),
    ("小刚", 4, "勾股定理是什么？", "讲解", "", None, False),
    ("小李", 0, "解方程 9x=18", "讲解", "linear_equation", None, False),  # not linked to 王老师
]


def _seed(home: Path) -> None:
    from zuoye.store import Store, TurnUpdate
    from zuoye.store.mistakes import Mistakes
    from zuoye.store.tables import Turn, utcnow
    from zuoye.store.users import Accounts

    with Store(f"sqlite:///{home / 'zuoye.db'}") as store:
        accounts = Accounts(store)
        teacher = accounts.create_user(name="王老师", role="teacher", password="teacher-pass")
        users = {
            n: accounts.create_user(name=n, password="student-pass") for n in ("小明", "小红", "小刚", "小李")
        }
        for name in ("小明", "小红", "小刚"):
            accounts.link(guardian_id=teacher.id, student_id=users[name].id)
        parent = accounts.create_user(name="mum", role="parent", password="parent-pass")
        accounts.link(guardian_id=parent.id, student_id=users["小刚"].id)  # one child, one question
        now = utcnow()
        for name, ago, question, mode, kind, mistake, ceiling in ASKED:
            turn = store.start_conversation(
                user_id=users[name].id, question=question, model="m", grade="初中", mode=mode
            )
            update_ = TurnUpdate(
                answer="…",
                status="complete",
                problem_kind=kind,
                mistake_kind=mistake,
                ceiling_reached=ceiling,
            )
            store.finish_turn(turn_id=turn.id, update_=update_)
            with store.session() as s:
                s.execute(update(Turn).where(Turn.id == turn.id).values(created_at=now - timedelta(days=ago)))
        book = Mistakes(store)
        for problem, line, step in [
            ("解方程 2x+3=7", "2x=7+3", "移项：$2x=7-3$"),
            ("解方程 x^2=2x", "x=2", "移项、整理成一般形式：$x^{2}-2x=0$"),
        ]:
            book.add(
                user_id=users["小明"].id,
                source="checkwork",
                question=problem,
                problem=problem,
                wrong_line=line,
                correct_step=step,
                due_at=now - timedelta(hours=2),
            )


def _logged_in(context: Any, url: str, name: str, password: str) -> tuple[Any, PageProblems]:
    """A page of `context` with `name` logged in, and what must not happen on it."""
    page = context.new_page()
    problems = PageProblems()  # script errors, dialogs, CSP violations
    problems.watch(page)
    page.goto(url)
    page.wait_for_selector("#login-form", state="visible")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#chat", state="visible")
    return page, problems


def test_a_teacher_sees_the_class_on_a_desktop_and_a_phone(browser: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _seed(home)
    with (
        running_emulator(scenario={"rules": []}) as emulator,
        serve_process(home, emulator, "--multi-user") as url,
    ):
        for width, height, name in [(1200, 860, "class-view-desktop"), (390, 844, "class-view-phone")]:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
            page, problems = _logged_in(context, url, "王老师", "teacher-pass")
            if width < 760:
                page.click("#open-sidebar")
            page.click("#class-entry")
            page.wait_for_selector(".cls-student")
            # the drawer has slid away on the phone (it closes as the view opens)
            page.wait_for_function(
                "() => document.querySelector('#sidebar').getBoundingClientRect().right <= 0 || innerWidth > 760"
            )
            assert page.locator(".cls-student .cls-name").all_inner_texts() == ["小刚", "小明", "小红"]
            assert "小李" not in page.inner_text("#class-view")
            ming = page.locator(".cls-student", has_text="小明")
            text = ming.inner_text()
            assert "提问 5 次" in text and "移项没变号 2" in text and "丢了解 1" in text
            assert "一元一次方程 3" in text and "达到帮助上限 1 次" in text
            assert "错题本：2 道该复习" in text and "错在：2x=7+3" in text and "解方程 x²=2x" in text
            assert ming.locator(".cls-step .katex").count() == 2  # the correct steps, typeset
            assert ming.locator(".cls-bar").count() == 14
            summary = page.inner_text("#class-summary")
            assert (
                "3 名学生" in summary
                and "共提问 9 次，达到帮助上限 2 次" in summary
                and "去括号出错 1" in summary
            )
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the view is {overflow}px wider than the {width}px screen"
            shot(page, name)
            if width >= 760:
                page.select_option("#class-days", "7")
                page.wait_for_function(
                    "() => document.querySelectorAll('.cls-student .cls-bar').length === 21"
                )
                assert page.get_attribute("#class-csv", "href") == "/api/students/report.csv?days=7"
                cookies = {c["name"]: c["value"] for c in context.cookies()}
                r = httpx.get(f"{url}/api/students/report.csv?days=7", cookies=cookies)
                assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf") and "小李" not in r.text
                ming.locator(".cls-name").click()  # on to the student's conversations and ceiling
                page.wait_for_selector("#student-view:not([hidden])")
                assert "小明" in page.inner_text("#student-name")
            assert problems.errors == []
            context.close()


def test_an_english_parent_of_one_child_reads_counts_not_broken_plurals(browser: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _seed(home)
    with (
        running_emulator(scenario={"rules": []}) as emulator,
        serve_process(home, emulator, "--multi-user") as url,
    ):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True)
        page, problems = _logged_in(context, url, "mum", "parent-pass")
        page.wait_for_selector("#students li")
        page.click("#open-sidebar")
        page.click("#class-entry")
        page.wait_for_selector(".cls-student")
        seen = page.inner_text("#class-view") + page.inner_text("#students")
        page.wait_for_function("() => document.querySelector('#sidebar').getBoundingClientRect().right <= 0")
        shot(page, "class-view-english-parent-phone")
        # "1 students asked 1 questions" is what a parent of one child read before
        assert re.findall(r"\b1 (?:students|questions|times)\b", seen) == []
        assert "Last 14 days: students 1, questions 1" in seen
        # a long topic name wraps inside its card instead of running over the card's edge
        outside = page.evaluate(
            """() => [...document.querySelectorAll('#class-view .cls-chip')].filter((chip) => {
                 const card = chip.closest('.card, .cls-student');
                 const edge = card.getBoundingClientRect().right - parseFloat(getComputedStyle(card).paddingRight);
                 return chip.getBoundingClientRect().right > edge + 0.5;
               }).map((chip) => chip.textContent)"""
        )
        assert outside == []
        assert problems.errors == []
        context.close()


STORY = "".join(f"第{i}句，勾股定理的故事还在继续。" for i in range(1, 41))


def test_a_teacher_follows_a_students_answer_live_without_polling(browser: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _seed(home)
    scenario = {"rules": [{"match": "故事", "reply": {"result": STORY}, "delay_ms": 200}]}
    with (
        running_emulator(scenario=scenario) as emulator,
        serve_process(home, emulator, "--multi-user") as url,
    ):
        student = browser.new_context(viewport={"width": 1200, "height": 860}, locale="zh-CN")
        kid, _ = _logged_in(student, url, "小明", "student-pass")
        kid.fill("#question", "讲一个勾股定理的故事")
        kid.click("#send")
        kid.wait_for_function("() => document.querySelector('.turn .answer')?.textContent.includes('第2句')")

        teacher = browser.new_context(viewport={"width": 1200, "height": 860}, locale="zh-CN")
        page, problems = _logged_in(teacher, url, "王老师", "teacher-pass")
        asked: list[str] = []
        page.on(
            "request",
            lambda r: asked.append(r.url.split("/api/", 1)[-1]) if "/api/conversations/" in r.url else None,
        )
        page.click("#students .conversation >> text=小明")
        page.click("#student-conversations .conversation >> text=讲一个勾股定理的故事")
        page.wait_for_selector(".turn.streaming")  # following the answer being written
        early = page.inner_text(".turn:last-child .answer")
        assert "第40句" not in early
        page.wait_for_function(
            "() => document.querySelector('.turn:last-child .answer').textContent.includes('第40句')",
            timeout=30_000,
        )
        page.wait_for_selector(".turn:last-child[data-status='complete']")
        assert "只读" in page.inner_text("#banners") and page.is_hidden("#composer")
        shot(page, "class-teacher-follows-live")
        # one read of the conversation and one stream of its events: no polling every few seconds
        reads = [
            a for a in asked if a.startswith("conversations/") and "/" not in a.split("conversations/", 1)[1]
        ]
        assert len(reads) == 1, asked
        assert sum(1 for a in asked if a.endswith("/events")) == 1, asked
        assert problems.errors == []
        student.close()
        teacher.close()
