"""`create_app`: the page and the HTTP API in one FastAPI application."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from zuoye import __version__
from zuoye.jobs import MAX_UPLOAD_BYTES, WorksheetRunner, open_jobs
from zuoye.tutor.progress import sweep_abandoned_turns
from zuoye.web import _errors, _index, _vendor
from zuoye.web._http import BodyLimit, SecurityHeaders
from zuoye.web._logging import RequestIds
from zuoye.web._metrics import CountRequests
from zuoye.web._state import AppState, Recognizer
from zuoye.web._stops import StopSignals
from zuoye.web._transport import ShardedTransport
from zuoye.web.routes import (
    ask,
    auth,
    class_report,
    conversations,
    meta,
    mistakes,
    photo,
    students,
    worksheets,
)

if TYPE_CHECKING:
    from zuoye.providers import Registry
    from zuoye.settings import Settings
    from zuoye.store import Store

log = logging.getLogger("zuoye.web")

STATIC = Path(__file__).with_name("static")
JSON_BODY_LIMIT = 256 * 1024  # a question is at most 8000 characters
IO_THREADS = 64  # threads mostly wait (SQLite locks, solver pipes): many cost little
GC_YOUNG_THRESHOLD = 10_000  # allocations between young collections (Python's default: 700)


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    registry: Registry | None = None,
    recognize: Recognizer | None = None,
) -> FastAPI:
    """The application. By default everything comes from `settings` (itself loaded from the
    environment): the database, the model registry (ERNIE and any other configured provider,
    each client with a connection pool sized for many streams; none configured: offline), the
    OCR. Tests pass a store, a registry and a recognizer. The app closes the registry.
    """
    from zuoye.providers import Registry
    from zuoye.settings import Settings
    from zuoye.store import Store
    from zuoye.tutor.identity import local_user_id

    settings = settings or Settings.load()
    owns_store = store is None
    store = store or Store(settings.db_url)
    if registry is None:
        registry = Registry.from_settings(settings, client_options=lambda: {"transport": ShardedTransport()})
    state = AppState(
        settings=settings,
        store=store,
        registry=registry,
        recognize=recognize or _recognize,
        local_user_id=local_user_id(settings.home),
        owns_store=owns_store,
    )
    state.jobs = open_jobs(WorksheetRunner(settings, store, registry=registry))

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        problem = _vendor.problem()
        if problem:
            log.error("%s", problem)
        loop = asyncio.get_running_loop()
        # Every answer waits in a thread for the solver's worker processes while the store's
        # queries also run in threads: with asyncio's default (cores + 4 threads) a burst of
        # questions would park every thread on the solver and queue the quick queries behind it.
        loop.set_default_executor(ThreadPoolExecutor(max_workers=IO_THREADS, thread_name_prefix="zuoye-io"))
        # Start the solver's workers now (a fork server importing SymPy: a second or two), not
        # on the first students' questions.
        warm = loop.run_in_executor(None, _warm_solver)
        # Answers left pending by a process that died (this one before a restart, or another
        # serving the same database) are closed as interrupted, now and every half lease.
        sweeper = asyncio.create_task(
            sweep_abandoned_turns(state.store, lease_seconds=state.settings.turn_lease_seconds), name="sweep"
        )
        if state.settings.redis_url:
            state.stops = StopSignals(state.settings.redis_url, state)
            state.stops.start()
        # Worksheets this server had not finished are taken up again (SQLite); on PostgreSQL
        # this process also works the job queue.
        await state.jobs.start()
        _tune_garbage_collector()
        yield
        sweeper.cancel()
        if state.stops is not None:
            await state.stops.aclose()
        await state.aclose()
        await asyncio.gather(warm, return_exceptions=True)

    app = FastAPI(
        title="zuoye 作业",
        version=__version__,
        summary="Homework questions answered by ERNIE, with the maths checked by a computer.",
        docs_url=None,  # Swagger UI loads scripts from a CDN: not offline, not under our CSP
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.zuoye = state
    _errors.install(app)
    for module in (meta, auth, conversations, ask, photo, students, class_report, worksheets, mistakes):
        app.include_router(module.router)
    app.include_router(meta.probes)
    _mount_page(app)
    app.add_middleware(
        BodyLimit,
        default=JSON_BODY_LIMIT,
        per_path={
            "/api/photo": photo.MAX_PHOTO_BYTES + 64 * 1024,
            "/api/worksheets": MAX_UPLOAD_BYTES + 64 * 1024,
        },
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(CountRequests)
    app.add_middleware(RequestIds)  # outermost: every log line of the request carries its id
    return app


def _mount_page(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        # in the request's language (Accept-Language): its words, its lang, the scripts' table
        return HTMLResponse(_index.current_page(), headers=_index.HEADERS)

    # The page's loader asks here when its modules fail to load (static/loader.js).
    @app.get("/api/assets", include_in_schema=False)
    async def assets() -> JSONResponse:
        return JSONResponse({"missing": _vendor.missing(), "message": _vendor.problem()})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name, folder in _vendor.folders().items():
        if folder.is_dir():
            app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")


def _tune_garbage_collector() -> None:
    """Everything loaded by now (modules, the app, its routes) lives as long as the server: keep
    the collector from walking it again (frozen), and let the young generation grow before it is
    collected (each question allocates thousands of short-lived objects). Measured under a burst
    of 300 questions after a first round of 300 (bench/bench_web.py, profiled): the collector
    took ~380 ms of the event loop's first 4 s with the defaults, ~160 ms so."""
    gc.collect()  # what is garbage now is freed, not frozen
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def _warm_solver() -> None:
    from zuoye.tutor import maths

    maths.solve_or_none("1+1")


def _recognize(data: bytes) -> Any:
    from zuoye.ocr import recognize

    return recognize(data)
