"""`zuoye mistakes` as a student at a terminal uses it, offline: a 批改 with a wrong line goes in by
itself, a turn is saved with `add`, 再练一题 is marked by the solver, and `--print` writes the sheet."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import Run
from zuoye import math as zmath
from zuoye.render import latex_to_unicode, plain_text
from zuoye.tutor.sheet import readable


def _entries(zuoye: Callable[..., Run], *args: str) -> list[dict]:  # type: ignore[type-arg]
    r = zuoye("mistakes", "--json", *args)
    assert r.exit_code == 0, r.stderr
    return r.json()  # type: ignore[no-any-return]


def test_an_empty_book_says_how_entries_come_in(zuoye: Callable[..., Run]) -> None:
    r = zuoye("mistakes")
    assert r.exit_code == 0, r.stderr
    assert "错题本是空的" in r.stdout and "zuoye mistakes add" in r.stdout


def test_add_practise_and_print(zuoye: Callable[..., Run], tmp_path: Path) -> None:
    assert zuoye("ask", "解方程 2x+5=9").exit_code == 0
    session = _conversations(zuoye)[0]
    r = zuoye("mistakes", "add", session)
    assert r.exit_code == 0, r.stderr
    assert "已加入错题本" in r.stdout
    again = zuoye("mistakes", "add", session)
    assert "已经在错题本里" in again.stdout  # one entry per turn

    [entry] = _entries(zuoye, "--due")
    assert entry["source"] == "saved" and entry["problem"] == "解方程 2x+5=9" and entry["due"]
    listed = zuoye("mistakes")
    assert "解方程 2x+5=9" in listed.stdout and "该复习了" in listed.stdout

    # 再练一题, answered wrongly at the prompt: the solver says so and gives its answer
    r = zuoye("mistakes", "practise", str(entry["id"]), input="x=1000\n")
    assert r.exit_code == 0, r.stderr
    question = re.search(r"^\s+(解方程 .+)$", r.stdout, re.M)
    assert question is not None and question.group(1) != "解方程 2x+5=9"
    assert "不对" in r.stdout and "第一轮" in r.stdout
    [after] = _entries(zuoye)
    assert after["stage"] == 0 and not after["due"] and after["history"][0]["correct"] is False

    sheet = tmp_path / "练习.html"
    r = zuoye("mistakes", "--print", str(sheet))
    assert r.exit_code == 0, r.stderr
    page = sheet.read_text(encoding="utf-8")
    assert "错题本练习单" in page and "参考答案" in page and "共 1 题" in page
    # the sheet's problem is the one now waiting in the book, with the solver's answer
    [waiting] = _entries(zuoye)
    assert waiting["waiting"] and readable(waiting["waiting"]) in page
    answer = zmath.solve(waiting["waiting"]).answer_latex
    assert page.index("参考答案") < page.index(plain_text(f"${answer}$"), page.index("参考答案"))
    assert "size: A4" in page
    # the answer's figure, drawn by the solver, on the answers page only, its key points in words
    figure = zmath.solve(waiting["waiting"]).figure
    assert figure is not None and figure.points
    questions, answers = page.split('<section class="answers">')
    assert "<svg" not in questions and answers.count("<figure") == 1 and "<svg" in answers
    for point in figure.points:
        assert f"{point.caption}：{latex_to_unicode(point.latex)}" in answers


def test_a_checkwork_with_a_wrong_line_goes_in_by_itself(zuoye: Callable[..., Run]) -> None:
    r = zuoye("ask", "--mode", "批改", "解方程 2(x-1)=6\n2x-1=6\n2x=7\nx=3.5")
    assert r.exit_code == 0, r.stderr
    [entry] = _entries(zuoye)
    assert entry["source"] == "checkwork"
    assert entry["wrong_line"] == "2x-1=6" and "2 x - 2 = 6" in entry["correct_step"]
    assert entry["problem"] == "解方程 2(x-1)=6"
    solved = zmath.solve("解方程 2(x-1)=6")
    assert solved.answer == ["x=4"]


def test_a_worksheet_run_by_zuoye_batch_keeps_nothing(zuoye: Callable[..., Run], tmp_path: Path) -> None:
    src = tmp_path / "sheet.jsonl"
    item = {"id": "1", "question": "解方程 2(x-1)=6\n2x-1=6\n2x=7\nx=3.5", "mode": "批改"}
    src.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    r = zuoye("batch", str(src), "-o", str(tmp_path / "out.jsonl"))
    assert r.exit_code == 0, r.stderr
    assert _entries(zuoye) == []


def test_unknown_entries_and_sessions_are_clear_errors(zuoye: Callable[..., Run]) -> None:
    r = zuoye("mistakes", "practise", "999")
    assert r.exit_code == 2 and "错题本里没有这一条" in r.stderr
    r = zuoye("mistakes", "add", "abcd")
    assert r.exit_code == 2 and "没有对话" in r.stderr
    r = zuoye("mistakes", "remove", "999")
    assert r.exit_code == 2 and "错题本里没有这一条" in r.stderr


def _conversations(zuoye: Callable[..., Run]) -> list[str]:
    r = zuoye("history", "--json")
    assert r.exit_code == 0, r.stderr
    return [c["id"] for c in r.json()]
