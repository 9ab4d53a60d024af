"""The command line speaks Chinese unless the locale asks for English (LANG, LC_ALL, ..., ZUOYE_LANG),
and asks for a password once more only after it was accepted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from tests.cli.conftest import Run

LOCALES = [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C"}, "zh"),
    ({"LANG": "en_US.UTF-8", "ZUOYE_LANG": "zh"}, "zh"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
]


@pytest.mark.parametrize(("env", "lang"), LOCALES)
def test_errors_in_the_language_of_the_locale(
    zuoye: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    lang: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    short = zuoye("users", "add", "amy", "--password-stdin", input="short\n")
    missing = zuoye("batch", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out.jsonl"))
    empty = zuoye("ask", "   ")
    assert short.exit_code == missing.exit_code == empty.exit_code == 2  # exit codes do not change
    if lang == "zh":
        assert short.stderr == "错误：密码太短：至少要 8 个字符。\n"
        assert "错误：" in missing.stderr and "missing.jsonl" in missing.stderr
        assert empty.stderr.startswith("错误：请给出题目")
    else:
        assert short.stderr == "error: the password is too short: use at least 8 characters\n"
        assert "error: " in missing.stderr and "missing.jsonl" in missing.stderr
        assert empty.stderr.startswith("error: give a question")
    for run in (short, missing, empty):
        assert " / " not in run.stderr  # one language, not both side by side


@pytest.mark.parametrize(("env", "lang"), LOCALES[:3])
def test_doctor_in_the_language_of_the_locale(
    zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], lang: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    shown = zuoye("doctor", "--no-call")
    listed = zuoye("doctor", "--no-call", "--json").json()
    assert shown.exit_code == 0, shown.stdout
    if lang == "zh":
        assert "数据库：" in shown.stdout and "模型服务：" in shown.stdout and "数学求解器：" in shown.stdout
    else:
        assert "database: " in shown.stdout and "model services: " in shown.stdout
    # For programs, each check keeps its English name; its label is the one shown.
    by_name = {c["name"]: c for c in listed}
    assert {"configuration", "database", "model services", "maths solver"} <= set(by_name)
    assert by_name["database"]["label"] == ("数据库" if lang == "zh" else "database")


@pytest.mark.parametrize(
    ("env", "prompt", "again", "too_short", "created"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "密码:", "再输一次密码:", "密码太短：至少要 8 个字符", "已创建账号 amy"),
        ({"LANG": "en_US.UTF-8"}, "Password:", "Repeat the password:", "too short", "created student amy"),
    ],
)
def test_a_short_password_is_refused_before_it_is_asked_again(
    terminal: Callable[..., pexpect.spawn],
    zuoye: Callable[..., Run],
    env: dict[str, str],
    prompt: str,
    again: str,
    too_short: str,
    created: str,
) -> None:
    add = terminal("users", "add", "amy", env=env)
    add.expect_exact(prompt)
    add.sendline("short")
    # Refused at once, and asked for again from the start: not "repeat" first.
    index = add.expect_exact([too_short, again])
    assert index == 0, add.logfile_read.getvalue()
    add.expect_exact(prompt)
    add.sendline("long-enough-1")
    add.expect_exact(again)
    add.sendline("long-enough-1")
    add.expect_exact(created)
    add.expect(pexpect.EOF)
    add.close()
    assert add.exitstatus == 0, add.logfile_read.getvalue()
    assert "short" not in add.logfile_read.getvalue().replace(too_short, "")  # hidden as it was typed
    assert any(u["name"] == "amy" for u in zuoye("users", "list", "--json").json())


def test_two_different_passwords_are_asked_for_again(terminal: Callable[..., pexpect.spawn]) -> None:
    add = terminal("users", "add", "bob", env={"LANG": "zh_CN.UTF-8"})
    add.expect_exact("密码:")
    add.sendline("long-enough-1")
    add.expect_exact("再输一次密码:")
    add.sendline("long-enough-2")
    add.expect_exact("两次输入的密码不一样")
    add.expect_exact("密码:")
    add.sendline("long-enough-1")
    add.expect_exact("再输一次密码:")
    add.sendline("long-enough-1")
    add.expect_exact("已创建账号 bob")
    add.expect(pexpect.EOF)
    add.close()
    assert add.exitstatus == 0


def test_english_examples_are_english(zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    """An English reader's messages suggest an English question, which the solver answers."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    said = zuoye("ask", "").stderr + zuoye("history").stdout + zuoye("solve", "").stderr
    said += zuoye("chat", input="why is the sky blue\n").stderr
    assert said.count('"solve 2x+3=7"') == 3 and "“solve 2x+3=7”" in said, said
    assert "解方程" not in said, said
    assert "x = 2" in zuoye("ask", "solve 2x+3=7").stdout  # the example works as given
