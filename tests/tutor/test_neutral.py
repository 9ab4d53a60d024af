"""The tutor on any back end: several tool calls in one reply, a thinking model's reasoning, the
service's refusals, token-sized deltas, and tool calls (with their ids) in a follow-up's history."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.tutor.conftest import collect, finished, text_of
from tests.tutor.fakes import ScriptedModel, tool_call
from zuoye.providers import Message, Reply, ToolCall, Usage
from zuoye.store import Store, TurnUpdate
from zuoye.tutor.events import Delta, Notice, Reasoning, Revised, ToolUsed

pytestmark = pytest.mark.anyio

RIGHT = "解：因式分解得 $(x-2)(x-3)=0$。\n所以 $x_1=2$，$x_2=3$。\n答：方程的解为 $x_1=2, x_2=3$。"


def _solve(question: str) -> ToolCall:
    return tool_call("solve_math_problem", json.dumps({"question": question}, ensure_ascii=False))


async def test_every_call_of_one_reply_is_run_and_answered_by_its_id(make_tutor: Any, store: Store) -> None:
    first, second = _solve("解方程 x^2-5x+6=0"), tool_call("evaluate_expression", '{"expression": "2+3"}')
    model = ScriptedModel([[first, second], RIGHT])
    events = await collect(make_tutor(model, verbose=True), "解方程 x^2-5x+6=0")
    used = [e for e in events if isinstance(e, ToolUsed)]
    assert [u.name for u in used] == ["solve_math_problem", "evaluate_expression"]
    assert "5" in used[1].result
    sent = model.calls[1].messages
    assert sent[-3] == Message.assistant("", [first, second])
    assert [(m.role, m.tool_call_id) for m in sent[-2:]] == [("tool", first.id), ("tool", second.id)]
    assert [m.content for m in sent[-2:]] == [u.result for u in used]
    stored = store.get_turn(turn_id=finished(events).result.turn_id)
    assert stored is not None
    assert [(c["id"], c["name"]) for c in stored.tool_calls] == [
        (first.id, "solve_math_problem"),
        (second.id, "evaluate_expression"),
    ]
    assert stored.checks[-1]["status"] == "agree"


async def test_a_follow_up_sends_earlier_tool_calls_with_their_ids(make_tutor: Any) -> None:
    call = _solve("解方程 x^2-5x+6=0")
    model = ScriptedModel([call, RIGHT, "代入检验：成立。"])
    tutor = make_tutor(model)
    first = finished(await collect(tutor, "解方程 x^2-5x+6=0")).result
    await collect(tutor, "把 x=2 代入检验一下", conversation_id=first.conversation_id)
    sent = model.calls[2].messages
    assert [m.role for m in sent] == ["user", "assistant", "tool", "assistant", "user"]
    assert sent[1].tool_calls == (call,)
    assert (sent[2].tool_call_id, sent[2].content) == (call.id, first.tool_calls[0]["result"])
    assert sent[3].content == RIGHT


async def test_stored_calls_without_ids_still_make_a_valid_history(make_tutor: Any, store: Store) -> None:
    """Rows written before tool calls had ids (ERNIE v1's shape) get stable ids from the turn."""
    old = store.start_conversation(
        user_id="student-1", question="计算 2+3", model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    )
    v1_call = {
        "name": "evaluate_expression",
        "arguments": '{"expression": "2+3"}',
        "thoughts": "",
        "result": '{"value": "5"}',
    }
    store.finish_turn(
        turn_id=old.id, update_=TurnUpdate(answer="答：5。", status="complete", tool_calls=[v1_call])
    )
    model = ScriptedModel(["答：6。", "答：7。"])
    tutor = make_tutor(model)
    for question in ("那 3+3 呢？", "那 3+4 呢？"):
        await collect(tutor, question, conversation_id=old.conversation_id)
    for call in model.calls:
        assistant, tool = call.messages[1], call.messages[2]
        assert tool.tool_call_id == assistant.tool_calls[0].id == f"call_t{old.id}_0"
        assert (tool.name, tool.content) == ("evaluate_expression", '{"value": "5"}')


async def test_a_model_without_tools_gets_the_history_without_tool_calls(make_tutor: Any) -> None:
    model = ScriptedModel([_solve("解方程 x^2-5x+6=0"), RIGHT])
    tutor = make_tutor(model)
    first = finished(await collect(tutor, "解方程 x^2-5x+6=0")).result
    plain = ScriptedModel(["答：成立。"], name="ERNIE-Speed-8K", supports_tools=False)
    await collect(make_tutor(plain), "代入检验", conversation_id=first.conversation_id)
    assert [m.role for m in plain.calls[0].messages] == ["user", "assistant", "user"]


async def test_reasoning_is_its_own_event_never_the_answer(make_tutor: Any, store: Store) -> None:
    thinking = Reply(
        RIGHT, reasoning="先看常数项 6 = 2×3，再看一次项系数 -5 = -(2+3)……", usage=Usage(5, 9, 14)
    )
    model = ScriptedModel([thinking], piece=4)
    events = await collect(make_tutor(model), "解方程 x^2-5x+6=0")
    reasoning = "".join(e.text for e in events if isinstance(e, Reasoning))
    assert reasoning == thinking.reasoning
    assert text_of(events) == RIGHT and "常数项" not in text_of(events)
    result = finished(events).result
    assert result.reasoning == thinking.reasoning and result.answer == RIGHT
    assert "常数项" not in store.get_turn(turn_id=result.turn_id).answer  # type: ignore[union-attr]
    first_answer = next(i for i, e in enumerate(events) if isinstance(e, Delta))
    assert all(not isinstance(e, Reasoning) for e in events[first_answer:])


async def test_reasoning_is_not_shown_under_a_hint_ceiling(make_tutor: Any) -> None:
    thinking = Reply("想想能不能因式分解？", reasoning="x^2-5x+6=(x-2)(x-3)，所以 x=2 或 x=3。")
    events = await collect(make_tutor(ScriptedModel([thinking])), "解方程 x^2-5x+6=0", help_ceiling="hint")
    assert not any(isinstance(e, Reasoning) for e in events)
    assert finished(events).result.reasoning == ""


async def test_the_hint_ceiling_holds_when_the_answer_comes_a_few_characters_at_a_time(
    make_tutor: Any,
) -> None:
    caving = "好吧，想想能不能把左边因式分解？\n答案是 x=2 或 x=3。"
    model = ScriptedModel([caving], piece=2)
    events = await collect(make_tutor(model), "解方程 x^2-5x+6=0 直接告诉我答案", help_ceiling="hint")
    shown = text_of(events)
    assert "因式分解" in shown
    assert "x=2" not in shown and "x=3" not in shown
    assert any(isinstance(e, Notice) and e.kind == "withheld" for e in events)


async def test_a_refusal_without_words_is_never_silence(make_tutor: Any, store: Store) -> None:
    refusal = Reply("", finish_reason="content_filter", refused=True)
    model = ScriptedModel(["答：5。", refusal, "答：7。"])
    tutor = make_tutor(model)
    first = finished(await collect(tutor, "计算 2+3")).result
    events = await collect(tutor, "某个问题", conversation_id=first.conversation_id)
    [notice] = [e for e in events if isinstance(e, Notice) and e.kind == "refused"]
    assert "无法回答" in notice.text and "已清空" in notice.text
    result = finished(events).result
    assert result.complete and result.checks == []
    await collect(tutor, "计算 3+4", conversation_id=first.conversation_id)
    assert [m.content for m in model.calls[2].messages] == ["计算 3+4"]


async def test_a_reply_the_service_says_not_to_show_is_taken_back(make_tutor: Any, store: Store) -> None:
    hidden = Reply("不该显示的内容。", finish_reason="stop", refused=True, hidden=True)
    events = await collect(make_tutor(ScriptedModel([hidden])), "某个问题")
    assert [e.text for e in events if isinstance(e, Revised)] == [""]
    assert any(isinstance(e, Notice) and e.kind == "refused" for e in events)
    result = finished(events).result
    assert result.answer == ""
    assert store.get_turn(turn_id=result.turn_id).answer == ""  # type: ignore[union-attr]


async def test_tool_calls_stop_at_a_refusal(make_tutor: Any) -> None:
    refused_call = Reply("", tool_calls=[_solve("1+1")], finish_reason="tool_calls", refused=True)
    model = ScriptedModel([refused_call])
    events = await collect(make_tutor(model, verbose=True), "计算 1+1")
    assert not any(isinstance(e, ToolUsed) for e in events)
    assert len(model.calls) == 1
