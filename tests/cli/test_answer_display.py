"""How an online answer looks, as a student sees it: ERNIE-style streamed replies from the
emulator, shown on a terminal (a pseudo-terminal here, its final screen read back) and in a pipe."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable

import pexpect
import pytest

from tests.cli.conftest import Run, v2_key

ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]
# As ERNIE writes them: numbered steps on consecutive lines, bold labels, inline LaTeX.
RIGHT = (
    "这是一个一元二次方程，可以用因式分解法求解。\n\n**解：**\n"
    "1. 原方程为 $2x^2-5x+3=0$\n2. 因式分解得 $(2x-3)(x-1)=0$\n3. 所以 $2x-3=0$ 或 $x-1=0$\n"
    "4. 解得 $x_1=\\frac{3}{2}$，$x_2=1$\n\n**答：** 方程的解为 $x_1=\\frac{3}{2}$，$x_2=1$。"
)
STEPS = "解：\n移项得 $2x=9-3$\n即 $2x=6$\n两边同除以 2，得 $x=2$\n答：$x=2$"  # wrong: x = 3
SCENARIO = {
    "rules": [
        {"match": "2x\\^2", "reply": {"result": RIGHT}, "delay_ms": 20},
        {"match": "2x\\+3=9", "reply": {"result": STEPS}, "delay_ms": 20},
    ]
}
RAW = re.compile(r"\$|\\frac|\\begin|\\>|\\\||\\_")


def final_screen(transcript: str) -> list[str]:
    """What a terminal shows at the end: Rich redraws a live answer by moving up (ESC[1A) and
    erasing lines (ESC[2K); replay those, drop colours."""
    lines, row, col = [""], 0, 0
    for token in re.split(r"(\x1b\[[0-9;?]*[A-Za-z]|\r|\n)", transcript):
        if token == "\n":
            row, col = row + 1, 0
            if row == len(lines):
                lines.append("")
        elif token == "\r":
            col = 0
        elif token == "\x1b[2K":
            lines[row] = ""
        elif token == "\x1b[1A":
            row = max(0, row - 1)
        elif token and not token.startswith("\x1b"):
            line = lines[row].ljust(col)
            lines[row] = line[:col] + token + line[col + len(token) :]
            col += len(token)
    return [line.rstrip().replace("\u00a0", " ") for line in lines[: row + 1]]


@pytest.fixture
def online_env(cli_env: dict[str, str], emulator_factory: Callable[..., str]) -> dict[str, str]:
    url = emulator_factory(scenario=SCENARIO)
    return dict(os.environ, QIANFAN_BEARER_TOKEN=v2_key(), QIANFAN_CONSOLE_API_BASE_URL=url)


def on_terminal(question: str, env: dict[str, str]) -> tuple[str, list[str]]:
    child = pexpect.spawn(
        ZUOYE[0], [*ZUOYE[1:], "ask", question], env=dict(env, TERM="xterm-256color", COLUMNS="80"),
        encoding="utf-8", timeout=60, dimensions=(50, 80),
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    transcript = child.logfile_read.getvalue()
    return transcript, final_screen(transcript)


def test_an_online_answer_on_a_terminal(online_env: dict[str, str]) -> None:
    transcript, screen = on_terminal("解方程 2x^2-5x+3=0", online_env)
    assert "正在思考" in transcript.split("这是一个")[0]  # a spinner until the first words
    shown = "\n".join(screen)
    assert not RAW.search(shown), shown  # no raw LaTeX, no Markdown escapes
    # One step per line, numbered as the model numbered them, the maths typeset.
    for line in ("解：", " 1 原方程为 2x²−5x+3=0", " 2 因式分解得 (2x−3)(x−1)=0", " 4 解得 x₁=3/2，x₂=1"):
        assert line in screen, shown
    answer = next(k for k, line in enumerate(screen) if line.startswith("答："))
    check = next(k for k, line in enumerate(screen) if line.startswith("※ 已验算"))
    assert check > answer  # under the answer it speaks of, on a line of its own
    assert "x₁ = 1,  x₂ = 3/2" in screen[check]
    footer = [line for line in screen if line.strip()][-1]
    assert re.fullmatch(r'继续提问：zuoye ask --session [0-9a-f]{8} "…"', footer)  # whole


def test_a_disagreement_on_a_terminal_is_said_under_the_answer(online_env: dict[str, str]) -> None:
    _, screen = on_terminal("解方程 2x+3=9", online_env)
    shown = "\n".join(screen)
    assert not RAW.search(shown), shown
    assert screen[:5] == ["解：", "移项得 2x=9−3", "即 2x=6", "两边同除以 2，得 x=2", "答：x=2"]
    notice, kept = [k for k, line in enumerate(screen) if line.startswith("※")]
    assert notice > 4 and screen[notice].startswith("※ 不一致：计算机求得")  # under the answer
    assert screen[kept].startswith("※ 这道题已记进错题本")  # the ※ never alone on its line
    assert "".join(line.strip() for line in screen[kept : kept + 2]).endswith("再练一道类似的题。")  # whole
    said = "".join(line.strip() for line in screen[notice : notice + 3])
    assert (
        "计算机求得x = 3，与上面的回答" in said or "计算机求得 x = 3，与上面的回答" in said
    )  # x = 3 unbroken
    assert "正在重新作答" not in shown  # the progress lines gave way to their outcome


def test_piped_output_is_plain_and_readable(online_env: dict[str, str]) -> None:
    # stdout and stderr into one pipe, as `zuoye ask … 2>&1 | less` shows them
    out = subprocess.run(
        [*ZUOYE, "ask", "解方程 2x+3=9"], env=online_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    assert "\x1b[" not in out and not RAW.search(out), out
    lines = out.splitlines()
    assert lines[:5] == ["解：", "移项得 2x=9−3", "即 2x=6", "两边同除以 2，得 x=2", "答：x=2"]
    assert any(line.startswith("※ 不一致：计算机求得 x = 3") for line in lines)  # on its own line


def test_solver_steps_show_no_markdown_escapes(zuoye: Callable[..., Run]) -> None:
    shown = zuoye("solve", "解不等式 2x-3>1").stdout + zuoye("solve", "|x-1|=2").stdout
    assert "\\>" not in shown and "\\|" not in shown
    assert "2x − 3 > 1" in shown and "|x − 1| = 2" in shown
