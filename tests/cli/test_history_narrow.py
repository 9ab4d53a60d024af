"""`zuoye history` on a narrow terminal (a phone's SSH app, a split pane): the id a student types to go
on is shown whole, and so is the title. The table cut the id to "07aa…" at 40 columns."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable

import pexpect
import pytest

from tests.cli.conftest import Run

ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]


@pytest.mark.parametrize("columns", [40, 100])
def test_the_id_and_the_title_are_whole(zuoye: Callable[..., Run], columns: int) -> None:
    assert zuoye("ask", "解方程 x^2-5x+6=0").exit_code == 0
    [conversation] = zuoye("history", "--json").json()
    child = pexpect.spawn(
        ZUOYE[0], [*ZUOYE[1:], "history"], env=dict(os.environ, TERM="xterm-256color", COLUMNS=str(columns)),
        encoding="utf-8", timeout=30, dimensions=(30, columns),
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    child.expect(pexpect.EOF)
    child.close()
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.logfile_read.getvalue())
    assert child.exitstatus == 0, shown
    assert conversation["id"][:8] in shown and "解方程 x^2-5x+6=0" in shown, shown
    assert "…" not in shown, shown
