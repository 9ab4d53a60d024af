from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.tutor.fakes import ScriptedModel
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.tutor.events import Delta, Finished, TutorEvent
from zuoye.tutor.tutor import Tutor


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'z.db'}") as s:
        yield s


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path)


@pytest.fixture
def make_tutor(store: Store, settings: Settings) -> Any:
    def make(model: ScriptedModel | None, **kw: Any) -> Tutor:
        return Tutor(
            store=store, settings=kw.pop("settings", settings), model=model, user_id="student-1", **kw
        )

    return make


async def collect(tutor: Tutor, question: str, **kw: Any) -> list[TutorEvent]:
    return [e async for e in tutor.ask(question, **kw)]


def text_of(events: list[TutorEvent]) -> str:
    return "".join(e.text for e in events if isinstance(e, Delta))


def finished(events: list[TutorEvent]) -> Finished:
    [f] = [e for e in events if isinstance(e, Finished)]
    return f
