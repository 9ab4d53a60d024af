"""Where worksheet jobs wait and which process runs them.

- PostgreSQL: Procrastinate, a job queue kept in the PostgreSQL the app already uses (no other
  service to run), async like the rest, with workers that beat a heartbeat and jobs that can be
  aborted. `zuoye worker` processes and each `zuoye serve` process take jobs from it. A job
  whose worker stopped beating (killed -9, a lost machine) is put back by any live worker's
  rescuer, and runs again on whichever worker takes it; a worker shut down (SIGTERM) puts its
  job back itself. Either way the job resumes from its journal in the database.
- SQLite (the embedded default: one process, nothing to install): `zuoye serve` runs the jobs as
  tasks of its own, one worksheet at a time; jobs it had not finished when it stopped are taken
  up again when it starts.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from zuoye.jobs._run import WorksheetRunner

log = logging.getLogger("zuoye.jobs")


class Jobs(Protocol):
    kind: str  # "queue" | "in-process", shown by the page

    async def start(self) -> None: ...
    async def submit(self, job_id: str) -> None: ...
    async def cancel(self, job_id: str, queue_job_id: int | None) -> None: ...
    async def aclose(self) -> None: ...


class LocalJobs:
    """The jobs of a single `zuoye serve` on SQLite, run as tasks of that process."""

    kind = "in-process"

    def __init__(self, runner: WorksheetRunner) -> None:
        self.runner = runner
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self._one_at_a_time = asyncio.Semaphore(1)

    async def start(self) -> None:
        for job_id in await asyncio.to_thread(self.runner.worksheets.unfinished):
            await self.submit(job_id)

    async def submit(self, job_id: str) -> None:
        task = asyncio.create_task(self._run(job_id), name=f"job-{job_id}")
        self.tasks[job_id] = task
        task.add_done_callback(lambda _: self.tasks.pop(job_id, None))

    async def _run(self, job_id: str) -> None:
        async with self._one_at_a_time:
            await self.runner.run(job_id)

    async def cancel(self, job_id: str, queue_job_id: int | None) -> None:
        pass  # the flag in the database is enough: the running job looks for it

    async def aclose(self) -> None:
        # Left as they are in the database (running, journaled): taken up at the next start.
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.runner.aclose()


def open_jobs(runner: WorksheetRunner, **options: Any) -> Jobs:
    """The queue for the runner's database: Procrastinate on PostgreSQL, in-process on SQLite."""
    if runner.store.engine.dialect.name == "postgresql":
        # Imported here: Procrastinate is installed with zuoye[postgres], not by the embedded default.
        from zuoye.jobs._queue_pg import QueueJobs

        return QueueJobs(runner, **options)
    return LocalJobs(runner)
