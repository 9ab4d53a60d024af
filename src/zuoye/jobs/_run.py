"""Running one worksheet job: the same `run_batch` as `zuoye batch`, journaled in the database.

Any worker may run any job, and a job may be run again after its worker stopped (killed, or
shut down): the database's journal (`DbJournal`) makes the second run pick up where the first
left off without paying for an answer twice. On PostgreSQL a job is held by one worker at a time
with a session advisory lock, which the database drops the moment the holder's connection dies;
the queue's own guarantee (one worker per job) stands in front of it, and this lock makes sure
that a worker taken for dead that is merely slow can never answer beside its successor.

A cancel is a flag in the database (`Worksheets.request_cancel`) that the running job looks for
every `poll` seconds, whichever process received it; the queue's abort makes it quicker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from sqlalchemy import text

from zuoye.batch.inputs import Item
from zuoye.batch.pacing import AdaptivePacer
from zuoye.batch.runner import RETRY_DELAY, PacedModel, run_batch
from zuoye.errors import ZuoyeError
from zuoye.jobs._journal import DbJournal
from zuoye.providers import Registry
from zuoye.store.worksheets import Worksheets
from zuoye.tutor.tutor import Tutor

if TYPE_CHECKING:
    from zuoye.settings import Settings
    from zuoye.store import Store

log = logging.getLogger("zuoye.jobs")

QUESTIONS_AT_ONCE = 4  # per job: a worksheet shares the quota with students (zuoye.fleet)
CANCEL_POLL_SECONDS = 1.0
_LOCK_SPACE = 0x2F0F  # advisory lock namespace of worksheet jobs (migrations use 0x2F0E)


class WorksheetRunner:
    """Runs worksheet jobs for one process. It owns a model registry of its own whose clients
    do not retry (max_retries=0): every refusal must reach the job's pacer, as in `zuoye batch`."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        registry: Registry | None = None,
        questions_at_once: int = QUESTIONS_AT_ONCE,
        retry_delay: float = RETRY_DELAY,
        poll: float = CANCEL_POLL_SECONDS,
    ) -> None:
        self.settings = settings
        self.store = store
        self.worksheets = Worksheets(store)
        self.owns_registry = registry is None
        self.registry = registry or Registry.from_settings(
            settings, client_options=lambda: {"max_retries": 0}
        )
        self.questions_at_once = questions_at_once
        self.retry_delay = retry_delay
        self.poll = poll

    async def aclose(self) -> None:
        if self.owns_registry:
            await self.registry.aclose()

    async def run(self, job_id: str) -> None:
        """Run the job to its end (done, failed or cancelled). Cancelled from outside without a
        cancel request (a worker shutting down), it leaves the job running for the next worker
        and lets the CancelledError through."""
        async with self._exclusive(job_id) as held:
            if not held:
                return  # finished by the worker that held it
            if not await asyncio.to_thread(self.worksheets.start, job_id=job_id):
                return
            try:
                await self._run(job_id)
            except asyncio.CancelledError:
                if await asyncio.to_thread(self.worksheets.cancel_requested, job_id=job_id):
                    await asyncio.to_thread(self.worksheets.finish, job_id=job_id, status="cancelled")
                raise
            except ZuoyeError as exc:
                await asyncio.to_thread(
                    self.worksheets.finish, job_id=job_id, status="failed", error=str(exc)
                )
            except Exception:
                log.exception("worksheet job %s failed", job_id)
                await asyncio.to_thread(
                    self.worksheets.finish,
                    job_id=job_id,
                    status="failed",
                    error="服务器内部错误，作业单没有做完：请重新上传。 / internal error; upload the worksheet again",
                )

    async def _run(self, job_id: str) -> None:
        view = await asyncio.to_thread(self.worksheets.get, job_id=job_id)
        assert view is not None
        job = view.job
        rows = await asyncio.to_thread(self.worksheets.items, job_id=job_id)
        items = [Item(r.item_id, r.question, r.grade, r.mode, r.line) for r in rows]
        journal = await asyncio.to_thread(DbJournal, self.worksheets, job_id)
        model = self.registry.get_or_offline(job.model)  # ProviderError: the job fails, saying why
        if model is not None:
            model = PacedModel(model, AdaptivePacer(), retry_delay=self.retry_delay)
        # A worksheet is the teacher's: its 批改 lines are not the teacher's own mistakes.
        tutor = Tutor(
            store=self.store, settings=self.settings, model=model, user_id=job.owner_id, keep_mistakes=False
        )
        batch = asyncio.create_task(
            run_batch(
                items,
                tutor=tutor,
                journal=journal,
                concurrency=self.questions_at_once,
                retry_delay=self.retry_delay,
            ),
            name=f"worksheet-{job_id}",
        )
        watcher = asyncio.create_task(self._watch(job_id, batch))
        try:
            summary = await batch
        except asyncio.CancelledError:
            if not watcher.done() or watcher.cancelled() or not watcher.result():
                raise  # cancelled from outside: run() decides what it means
            await asyncio.to_thread(self.worksheets.finish, job_id=job_id, status="cancelled")
            return
        finally:
            watcher.cancel()
        error = None
        if summary.failed:
            error = f"{summary.failed} 道题没能回答（见报告）。 / {summary.failed} question(s) could not be answered"
        status = "failed" if summary.failed and not (summary.answered + summary.skipped) else "done"
        await asyncio.to_thread(self.worksheets.finish, job_id=job_id, status=status, error=error)

    async def _watch(self, job_id: str, batch: asyncio.Task[object]) -> bool:
        """True once it cancelled the batch because a cancel was asked for."""
        while not batch.done():
            await asyncio.sleep(self.poll)
            if await asyncio.to_thread(self.worksheets.cancel_requested, job_id=job_id):
                batch.cancel()
                return True
        return False

    @contextlib.asynccontextmanager
    async def _exclusive(self, job_id: str) -> AsyncIterator[bool]:
        """Hold the job for this worker (PostgreSQL); True once held, False if it was finished
        meanwhile. SQLite has one process running jobs (`zuoye serve`): nothing to hold."""
        engine = self.store.engine
        if engine.dialect.name != "postgresql":
            yield True
            return
        key = int(job_id[:8], 16) - 2**31  # the lock's second key is an int4
        conn = await asyncio.to_thread(
            lambda: engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        )
        try:
            while not await asyncio.to_thread(
                lambda: bool(
                    conn.execute(
                        text("SELECT pg_try_advisory_lock(:space, :key)"), {"space": _LOCK_SPACE, "key": key}
                    ).scalar()
                )
            ):
                view = await asyncio.to_thread(self.worksheets.get, job_id=job_id)
                if view is None or view.job.status in ("done", "failed", "cancelled"):
                    yield False
                    return
                await asyncio.sleep(self.poll)
            yield True
        finally:
            # Ending the connection's session ends the lock (close() alone would return the
            # connection to the pool with the lock still held).
            await asyncio.to_thread(conn.invalidate)
            await asyncio.to_thread(conn.close)
