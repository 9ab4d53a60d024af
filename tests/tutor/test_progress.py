"""The answer saved while it streams (a bounded number of writes, never one per delta) and the
lease renewed while the model is silent: what a kill -9 leaves is what was written."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import pytest

from tests.tutor.conftest import collect, finished
from tests.tutor.fakes import ScriptedModel
from zuoye.store import Store
from zuoye.tutor import progress
from zuoye.tutor.progress import ProgressSaver

pytestmark = pytest.mark.anyio


def _watch_saves(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, datetime]]:
    saves: list[tuple[str, datetime]] = []
    save_progress_many = store.save_progress_many

    def watched(many: list[tuple[int, str, datetime]]) -> None:
        saves.extend((answer, until) for _, answer, until in many)
        save_progress_many(many)

    monkeypatch.setattr(store, "save_progress_many", watched)
    return saves


async def test_the_answer_is_saved_as_it_streams_at_a_bounded_rate(
    make_tutor: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "SAVE_EVERY", 0.2)
    saves = _watch_saves(store, monkeypatch)
    text = "勾股定理说的是直角三角形两条直角边的平方和等于斜边的平方。" * 2
    model = ScriptedModel([text], piece=1, delay=0.01)  # one delta a character, over ~1 s
    events = await collect(make_tutor(model), "讲讲勾股定理")
    result = finished(events).result
    assert result.answer == text
    # a write every 0.2 s at most, not one per delta (there were len(text) deltas)
    assert 2 <= len(saves) <= 1.0 / 0.2 * 2 < len(text)
    answers = [a for a, _ in saves]
    assert all(text.startswith(a) for a in answers) and answers == sorted(answers, key=len)
    leases = [t for _, t in saves]
    assert leases == sorted(leases)
    turn = store.get_turn(turn_id=result.turn_id)
    assert turn is not None and (turn.status, turn.answer) == ("complete", text)  # the last word wins


async def test_the_lease_is_renewed_while_the_model_is_silent(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    turn = store.start_conversation(user_id="u", question="想很久的题", model="m", grade="初中", mode="讲解")
    saves = _watch_saves(store, monkeypatch)
    saver = ProgressSaver(store, turn.id, lease_seconds=0.3)  # renewed every 0.1 s
    saver.start()
    await asyncio.sleep(0.55)
    await saver.stop()
    assert len(saves) >= 3
    count = len(saves)
    await asyncio.sleep(0.25)
    assert len(saves) == count  # stopped: nothing renews the turn of an answer that ended
    stored = store.get_turn(turn_id=turn.id)
    assert stored is not None and stored.alive_until == saves[-1][1]


async def test_the_saves_of_many_answers_go_to_the_database_together(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    turns = [
        store.start_conversation(user_id="u", question=f"第{i}题", model="m", grade="初中", mode="讲解")
        for i in range(5)
    ]
    transactions: list[int] = []
    save_progress_many = store.save_progress_many

    def counted(many: list[tuple[int, str, datetime]]) -> None:
        transactions.append(len(many))
        save_progress_many(many)

    monkeypatch.setattr(store, "save_progress_many", counted)
    savers = [ProgressSaver(store, turn.id, lease_seconds=30) for turn in turns]
    for i, saver in enumerate(savers):
        saver.save_every = 0
        saver.note(f"第{i}题的答案写到一半")  # five answers due at once, as on a busy server
    for saver in savers:
        await saver.stop()  # each waits for its save: the final answer must come after it
    assert transactions == [5]  # one transaction, not one per answer
    for i, turn in enumerate(turns):
        stored = store.get_turn(turn_id=turn.id)
        assert stored is not None and stored.answer == f"第{i}题的答案写到一半"
