"""A worksheet job's journal lives in the database: a run that takes over a job from a worker
that died does not pay for what was answered, closes what was left pending, and asks the rest —
on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.conftest import db_url
from tests.tutor.fakes import ScriptedModel, ScriptedProvider
from zuoye.jobs import DbJournal, WorksheetRunner
from zuoye.providers import Registry
from zuoye.settings import Settings
from zuoye.store import Store, TurnUpdate
from zuoye.store.worksheets import Worksheets

__all__ = ["db_url"]  # the store tests' fixture: SQLite, and PostgreSQL when it is there

TEACHER = "t" * 32
QUESTIONS = ["讲讲勾股定理", "讲讲三角形内角和", "讲讲圆周率"]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s


def test_a_job_taken_over_pays_for_nothing_twice_and_leaves_nothing_pending(
    store: Store, tmp_path: Path
) -> None:
    worksheets = Worksheets(store)
    items = [{"id": f"q{n}", "question": q} for n, q in enumerate(QUESTIONS, 1)]
    job = worksheets.create(owner_id=TEACHER, name="a.csv", format="csv", items=items)
    assert worksheets.start(job_id=job.id)
    # What a worker killed mid-job left: q1 answered and stored but not yet recorded, q2 being
    # written (its turn pending), q3 not started. Asked as the next worker asks (the server's
    # default model, grade and mode).
    stored = store.start_conversation(
        user_id=TEACHER, question=QUESTIONS[0], model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    )
    store.finish_turn(
        turn_id=stored.id, update_=TurnUpdate(answer="a²+b²=c²。", status="complete", total_tokens=7)
    )
    cut = store.start_conversation(
        user_id=TEACHER, question=QUESTIONS[1], model="ERNIE-4.0-8K", grade="初中", mode="讲解"
    )
    journal = DbJournal(worksheets, job.id)
    journal.started("q1", QUESTIONS[0], stored.id)
    journal.started("q2", QUESTIONS[1], cut.id)
    assert DbJournal(worksheets, job.id).links.keys() == {"q1", "q2"}  # as the next worker reads them

    model = ScriptedModel(["内角和是 180°。", "圆周率约是 3.14159。"])
    runner = WorksheetRunner(
        Settings(home=tmp_path), store, registry=Registry([ScriptedProvider(model)]), retry_delay=0
    )
    asyncio.run(runner.run(job.id))

    view = worksheets.get(job_id=job.id)
    assert view is not None
    assert (view.job.status, view.job.runs, view.progress.answered, view.progress.failed) == ("done", 2, 3, 0)
    assert len(model.calls) == 2  # q1 was not asked again
    rows = {r.item_id: r for r in worksheets.items(job_id=job.id)}
    assert rows["q1"].record is not None and rows["q1"].record["answer"] == "a²+b²=c²。"
    assert rows["q1"].record["usage"]["total_tokens"] == 7
    assert all(r.turn_id is None for r in rows.values())  # no link left for a third run
    old = store.get_turn(turn_id=cut.id)
    assert old is not None and (old.status, old.error) == ("failed", "interrupted")
    # Run again (a duplicate delivery from the queue): nothing to do, nothing asked.
    asyncio.run(runner.run(job.id))
    assert len(model.calls) == 2 and worksheets.get(job_id=job.id).job.runs == 2  # type: ignore[union-attr]


def test_a_cancelled_job_is_not_started_and_a_finished_one_cannot_be_reopened(store: Store) -> None:
    worksheets = Worksheets(store)
    job = worksheets.create(
        owner_id=TEACHER, name="a.jsonl", format="jsonl", items=[{"id": "1", "question": "1+1"}]
    )
    worksheets.request_cancel(job_id=job.id)
    assert worksheets.get(job_id=job.id).job.status == "cancelled"  # type: ignore[union-attr]
    assert not worksheets.start(job_id=job.id)
    other = worksheets.create(
        owner_id=TEACHER, name="b.csv", format="csv", items=[{"id": "1", "question": "1+1"}]
    )
    assert worksheets.start(job_id=other.id)
    worksheets.finish(job_id=other.id, status="done")
    worksheets.finish(job_id=other.id, status="failed", error="late")  # a finished job stays as it ended
    worksheets.request_cancel(job_id=other.id)
    view = worksheets.get(job_id=other.id)
    assert view is not None and (view.job.status, view.job.error, view.job.cancel_requested) == (
        "done",
        None,
        False,
    )
    assert worksheets.get(job_id=other.id, owner_id="someone else") is None
    assert {v.job.id for v in worksheets.of_owner(owner_id=TEACHER)} == {other.id, job.id}
