"""`zuoye worker`: answer the worksheets teachers upload from the page, from PostgreSQL's queue.

Run as many as the quota allows, on any machine that reaches the database (and Redis, for one
quota across the fleet). A worker killed mid-job loses nothing: after `--stalled-after` seconds
without its heartbeat another worker puts the job back and resumes it from its journal in the
database. Ctrl-C or SIGTERM stops a worker after putting its job back in the queue.
"""

from __future__ import annotations

import asyncio

import typer

from zuoye.cli._app import EXIT_USAGE, CliError, app
from zuoye.cli._context import load_settings, open_store
from zuoye.messages import say


@app.command()
def worker(
    concurrency: int = typer.Option(1, "--concurrency", "-c", min=1, max=32, help="Worksheets at once."),
    questions: int = typer.Option(
        4, "--questions", min=1, max=64, help="Questions of one worksheet in flight at once."
    ),
    heartbeat: float = typer.Option(
        5.0, "--heartbeat", min=0.2, max=60, help="Seconds between this worker's heartbeats."
    ),
    stalled_after: float = typer.Option(
        30.0,
        "--stalled-after",
        min=1,
        max=3600,
        help="Seconds without a heartbeat before a worker is taken for dead and its job resumed elsewhere.",
    ),
    shutdown_grace: float = typer.Option(
        5.0,
        "--shutdown-grace",
        min=0,
        max=3600,
        help="On SIGTERM/Ctrl-C, seconds a job may take to end before it is put back in the queue.",
    ),
) -> None:
    """Answer worksheets uploaded from the page (needs PostgreSQL: ZUOYE_DATABASE_URL)."""
    from zuoye.jobs import WorksheetRunner

    settings = load_settings()
    if not settings.db_url.startswith("postgresql"):
        raise CliError(say("worker.needs_postgres"), EXIT_USAGE)
    if stalled_after <= 2 * heartbeat:
        raise CliError(
            say("worker.stalled_after", stalled=f"{stalled_after:g}", heartbeat=f"{heartbeat:g}"), EXIT_USAGE
        )
    store = open_store(settings)  # StoreError: exit 3; migrates, so the queue's tables exist

    async def main() -> None:
        from zuoye.jobs._queue_pg import QueueJobs

        runner = WorksheetRunner(settings, store, questions_at_once=questions)
        jobs = QueueJobs(
            runner,
            worker=False,
            concurrency=concurrency,
            heartbeat=heartbeat,
            stalled_after=stalled_after,
            install_signal_handlers=True,  # SIGTERM/Ctrl-C: put the job back, then stop
            shutdown_grace=shutdown_grace,
        )
        await jobs.start()
        rescuer = asyncio.create_task(jobs.rescue())
        typer.echo(say("worker.waiting", concurrency=concurrency), err=True)
        try:
            await jobs.run_worker()
        finally:
            rescuer.cancel()
            await jobs.aclose()

    try:
        asyncio.run(main())
    finally:
        store.close()
