from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import Run

QUESTIONS = [
    "计算 1/2 + 1/3",
    "解方程 4x - 7 = 9",
    "解方程 x²-7x+12=0",
    "求 24 和 36 的最大公约数",
    "计算 6!",
]


def _worksheet(path: Path, questions: list[str], *, bad: bool = False) -> Path:
    lines = [json.dumps({"id": f"q{i}", "question": q}, ensure_ascii=False) for i, q in enumerate(questions)]
    if bad:
        lines.insert(2, '{"id": "broken", "question": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_answers_everything_reports_bad_lines_and_resumes(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str, tmp_path: Path
) -> None:
    online(emulator)
    src = _worksheet(tmp_path / "w.jsonl", QUESTIONS, bad=True)
    out = tmp_path / "answers.jsonl"
    r = zuoye("batch", str(src), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert f"{src}:3：已跳过" in r.stderr
    records = _records(out)
    assert sorted(str(rec["id"]) for rec in records) == [f"q{i}" for i in range(5)]
    for rec in records:
        assert rec["status"] == "answered" and rec["answer"] and rec["model"] == "ERNIE-4.0-8K"
        assert set(rec) >= {"id", "question", "answer", "checks", "usage", "model", "status", "error"}
    assert all(rec["checks"][-1]["status"] == "agree" for rec in records)  # type: ignore[index]

    again = zuoye("batch", str(src), "-o", str(out))
    assert again.exit_code == 0
    assert "之前已答 5" in again.stderr
    assert len(_records(out)) == 5  # nothing duplicated


@pytest.mark.parametrize("suffix", [".md", ".html", ".csv"])
def test_report_formats_from_csv_input(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str, tmp_path: Path, suffix: str
) -> None:
    online(emulator)
    src = tmp_path / "w.csv"
    src.write_text(
        'id,question\n1,"解方程组 x+2y=8, 3x-y=3"\n2,<script>alert(1)</script> 计算 1+1\n', encoding="utf-8"
    )
    out = tmp_path / f"report{suffix}"
    r = zuoye("batch", str(src), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "解方程组 x+2y=8, 3x-y=3" in text
    if suffix == ".html":
        assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    if suffix == ".md":
        assert "已回答 2" in text


def test_rate_limits_slow_the_batch_instead_of_failing_items(
    zuoye: Callable[..., Run],
    online: Callable[[str], None],
    emulator_factory: Callable[..., str],
    tmp_path: Path,
) -> None:
    online(emulator_factory(qps=4))
    questions = [f"计算 {i}+{i}" for i in range(16)]
    out = tmp_path / "a.jsonl"
    r = zuoye("batch", str(_worksheet(tmp_path / "w.jsonl", questions)), "-o", str(out), "-c", "8")
    assert r.exit_code == 0, r.stderr
    assert [rec["status"] for rec in _records(out)] == ["answered"] * 16


def test_failures_are_recorded_not_dropped_and_retried_on_rerun(
    zuoye: Callable[..., Run],
    online: Callable[[str], None],
    emulator_factory: Callable[..., str],
    tmp_path: Path,
) -> None:
    scenario = {"rules": [{"match": "忙", "reply": {"error_code": 336003, "error_msg": "invalid argument"}}]}
    online(emulator_factory(scenario=scenario))
    src = _worksheet(tmp_path / "w.jsonl", ["计算 1+1", "忙碌的问题", "计算 2+2"])
    out = tmp_path / "a.jsonl"
    r = zuoye("batch", str(src), "-o", str(out))
    # refused as an invalid request (the input's kind, as `zuoye ask` exits 2 for it): not the service's
    assert r.exit_code == 2 and "是题目本身的问题" in r.stderr, r.stderr
    by_id = {rec["id"]: rec for rec in _records(out)}
    assert by_id["q1"]["status"] == "failed" and "invalid argument" in str(by_id["q1"]["error"])
    assert by_id["q0"]["status"] == by_id["q2"]["status"] == "answered"
    again = zuoye("batch", str(src), "-o", str(out))
    assert "之前已答 2" in again.stderr  # only the failed one is tried again


def test_bad_invocations(zuoye: Callable[..., Run], tmp_path: Path) -> None:
    src = _worksheet(tmp_path / "w.jsonl", QUESTIONS)
    assert zuoye("batch", str(src), "-o", str(tmp_path / "x.docx")).exit_code == 2
    assert zuoye("batch", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "a.jsonl")).exit_code == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert zuoye("batch", str(empty), "-o", str(tmp_path / "a.jsonl")).exit_code == 2


@pytest.mark.slow
def test_kill_9_loses_nothing_finished_and_duplicates_nothing(
    cli_env: dict[str, str], emulator_factory: Callable[..., str], tmp_path: Path
) -> None:
    url = emulator_factory(latency_ms=150)
    env = dict(os.environ, QIANFAN_AK="test-ak", QIANFAN_SK="test-sk", QIANFAN_BASE_URL=url)
    questions = [f"计算 {i}*3+1" for i in range(40)]
    src = _worksheet(tmp_path / "w.jsonl", questions)
    out = tmp_path / "a.jsonl"
    cmd = [
        sys.executable,
        "-c",
        "from zuoye.cli import main; main()",
        "batch",
        str(src),
        "-o",
        str(out),
        "-c",
        "4",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and len(out.read_bytes().splitlines()) >= 8:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = (
        {rec["id"] for rec in _records(out) if rec["status"] == "answered"}
        if out.read_bytes().endswith(b"\n")
        else None
    )
    assert before is None or 8 <= len(before) < 40
    finished = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    records = _records(out)
    ids = [rec["id"] for rec in records]
    assert sorted(set(ids)) == sorted(f"q{i}" for i in range(40))
    assert len(ids) == len(set(ids))  # nothing answered twice


def _model_calls(emulator: str) -> int:
    return int(httpx.get(f"{emulator}/_emulator/stats").json()["v2_requests"])


@pytest.mark.parametrize(
    ("first", "then"),
    [("report.jsonl", "report.html"), ("report.html", "report.jsonl"), ("答案.md", "学生版.html")],
)
def test_the_same_worksheet_in_another_format_reuses_the_answers_paid_for(
    zuoye: Callable[..., Run],
    online: Callable[[str], None],
    emulator: str,
    tmp_path: Path,
    first: str,
    then: str,
) -> None:
    online(emulator)
    src = _worksheet(tmp_path / "sheet.jsonl", QUESTIONS[:3])
    before = _model_calls(emulator)
    assert zuoye("batch", str(src), "-o", str(tmp_path / first)).exit_code == 0
    paid = _model_calls(emulator) - before
    assert paid >= 3

    again = zuoye("batch", str(src), "-o", str(tmp_path / then), "--version", "key")
    assert again.exit_code == 0, again.stderr
    assert _model_calls(emulator) - before == paid  # not one new model call
    assert f"沿用 {tmp_path / first} 里已经答过的 3 题" in again.stderr
    assert "之前已答 3" in again.stderr
    if then.endswith(".html"):
        page = (tmp_path / then).read_text(encoding="utf-8")
        assert page.count("<li>") == 3 and "<math" in page
        assert "用量 0 tokens" not in page  # the answers' usage is still theirs
    else:
        assert len(_records(tmp_path / "report.jsonl")) == 3

    # A question changed since: asked (and paid for) alone; the others still reused.
    changed = _worksheet(tmp_path / "sheet.jsonl", [*QUESTIONS[:2], QUESTIONS[3]])
    third = zuoye("batch", str(changed), "-o", str(tmp_path / "report.csv"))
    assert third.exit_code == 0 and "之前已答 2" in third.stderr
    assert _model_calls(emulator) - before > paid


def test_another_grade_mode_or_model_answers_again_while_another_format_still_costs_nothing(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str, tmp_path: Path
) -> None:
    # A teacher runs the same worksheet for another grade or mode: the answers are the new
    # grade's and mode's, not the old ones reused; a format or version alone is never paid again.
    online(emulator)
    src = _worksheet(tmp_path / "sheet.jsonl", QUESTIONS[:2])
    before = _model_calls(emulator)

    def run(output: str, *options: str) -> tuple[int, str]:
        start = _model_calls(emulator)
        r = zuoye("batch", str(src), "-o", str(tmp_path / output), *options)
        assert r.exit_code == 0, r.stderr
        return _model_calls(emulator) - start, r.stderr

    paid, _ = run("初中.jsonl")
    assert paid >= 2
    for output, options in [("初中.html", ()), ("初中.md", ("--version", "student")), ("初中.csv", ())]:
        calls, said = run(output, *options)
        assert calls == 0 and "之前已答 2" in said, said

    calls, said = run("高中.jsonl", "--grade", "高中")
    assert calls >= 2 and "之前已答 0" in said and "沿用" not in said
    assert {r["basis"]["grade"] for r in _records(tmp_path / "高中.jsonl")} == {"高中"}  # type: ignore[index]
    calls, said = run("高中.html", "--grade", "高中", "--version", "key")  # its own format: reused
    assert calls == 0 and f"沿用 {tmp_path / '高中.jsonl'} 里已经答过的 2 题" in said

    # resumed into the same output with another mode: answered again, not taken as done
    calls, said = run("初中.jsonl", "--mode", "提示")
    assert calls >= 2 and "之前已答 0" in said
    modes = {str(r["id"]): r["basis"]["mode"] for r in _records(tmp_path / "初中.jsonl")}  # type: ignore[index]
    assert modes == {"q0": "提示", "q1": "提示"}  # the last record of an id is the one that counts
    calls, said = run("初中.jsonl", "--model", "ERNIE-3.5-8K", "--mode", "提示")
    assert calls >= 2 and "之前已答 0" in said

    # a line's own mode counts too: only the changed line is asked again
    src.write_text(
        json.dumps({"id": "q0", "question": QUESTIONS[0], "mode": "提示"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "q1", "question": QUESTIONS[1]}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    calls, said = run("高中.md", "--grade", "高中")
    assert calls >= 1 and "之前已答 1" in said  # q1 (讲解, 高中) from 高中.jsonl; q0 is 提示 now
    calls, said = run("高中.csv", "--grade", "高中")
    assert calls == 0 and "之前已答 2" in said  # q0 as 提示 from 高中.md, q1 from 高中.jsonl
    assert _model_calls(emulator) - before > paid


@pytest.mark.parametrize("name", ["sheet.csv", "sheet.jsonl"])
def test_the_worksheet_is_never_its_own_output(
    zuoye: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """`zuoye batch sheet.csv -o sheet.csv` wrote the answers over the teacher's questions."""
    sheet = tmp_path / name
    if name.endswith(".csv"):
        sheet.write_text("题号,题目\n1,解方程 2x+3=7\n", encoding="utf-8")
    else:
        _worksheet(sheet, ["解方程 2x+3=7"])
    before = sheet.read_bytes()
    monkeypatch.chdir(tmp_path)  # the same file spelled another way
    r = zuoye("batch", str(sheet), "-o", f"./{name}")
    assert r.exit_code == 2
    assert "就是作业单本身" in r.stderr and "-o" in r.stderr
    assert sheet.read_bytes() == before


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh_CN.UTF-8", r"进度 2/2：已答 2，失败 0，每秒 [\d.]+ 题，还要约 0 秒"),
        ("en_US.UTF-8", r"progress 2/2: answered 2, failed 0, [\d.]+/s, about 0 s left"),
    ],
)
def test_progress_in_a_log_is_in_the_readers_language(
    zuoye: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    """Into a log (not a terminal) the progress lines were 'progress 2/2 answered=2 failed=0 ...'."""
    monkeypatch.setenv("LANG", lang)
    r = zuoye("batch", str(_worksheet(tmp_path / "w.jsonl", QUESTIONS[:2])), "-o", str(tmp_path / "a.jsonl"))
    assert r.exit_code == 0, r.stderr
    assert re.search(line, r.stderr), r.stderr
    assert "answered=" not in r.stderr


def test_offline_a_question_the_solver_cannot_read_is_the_setups_to_fix(
    zuoye: Callable[..., Run], tmp_path: Path
) -> None:
    """Offline, a question only a model can answer failed with exit 4 and "re-run the same command to
    retry", which could never help: it needs a model service set up first."""
    src = _worksheet(tmp_path / "w.jsonl", ["计算 1+1", "讲讲勾股定理的历史"])
    r = zuoye("batch", str(src), "-o", str(tmp_path / "a.jsonl"))
    assert r.exit_code == 3, r.stderr
    assert "要先把模型服务配置好" in r.stderr and "zuoye doctor" in r.stderr
    assert "即可重试" not in r.stderr
