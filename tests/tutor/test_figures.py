"""Issue 15: a checked answer carries the solver's figure in its last check — stored with the turn,
so a reloaded conversation has it again — and an answer held back to a hint carries none."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tutor.conftest import collect, finished
from tests.tutor.fakes import ScriptedModel
from zuoye.math import Figure

pytestmark = pytest.mark.anyio

RIGHT = "原方程：$x^2-5x+6=0$。\n因式分解得 $(x-2)(x-3)=0$。\n答：$x_1=2$，$x_2=3$。"


async def test_a_checked_answer_carries_the_figure_and_the_stored_turn_keeps_it(
    make_tutor: Any, store: Any
) -> None:
    events = await collect(make_tutor(ScriptedModel([RIGHT])), "解方程 x^2-5x+6=0")
    result = finished(events).result
    [check] = result.checks
    assert check["status"] == "agree"
    figure = Figure.from_dict(check["figure"])
    assert {p.text for p in figure.points if p.kind == "root"} == {"(2, 0)", "(3, 0)"}
    stored = store.get_turn(turn_id=result.turn_id)
    assert Figure.from_dict(stored.checks[-1]["figure"]) == figure


async def test_only_the_last_check_of_a_reasked_answer_carries_it(make_tutor: Any) -> None:
    wrong = "原方程：$x^2-5x+6=0$。\n因式分解得 $(x-1)(x-6)=0$。\n答：$x_1=1$，$x_2=6$。"
    events = await collect(make_tutor(ScriptedModel([wrong, RIGHT])), "解方程 x^2-5x+6=0")
    checks = finished(events).result.checks
    assert [c["status"] for c in checks] == ["disagree", "agree"]
    assert "figure" not in checks[0] and "figure" in checks[1]


async def test_offline_the_solvers_answer_carries_its_number_line(make_tutor: Any) -> None:
    events = await collect(make_tutor(None), "解不等式 x^2-x-6>0")
    [check] = finished(events).result.checks
    figure = Figure.from_dict(check["figure"])
    assert figure.kind == "number_line"
    assert [(s.lo_text, s.hi_text) for s in figure.spans] == [("", "-2"), ("3", "")]


async def test_nothing_to_draw_and_a_hint_carry_no_figure(make_tutor: Any) -> None:
    events = await collect(make_tutor(None), "计算 1/2+1/3")
    assert all("figure" not in c for c in finished(events).result.checks)
    events = await collect(make_tutor(None), "解方程 x^2-5x+6=0", mode="hint")
    assert all("figure" not in c for c in finished(events).result.checks)
