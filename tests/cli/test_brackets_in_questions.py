"""A question with square brackets ("区间 [a,b]", "[2+3]*2", even "[/b]") is listed and shown as it was
typed by `zuoye history` and `zuoye mistakes`: never taken for the terminal's colour markup, which
dropped the brackets and what was inside them, or failed with a traceback."""

from __future__ import annotations

from collections.abc import Callable

from tests.cli.conftest import Run


def _latest(zuoye: Callable[..., Run]) -> str:
    conversations = zuoye("history", "--json").json()
    return str(conversations[0]["id"])


def test_history_lists_and_shows_brackets_as_typed(zuoye: Callable[..., Run]) -> None:
    assert zuoye("ask", "计算 [2+3]*2").exit_code == 0
    zuoye("ask", "求 f(x) 在区间 [a,b] 上的最大值 [/b]")  # offline: not answered, but kept
    listed = zuoye("history")
    assert listed.exit_code == 0, listed.stderr
    assert "[2+3]*2" in listed.stdout and "[a,b]" in listed.stdout and "[/b]" in listed.stdout
    shown = zuoye("history", _latest(zuoye))
    assert shown.exit_code == 0, shown.stderr
    assert "区间 [a,b] 上的最大值 [/b]" in shown.stdout


def test_mistakes_list_brackets_as_typed(zuoye: Callable[..., Run]) -> None:
    assert zuoye("ask", "化简 [a+b]*2").exit_code == 0
    assert zuoye("mistakes", "add", _latest(zuoye)).exit_code == 0
    listed = zuoye("mistakes")
    assert listed.exit_code == 0, listed.stderr
    assert "化简 [a+b]*2" in listed.stdout
