"""`zuoye solve` and `zuoye ask` (offline) say what the solver says in the locale's language only:
English with LANG=en_US.UTF-8, Chinese otherwise — the solver's worker processes are told it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Run


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_solve_says_why_it_cannot_in_the_locales_language(
    zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8" if lang == "en" else "zh_CN.UTF-8")
    bad = zuoye("solve", "3 @ 4")
    unclear = zuoye("solve", "把它算一下")
    assert bad.exit_code == unclear.exit_code == 2
    for run in (bad, unclear):
        assert " / " not in run.stderr
    if lang == "en":
        assert "Unexpected character '@' at position 2." in bad.stderr
        assert "It can do: arithmetic, simplify" in bad.stderr  # what works, said once
        assert unclear.stderr.count("It can do:") == 1
        # Only the question's own words are quoted in Chinese.
        assert not _has_chinese(bad.stderr)
    else:
        assert "无法识别的字符 “@”（位置 2）。" in bad.stderr and "能做：计算、化简" in bad.stderr
        assert unclear.stderr.count("能做：") == 1
        assert "Unexpected" not in bad.stderr and "It can do" not in unclear.stderr


def test_solve_batch_errors_in_english(
    zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    lines = ["not json", "[1]", '{"id": 3}', '{"id": 4, "q": "1/0"}', '{"id": 5, "q": "1+1"}']
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = zuoye("solve", "--batch", str(path))
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert [o.get("error", "") for o in out[:4]] == [
        "Line 1 is not valid JSON (Expecting value).",
        'Line 2 should be a JSON object {"id", "q"}.',
        'Line 3 has no question: the field "q" (a string).',
        "Division by zero.",
    ]
    assert out[4]["answer"] == ["2"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ask_offline_says_why_the_solver_declined_in_the_locales_language(
    zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8" if lang == "en" else "zh_CN.UTF-8")
    run = zuoye("ask", "解方程 x2+1=5")
    assert run.exit_code != 0 and " / " not in run.stderr
    if lang == "en":
        assert "The local solver did not solve it: Part of the question was not understood" in run.stderr
        assert (
            "“x2” can be read more than one way: write x^2 or x² for a square, 2x for a product" in run.stderr
        )
        assert not _has_chinese(run.stderr.replace("解方程", ""))  # the quoted question aside
    else:
        assert "本地求解器没有解这道题：题目中有计算机看不懂的部分：“x2”有不止一种读法" in run.stderr
        assert "solver" not in run.stderr and "understood" not in run.stderr


@pytest.mark.parametrize(
    ("lang", "kind"), [("zh_CN.UTF-8", "一元二次方程"), ("en_US.UTF-8", "quadratic equations")]
)
def test_solve_names_the_kind_of_problem_in_words(
    zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, lang: str, kind: str
) -> None:
    """The panel's foot showed the solver's identifier, quadratic_equation, to every reader."""
    monkeypatch.setenv("LANG", lang)
    shown = zuoye("solve", "x^2=2").stdout
    assert kind in shown and "quadratic_equation" not in shown, shown
