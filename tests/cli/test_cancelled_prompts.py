"""Ctrl-C or Ctrl-D at one of the command line's questions (a password, which question of a photo,
an answer to 再练一题) cancels it the way Ctrl-C stops anything else: exit 130 and one line in the
reader's language — not Click's English "Aborted!" and exit 1."""

from __future__ import annotations

from collections.abc import Callable

import pexpect
import pytest

from tests.cli.conftest import Run


@pytest.mark.parametrize(
    ("env", "prompt", "key", "said"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "密码:", "\x03", "已取消。"),
        ({"LANG": "en_US.UTF-8"}, "Password:", "\x04", "Cancelled."),
    ],
)
def test_ctrl_c_or_ctrl_d_at_a_password_prompt(
    terminal: Callable[..., pexpect.spawn],
    zuoye: Callable[..., Run],
    env: dict[str, str],
    prompt: str,
    key: str,
    said: str,
) -> None:
    add = terminal("users", "add", "amy", env=env)
    add.expect_exact(prompt)
    add.send(key)
    add.expect(pexpect.EOF)
    add.close()
    seen = add.logfile_read.getvalue()
    assert add.exitstatus == 130, seen
    assert said in seen and "Aborted" not in seen
    assert zuoye("users", "list", "--json").json() == []  # nothing was created


def test_ctrl_c_at_a_practice_question(
    terminal: Callable[..., pexpect.spawn], zuoye: Callable[..., Run]
) -> None:
    assert zuoye("ask", "解方程 2x+5=9").exit_code == 0
    [conversation] = zuoye("history", "--json").json()
    assert zuoye("mistakes", "add", conversation["id"]).exit_code == 0
    practise = terminal("mistakes", "practise", "1", env={"LANG": "zh_CN.UTF-8"})
    practise.expect_exact(":")
    practise.sendintr()
    practise.expect(pexpect.EOF)
    practise.close()
    seen = practise.logfile_read.getvalue()
    assert practise.exitstatus == 130, seen
    assert "已取消。" in seen and "Aborted" not in seen
