"""A stream cut once it has begun is asked again once, visibly, and the new answer replaces the
partial one; a call refused from the start is not (the client already retried it)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.tutor.conftest import collect, finished, text_of
from tests.tutor.fakes import ScriptedModel, tool_call
from zuoye.math.tools import TOOLS
from zuoye.providers import ProviderError
from zuoye.store import Store
from zuoye.tutor.events import Delta, Notice, Revised

pytestmark = pytest.mark.anyio


async def test_a_cut_answer_is_asked_again_and_replaced(make_tutor: Any, store: Store) -> None:
    model = ScriptedModel([("cut", "解：第一步。第二步。"), "解：完整的回答。答：5。"])
    events = await collect(make_tutor(model), "讲讲勾股定理")
    [retry] = [e for e in events if isinstance(e, Notice) and e.kind == "retry"]
    assert retry.text == "连接中断，已重新开始作答。"
    # the partial text was shown, then taken back, then the new answer streamed
    at = events.index(retry)
    assert "第一步" in text_of(events[:at])
    assert isinstance(events[at + 1], Revised) and events[at + 1].text == ""  # type: ignore[union-attr]
    assert "".join(e.text for e in events[at:] if isinstance(e, Delta)) == "解：完整的回答。答：5。"
    result = finished(events).result
    assert (result.status, result.answer) == ("complete", "解：完整的回答。答：5。")
    turn = store.get_turn(turn_id=result.turn_id)
    assert turn is not None and (turn.status, turn.answer) == ("complete", "解：完整的回答。答：5。")
    assert len(model.calls) == 2 and model.calls[0].messages == model.calls[1].messages


async def test_a_stream_cut_before_its_first_words_is_asked_again(make_tutor: Any) -> None:
    model = ScriptedModel([ProviderError("dropped", kind="service", cut=True), "答：5。"])
    events = await collect(make_tutor(model), "讲讲勾股定理")
    assert [e.kind for e in events if isinstance(e, Notice)] == ["retry"]
    assert not [e for e in events if isinstance(e, Revised)]  # nothing was shown to take back
    assert finished(events).result.answer == "答：5。" and len(model.calls) == 2


async def test_a_call_refused_before_it_answered_is_not_asked_again(make_tutor: Any, store: Store) -> None:
    model = ScriptedModel([ProviderError("service busy", kind="service", retryable=True), "不该被问到。"])
    with pytest.raises(ProviderError):
        await collect(make_tutor(model), "讲讲勾股定理")
    assert len(model.calls) == 1


async def test_a_cut_after_a_tool_round_goes_on_from_the_finished_round(make_tutor: Any) -> None:
    solve = _tool_name()
    model = ScriptedModel(
        [tool_call(solve, json.dumps({"question": "解方程 x^2-5x+6=0"})), ("cut", "所以"), "x=2 或 x=3。"]
    )
    events = await collect(make_tutor(model), "解方程 x^2-5x+6=0")
    result = finished(events).result
    assert result.status == "complete" and result.answer == "x=2 或 x=3。"
    assert len(result.tool_calls) == 1  # the finished round's call, kept once
    # only the reply that was cut is asked for again, with the tool's result in view
    assert len(model.calls) == 3 and model.calls[2].messages == model.calls[1].messages
    assert [m.role for m in model.calls[2].messages] == ["user", "assistant", "tool"]


async def test_a_round_refused_before_it_began_is_not_asked_again(make_tutor: Any) -> None:
    solve = _tool_name()
    busy = ProviderError("service busy", kind="service", retryable=True)
    model = ScriptedModel([tool_call(solve, json.dumps({"question": "解方程 x^2-5x+6=0"})), busy])
    with pytest.raises(ProviderError):
        await collect(make_tutor(model), "解方程 x^2-5x+6=0")
    assert len(model.calls) == 2  # the client retried that call already


async def test_only_one_retry(make_tutor: Any, store: Store) -> None:
    model = ScriptedModel([("cut", "一。"), ("cut", "二。"), "三。"])
    with pytest.raises(ProviderError):
        await collect(make_tutor(model), "讲讲勾股定理")
    assert len(model.calls) == 2


def _tool_name() -> str:
    return str(TOOLS[0]["name"])
