"""`zuoye chat` as a student meets it: typed at a terminal (a pseudo-terminal here), with arrow
keys, history, Ctrl-C and Ctrl-D; and as a script meets it, one question per line on a pipe."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest

from tests.cli.conftest import Run, v2_key

ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]
PROMPT = "问>"
LEFT, UP, BACKSPACE, CTRL_C, CTRL_D, ESC_ENTER = "\x1b[D", "\x1b[A", "\x7f", "\x03", "\x04", "\x1b\r"
SLOW = "第一句。第二句。第三句。第四句。第五句。第六句。第七句。第八句。"


@pytest.fixture
def terminal(cli_env: dict[str, str]) -> Iterator[Callable[..., pexpect.spawn]]:
    """Start `zuoye chat` on a pseudo-terminal, as a student's shell would."""
    children: list[pexpect.spawn] = []

    def start(*args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
        full = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="40", **(env or {}))
        # The pseudo-terminal does not answer "where is the cursor?" as a real terminal does.
        full["PROMPT_TOOLKIT_NO_CPR"] = "1"
        child = pexpect.spawn(
            ZUOYE[0],
            [*ZUOYE[1:], "chat", *args],
            env=full,
            encoding="utf-8",
            timeout=30,
            dimensions=(40, 100),
        )
        child.logfile_read = io.StringIO()  # the whole transcript, as the student saw it
        children.append(child)
        child.expect(PROMPT)
        return child

    yield start
    for child in children:
        child.close(force=True)


def turns(zuoye: Callable[..., Run]) -> list[dict[str, object]]:
    """The one conversation's turns, as `zuoye history` lists them (in-process: quicker)."""
    [conv] = zuoye("history", "--json").json()
    turns: list[dict[str, object]] = zuoye("history", conv["id"], "--json").json()["turns"]
    return turns


def online_env(url: str) -> dict[str, str]:
    return {"QIANFAN_BEARER_TOKEN": v2_key(), "QIANFAN_CONSOLE_API_BASE_URL": url}


def test_typing_editing_history_lines_ctrl_c_and_ctrl_d(
    terminal: Callable[..., pexpect.spawn], emulator: str, zuoye: Callable[..., Run]
) -> None:
    chat = terminal(env=online_env(emulator))
    assert "Alt+Enter" in chat.before and "Ctrl+D" in chat.before  # the prompt says how

    # ← and Backspace edit in the middle of the line: 2x+3=17 becomes 2x+3=7.
    chat.send("解方程 2x+3=17" + LEFT + BACKSPACE + "\r")
    chat.expect("答")
    chat.expect(PROMPT)

    # ↑ recalls the question just asked.
    chat.send(UP + "\r")
    chat.expect("答")
    chat.expect(PROMPT)

    # Two ways to write on several lines: a trailing backslash, and Alt+Enter (Esc, Enter).
    chat.send("计算 1+2\\\r")
    chat.send("+3" + ESC_ENTER + "+4\r")
    chat.expect("答")
    chat.expect(PROMPT)

    # Ctrl-C at the prompt clears the line: the Ctrl-D after it meets an empty line and leaves.
    chat.send(CTRL_C)  # on an empty line: nothing to clear, the chat stays
    chat.expect(PROMPT)
    chat.send("写了一半的问题")
    chat.expect("写了一半的问题")  # drawn: the prompt expected next is the one after the Ctrl-C
    chat.send(CTRL_C)
    chat.expect(PROMPT)
    chat.send(CTRL_D)
    chat.expect(r"zuoye chat --session ([0-9a-f]{8})")
    session = chat.match.group(1)
    chat.expect(pexpect.EOF)
    chat.wait()
    assert chat.exitstatus == 0

    done = turns(zuoye)
    assert [t["question"] for t in done] == ["解方程 2x+3=7", "解方程 2x+3=7", "计算 1+2\n+3\n+4"]
    assert all(t["status"] == "complete" for t in done)
    # The history is the student's, kept in their data directory, readable by them alone.
    kept = Path(os.environ["ZUOYE_HOME"]) / "chat_history"
    assert "解方程 2x+3=7" in kept.read_text() and kept.stat().st_mode & 0o077 == 0

    # The next chat recalls the last session's questions, and --session continues it.
    again = terminal("--session", session, env=online_env(emulator))
    again.send(UP)
    again.expect("计算 1\\+2")
    again.send(CTRL_C)
    again.expect(PROMPT)
    again.send("/exit\r")
    again.expect(pexpect.EOF)


def test_ctrl_c_stops_the_answer_and_returns_to_the_prompt(
    terminal: Callable[..., pexpect.spawn], emulator_factory: Callable[..., str], zuoye: Callable[..., Run]
) -> None:
    scenario = {"rules": [{"match": "慢", "reply": {"result": SLOW}, "delay_ms": 300}]}
    chat = terminal(env=online_env(emulator_factory(scenario=scenario)))
    chat.send("讲慢一点\r")
    chat.expect("第一句")
    chat.sendintr()  # what the terminal sends for Ctrl-C while the answer streams
    chat.expect("已停止")
    chat.expect(PROMPT)
    assert "已保存" in chat.before and chat.before.count("已停止") == 0  # said once
    # The chat goes on in the same conversation.
    chat.send("计算 1+1\r")
    chat.expect("答")
    chat.expect(PROMPT)
    chat.send(CTRL_D)
    chat.expect(pexpect.EOF)
    chat.wait()
    assert chat.exitstatus == 0
    first, second = turns(zuoye)
    assert first["status"] == "incomplete" and first["error"] == "interrupted"
    assert str(first["answer"]).startswith("第一句") and "第八句" not in str(first["answer"])
    assert second["status"] == "complete"


def test_offline_a_follow_up_the_solver_cannot_read_keeps_the_chat_going(
    terminal: Callable[..., pexpect.spawn],
) -> None:
    chat = terminal()  # no keys: the local solver answers
    chat.send("解方程 2x+3=7\r")
    chat.expect("答")
    chat.expect(PROMPT)
    chat.send("为什么要移项？\r")
    chat.expect("本地求解器回答不了")
    chat.expect(PROMPT)
    chat.send("解方程 3x=9\r")
    chat.expect(r"x\s=\s3")  # a short formula's spaces are no-break spaces
    chat.expect(PROMPT)
    chat.send(CTRL_D)
    chat.expect("zuoye chat --session")
    chat.expect(pexpect.EOF)
    # The offline notice is said once in a chat, not before every answer.
    assert chat.logfile_read.getvalue().count("未配置，以下") == 1


def test_piped_lines_are_questions_and_a_failed_one_does_not_end_the_chat(zuoye: Callable[..., Run]) -> None:
    r = zuoye("chat", input="解方程 2x+3=7\n为什么要移项？\n\n解方程 3x=9\n")
    assert r.exit_code == 3  # a script learns that a line was not answered
    assert "x = 2" in r.stdout and "x = 3" in r.stdout
    assert "本地求解器回答不了" in r.stderr and "zuoye chat --session" in r.stderr
    [conv] = zuoye("history", "--json").json()
    assert conv["turns"] == 3


def test_a_session_that_does_not_exist_is_said_before_the_first_question(zuoye: Callable[..., Run]) -> None:
    """It failed every question, then said "to go on: zuoye chat --session nosuch", exit 0 when none
    was asked."""
    r = zuoye("chat", "--session", "nosuch", input="解方程 2x+3=7\n")
    assert r.exit_code == 2
    assert r.stderr.startswith("错误：没有对话“nosuch”") and "zuoye chat --session" not in r.stderr
    assert r.stdout == "" and zuoye("history", "--json").json() == []
    # A prefix of one that exists goes on with it, and the goodbye names it whole.
    assert zuoye("ask", "解方程 2x+3=7").exit_code == 0
    [conversation] = zuoye("history", "--json").json()
    again = zuoye("chat", "--session", conversation["id"][:4], input="解方程 3x=9\n")
    assert again.exit_code == 0 and f"zuoye chat --session {conversation['id'][:8]}" in again.stderr
    assert [c["turns"] for c in zuoye("history", "--json").json()] == [2]
