"""`zuoye solve --json` prints one JSON object whether the problem was solved or not: a failure used to
print nothing on stdout (only the message on stderr), so a script reading it had nothing to parse."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.cli.conftest import Run


@pytest.mark.parametrize(
    ("problem", "error_type"), [("hello", "ParseError"), ("1/0", None), ("  ", "UsageError")]
)
def test_a_failure_is_one_object_like_a_batch_line(
    zuoye: Callable[..., Run], problem: str, error_type: str | None
) -> None:
    r = zuoye("solve", "--json", problem)
    assert r.exit_code == 2
    data = r.json()
    assert data["question"] == problem and data["error"] and r.stderr.startswith("错误：")
    assert data["error"].splitlines()[0] in r.stderr
    if error_type is not None:
        assert data["error_type"] == error_type
    # the same fields as a failed line of --batch, less its id
    line = zuoye("solve", "--batch", "-", input='{"id": 1, "q": "hello"}\n').json()
    assert set(line) - {"id"} <= set(data)


def test_a_solution_is_unchanged(zuoye: Callable[..., Run]) -> None:
    r = zuoye("solve", "--json", "1+1")
    assert r.exit_code == 0 and r.json()["answer"] == ["2"] and "error" not in r.json()
