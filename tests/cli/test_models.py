"""`zuoye models` in an 80-column terminal: every line fits, and every name a user must type after
--model is printed whole on one line — run through a pseudo-terminal, as a person sees it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from zuoye.cli.models import _print

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
LONG_NAMES = ["Qwen/Qwen2.5-72B-Instruct-GPTQ-Int4", "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "llama3"]


def in_terminal(args: list[str], env: dict[str, str], columns: int = 80) -> str:
    """Run `zuoye ARGS` with a pseudo-terminal `columns` wide as its stdout; what the screen shows."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-c", "from zuoye.cli import main; main()", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError(f"zuoye {' '.join(args)} wrote nothing for 60 s: {out!r}")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed: the program ended
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=30) == 0, out.decode(errors="replace")
    return ANSI.sub("", out.decode()).replace("\r\n", "\n")


@pytest.fixture
def env(cli_env: dict[str, str], emulator: str) -> dict[str, str]:
    """ERNIE v2 at the emulator (its model list), and an OpenAI-compatible server that is down
    with three configured names, two of them long."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_", "COLUMNS", "LINES"))
    }
    env |= {k: v for k, v in cli_env.items() if k.startswith("ZUOYE_HOME") or k == "HOME"}
    env |= {
        "QIANFAN_BEARER_TOKEN": "bce-v3/ALTAK-" + "m" * 20 + "/" + "n" * 40,
        "QIANFAN_CONSOLE_API_BASE_URL": emulator,
        "ZUOYE_OPENAI_BASE_URL": "http://127.0.0.1:9/v1",  # nothing listens: the configured names
        "ZUOYE_OPENAI_MODELS": ",".join(LONG_NAMES),
        "TERM": "xterm-256color",
    }
    return env


def test_models_fit_80_columns_and_show_every_name_whole(env: dict[str, str]) -> None:
    screen = in_terminal(["models"], env)
    lines = screen.splitlines()
    too_wide = [line for line in lines if cell_len(line.rstrip()) > 80]
    assert too_wide == [], too_wide
    whole = {word for line in lines for word in line.split()}
    for name in (
        "ERNIE-4.0-8K",
        "ernie-4.5-turbo-128k",
        "ernie-x1-turbo-32k",
        *(f"openai/{n}" for n in LONG_NAMES),
    ):
        assert name in whole, f"{name} is not on one line:\n{screen}"
    assert "…" not in screen  # nothing cut short
    assert "* 默认：ERNIE-4.0-8K" in screen


def test_names_longer_than_a_table_allows_are_listed_one_per_line() -> None:
    long = "openai/" + "very-long-model-name-" * 3 + "v1"
    report = {
        "default": long,
        "offline": False,
        "providers": [
            {
                "name": "openai",
                "protocol": "openai",
                "credentials": "",
                "listed_by": "table",
                "error": None,
                "problem": None,
                "models": [{"name": long, "tools": False, "description": "127.0.0.1:9：不调用工具"}],
            }
        ],
    }
    console = Console(width=80, record=True, force_terminal=False, color_system=None)
    _print(report, console)
    lines = console.export_text().splitlines()
    assert f"{long} *" in lines
    assert all(cell_len(line.rstrip()) <= 80 for line in lines)


def test_the_description_does_not_repeat_the_name_beside_it(tmp_path: Path) -> None:
    from zuoye.cli.models import _description

    assert _description("ERNIE-4.0-8K", "文心 ERNIE-4.0-8K：输入上限 20000 字，可调用解题工具") == (
        "输入上限 20000 字，可调用解题工具"
    )
    assert _description("deepseek-v3", "千帆 v2") == "千帆 v2"
