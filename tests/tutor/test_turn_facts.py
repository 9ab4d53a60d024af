"""What the tutor stores with each turn for a teacher or parent to read (issue 15 item 3): the
solver's kind of problem, the kind of a 批改's first wrong line, whether an adult's help ceiling
held the answer below what the student asked for — with a model answering, and offline."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tutor.conftest import collect, finished
from tests.tutor.fakes import ScriptedModel
from zuoye.store import Store

pytestmark = pytest.mark.anyio


def _stored(store: Store, events: list[Any]) -> tuple[str | None, str | None, bool | None]:
    turn = store.get_turn(turn_id=finished(events).result.turn_id)
    assert turn is not None
    return turn.problem_kind, turn.mistake_kind, turn.ceiling_reached


async def test_an_explained_answer_stores_its_kind(make_tutor: Any, store: Store) -> None:
    model = ScriptedModel(["解：$2x=4$，所以 $x=2$。\n\n答：$x=2$。"], supports_tools=False)
    events = await collect(make_tutor(model), "解方程 2x+3=7", mode="讲解")
    assert _stored(store, events) == ("linear_equation", None, False)


async def test_a_hint_asked_for_by_the_student_is_not_the_ceiling(make_tutor: Any, store: Store) -> None:
    model = ScriptedModel(["先把常数项移到右边，你试试？"])
    events = await collect(make_tutor(model), "解方程 x^2-5x+6=0", mode="提示")
    assert _stored(store, events) == ("quadratic_equation", None, False)


async def test_an_adults_ceiling_below_the_mode_is_reached(make_tutor: Any, store: Store) -> None:
    model = ScriptedModel(["想一想：能不能因式分解？"])
    events = await collect(make_tutor(model), "解方程 x^2-5x+6=0", mode="讲解", help_ceiling="hint")
    assert _stored(store, events) == ("quadratic_equation", None, True)


async def test_a_checked_working_stores_how_its_first_wrong_line_went_wrong(
    make_tutor: Any, store: Store
) -> None:
    model = ScriptedModel(["第 2 行移项时 3 没有变号，应该是 2x=7-3。"])
    events = await collect(make_tutor(model), "帮我批改：解方程 2x+3=7\n2x=7+3\nx=5", mode="批改")
    assert _stored(store, events) == ("linear_equation", "transposition", False)
    right = await collect(make_tutor(ScriptedModel(["每一步都对。"])), "2x+3=7\n2x=4\nx=2", mode="批改")
    assert _stored(store, right) == ("linear_equation", None, False)


@pytest.mark.parametrize(
    ("question", "mode", "facts"),
    [
        ("解方程 x^2=9", "讲解", ("quadratic_equation", None, False)),
        ("x^2=2x\nx=2", "批改", ("quadratic_equation", "dropped_root", False)),
        ("解方程 2x+3=7", "练习", ("linear_equation", None, False)),
    ],
)
async def test_offline_answers_store_the_same_facts(
    make_tutor: Any, store: Store, question: str, mode: str, facts: tuple[Any, ...]
) -> None:
    events = await collect(make_tutor(None), question, mode=mode)
    assert _stored(store, events) == facts
