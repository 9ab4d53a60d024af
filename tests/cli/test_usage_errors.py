"""Mistakes in the command line itself — a question typed without quotes, an unknown option, a value
out of range, a missing -o, a misspelt command — said in the reader's language with the command whose
--help shows the usage; Click said them in English ("Error: Got unexpected extra argument ...")."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.cli.conftest import Run

CASES = [
    (
        ("ask", "解方程", "2x", "+", "3", "=", "7"),
        "多出了参数 2x + 3 = 7：题目里有空格时，请把整道题放在引号里",
    ),
    (("ask", "--jsn", "1+1"), "没有 --jsn 这个选项（是不是 --json？）"),
    (("ask", "--pick", "0", "1+1"), "'--pick' 的值不对：要大于或等于 1。"),
    (("ask", "--pick", "二", "1+1"), "'--pick' 的值不对：要是整数。"),
    (("batch", "sheet.csv"), "缺少 '--output' / '-o'。"),
    (("aks", "1+1"), "没有 aks 这个命令（是不是 ask？）"),
    (("ask", "1+1", "--model"), "--model 后面要写一个值。"),
]


@pytest.mark.parametrize(("args", "said"), CASES)
def test_said_in_chinese(zuoye: Callable[..., Run], args: tuple[str, ...], said: str) -> None:
    r = zuoye(*args)
    assert r.exit_code == 2
    assert r.stderr.startswith("错误：" + said), r.stderr
    command = "zuoye" if args[0] == "aks" else f"zuoye {args[0]}"  # the command the usage is read from
    assert f"用法见 `{command} --help`" in r.stderr
    assert "Error" not in r.stderr and "Usage" not in r.stderr


@pytest.mark.usefixtures("cli_env")
def test_said_in_english_by_the_installed_command() -> None:
    r = subprocess.run(
        [sys.executable, "-c", "from zuoye.cli import main; main()", "solve", "solve", "2x", "=", "4"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LANG": "en_US.UTF-8"},
        check=False,
    )
    assert r.returncode == 2
    assert r.stderr.startswith(
        "error: unexpected extra argument(s) 2x = 4: put a question with spaces in quotes"
    )
    assert 'e.g. zuoye solve "solve 2x + 3 = 7". See `zuoye solve --help`.' in r.stderr


@pytest.mark.parametrize("group", [("users",), ("users", "tokens")])
def test_a_group_alone_shows_its_help_not_an_error(zuoye: Callable[..., Run], group: tuple[str, ...]) -> None:
    """Broken by the translation of usage errors (Click's "no arguments: show help" is one) and fixed."""
    r = zuoye(*group)
    shown = r.stdout + r.stderr
    assert (
        f"zuoye {' '.join(group)} [OPTIONS] COMMAND" in shown and "revoke" in zuoye("users", "tokens").stderr
    )
    assert "错误" not in shown
