"""`zuoye worker` on PostgreSQL against `zuoye emulator`: a worker killed with -9 in the middle of
a worksheet loses nothing and duplicates nothing; a second worker takes the job over and
finishes it, every question answered exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from zuoye.emulator.testing import emulator_process, stats
from zuoye.jobs import WorksheetRunner
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.store.worksheets import Worksheets

pytestmark = pytest.mark.postgres

WORKER = [sys.executable, "-c", "from zuoye.cli import main; main()", "worker"]
QUESTIONS = [
    f"讲讲成语“{w}”的意思"
    for w in [
        "画蛇添足",
        "守株待兔",
        "亡羊补牢",
        "刻舟求剑",
        "掩耳盗铃",
        "井底之蛙",
        "对牛弹琴",
        "杯弓蛇影",
        "望梅止渴",
        "叶公好龙",
        "狐假虎威",
        "拔苗助长",
    ]
]
TEACHER = "t" * 32


def _env(home: Path, db_url: str, emulator_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    return env | {
        "ZUOYE_HOME": str(home),
        "ZUOYE_DATABASE_URL": db_url,
        "QIANFAN_AK": "test-ak",
        "QIANFAN_SK": "test-sk",
        "QIANFAN_BASE_URL": emulator_url,
    }


@contextmanager
def worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                *WORKER,
                "--questions",
                "2",
                "--heartbeat",
                "0.5",
                "--stalled-after",
                "2",
                "--shutdown-grace",
                "0.2",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _wait(what: str, check: object, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(
        f"timed out waiting for {what}; worker log:\n{log.read_text(errors='replace')[-3000:]}"
    )


@pytest.mark.parametrize(
    "stop",
    [
        pytest.param(signal.SIGKILL, id="kill-9"),
        # Shut down: the worker gives its job --shutdown-grace (0.2 s) to end, then puts it back
        # in the queue itself.
        pytest.param(signal.SIGTERM, id="sigterm"),
    ],
)
def test_a_worker_killed_mid_job_loses_and_duplicates_nothing(
    postgres_url: str, tmp_path: Path, stop: signal.Signals
) -> None:
    store = Store(postgres_url)
    worksheets = Worksheets(store)
    items = [{"id": f"q{n}", "question": q} for n, q in enumerate(QUESTIONS, 1)]
    job = worksheets.create(owner_id=TEACHER, name="成语.csv", format="csv", items=items)
    settings = Settings(home=tmp_path, database_url=postgres_url)

    async def submit() -> None:
        from zuoye.jobs._queue_pg import QueueJobs

        jobs = QueueJobs(WorksheetRunner(settings, store, registry=_no_models()), worker=False)
        try:
            await jobs.submit(job.id)
        finally:
            await jobs.aclose()

    asyncio.run(submit())

    def answered() -> int:
        view = worksheets.get(job_id=job.id)
        assert view is not None
        return view.progress.answered

    with emulator_process("--latency-ms", "150", "--stream-interval-ms", "20", "--no-solver") as url:
        env = _env(tmp_path, postgres_url, url)
        with worker(env, tmp_path / "first.log") as first:
            _wait(
                "the first worker to answer 3 questions", lambda: answered() >= 3, 60, tmp_path / "first.log"
            )
            first.send_signal(stop)
            first.wait(timeout=30)
        left = answered()
        assert 3 <= left < len(QUESTIONS), "the first worker was not killed in the middle of the job"
        with worker(env, tmp_path / "second.log"):
            _wait(
                "the second worker to finish the job",
                lambda: worksheets.get(job_id=job.id).job.status in ("done", "failed", "cancelled"),  # type: ignore[union-attr]
                90,
                tmp_path / "second.log",
            )
        counted = stats(url)

    view = worksheets.get(job_id=job.id)
    assert view is not None
    assert (view.job.status, view.progress.answered, view.progress.failed) == ("done", len(QUESTIONS), 0)
    assert view.job.runs == 2  # started by the first worker, resumed by the second
    records = {r.item_id: r.record for r in worksheets.items(job_id=job.id)}
    assert all(r is not None and r["status"] == "answered" and r["answer"] for r in records.values())

    turns = [
        t
        for c, _ in store.list_conversations(user_id=TEACHER, limit=200)
        for t in store.get_conversation(conversation_id=c.id).turns  # type: ignore[union-attr]
    ]
    complete = Counter(t.question for t in turns if t.status == "complete")
    cut = [t for t in turns if t.status != "complete"]
    # Exactly one stored answer per question; nothing left pending.
    assert complete == Counter(QUESTIONS)
    assert all(t.error == "interrupted" for t in cut)
    assert len(cut) <= 2  # at most the answers the first worker had in flight (--questions 2)
    # Every model call is accounted for: one per question, plus at most one per answer the kill
    # cut off (asked again by the second worker; a turn stored just before the kill made none);
    # none asked twice otherwise.
    assert len(QUESTIONS) <= counted["chat_requests"] <= len(QUESTIONS) + len(cut)
    # Each record is the one stored answer of its question.
    answers = {t.question: t.answer for t in turns if t.status == "complete"}
    for n, q in enumerate(QUESTIONS, 1):
        assert records[f"q{n}"]["answer"] == answers[q]  # type: ignore[index]
    store.close()


def _no_models() -> object:
    from zuoye.providers import Registry

    return Registry([])
