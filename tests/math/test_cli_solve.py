"""`zuoye solve`: pretty output, --json, --batch (ordered, streamed, never a lost line), exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from zuoye.cli import _register, app
from zuoye.cli._app import EXIT_USAGE

_register()
runner = CliRunner()


def test_pretty_output_shows_steps_and_answer() -> None:
    result = runner.invoke(app, ["solve", "解方程 x^2-5x+6=0"])
    assert result.exit_code == 0, result.output
    assert "因式分解" in result.output
    assert "x₁ = 2" in result.output and "x₂ = 3" in result.output
    assert "$" not in result.output  # LaTeX is rendered as readable text in a terminal


def test_pretty_output_says_what_the_computer_understood() -> None:
    result = runner.invoke(app, ["solve", "x的平方-4x+4=0"])
    assert result.exit_code == 0, result.output
    assert "计算机理解的题目：" in result.output and "x² − 4x + 4 = 0" in result.output


def test_square_brackets_in_a_question_are_not_markup() -> None:
    result = runner.invoke(app, ["solve", "计算行列式 [[2, 1], [1, 3]]"])
    assert result.exit_code == 0
    assert "[[2, 1], [1, 3]]" in result.output


def test_json_output() -> None:
    result = runner.invoke(app, ["solve", "--json", "计算 1/2 + 1/3"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["answer"] == ["5/6"]
    assert data["answer_latex"] == r"\frac{5}{6}"
    assert data["kind"] == "arithmetic"
    assert data["steps"] and all(isinstance(s, str) for s in data["steps"])


def test_unsolvable_problem_exits_with_usage_and_says_what_works() -> None:
    result = runner.invoke(app, ["solve", "小明有几个苹果？"])
    assert result.exit_code == EXIT_USAGE
    result = subprocess.run(
        [sys.executable, "-c", "from zuoye.cli import main; main()", "solve", "import os"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == EXIT_USAGE
    assert "import" in result.stderr and "解方程" in result.stderr  # what was wrong, and what works
    assert "Traceback" not in result.stderr


def test_arguments_are_checked() -> None:
    assert runner.invoke(app, ["solve"]).exit_code == EXIT_USAGE
    assert runner.invoke(app, ["solve", "1+1", "--batch", "x.jsonl"]).exit_code == EXIT_USAGE
    assert runner.invoke(app, ["solve", "--batch", "/no/such/file.jsonl"]).exit_code == EXIT_USAGE


def test_batch_keeps_ids_order_and_every_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 1, "q": "计算 1/2+1/3"}, ensure_ascii=False),
        "this is not json",
        json.dumps({"id": "b", "q": "解方程 2x+3=7"}, ensure_ascii=False),
        "",
        json.dumps([1, 2]),
        json.dumps({"id": 7}),
        json.dumps({"id": 8, "q": "9^9^9^9"}),
        json.dumps({"id": None, "q": "一个人走了多远？"}, ensure_ascii=False),
        json.dumps({"id": {"nested": True}, "q": "求 24 和 36 的最大公约数"}, ensure_ascii=False),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["solve", "--batch", str(path)])
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 8  # one per non-blank input line
    assert out[0]["id"] == 1 and out[0]["answer"] == ["5/6"]
    assert out[1]["id"] is None and out[1]["line"] == 2 and "JSON" in out[1]["error"]
    assert out[2]["id"] == "b" and out[2]["answer"] == ["x=2"]
    assert out[3]["line"] == 5 and "error" in out[3]
    assert out[4]["id"] == 7 and '"q"' in out[4]["error"]
    assert out[5]["id"] == 8 and out[5]["error_type"] == "BudgetExceeded"
    assert out[6]["error_type"] == "UnsupportedProblem"
    assert out[7]["id"] == {"nested": True} and out[7]["answer"] == ["12"]


def test_batch_streams_one_line_out_per_line_in() -> None:
    # Through a real pipe: the answer to the first line arrives before the second line is sent.
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from zuoye.cli import main; main()", "solve", "--batch", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin and proc.stdout
    try:
        proc.stdin.write(json.dumps({"id": "a", "q": "1+1"}) + "\n")
        proc.stdin.flush()
        first = json.loads(proc.stdout.readline())
        assert first["id"] == "a" and first["answer"] == ["2"]
        proc.stdin.write(json.dumps({"id": "b", "q": "2+2"}) + "\n")
        proc.stdin.close()
        second = json.loads(proc.stdout.readline())
        assert second["id"] == "b" and second["answer"] == ["4"]
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
