"""A control character in a question from the command line or a worksheet is refused with the
web API's message, on PostgreSQL as on SQLite (PostgreSQL cannot store NUL: it was a crash)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.store.conftest import postgres_url  # noqa: F401 -- a fixture, used by name

pytestmark = pytest.mark.postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, cli_env: dict[str, str]
) -> None:
    if request.param == "postgresql":
        monkeypatch.setenv("ZUOYE_DATABASE_URL", request.getfixturevalue("postgres_url"))


def test_ask_refuses_a_nul_in_the_question(database: None, zuoye: Callable[..., Run]) -> None:
    run = zuoye("ask", "解方程 x+1=3\x00")
    assert run.exit_code != 0
    assert "不能含有控制字符" in run.stderr and "U+0000" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_worksheet_line_with_a_control_character_fails_alone(
    database: None, zuoye: Callable[..., Run], tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.jsonl"
    sheet.write_text(
        json.dumps({"id": "a", "question": "2+3=?"})
        + "\n"
        + json.dumps({"id": "b", "question": "1+1\x07=?"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    run = zuoye("batch", str(sheet), "-o", str(out))
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert records["a"]["status"] == "answered"
    assert records["b"]["status"] == "failed" and "U+0007" in records["b"]["error"]
    assert "Traceback" not in run.stderr
