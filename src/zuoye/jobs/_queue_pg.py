"""Worksheet jobs on Procrastinate (PostgreSQL); see `zuoye.jobs._queues` for why and how."""

from __future__ import annotations

import asyncio
import logging

from procrastinate import App, BaseRetryStrategy, PsycopgConnector, RetryDecision
from procrastinate.jobs import Job
from sqlalchemy.engine import make_url

from zuoye.jobs._run import WorksheetRunner

log = logging.getLogger("zuoye.jobs")

QUEUE = "worksheets"
TASK = "zuoye.worksheet"
HEARTBEAT_SECONDS = 5.0
STALLED_SECONDS = 30.0  # no heartbeat for this long: the worker is taken for dead
SHUTDOWN_GRACE_SECONDS = 5.0


class _BackOnShutdown(BaseRetryStrategy):
    """A job stopped by its worker's shutdown (or aborted) goes back to the queue at once; any
    other failure was already recorded by the job itself, so it is not run again. An aborted
    job put back finds itself cancelled in the database and ends at once."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, asyncio.CancelledError):
            return RetryDecision(retry_in={"seconds": 0})
        return None


def conninfo(db_url: str) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL."""
    url = make_url(db_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class QueueJobs:
    """Jobs on Procrastinate. `worker=True` runs a worker in this process too (`zuoye serve`,
    `zuoye worker`); each worker also rescues the jobs of workers that stopped beating."""

    kind = "queue"

    def __init__(
        self,
        runner: WorksheetRunner,
        *,
        worker: bool = True,
        concurrency: int = 1,
        heartbeat: float = HEARTBEAT_SECONDS,
        stalled_after: float = STALLED_SECONDS,
        install_signal_handlers: bool = False,
        shutdown_grace: float = SHUTDOWN_GRACE_SECONDS,
    ) -> None:
        self.runner = runner
        self.worker = worker
        self.concurrency = concurrency
        self.heartbeat = heartbeat
        self.stalled_after = stalled_after
        self.install_signal_handlers = install_signal_handlers
        self.shutdown_grace = shutdown_grace
        self.app = App(
            connector=PsycopgConnector(conninfo=conninfo(runner.settings.db_url), min_size=1, max_size=4)
        )
        self.task = self.app.task(name=TASK, queue=QUEUE, retry=_BackOnShutdown())(self._job)
        self._side: list[asyncio.Task[None]] = []
        self._opened = False

    async def _job(self, job_id: str) -> None:
        await self.runner.run(job_id)

    async def start(self) -> None:
        await self._open()
        if self.worker and not self._side:
            self._side.append(asyncio.create_task(self.run_worker(), name="jobs-worker"))
            self._side.append(asyncio.create_task(self.rescue(), name="jobs-rescuer"))

    async def run_worker(self) -> None:
        await self.app.run_worker_async(
            queues=[QUEUE],
            concurrency=self.concurrency,
            install_signal_handlers=self.install_signal_handlers,
            update_heartbeat_interval=self.heartbeat,
            stalled_worker_timeout=self.stalled_after,
            # New jobs come by LISTEN/NOTIFY; a job put back by a rescuer is found by polling,
            # as often as this worker beats (a cheap query).
            fetch_job_polling_interval=max(1.0, self.heartbeat),
            # On a shutdown a job gets this long to end by itself, then it is stopped and put
            # back (its answers so far are journaled; the next worker resumes it).
            shutdown_graceful_timeout=self.shutdown_grace,
        )

    async def rescue(self) -> None:
        """Put back the jobs of workers that stopped beating (killed, or their machine lost)."""
        manager = self.app.job_manager
        while True:
            await asyncio.sleep(max(1.0, self.stalled_after / 3))
            try:
                stalled = await manager.get_stalled_jobs(
                    task_name=TASK, seconds_since_heartbeat=self.stalled_after
                )
                for job in stalled:
                    log.warning("worksheet job %s: its worker stopped; putting it back in the queue", job.id)
                    try:
                        await manager.retry_job(job)
                    except Exception:  # another worker's rescuer was quicker
                        log.debug("job %s already put back", job.id)
            except Exception:
                log.exception("looking for stalled worksheet jobs failed; trying again")

    async def _open(self) -> None:
        if not self._opened:
            await self.app.open_async()
            self._opened = True

    async def submit(self, job_id: str) -> None:
        await self._open()
        # The lock: two runs of one job never overlap in the queue (the runner holds one too).
        queue_job_id = await self.task.configure(lock=f"worksheet-{job_id}").defer_async(job_id=job_id)
        await asyncio.to_thread(
            self.runner.worksheets.set_queue_job_id, job_id=job_id, queue_job_id=queue_job_id
        )

    async def cancel(self, job_id: str, queue_job_id: int | None) -> None:
        await self._open()
        if queue_job_id is not None:
            await self.app.job_manager.cancel_job_by_id_async(queue_job_id, abort=True)

    async def aclose(self) -> None:
        for task in self._side:
            task.cancel()
        await asyncio.gather(*self._side, return_exceptions=True)
        if self._opened:
            await self.app.close_async()
        await self.runner.aclose()
