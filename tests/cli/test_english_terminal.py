"""An English reader at a terminal sees English around the answer: the spinner, the session line,
the chat prompt, the worksheet progress bar — and a progress notice ("answering again…") gives way
to its outcome as the Chinese one does."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect

from tests.cli.conftest import v2_key
from tests.cli.test_answer_display import SCENARIO, final_screen

ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]
ENGLISH = {"LANG": "en_US.UTF-8", "TERM": "xterm-256color", "COLUMNS": "80", "PROMPT_TOOLKIT_NO_CPR": "1"}


def spawn(*args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    child = pexpect.spawn(
        ZUOYE[0], [*ZUOYE[1:], *args], env=dict(os.environ, **ENGLISH, **(env or {})),
        encoding="utf-8", timeout=60, dimensions=(50, 80),
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    return child


def test_an_answer_its_notices_and_its_footer(
    cli_env: dict[str, str], emulator_factory: Callable[..., str]
) -> None:
    online = {
        "QIANFAN_BEARER_TOKEN": v2_key(),
        "QIANFAN_CONSOLE_API_BASE_URL": emulator_factory(scenario=SCENARIO),
    }
    child = spawn("ask", "解方程 2x+3=9", env=online)  # answered wrongly: checked, asked again
    child.expect(pexpect.EOF)
    child.close()
    transcript = child.logfile_read.getvalue()
    assert child.exitstatus == 0, transcript
    assert "Thinking" in transcript and "正在思考" not in transcript
    screen = final_screen(transcript)
    shown = "\n".join(screen)
    # The progress lines ("…answering again (attempt 2)…") gave way to their outcome.
    assert "answering again (attempt" not in shown, shown
    assert any(line.startswith("※ Disagreement: the computer found x = 3") for line in screen), shown
    assert "会话" not in transcript
    footer = [line for line in screen if line.strip()][-2:]
    assert re.fullmatch(r"session [0-9a-f]{8} · ERNIE-4\.0-8K · \d+ tokens", footer[0]), footer
    assert re.fullmatch(r'follow up: zuoye ask --session [0-9a-f]{8} "…"', footer[1]), footer


def test_the_chat_prompt(cli_env: dict[str, str]) -> None:
    chat = spawn("chat")
    chat.expect_exact("Q>")
    chat.send("2x+3=7\r")
    chat.expect("x = 2|x\u00a0=\u00a02")
    chat.expect_exact("Q>")
    chat.send("\x04")
    chat.expect(pexpect.EOF)
    chat.close()
    assert "问>" not in chat.logfile_read.getvalue()


def test_the_worksheet_progress_bar(cli_env: dict[str, str], tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("id,question\n1,2x+3=7\n2,3+4*5\n", encoding="utf-8")
    child = spawn("batch", str(sheet), "-o", str(tmp_path / "answers.html"))
    child.expect(pexpect.EOF)
    child.close()
    transcript = child.logfile_read.getvalue()
    assert child.exitstatus == 0, transcript
    assert "answering" in transcript and "答题" not in transcript
