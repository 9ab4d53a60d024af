"""`zuoye mistakes` given what a student might mistype: clear errors and exit code 2, never a
traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.cli.conftest import Run


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
    assert r.exit_code == 2 and "Missing argument" in r.stderr
