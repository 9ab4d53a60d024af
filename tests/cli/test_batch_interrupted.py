"""Ctrl-C during `zuoye batch` at a teacher's terminal: exit 130, and the teacher is told how many
answers are kept and that the same command goes on — it ended without a word (and a message printed
before the progress bar's last frame was drawn over by it)."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect

from tests.cli.conftest import Run

ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]
SLOW = "第一句。第二句。第三句。第四句。第五句。第六句。第七句。第八句。"


def test_ctrl_c_says_what_is_kept_and_how_to_go_on(
    zuoye: Callable[..., Run],
    online: Callable[[str], None],
    emulator_factory: Callable[..., str],
    tmp_path: Path,
) -> None:
    rules = [
        {"match": "快", "reply": {"result": "很快的回答。"}},
        {"match": "慢", "reply": {"result": SLOW}, "delay_ms": 500},
    ]
    online(emulator_factory(scenario={"rules": rules}))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("题号,题目\n1,快问题\n2,慢问题\n", encoding="utf-8")
    report = tmp_path / "answers.html"
    args = ["batch", str(sheet), "-o", str(report), "-c", "1"]
    child = pexpect.spawn(
        ZUOYE[0], [*ZUOYE[1:], *args], env=dict(os.environ, TERM="xterm-256color"), encoding="utf-8",
        timeout=60, dimensions=(30, 100),
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    journal = tmp_path / ".answers.html.journal.jsonl"
    deadline = time.monotonic() + 30
    while (
        b'"answered"' not in (journal.read_bytes() if journal.exists() else b"")
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    time.sleep(0.5)  # the slow one is being answered
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    seen = child.logfile_read.getvalue()
    assert child.exitstatus == 130, seen
    assert "已停止：2 题里已答的 1 题都保存着。再运行同样的命令" in seen, seen
    assert "很快的回答" in report.read_text(encoding="utf-8")  # the report holds what was answered

    again = zuoye(*args)
    assert again.exit_code == 0, again.stderr
    assert "之前已答 1" in again.stderr
