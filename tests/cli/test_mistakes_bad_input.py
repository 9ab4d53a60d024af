"""`zuoye mistakes` given what a student might mistype: clear errors and exit code 2, never a
traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.cli.conftest import Run, regenerated_on_the_page


@pytest.mark.parametrize("command", ["remove", "practise"])
@pytest.mark.parametrize("number", ["99999999999999999999", "2147483648", "0"])
def test_a_number_no_entry_can_have_is_not_found(
    zuoye: Callable[..., Run], command: str, number: str
) -> None:
    # beyond a database integer (SQLite's driver overflowed on it): as absent as any other
    answer = ["--answer", "3"] if command == "practise" else []
    r = zuoye("mistakes", command, number, *answer)
    assert r.exit_code == 2 and "错题本里没有这一条" in r.stderr, r.stderr


@pytest.mark.parametrize("command", ["add", "remove", "practise"])
def test_a_missing_argument_says_what_is_missing(zuoye: Callable[..., Run], command: str) -> None:
    r = zuoye("mistakes", command)
    assert r.exit_code == 2 and "缺少 '" in r.stderr and f"zuoye mistakes {command} --help" in r.stderr


def test_turn_numbers_count_questions_as_history_shows_them(zuoye: Callable[..., Run]) -> None:
    # the page regenerated the first answer: `zuoye history` shows two questions, so --turn 2 is
    # the second question, not the newer answer to the first
    session = regenerated_on_the_page(zuoye, "解方程 2x+5=9")
    assert zuoye("ask", "--session", session, "解方程 3x-1=8").exit_code == 0

    r = zuoye("mistakes", "add", session, "--turn", "2")
    assert r.exit_code == 0 and "解方程 3x-1=8" in r.stdout, r.stdout + r.stderr
    r = zuoye("mistakes", "add", session, "--turn", "3")
    assert r.exit_code == 2 and "2" in r.stderr


def test_an_unknown_conversation_is_named_as_history_names_it(zuoye: Callable[..., Run]) -> None:
    r = zuoye("mistakes", "add", "nosuch")
    assert r.exit_code == 2 and r.stderr.startswith("错误：没有对话“nosuch”："), r.stderr  # not 'nosuch'
