"""Answering one question: checks, a task running `Tutor.ask`, and its events as SSE or JSON.

    route ─▶ checks (quota, one answer per conversation) ─▶ task: Tutor.ask ─▶ queue ─▶ response
                                         POST …/stop, client gone ─▶ task.cancel()

Both checks are the database's, so they hold across server processes: a question is taken from
the day's quota by one conditional upsert (`zuoye.store.quota`), and a conversation's pending turn
is its claim on answering (`Store.start_turn`: a second one is ConversationBusy, 409).

The tutor runs in its own task so that stopping it does not depend on the response: cancelling
the task closes `Tutor.ask`, which stores the partial answer as incomplete (it also saves it
as it streams, so a process that dies keeps it: zuoye.tutor.progress). Server-sent events:

    started  {conversation_id, turn_id, mode, help_level, model, offline}
    reasoning {text}               a thinking model's reasoning as it comes: shown apart from the
                                   answer (folded away), never part of it
    delta    {text, segments}      text: the model's words as they come; segments: the newly
                                   displayable part, cut into Markdown and formulae (a formula
                                   is only released once it is closed)
    notice   {kind, text, segments}  offline, checks, withheld answer, history cleared, retry
                                   (the stream was cut: the answer is written again), …
    revised  {text, segments}      the answer so far is replaced (a re-asked, checked answer;
                                   "" after a retry notice: the new answer follows as deltas)
    error    {code, message}       the answer could not be finished
    done     {conversation_id, turn}   the turn as stored: status, usage, checks
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zuoye.errors import ZuoyeError
from zuoye.messages import say
from zuoye.render import Segment, StreamingMathBuffer, split_math
from zuoye.store import ConversationBusy
from zuoye.store.quota import quota_day
from zuoye.tutor.events import Delta, Finished, Notice, Reasoning, Revised, Started, TutorEvent
from zuoye.tutor.tutor import Tutor
from zuoye.web import _metrics
from zuoye.web._errors import ApiError, api_error
from zuoye.web._events import LAST, event_id
from zuoye.web._state import AppState, Principal, Running
from zuoye.web._views import turn_out

log = logging.getLogger("zuoye.web")

# A comment line this often keeps proxies from closing a stream while the model thinks.
KEEPALIVE_SECONDS = 15.0


@dataclass(frozen=True)
class Question:
    text: str
    conversation_id: str | None
    mode: str | None
    grade: str | None
    model: str | None


class _End:
    pass


@dataclass
class _Failed:
    error: BaseException


_END = _End()
Item = TutorEvent | _Failed | _End


def quota_limit(state: AppState, principal: Principal) -> int:
    """Questions per day for this user; 0 is no limit (and single-user mode has none)."""
    if not state.multi_user:
        return 0
    return principal.daily_quota if principal.daily_quota is not None else state.settings.daily_quota


async def questions_today(state: AppState, user_id: str) -> int:
    """Questions the user took from today's quota (the ledger: deleting conversations does not
    change it)."""
    return await state.store.call(state.quotas.used, user_id=user_id, day=quota_day())


@dataclass
class _Taken:
    """A question taken from the user's quota for one answer: given back if no answer comes
    (the tutor refused the question, the conversation was busy, the answer failed before any
    text), as failed turns never counted."""

    state: AppState
    user_id: str
    day: date
    turn_id: int | None = None

    async def settle(self) -> None:
        store = self.state.store
        if self.turn_id is not None:
            # Through the turn, which holds the question (quota_day): given back only if it failed
            # before any text, and once, even if the sweep took this writer for dead and closed
            # the turn first. Answered (or deleted: it was asked): nothing.
            await store.call(store.give_back, turn_id=self.turn_id)
            return
        await store.call(self.state.quotas.give_back, user_id=self.user_id, day=self.day)


async def _take_question(state: AppState, principal: Principal) -> _Taken | None:
    """Take one question from the user's quota, in the database (one conditional upsert: two
    tabs on two processes cannot both take the last one); 429 when none is left. Single-user
    mode has no quota and counts nothing."""
    if not state.multi_user:
        return None
    limit = quota_limit(state, principal)
    day = quota_day()
    if await state.store.call(state.quotas.take, user_id=principal.id, day=day, limit=limit) is None:
        raise ApiError(429, "quota_exceeded", say("web.quota_exceeded", limit=limit))
    return _Taken(state, principal.id, day)


def _busy() -> ApiError:
    return ApiError(409, "busy", str(ConversationBusy()))


def as_api_error(exc: BaseException) -> ApiError:
    if isinstance(exc, ZuoyeError):
        return api_error(exc)
    raise exc


def error_event(exc: BaseException, *, wrote: bool) -> dict[str, str]:
    """The error an answer ended with; `wrote`: whether any of it was written (and so saved)."""
    if isinstance(exc, asyncio.CancelledError):
        return {"code": "stopped", "message": say("web.stopped" if wrote else "web.stopped_unwritten")}
    if isinstance(exc, ZuoyeError):
        err = api_error(exc)
        return {"code": err.code, "message": err.message}
    return {"code": "internal", "message": say("web.failed_saved" if wrote else "web.failed_unwritten")}


async def _pump(
    events: AsyncIterator[TutorEvent], queue: asyncio.Queue[Item], taken: _Taken | None = None
) -> None:
    failed = True
    ended = "failed"
    first_text = _metrics.FirstText()
    _metrics.RUNNING.inc()
    try:
        async with contextlib.aclosing(events) as stream:  # type: ignore[type-var]
            async for event in stream:
                if isinstance(event, Started) and taken is not None:
                    taken.turn_id = event.turn_id
                elif isinstance(event, Delta):
                    first_text.seen()
                elif isinstance(event, Finished):
                    ended = event.result.status
                    for kind in ("prompt_tokens", "completion_tokens"):
                        _metrics.MODEL_TOKENS.labels(kind.removesuffix("_tokens")).inc(
                            event.result.usage.get(kind, 0)
                        )
                queue.put_nowait(event)
        failed = False
    except asyncio.CancelledError as exc:
        ended = "stopped"
        queue.put_nowait(_Failed(exc))
        raise
    except Exception as exc:
        if not isinstance(exc, ZuoyeError):
            log.error("answering failed", exc_info=exc)  # a bug: the student only sees "internal"
        queue.put_nowait(_Failed(exc))
    finally:
        _metrics.RUNNING.dec()
        _metrics.ANSWERS.labels(ended).inc()
        if failed and taken is not None:
            await _see_through(taken.settle())
        queue.put_nowait(_END)


async def _see_through(work: Any) -> None:
    """Await `work` to its end even if this task is cancelled again meanwhile (whoever stops an
    answer waits for its task, and counts on the quota being settled by then)."""
    running = asyncio.ensure_future(work)
    while not running.done():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(running)
    if not running.cancelled() and running.exception() is not None:
        log.error("could not give a question back to the quota", exc_info=running.exception())


@dataclass
class Answer:
    """A running answer: its first event, its queue and the task that fills it."""

    state: AppState
    started: Started
    queue: asyncio.Queue[Item]
    task: asyncio.Task[None]
    # The one streaming segmenter (zuoye.render, the terminal's too): the page is sent the
    # segments of what became final, never half a formula.
    display: StreamingMathBuffer = field(default_factory=StreamingMathBuffer)
    wrote: bool = False  # whether any of the answer was written (an error then says it is saved)

    async def items(self) -> AsyncIterator[list[Item] | None]:
        """Batches of queue items until the end (everything waiting is taken at once, so a busy
        server writes several events in one go); None when nothing came for KEEPALIVE_SECONDS."""
        while True:
            try:
                async with asyncio.timeout(KEEPALIVE_SECONDS):
                    batch = [await self.queue.get()]
            except TimeoutError:
                yield None
                continue
            while not self.queue.empty():
                batch.append(self.queue.get_nowait())
            ended = any(isinstance(item, _End) for item in batch)
            batch = [item for item in batch if not isinstance(item, _End)]
            if batch:
                yield batch
            if ended:
                return

    async def stored_turn(self) -> dict[str, Any] | None:
        """The turn as stored; None once its conversation was deleted mid-answer."""
        turn = await self.state.store.call(self.state.store.get_turn, turn_id=self.started.turn_id)
        return turn_out(turn).model_dump(mode="json") if turn is not None else None

    def stop(self) -> None:
        if not self.task.done():
            self.task.cancel()

    async def sse(self) -> AsyncIterator[str]:
        """The answer as server-sent events, read back from the turn's event log, which a task
        of its own writes: if this reader goes away (a refresh, a dropped connection) the answer
        is still written, and a reader that comes back carries on (`follow`)."""
        first = asyncio.Event()
        publisher = asyncio.create_task(self._publish(first), name=f"publish:{self.started.turn_id}")
        self.state.publishers.add(publisher)
        publisher.add_done_callback(self.state.publishers.discard)
        await first.wait()
        async for chunk in follow(self.state, self.started.turn_id, after=0):
            yield chunk

    async def _publish(self, first: asyncio.Event) -> None:
        log = self.state.events
        turn_id = self.started.turn_id
        broken = False

        async def append(name: str, data: dict[str, Any]) -> None:
            nonlocal broken
            if broken:
                return
            try:
                await log.append(turn_id, name, data)
            except Exception as exc:  # the log's Redis is away: readers fall back to the stored turn
                broken = True
                logging.getLogger("zuoye.web").warning("cannot log the answer's events: %s", exc)

        try:
            await append("started", _started(self.started))
            first.set()
            async for batch in self.items():
                for item in batch or ():
                    for name, data in self._encode(item):
                        await append(name, data)
            await append(
                "done", {"conversation_id": self.started.conversation_id, "turn": await self.stored_turn()}
            )
        finally:
            first.set()

    def _encode(self, item: Item) -> list[tuple[str, dict[str, Any]]]:
        if isinstance(item, Delta):
            self.wrote = self.wrote or bool(item.text.strip())
            segments = segment_dicts(self.display.feed_segments(item.text))
            return [("delta", {"text": item.text, "segments": segments})]
        if isinstance(item, Reasoning):
            return [("reasoning", {"text": item.text})]
        if isinstance(item, Revised):
            self.wrote = bool(item.text.strip())
            self.display = StreamingMathBuffer()  # a whole new answer: start over
            return [("revised", {"text": item.text, "segments": segment_dicts(split_math(item.text))})]
        if isinstance(item, Notice):
            notice = segment_dicts(split_math(item.text))
            status = {"status": item.status} if item.status else {}
            return [("notice", {"kind": item.kind, "text": item.text, "segments": notice, **status})]
        if isinstance(item, _Failed | Finished):
            rest = self.display.flush_segments()
            out: list[tuple[str, dict[str, Any]]] = (
                [("delta", {"text": "", "segments": segment_dicts(rest)})] if rest else []
            )
            if isinstance(item, _Failed):
                out.append(("error", error_event(item.error, wrote=self.wrote)))
            return out
        return []  # Started is sent first; Thought/ToolUsed only exist in verbose mode

    async def collect(self) -> tuple[dict[str, Any] | None, list[dict[str, str]], BaseException | None]:
        """The stored turn, the notices and the error, for the non-streamed answer."""
        notices: list[dict[str, str]] = []
        failure: BaseException | None = None
        try:
            async for batch in self.items():
                for item in batch or ():
                    if isinstance(item, Notice):
                        notices.append({"kind": item.kind, "text": item.text})
                    elif isinstance(item, _Failed):
                        failure = item.error
        finally:
            self.stop()
        return await self.stored_turn(), notices, failure


async def start(
    state: AppState,
    principal: Principal,
    question: Question,
    *,
    before_start: Callable[[], Awaitable[object]] | None = None,
) -> Answer:
    """Check, start the tutor, and wait for its first event (so input errors are plain HTTP
    errors, not events). `before_start` runs once all checks passed (regenerate uses it); it is
    awaited, so a store write in it goes through `store.call` and never blocks the event loop."""
    model = chosen_model(state, question.model)
    tutor = Tutor(
        store=state.store,
        settings=state.settings,
        model=model,
        user_id=principal.id,
        runs_service=not state.multi_user or principal.role == "admin",
    )
    cid = question.conversation_id
    # A quick look first, so a busy conversation costs no quota; the database's claim (the
    # pending turn, see Store.start_turn) is what holds when two asks race, on any process.
    if cid is not None and (
        cid in state.running
        or await state.store.call(state.store.pending_turn, conversation_id=cid) is not None
    ):
        raise _busy()
    taken = await _take_question(state, principal)
    queue: asyncio.Queue[Item] = asyncio.Queue()
    try:
        if before_start is not None:
            await before_start()
        events = tutor.ask(
            question.text,
            conversation_id=cid,
            mode=question.mode,
            grade=question.grade,
            help_ceiling=principal.help_ceiling or state.settings.help_ceiling,
            quota_day=taken.day if taken is not None else None,
        )
    except BaseException:
        if taken is not None:
            await _see_through(taken.settle())
        raise
    task = asyncio.create_task(_pump(events, queue, taken), name=f"answer:{cid or 'new'}")
    running = Running(task, principal.id, 0)
    if cid is not None:
        # This process's handle for stopping it (POST …/stop), from now on. Not the claim: a
        # second ask racing this one keeps the first's handle and gets ConversationBusy.
        state.running.setdefault(cid, running)

    def _unregister(_: asyncio.Task[None]) -> None:
        for key in [k for k, v in state.running.items() if v is running]:
            del state.running[key]

    task.add_done_callback(_unregister)
    try:
        first = await queue.get()
    except BaseException:
        task.cancel()  # the asker went away before the answer started
        raise
    if isinstance(first, _Failed):
        await asyncio.gather(task, return_exceptions=True)
        if isinstance(first.error, asyncio.CancelledError):  # POST …/stop came first
            raise ApiError(409, "stopped", say("web.stopped_before_start"))
        if isinstance(first.error, ConversationBusy):
            raise _busy()
        raise as_api_error(first.error)
    assert isinstance(first, Started)
    running.turn_id = first.turn_id
    if not task.done():
        state.running[first.conversation_id] = running
    return Answer(state, first, queue, task)


def chosen_model(state: AppState, name: str | None) -> Any:
    """The model to ask (None: offline). A name no provider serves is ProviderError
    "unknown_model" (422), a provider that is not usable "model_config" (503): see _errors."""
    return state.model(name)


def segment_dicts(segments: list[Segment]) -> list[dict[str, Any]]:
    return [{"kind": s.kind, "content": s.content} for s in segments]


def _started(event: Started) -> dict[str, Any]:
    return {
        "conversation_id": event.conversation_id,
        "turn_id": event.turn_id,
        "mode": event.mode,
        "help_level": event.help_level,
        "model": event.model,
        "offline": event.offline,
    }


def _sse(event: str, data: dict[str, Any], event_id: str | None = None) -> str:
    # json.dumps never writes a raw newline, so one `data:` line always holds the whole event.
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def follow(state: AppState, turn_id: int, *, after: int) -> AsyncIterator[str]:
    """A turn's events after the `after`-th, as server-sent events, until its `done`. Where the
    log has nothing more to say (expired, or its writer's Redis went away), the stored turn
    does: it is waited for while it is still being written (by any process), then sent as done."""
    # A quiet log may mean its writer died: the stored turn is looked at after each quiet spell,
    # and a dead writer's turn is closed once its lease has passed, so look no less often.
    quiet = min(KEEPALIVE_SECONDS, float(state.settings.turn_lease_seconds))
    async for event in state.events.follow(turn_id, after, wait=quiet):
        if event is None:
            if await _still_written(state, turn_id):
                yield ": keepalive\n\n"
                continue
            break
        n, name, data = event
        yield _sse(name, data, event_id(turn_id, n))
        if name == LAST:
            return
    while await _still_written(state, turn_id):  # written where no log reaches us
        await asyncio.sleep(1.0)
        yield ": keepalive\n\n"
    turn = await state.store.call(state.store.get_turn, turn_id=turn_id)
    stored = turn_out(turn).model_dump(mode="json") if turn is not None else None
    cid = turn.conversation_id if turn is not None else None
    yield _sse(LAST, {"conversation_id": cid, "turn": stored})


async def _still_written(state: AppState, turn_id: int) -> bool:
    turn = await state.store.call(state.store.get_turn, turn_id=turn_id)
    return turn is not None and turn.status == "pending"
