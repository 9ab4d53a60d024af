"""Ctrl-C while `zuoye ask` writes its answer: exit 130, and the student is told that what was written
is saved and how to go on with the conversation — it used to end without a word. `zuoye history`
then says in words why the answer is incomplete (it showed the codes: "incomplete", "(interrupted)")."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable

import pexpect
import pytest

from tests.cli.conftest import Run, v2_key

ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]
SLOW = "第一句。第二句。第三句。第四句。第五句。第六句。第七句。第八句。"


@pytest.mark.parametrize(
    ("lang", "said", "shown"),
    [
        (
            "zh_CN.UTF-8",
            "已停止。已写出的部分已保存；继续这次对话：",
            "· 不完整 ─|这个回答不完整（回答中途停止了",
        ),
        (
            "en_US.UTF-8",
            "what was written is saved",
            "· incomplete ─|this answer is incomplete (it was stopped",
        ),
    ],
)
def test_ctrl_c_during_the_answer_says_it_is_saved_and_how_to_go_on(
    zuoye: Callable[..., Run],
    emulator_factory: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    said: str,
    shown: str,
) -> None:
    url = emulator_factory(scenario={"rules": [{"match": "慢", "reply": {"result": SLOW}, "delay_ms": 300}]})
    env = dict(os.environ, LANG=lang, TERM="xterm-256color", QIANFAN_BEARER_TOKEN=v2_key())
    env["QIANFAN_CONSOLE_API_BASE_URL"] = url
    child = pexpect.spawn(
        ZUOYE[0], [*ZUOYE[1:], "ask", "讲慢一点"], env=env, encoding="utf-8", timeout=30, dimensions=(30, 100)
    )
    child.logfile_read = io.StringIO()
    child.expect("第一句")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    seen = child.logfile_read.getvalue()
    assert child.exitstatus == 130, seen
    assert said in seen
    ref = re.search(r'zuoye ask --session ([0-9a-f]{8}) "…"', seen)
    assert ref is not None, seen
    [conversation] = zuoye("history", "--json").json()
    assert conversation["id"].startswith(ref.group(1))
    [turn] = zuoye("history", ref.group(1), "--json").json()["turns"]
    assert turn["status"] == "incomplete" and turn["answer"].startswith("第一句")
    assert turn["error"] == "interrupted"  # a code for programs …
    monkeypatch.setenv("LANG", lang)
    history = zuoye("history", ref.group(1)).stdout
    for words in shown.split("|"):  # … and words for the student
        assert words in history, history
    assert "(interrupted)" not in history and "（interrupted）" not in history
