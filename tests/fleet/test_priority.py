"""Worksheets are background work: every model call a batch makes is marked so (the fleet limiter
then leaves the last share of the quota to students); a student's question is not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.tutor.fakes import ScriptedModel
from zuoye.batch import Item, Journal, run_batch
from zuoye.fleet import in_background
from zuoye.providers import StreamEvent
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.tutor.tutor import Tutor

pytestmark = pytest.mark.anyio


class Recording(ScriptedModel):
    seen: list[bool]

    async def stream(self, **kwargs: Any) -> AsyncIterator[StreamEvent]:  # type: ignore[override]
        self.seen.append(in_background())
        async for event in super().stream(**kwargs):
            yield event


async def test_batch_calls_are_background_and_questions_are_not(tmp_path: Path) -> None:
    model = Recording(["勾股定理：a²+b²=c²。", "内角和是 180°。", "圆周率约是 3.14。"])
    model.seen = []
    with Store(f"sqlite:///{tmp_path / 'z.db'}") as store:
        tutor = Tutor(store=store, settings=Settings(home=tmp_path), model=model, user_id="teacher")
        items = [Item("q1", "讲讲勾股定理"), Item("q2", "讲讲三角形内角和")]
        with Journal(tmp_path / "out.jsonl") as journal:
            await run_batch(items, tutor=tutor, journal=journal, concurrency=2)
        async for _ in tutor.ask("讲讲圆周率"):
            pass
    assert model.seen == [True, True, False]
