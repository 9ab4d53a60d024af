"""What an operator's Prometheus reads at `/metrics`, and the balancer's `/livez` and `/readyz`.

prometheus_client keeps the numbers. With `zuoye serve --workers N` each worker writes them to
files in one directory (`PROMETHEUS_MULTIPROC_DIR`, set by `serve` for its workers) and
`/metrics` on any worker sums every worker's; several machines are several scrape targets.
Labels stay few and bounded: a route's template, never its ids. The shared quota's waits are
zuoye.fleet's (`zuoye_limiter_wait_seconds`).
"""

from __future__ import annotations

import os
import time
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "zuoye_http_requests",
    "HTTP requests answered, by route template and status",
    ["method", "route", "status"],
)
ANSWERS = Counter("zuoye_answers", "Answers finished, by how they ended", ["status"])
FIRST_TEXT = Histogram(
    "zuoye_first_text_seconds",
    "From the question to the first words of the answer",
    buckets=(0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60),
)
MODEL_TOKENS = Counter("zuoye_model_tokens", "Tokens the model calls used", ["kind"])
RUNNING = Gauge("zuoye_answers_running", "Answers being written now", multiprocess_mode="livesum")
# Read from the database when scraped (the same for every process): the latest reading counts.
JOBS = Gauge("zuoye_worksheet_jobs", "Worksheet jobs by state", ["state"], multiprocess_mode="mostrecent")


def registry() -> CollectorRegistry:
    """Every worker's numbers when several write to PROMETHEUS_MULTIPROC_DIR, else this process's."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    collected = CollectorRegistry()
    multiprocess.MultiProcessCollector(collected)  # type: ignore[no-untyped-call]
    return collected


def exposition() -> tuple[bytes, str]:
    return generate_latest(registry()), CONTENT_TYPE_LATEST


class CountRequests:
    """Counts every HTTP response by method, route template and status (pure ASGI: streamed
    answers pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = [500]

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route: Any = scope.get("route")
            path = getattr(route, "path", None) or _static_or_other(scope.get("path", ""))
            REQUESTS.labels(scope.get("method", ""), path, str(status[0])).inc()


def _static_or_other(path: str) -> str:
    for prefix in ("/static/", "/vendor/"):
        if path.startswith(prefix):
            return prefix + "…"
    return "other"


class FirstText:
    """Measures the time to an answer's first words: `seen()` on every delta, cheap after the first."""

    __slots__ = ("_done", "_started")

    def __init__(self) -> None:
        self._started = time.monotonic()
        self._done = False

    def seen(self) -> None:
        if not self._done:
            self._done = True
            FIRST_TEXT.observe(time.monotonic() - self._started)
