"""Answering a worksheet: bounded concurrency, paced to the quota, every answer journaled.

Each question goes through `Tutor.ask`, the same path as `zuoye ask`. Rate-limit refusals slow
the whole batch (see `pacing.py`) and put the question back without counting an attempt; other
failures are retried a bounded number of times and then recorded as failed, never dropped.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from zuoye.batch.inputs import Item
from zuoye.batch.journal import Journal
from zuoye.batch.pacing import AdaptivePacer
from zuoye.providers import ChatModel, Message, ProviderError, Reply, StreamEvent, ToolSpec
from zuoye.tutor.events import Finished
from zuoye.tutor.tutor import NotConfigured, Tutor, TutorInputError

MAX_ATTEMPTS = 3  # per question, for failures that are not rate limits
MAX_RATE_LIMITED = 30  # a call refused for rate this often gives up (the pacer slows down first)
RETRY_DELAY = 1.0  # seconds before retrying a failed question (doubles per attempt)

# List prices (CNY per 1,000 tokens: input, output) used only for the summary's estimate.
PRICES = {
    "ERNIE-4.0-8K": (0.03, 0.09),
    "ERNIE-4.0-8K-Preview": (0.03, 0.09),
    "ERNIE-3.5-8K": (0.0008, 0.002),
    "ERNIE-3.5-8K-Preview": (0.0008, 0.002),
    "ERNIE-Speed-8K": (0.0, 0.0),
}


class PacedModel:
    """A `ChatModel` whose calls wait for the pacer and report back to it."""

    def __init__(self, inner: ChatModel, pacer: AdaptivePacer) -> None:
        self.inner = inner
        self.pacer = pacer

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def supports_tools(self) -> bool:
        return self.inner.supports_tools

    def fit_messages(
        self, messages: list[Message], *, system: str | None, tools: Sequence[ToolSpec] | None = None
    ) -> list[Message]:
        return self.inner.fit_messages(messages, system=system, tools=tools)

    async def stream(
        self,
        *,
        messages: list[Message],
        system: str | None = None,
        tools: Sequence[ToolSpec] | None = None,
        user_id: str | None = None,
    ) -> AsyncIterator[StreamEvent]:
        # The batch's client does not retry by itself (max_retries=0): every refusal must reach
        # the pacer, which slows the whole batch; the refused call is then sent again, paced.
        refused = 0
        while True:
            await self.pacer.acquire()
            started = False
            try:
                async for event in self.inner.stream(
                    messages=messages, system=system, tools=tools, user_id=user_id
                ):
                    started = True
                    if isinstance(event, Reply):
                        self.pacer.on_success(event.usage, event.limits)
                    yield event
                return
            except ProviderError as exc:
                if not exc.rate_limited or started:
                    raise
                self.pacer.on_rate_limited()
                refused += 1
                if refused >= MAX_RATE_LIMITED:
                    raise


@dataclass
class Summary:
    total: int = 0
    answered: int = 0
    failed: int = 0
    skipped: int = 0  # already answered by an earlier run
    bad_lines: int = 0
    tokens: int = 0
    cost_cny: float = 0.0
    seconds: float = 0.0
    rate_limited: int = 0
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "failures"}


Progress = Callable[[Summary, dict[str, Any]], None]


async def run_batch(
    items: list[Item],
    *,
    tutor: Tutor,
    journal: Journal,
    concurrency: int,
    progress: Progress | None = None,
    retry_delay: float = RETRY_DELAY,
) -> Summary:
    summary = Summary(total=len(items))
    todo = [it for it in items if not journal.done(it.id, it.question)]
    summary.skipped = len(items) - len(todo)
    queue: asyncio.Queue[Item] = asyncio.Queue()
    for it in todo:
        queue.put_nowait(it)
    started = time.monotonic()

    async def worker() -> None:
        while True:
            try:
                item = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            record = await _answer(item, tutor, summary, retry_delay)
            journal.append(record)
            usage = record.get("usage") or {}
            summary.tokens += int(usage.get("total_tokens", 0))
            summary.cost_cny += _cost(record.get("model", ""), usage)
            if record["status"] == "answered":
                summary.answered += 1
            else:
                summary.failed += 1
                summary.failures.append(f"{item.id}: {record['error']}")
            summary.seconds = time.monotonic() - started
            if progress:
                progress(summary, record)

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(todo) or 1)))))
    summary.seconds = time.monotonic() - started
    return summary


async def _answer(item: Item, tutor: Tutor, summary: Summary, retry_delay: float) -> dict[str, Any]:
    attempts = refused = 0
    error = ""
    while attempts < MAX_ATTEMPTS and refused < MAX_RATE_LIMITED:
        try:
            result = None
            async for event in tutor.ask(item.question, mode=item.mode, grade=item.grade):
                if isinstance(event, Finished):
                    result = event.result
            assert result is not None
            return {
                "id": item.id,
                "question": item.question,
                "answer": result.answer,
                "checks": result.checks,
                "usage": result.usage,
                "model": result.model,
                "status": "answered",
                "error": None,
            }
        except ProviderError as exc:
            error = str(exc)
            if exc.rate_limited:
                refused += 1
                summary.rate_limited += 1
                continue  # the pacer has slowed down; this does not count as an attempt
            attempts += 1
            if exc.kind != "service":
                break  # configuration or input: retrying cannot help
        except (TutorInputError, NotConfigured) as exc:
            error = str(exc)
            break
        await asyncio.sleep(retry_delay * 2 ** (attempts - 1))
    return {
        "id": item.id,
        "question": item.question,
        "answer": "",
        "checks": [],
        "usage": {},
        "model": tutor.model.name if tutor.model else "local-solver",
        "status": "failed",
        "error": error,
    }


def _cost(model: str, usage: dict[str, Any]) -> float:
    price_in, price_out = PRICES.get(model, (0.0, 0.0))
    tokens_in = int(usage.get("prompt_tokens", 0))
    tokens_out = int(usage.get("completion_tokens", 0))
    return (tokens_in * price_in + tokens_out * price_out) / 1000
