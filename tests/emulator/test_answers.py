"""What the emulator answers by default: the local solver's maths, or an honest placeholder."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tests.emulator._helpers import ask, chat, sse_events, token
from zuoye.emulator import EmulatorConfig
from zuoye.emulator._answer import _solve_to_text, apply_limits, format_solution


class FakeMathError(Exception):
    pass


@dataclass
class FakeSolution:
    kind: str = "equation"
    steps: list[str] = field(default_factory=lambda: ["因式分解：$(x-2)(x-3)=0$", "所以 $x-2=0$ 或 $x-3=0$"])
    answer: list[str] = field(default_factory=lambda: ["x=2", "x=3"])
    answer_latex: str = "x_1=2,\\ x_2=3"


def _fake_solver(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def solve(question: str) -> FakeSolution:
        asked.append(question)
        if "无解" in question:
            raise FakeMathError("方程无实数解")
        return FakeSolution()

    module = types.ModuleType("zuoye.math")
    module.solve = solve  # type: ignore[attr-defined]
    module.MathError = FakeMathError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "zuoye.math", module)
    return asked


def test_a_maths_question_gets_the_solvers_steps_written_as_ernie_would(
    monkeypatch: pytest.MonkeyPatch, emulator_factory: Callable[..., str]
) -> None:
    asked = _fake_solver(monkeypatch)
    url = emulator_factory()
    access = token(url)
    body = chat(url, ask("解方程 x^2-5x+6=0"), access_token=access).json()
    assert body["result"] == ("解：\n因式分解：$(x-2)(x-3)=0$\n所以 $x-2=0$ 或 $x-3=0$\n答：$x_1=2,\\ x_2=3$")
    events = sse_events(chat(url, ask("解方程 x^2-5x+6=0", stream=True), access_token=access).text)
    assert "".join(e["result"] for e in events) == body["result"]
    assert events[0]["result"] == "解：\n"  # streamed line by line
    assert asked == ["解方程 x^2-5x+6=0"]  # the second time came from the cache


def test_solver_failures_and_non_maths_get_the_placeholder(
    monkeypatch: pytest.MonkeyPatch, emulator_factory: Callable[..., str]
) -> None:
    asked = _fake_solver(monkeypatch)
    url = emulator_factory()
    access = token(url)
    failed = chat(url, ask("解方程 x^2+1=0 无解吗"), access_token=access).json()["result"]
    assert failed.startswith("本地求解器没有解出这道题：方程无实数解。") and "模拟器" in failed
    chat(url, ask("介绍一下你自己"), access_token=access)
    assert asked == ["解方程 x^2+1=0 无解吗"]  # not maths: never sent to the solver


def test_no_solver_option_and_missing_solver(
    monkeypatch: pytest.MonkeyPatch, emulator_factory: Callable[..., str]
) -> None:
    asked = _fake_solver(monkeypatch)
    url = emulator_factory(solver=False)
    assert "模拟器" in chat(url, ask("1+1=?"), access_token=token(url)).json()["result"]
    assert asked == []
    monkeypatch.setitem(sys.modules, "zuoye.math", types.ModuleType("zuoye.math"))  # no solve()
    url = emulator_factory()
    result = chat(url, ask("1+1=?"), access_token=token(url)).json()["result"]
    assert result.startswith("本地数学求解器 zuoye.math 尚未安装。")


def test_the_real_solver_when_it_is_installed(emulator: str) -> None:
    maths = pytest.importorskip("zuoye.math")
    if not hasattr(maths, "solve"):
        pytest.skip("zuoye.math has no solve() yet")
    solution = maths.solve("解方程 x^2-5x+6=0")
    expected = format_solution(list(solution.steps), list(solution.answer), str(solution.answer_latex))
    assert chat(emulator, ask("解方程 x^2-5x+6=0"), access_token=token(emulator)).json()["result"] == expected
    assert expected.startswith("解：") and "答：$" in expected


def test_format_solution_without_latex_joins_the_answers() -> None:
    assert format_solution(["2+3=5"], ["5"], "") == "解：\n2+3=5\n答：5"


def test_apply_limits() -> None:
    assert apply_limits("一二三四五", max_output_tokens=3, stop=[]) == ("一二三", "length", True)
    assert apply_limits("一二。三", max_output_tokens=None, stop=["。"]) == ("一二", "stop", False)
    assert apply_limits("一二", max_output_tokens=9, stop=["x"]) == ("一二", "normal", False)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"api_key": "a"}, "--api-key and --secret-key"),
        ({"iam_secret_key": "a"}, "--iam-access-key and --iam-secret-key"),
        ({"rpm": 0}, "--rpm must be a positive number"),
        ({"qps": -1}, "--qps must be positive"),
        ({"fault_rate": 1.5}, "--fault-rate is a probability"),
        ({"fault_kinds": ("boom",)}, "--fault-kinds: unknown ['boom']"),
        ({"latency_ms": -1}, "--latency-ms cannot be negative"),
        ({"token_ttl": 0}, "--token-ttl must be positive"),
        ({"flag_pattern": "("}, "--flag-pattern is not a valid regular expression"),
    ],
)
def test_bad_settings_say_what_to_change(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        EmulatorConfig(**options)  # type: ignore[arg-type]


def test_the_solvers_reason_is_quoted_in_chinese_whatever_the_emulators_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The emulator answers as ERNIE would, in Chinese: the real solver's reason too, under LANG=en.
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    said = _solve_to_text("计算 3 @ 4")
    assert said.startswith("本地求解器没有解出这道题：无法识别的字符 “@”（位置 2）。")
    assert "Unexpected" not in said
