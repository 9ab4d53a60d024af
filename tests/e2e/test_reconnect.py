"""The page keeps an answer through a reload and through a dropped connection: it reads the
answer's events again (GET /api/conversations/{id}/events, from the start after a reload, after
its last event after a drop) and finishes it in the same bubble, with no text twice and none
missing; stop works on an answer it attached to.

The network drop is real: the browser talks to `zuoye serve` through a relay that the test cuts
(every open connection closed, new ones refused) and then restores."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.e2e.conftest import PageProblems, serve_process
from tests.e2e.test_accounts import _accounts, _login
from tests.e2e.test_page import ask, wait_done
from zuoye.emulator.testing import running_emulator

pytestmark = pytest.mark.browser

STORY = "".join(f"第{i}句，故事还在继续。" for i in range(1, 41))
SCENARIO = {
    "rules": [
        # the first model stream of a story is cut after 4 sentences: the tutor asks again, and
        # the page gets the retry notice and an empty `revised` before the answer starts over
        {"match": "重来", "reply": {"result": STORY}, "delay_ms": 60, "cut_after": 4, "times": 1},
        {"match": "故事", "reply": {"result": STORY}, "delay_ms": 60},
    ]
}
ANSWER = ".turn .answer"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One emulator and one `zuoye serve` for the tests here (each asks in its own conversation)."""
    home = tmp_path_factory.mktemp("reconnect") / "home"
    with running_emulator(scenario=SCENARIO) as emulator, serve_process(home, emulator) as served:
        yield served


def has_written(page: Any, text: str) -> None:
    page.wait_for_function(
        "(t) => document.querySelector('.turn .answer')?.textContent.includes(t)", arg=text, timeout=20_000
    )


def shows_and_stored_the_whole_story(page: Any, url: str) -> None:
    """The page shows the whole answer, none of it twice, and the stored turn is that answer, complete."""
    shown = page.inner_text(ANSWER)
    assert shown == STORY
    [turn] = stored_turns(url, page)
    assert turn["status"] == "complete" and turn["answer"] == shown


def stored_turns(url: str, page: Any) -> list[dict[str, Any]]:
    cid = page.evaluate("() => location.hash.slice(1)")
    return httpx.get(f"{url}/api/conversations/{cid}", timeout=10).json()["turns"]


class FlakyNetwork:
    """A TCP relay between the browser and the server that can go down: `cut()` closes every
    connection through it and refuses new ones until `restore()`."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.down = False
        self.refused = 0
        self.lock = threading.Lock()
        self.sockets: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self.lock:
                if self.down:
                    self.refused += 1
                    client.close()
                    continue
                server = socket.create_connection(self.target)
                self.sockets |= {client, server}
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, sink)

    def _close(self, *socks: socket.socket) -> None:
        for s in socks:
            with self.lock:
                self.sockets.discard(s)
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)  # wakes the thread reading it
            s.close()

    def cut(self) -> None:
        with self.lock:
            self.down = True
            open_now = list(self.sockets)
        self._close(*open_now)

    def restore(self) -> None:
        with self.lock:
            self.down = False

    def close(self) -> None:
        self.listener.close()
        self.cut()


@contextmanager
def browser_page(browser: Any, *, phone: bool, dark: bool) -> Iterator[Any]:
    if phone:
        context = browser.new_context(
            viewport={"width": 390, "height": 780},
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            color_scheme="dark" if dark else "light",
        )
    else:
        context = browser.new_context(
            viewport={"width": 1200, "height": 860}, locale="zh-CN", color_scheme="dark" if dark else "light"
        )
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page)
    page.problems = problems
    try:
        yield page
    finally:
        context.close()


def test_a_reload_mid_answer_carries_on_in_one_bubble(page: Any, url: str, tmp_path: Path) -> None:
    page.goto(url)
    ask(page, "重来讲一个很长的故事")
    has_written(page, "第6句")  # past the cut model stream and well into the second try
    assert page.locator(".notice-retry").count() == 1
    page.reload()
    # the conversation opens with its answer still being written and follows it
    page.wait_for_selector(".turn.streaming", timeout=10_000)
    assert page.is_visible("#stop") and not page.is_visible("#send")
    has_written(page, "第1句，故事还在继续。")  # drawn again from its first event (it may take a moment)
    assert page.inner_text(ANSWER).startswith("第1句，故事还在继续。")
    page.screenshot(path=str(tmp_path / "reloaded-following.png"), full_page=True)
    wait_done(page)
    page.screenshot(path=str(tmp_path / "reloaded-done.png"), full_page=True)
    assert page.locator(".turn").count() == 1
    shows_and_stored_the_whole_story(page, url)  # drawn again from the start once, retry and all
    assert page.locator(".notice-retry").count() == 1
    assert page.locator(".turn").get_attribute("data-status") == "complete"
    assert page.is_visible("#send") and page.locator(".regenerate").is_visible()
    assert page.problems.errors == []


def test_stop_works_on_an_answer_followed_after_a_reload(page: Any, url: str) -> None:
    page.goto(url)
    ask(page, "讲一个很长的故事")
    has_written(page, "第3句")
    page.reload()
    page.wait_for_selector(".turn.streaming", timeout=10_000)
    has_written(page, "第8句")
    page.click("#stop")
    wait_done(page)
    turn = page.locator(".turn")
    assert turn.get_attribute("data-status") == "incomplete"
    assert "已停止" in turn.locator(".notices").inner_text()
    shown = page.inner_text(ANSWER)
    assert shown.startswith("第1句") and "第8句" in shown and len(shown) < len(STORY)
    [stored] = stored_turns(url, page)
    assert stored["status"] == "incomplete" and stored["answer"] == shown
    assert page.problems.errors == []


@pytest.mark.parametrize(("phone", "dark"), [(False, False), (True, True)], ids=["desktop", "phone-dark"])
def test_a_dropped_connection_is_reconnected_and_the_answer_finished(
    browser: Any, url: str, tmp_path: Path, phone: bool, dark: bool
) -> None:
    network = FlakyNetwork(url)
    try:
        with browser_page(browser, phone=phone, dark=dark) as page:
            page.goto(network.url)
            ask(page, "讲一个很长的故事")
            has_written(page, "第5句")
            network.cut()
            page.wait_for_selector('.link-state[data-state="reconnecting"]', timeout=10_000)
            assert "连接中断，正在重新连接" in page.inner_text(".link-state")
            assert "连接中断" not in page.inner_text(ANSWER)  # the state is beside the answer, not in it
            assert page.is_visible("#stop")
            page.screenshot(path=str(tmp_path / "reconnecting.png"), full_page=True)
            began = time.monotonic()
            while network.refused == 0 and time.monotonic() - began < 10:  # a retry met the dead network
                time.sleep(0.05)
            assert network.refused > 0
            network.restore()
            wait_done(page)
            page.screenshot(path=str(tmp_path / "reconnected-done.png"), full_page=True)
            assert page.locator(".link-state").count() == 0
            assert page.locator(".turn").count() == 1
            shows_and_stored_the_whole_story(page, url)
            if phone:
                assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
            assert page.problems.errors == []
    finally:
        network.close()


def test_a_stop_that_cannot_be_sent_leaves_a_way_back_to_the_answer(
    page: Any, url: str, tmp_path: Path
) -> None:
    network = FlakyNetwork(url)
    try:
        page.goto(network.url)
        ask(page, "讲一个很长的故事")
        has_written(page, "第3句")
        network.cut()
        page.wait_for_selector('.link-state[data-state="reconnecting"]', timeout=10_000)
        page.click("#stop")  # the stop cannot reach the server either: the page stops reading
        page.wait_for_selector('.link-state[data-state="left"]', timeout=10_000)
        assert "停止的请求没能送到服务器" in page.inner_text(".link-state")
        assert page.is_visible("#send") and page.locator(".turn.streaming").count() == 0
        page.screenshot(path=str(tmp_path / "stop-not-sent.png"), full_page=True)
        network.restore()
        page.click(".link-state button")  # 重新连接
        wait_done(page)
        assert page.locator(".link-state").count() == 0
        shows_and_stored_the_whole_story(page, url)  # never stopped
        assert page.problems.errors == []
    finally:
        network.close()


def test_a_network_gone_for_a_minute_is_said_and_reconnecting_later_finishes_the_answer(
    browser: Any, url: str, tmp_path: Path
) -> None:
    network = FlakyNetwork(url)
    try:
        with browser_page(browser, phone=False, dark=True) as page:
            page.clock.install()  # the page's timers, moved on below instead of waiting a minute
            page.goto(network.url)
            ask(page, "讲一个很长的故事")
            has_written(page, "第3句")
            network.cut()
            page.wait_for_selector('.link-state[data-state="reconnecting"]', timeout=10_000)
            lost = page.locator('.link-state[data-state="lost"]')
            for _ in range(40):  # the pauses between tries, a little over a minute in all
                if lost.count():
                    break
                page.clock.fast_forward(4000)
                page.wait_for_timeout(50)
            assert lost.count() == 1
            assert network.refused >= 10  # it kept trying all that minute
            text = lost.inner_text()
            assert text.startswith("连接不上服务器") and "重新连接" in text
            assert page.is_visible("#send") and page.locator(".turn.streaming").count() == 0
            assert not page.locator(".regenerate").is_visible()  # the answer may still be being written
            page.screenshot(path=str(tmp_path / "gave-up.png"), full_page=True)
            network.restore()
            lost.locator("button").click()  # 重新连接
            wait_done(page)
            assert page.locator(".link-state").count() == 0
            shows_and_stored_the_whole_story(page, url)
            assert page.problems.errors == []
    finally:
        network.close()


def test_with_accounts_a_reload_follows_the_answer_and_logging_out_forgets_it(
    browser: Any, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    _accounts(home)
    with (
        running_emulator(scenario=SCENARIO) as emulator,
        serve_process(home, emulator, "--multi-user") as url,
        browser_page(browser, phone=False, dark=False) as page,
    ):
        page.goto(url)
        _login(page, "xiaoming", "student-pass")
        ask(page, "讲一个很长的故事")
        has_written(page, "第3句")
        page.reload()  # the answer's events are read with the session's cookie
        page.wait_for_selector(".turn.streaming", timeout=10_000)
        wait_done(page)
        assert page.inner_text(ANSWER) == STORY
        assert page.evaluate("() => location.hash.length") == 33
        page.click("#logout")
        _login(page, "王老师", "teacher-pass")
        page.wait_for_timeout(300)
        # the teacher does not land on the student's conversation (nor on a "not found")
        assert page.locator(".turn").count() == 0 and page.locator(".banner-error").count() == 0
        assert page.problems.errors == []


def test_an_answer_replaced_elsewhere_while_away_is_shown_as_the_conversation_now_is(
    page: Any, url: str
) -> None:
    network = FlakyNetwork(url)
    try:
        page.goto(network.url)
        ask(page, "讲一个很长的故事")
        has_written(page, "第3句")
        network.cut()
        page.wait_for_selector('.link-state[data-state="reconnecting"]', timeout=10_000)
        # meanwhile another tab stops this answer and asks for a new one, which is written in full
        cid = page.evaluate("() => location.hash.slice(1)")
        csrf = {"X-Zuoye-CSRF": "1"}
        assert httpx.post(f"{url}/api/conversations/{cid}/stop", headers=csrf, timeout=10).json()["stopped"]
        again = httpx.post(
            f"{url}/api/conversations/{cid}/regenerate", json={"stream": False}, headers=csrf, timeout=30
        )
        assert again.status_code == 200, again.text
        network.restore()
        # the reconnect finds a newer answer: the page shows both as versions (1/2, 2/2) of one
        # answer, not one mixed into the other
        page.wait_for_selector(".turn .versions", timeout=15_000)
        wait_done(page)
        turn = page.locator(".turn")
        assert turn.count() == 1 and turn.locator(".version-label").inner_text() == "2/2"
        assert turn.get_attribute("data-status") == "complete"
        assert turn.locator(".answer").inner_text() == STORY
        turn.locator(".version-previous").click()
        assert turn.get_attribute("data-status") == "incomplete" and "retired" in (
            turn.get_attribute("class") or ""
        )
        assert page.locator(".link-state").count() == 0
        assert page.problems.errors == []
    finally:
        network.close()


def test_a_stream_a_proxy_ends_early_is_read_on_from_its_last_event(page: Any, url: str) -> None:
    kept: list[str] = []

    def first_part(route: Any) -> None:
        # the whole answer as the server sent it, passed on without its later events (as a
        # proxy that closes a long response would): the stream ends cleanly, with no `done`
        response = route.fetch()
        events = response.text().split("\n\n")
        kept.extend(events[:8])
        route.fulfill(
            status=200, headers={"Content-Type": "text/event-stream"}, body="\n\n".join(kept) + "\n\n"
        )

    page.route("**/api/ask", first_part)
    resumed: list[str | None] = []
    page.on(
        "request",
        lambda r: resumed.append(r.headers.get("last-event-id")) if r.url.endswith("/events") else None,
    )
    page.goto(url)
    ask(page, "讲一个很长的故事")
    wait_done(page)
    ids = [line[4:] for event in kept for line in event.split("\n") if line.startswith("id: ")]
    assert len(ids) == 8 and resumed[:1] == [ids[-1]]  # carried on after the last event it had
    assert page.locator(".turn").count() == 1
    shown = page.inner_text(ANSWER)
    assert shown == STORY
    [turn] = stored_turns(url, page)
    assert turn["answer"] == shown
    assert page.problems.errors == []
