"""A file that cannot be read or written is said in the reader's language, with what to do, before
anything is paid for: a folder given as the output answered the whole worksheet and then failed with
a traceback; the reasons came in the C library's English inside Chinese sentences."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Run

ENGLISH_REASONS = ("No such file", "Is a directory", "Not a directory", "File exists", "Errno")


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text("题号,题目\n1,解方程 2x+3=7\n", encoding="utf-8")
    return path


def test_a_folder_as_the_output_is_refused_before_answering(
    zuoye: Callable[..., Run], sheet: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "answers.html"
    folder.mkdir()
    r = zuoye("batch", str(sheet), "-o", str(folder))
    assert r.exit_code == 2
    assert "这是一个文件夹，不是文件" in r.stderr and "请用 -o 换一个位置" in r.stderr
    assert "已答" not in r.stderr  # nothing was answered (or paid for)
    assert list(tmp_path.glob(".answers.html*")) == []


@pytest.mark.parametrize(
    ("lang", "missing", "folder", "blocked"),
    [
        ("zh_CN.UTF-8", "没有这个文件", "这是一个文件夹，不是文件", "路径里有一段不是文件夹"),
        (
            "en_US.UTF-8",
            "there is no such file",
            "it is a folder, not a file",
            "part of the path is not a folder",
        ),
    ],
)
def test_reasons_in_the_readers_language(
    zuoye: Callable[..., Run],
    sheet: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    missing: str,
    folder: str,
    blocked: str,
) -> None:
    monkeypatch.setenv("LANG", lang)
    runs = {
        missing: zuoye("batch", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "a.html")),
        folder: zuoye("ask", "--image", str(tmp_path)),
        blocked: zuoye("batch", str(sheet), "-o", str(sheet / "a.html")),  # a file where a folder should be
    }
    for said, run in runs.items():
        assert run.exit_code == 2, run.stderr
        assert said in run.stderr, run.stderr
        assert not any(english in run.stderr for english in ENGLISH_REASONS), run.stderr


@pytest.mark.parametrize("command", ["serve", "emulator"])
def test_a_port_in_use_is_said_with_what_to_do(zuoye: Callable[..., Run], command: str) -> None:
    """`zuoye emulator` said it in English inside a Chinese line ("错误：cannot listen on …: Address
    already in use"), `zuoye serve` with the C library's words."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = zuoye(command, "--port", str(port))
    assert r.exit_code == 3
    assert r.stderr.startswith(f"错误：无法在 127.0.0.1:{port} 上监听：这个端口已经有程序在用"), r.stderr
    assert "--port 0" in r.stderr and "Address already in use" not in r.stderr
