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
    save_progress = store.save_progress

    def watched(**kw: Any) -> bool:
        saves.append((kw["answer"], kw["alive_until"]))
        return save_progress(**kw)

    monkeypatch.setattr(store, "save_progress", watched)
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
