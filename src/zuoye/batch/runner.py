"""Answering a worksheet: bounded concurrency, paced to the quota, every answer journaled.

Each question goes through `Tutor.ask`, the same path as `zuoye ask`. Rate-limit refusals slow
the whole batch (see `pacing.py`) and put the question back without counting an attempt; other
failures are retried a bounded number of times and then recorded as failed, never dropped.

One question, one turn, one paid answer: a call refused before it started answering is sent
again inside the same turn (`PacedModel`), a stream cut once begun is asked again once by the
tutor, and a run resumed after a kill -9 takes the answers its predecessor had stored but not
journaled from the store, and closes the turns it left pending (`_recover`).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from zuoye.batch.inputs import Item
from zuoye.batch.pacing import AdaptivePacer
from zuoye.errors import ErrorKind
from zuoye.fleet import background_calls
from zuoye.providers import ChatModel, Message, ProviderError, Reply, StreamEvent, ToolSpec
from zuoye.store import Store, Turn
from zuoye.tutor.events import Delta, Finished, Notice, Started
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

    def __init__(self, inner: ChatModel, pacer: AdaptivePacer, *, retry_delay: float = RETRY_DELAY) -> None:
        self.inner = inner
        self.pacer = pacer
        self.retry_delay = retry_delay

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
        # Other failures before the answer started are sent again here too, with a growing pause,
        # so that they stay within the question's turn (the runner's retries start a new one).
        refused = failed = 0
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
                if started:
                    raise
                if exc.rate_limited:
                    self.pacer.on_rate_limited()
                    refused += 1
                    if refused >= MAX_RATE_LIMITED:
                        raise
                elif exc.retryable and exc.kind == "service" and failed + 1 < MAX_ATTEMPTS:
                    failed += 1
                    await asyncio.sleep(self.retry_delay * 2 ** (failed - 1))
                else:
                    raise


@dataclass
class Summary:
    total: int = 0
    answered: int = 0
    failed: int = 0
    skipped: int = 0  # already answered by an earlier run
    retried: int = 0  # answers cut mid-stream and asked again
    bad_lines: int = 0
    tokens: int = 0
    cost_cny: float = 0.0
    seconds: float = 0.0
    rate_limited: int = 0
    failures: list[str] = field(default_factory=list)
    # Who must act on each failure (ZuoyeError.kind): config and input ones are not fixed by running
    # the batch again, so the command line says what is (zuoye.cli.batch).
    failure_kinds: list[ErrorKind] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("failures", "failure_kinds")}


Progress = Callable[[Summary, dict[str, Any]], None]


class Journaling(Protocol):
    """What a run needs of its journal: the file of `zuoye batch` (`journal.Journal`) or the
    database's for a job any worker may resume (`zuoye.jobs`)."""

    links: dict[str, dict[str, Any]]
    conversations: list[str]

    def done(self, item_id: str, question: str, basis: Mapping[str, str] | None) -> bool: ...
    def append(self, record: dict[str, Any]) -> None: ...
    def asking(self, item_id: str, conversation_id: str) -> None: ...
    def started(self, item_id: str, question: str, turn_id: int) -> None: ...
    def forget_links(self) -> None: ...


async def run_batch(
    items: list[Item],
    *,
    tutor: Tutor,
    journal: Journaling,
    concurrency: int,
    progress: Progress | None = None,
    retry_delay: float = RETRY_DELAY,
) -> Summary:
    summary = Summary(total=len(items))
    # What each answer depends on besides its question (model, mode, grade, help level, prompt):
    # an answer journaled under another basis is not this one's, and is asked again.
    bases = answer_bases(tutor, items)
    todo = [it for it in items if not journal.done(it.id, it.question, bases[it.id])]
    todo = await _recover(todo, tutor, journal, bases)
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
            record = await _answer(item, bases[item.id], tutor, summary, retry_delay, journal)
            journal.append(record)
            usage = record.get("usage") or {}
            summary.tokens += int(usage.get("total_tokens", 0))
            summary.cost_cny += cost_of(record.get("model", ""), usage)
            if record["status"] == "answered":
                summary.answered += 1
            else:
                summary.failed += 1
                summary.failures.append(f"{item.id}: {record['error']}")
            summary.seconds = time.monotonic() - started
            if progress:
                progress(summary, record)

    # A worksheet's model calls leave the last share of the quota to students (zuoye.fleet).
    with background_calls():
        await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(todo) or 1)))))
    summary.seconds = time.monotonic() - started
    return summary


def answer_bases(tutor: Tutor, items: list[Item]) -> dict[str, dict[str, str] | None]:
    """Each question's basis (`Tutor.answer_basis`) by id, as `run_batch` asks it: None for a
    line whose grade or mode is not one (asked, it fails saying so)."""
    bases: dict[str, dict[str, str] | None] = {}
    for it in items:
        try:
            bases[it.id] = tutor.answer_basis(mode=it.mode, grade=it.grade)
        except TutorInputError:
            bases[it.id] = None
    return bases


async def _recover(
    todo: list[Item], tutor: Tutor, journal: Journaling, bases: Mapping[str, dict[str, str] | None]
) -> list[Item]:
    """What an earlier run killed mid-answer left: its stored answers are journaled without
    asking again (if they were asked the way this run asks them), its pending turns closed as
    interrupted (it is gone: this run holds the journal's lock). The questions still to ask."""
    store = tutor.store
    left: list[Item] = []
    for item in todo:
        link = journal.links.get(item.id)
        turn = None
        if link is not None and link.get("question") == item.question:
            turn = await store.call(store.get_turn, turn_id=int(link["turn_id"]))
        basis = bases[item.id]
        if turn is not None and turn.status == "complete" and await _asked_on(store, turn, basis):
            assert basis is not None
            journal.append(_stored_record(item, basis, turn))
            continue
        left.append(item)
    # The turns left pending in the conversations the earlier run journaled before storing its
    # questions (which include a turn stored just before the kill and not yet linked) or linked
    # (a journal written before conversations were). Its writer is gone: this run holds the lock.
    stale = await store.call(
        store.pending_turns,
        user_id=tutor.user_id,
        conversation_ids=journal.conversations,
        turn_ids=[int(link["turn_id"]) for link in journal.links.values()],
    )
    await store.call(store.close_turns, turn_ids=stale)
    journal.forget_links()
    return left


async def _asked_on(store: Store, turn: Turn, basis: Mapping[str, str] | None) -> bool:
    """Whether the stored turn was asked on `basis`, as far as the store knows: its model, mode
    and (its conversation's) grade."""
    if basis is None or (turn.model, turn.mode) != (basis["model"], basis["mode"]):
        return False
    conv = await store.call(store.get_conversation, conversation_id=turn.conversation_id)
    return conv is not None and conv.grade == basis["grade"]


def _stored_record(item: Item, basis: Mapping[str, str], turn: Turn) -> dict[str, Any]:
    usage = {
        "prompt_tokens": turn.prompt_tokens,
        "completion_tokens": turn.completion_tokens,
        "total_tokens": turn.total_tokens,
    }
    return {
        "id": item.id,
        "question": item.question,
        "basis": dict(basis),
        "answer": turn.answer,
        "checks": list(turn.checks or []),
        "usage": usage,
        "model": turn.model,
        "status": "answered",
        "error": None,
    }


async def _answer(
    item: Item,
    basis: dict[str, str] | None,
    tutor: Tutor,
    summary: Summary,
    retry_delay: float,
    journal: Journaling,
) -> dict[str, Any]:
    attempts = refused = 0
    error = ""
    kind: ErrorKind = "service"
    while attempts < MAX_ATTEMPTS and refused < MAX_RATE_LIMITED:
        wrote = False
        try:
            result = None
            conversation_id = uuid.uuid4().hex
            journal.asking(item.id, conversation_id)  # before it is stored: see _recover
            asking = tutor.ask(
                item.question, mode=item.mode, grade=item.grade, new_conversation_id=conversation_id
            )
            async for event in asking:
                wrote = wrote or isinstance(event, Delta)
                if isinstance(event, Started):
                    journal.started(item.id, item.question, event.turn_id)
                elif isinstance(event, Notice) and event.kind == "retry":
                    summary.retried += 1
                elif isinstance(event, Finished):
                    result = event.result
            assert result is not None
            return {
                "id": item.id,
                "question": item.question,
                "basis": basis,
                "answer": result.answer,
                "checks": result.checks,
                "usage": result.usage,
                "model": result.model,
                "status": "answered",
                "error": None,
            }
        except ProviderError as exc:
            error, kind = str(exc), exc.kind
            if exc.rate_limited:
                refused += 1
                summary.rate_limited += 1
                continue  # the pacer has slowed down; this does not count as an attempt
            attempts += 1
            if exc.kind != "service":
                break  # configuration or input: retrying cannot help
            if not wrote and isinstance(tutor.model, PacedModel):
                break  # refused before answering: the paced model has sent it again already
        except (TutorInputError, NotConfigured) as exc:
            error, kind = str(exc), exc.kind
            break
        await asyncio.sleep(retry_delay * 2 ** (attempts - 1))
    summary.failure_kinds.append(kind)
    return {
        "id": item.id,
        "question": item.question,
        "basis": basis,
        "answer": "",
        "checks": [],
        "usage": {},
        "model": tutor.model.name if tutor.model else "local-solver",
        "status": "failed",
        "error": error,
    }


def cost_of(model: str, usage: dict[str, Any]) -> float:
    """An answer's estimated cost in CNY from its usage, at the list prices above."""
    price_in, price_out = PRICES.get(model, (0.0, 0.0))
    tokens_in = int(usage.get("prompt_tokens", 0))
    tokens_out = int(usage.get("completion_tokens", 0))
    return (tokens_in * price_in + tokens_out * price_out) / 1000
