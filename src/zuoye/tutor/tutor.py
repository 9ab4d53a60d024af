"""The tutor: one question in, a streamed, checked, stored answer out.

    question ─▶ store (pending) ─▶ model ⇄ maths tools ─▶ screen (hint ceiling) ─▶ check ─▶ store
                                    │
                                    └── no model service configured: the local solver answers maths offline

The model is any `zuoye.providers.ChatModel` (ERNIE, an OpenAI-compatible server): the tutor
speaks only the providers' neutral messages, tool calls (with ids) and replies.

Every interface (CLI, web, batch) consumes the same `ask()` event stream, so there is one code path.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator
from datetime import date
from typing import Any, cast

from zuoye import math as zmath
from zuoye.errors import ZuoyeError
from zuoye.messages import say
from zuoye.providers import ChatModel, Message, ProviderError, ToolCall, ToolSpec, Usage
from zuoye.settings import Settings
from zuoye.store import Store, TurnUpdate
from zuoye.text import check_text
from zuoye.tutor import book, checkwork, figures, maths, practice
from zuoye.tutor.conversation import Exchange, converse
from zuoye.tutor.events import (
    Delta,
    Finished,
    Notice,
    Reasoning,
    Revised,
    Started,
    ToolUsed,
    TurnResult,
    TutorEvent,
)
from zuoye.tutor.guard import AnswerGuard, Sentences
from zuoye.tutor.mistakes import NewEntry, from_check, from_review
from zuoye.tutor.modes import (
    CHECK,
    EXPLAIN,
    HINT,
    PRACTICE,
    allowed_help,
    ceiling_name,
    parse_ceiling,
    parse_mode,
)
from zuoye.tutor.progress import ProgressSaver
from zuoye.tutor.prompts import solver_note, system_prompt
from zuoye.vocabulary import GRADES, Ceiling, Mode

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 8000
# An answer whose stream is cut once it has begun (the connection drops, the service fails
# mid-stream) is asked again this many times, replacing the partial text; the client's own
# retries only cover a call that has not started answering.
CUT_RETRIES = 1
OFFLINE_MODEL = "local-solver"
PRACTICE_COUNT = 3


class TutorInputError(ZuoyeError, ValueError):
    """The question or an option is not acceptable; the message says what to change."""

    kind = "input"
    code = "invalid_question"


class NotConfigured(ZuoyeError):
    """No model is configured and the local solver cannot answer this question."""

    kind = "config"
    code = "not_configured"


class Tutor:
    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        model: ChatModel | None,
        user_id: str,
        verbose: bool = False,
        keep_mistakes: bool = True,
        runs_service: bool = True,
    ) -> None:
        self.store = store
        self.settings = settings
        self.model = model
        self.user_id = user_id
        self.verbose = verbose
        # Whether the asker is who sets the model service up (the command line's user, the
        # single-user page, an admin): only they are told which variables to set. A student on a
        # school's server is told to ask whoever runs it.
        self.runs_service = runs_service
        # A 批改's wrong line and a 不一致 go into the asker's 错题本 (not for a teacher's worksheet).
        self.keep_mistakes = keep_mistakes
        self._mistakes: dict[int, NewEntry] = {}  # by turn, until the turn is stored

    def _terms(
        self, mode: str | None, grade: str | None, help_ceiling: str | None
    ) -> tuple[Mode, Ceiling, str, Ceiling, bool]:
        """(mode, ceiling, grade, help level, adult_limit) a question is answered with: the
        asker's choices or the settings' defaults, the mode lowered by the ceiling. TutorInputError
        for a mode, ceiling or grade that is not one."""
        try:
            asked = parse_mode(mode or self.settings.mode)
            ceiling = parse_ceiling(help_ceiling or self.settings.help_ceiling)
        except ValueError as exc:
            raise TutorInputError(str(exc)) from None
        grade = grade or self.settings.grade
        if grade not in GRADES:
            raise TutorInputError(say("tutor.bad_grade", grade=grade, allowed=", ".join(GRADES)))
        level = allowed_help(asked, ceiling)
        # Whose limit it is: the student's own choice of 提示, or an adult's ceiling below it.
        adult_limit = level != allowed_help(asked, "full")
        if asked == EXPLAIN and level != "full":
            asked = HINT  # the ceiling lowers the mode before the model is ever asked
        return asked, ceiling, grade, level, adult_limit

    def answer_basis(
        self, *, mode: str | None = None, grade: str | None = None, help_ceiling: str | None = None
    ) -> dict[str, str]:
        """What an answer depends on besides its question, as `ask` would answer it now: the
        model, the mode (after the ceiling), the grade, the help level, and a fingerprint of the
        system prompt they make (its wording changes between versions of zuoye too). An answer
        already paid for is reused only under an equal basis (zuoye batch's journals, worksheet
        jobs). TutorInputError as `ask`."""
        mode, _, grade, level, adult_limit = self._terms(mode, grade, help_ceiling)
        prompt = system_prompt(
            grade=grade, mode=mode, help_level=level, practice_count=PRACTICE_COUNT, adult_limit=adult_limit
        )
        return {
            "model": self.model.name if self.model else OFFLINE_MODEL,
            "mode": mode,
            "grade": grade,
            "help": level,
            "prompt": hashlib.sha256(prompt.encode()).hexdigest()[:16],
        }

    async def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        mode: str | None = None,
        grade: str | None = None,
        help_ceiling: str | None = None,
        quota_day: date | None = None,
        new_conversation_id: str | None = None,
    ) -> AsyncIterator[TutorEvent]:
        """`quota_day`: the day of the daily quota the question was taken from (the web, in
        multi-user mode), kept on the turn so that a failure gives it back once (Store.give_back).
        `new_conversation_id`: the id the new conversation gets (without `conversation_id`), for a
        caller that journals it before the question is stored (zuoye.batch)."""
        question = _validate_question(question)
        mode, ceiling, grade, level, adult_limit = self._terms(mode, grade, help_ceiling)
        model_name = self.model.name if self.model else OFFLINE_MODEL

        starting = asyncio.ensure_future(
            self.store.call(
                self._start,
                conversation_id,
                question,
                model_name,
                grade,
                mode,
                quota_day,
                new_conversation_id,
            )
        )
        try:
            conv_id, turn_id, first = await asyncio.shield(starting)
        except asyncio.CancelledError:
            await self._drop_unstarted(starting)
            raise
        result = TurnResult(conv_id, turn_id, question, "", "failed", model_name, mode)
        result.ceiling_reached = adult_limit  # for the teacher's or parent's view
        saver = ProgressSaver(self.store, turn_id, lease_seconds=self.settings.turn_lease_seconds)
        yield Started(conv_id, turn_id, mode, level, model_name, offline=self.model is None)
        if ceiling != "full":
            yield Notice("ceiling", say("tutor.ceiling_notice", ceiling=ceiling_name(ceiling)))
        try:
            saver.start()  # in the try: whatever ends the answer ends the lease's renewal
            if self.model is None:
                async for event in self._offline(question, mode, level, result):
                    yield event
            else:
                try:
                    async for event in self._online(
                        self.model, question, mode, level, grade, result, first, adult_limit=adult_limit
                    ):
                        if isinstance(event, Delta | Revised):
                            saver.note(result.answer)
                        yield event
                except ProviderError as exc:
                    if not exc.unreachable or result.answer:
                        raise
                    # The network is down: maths the solver can answer is still answered.
                    async for event in self._unreachable(exc, question, mode, level, result):
                        yield event
            result.status = "complete"
        except (ProviderError, NotConfigured) as exc:
            result.error = str(exc)
            result.status = "incomplete" if result.answer else "failed"
            raise
        except BaseException:  # Ctrl-C, a closed web request, a cancelled task: keep what we have
            result.error = "interrupted"
            result.status = "incomplete" if result.answer else "failed"
            raise
        finally:
            await self._finish(result, saver)
        entry = self._mistakes.pop(result.turn_id, None)
        if entry is not None and result.status == "complete":
            kept = await book.keep(
                self.store,
                entry,
                user_id=self.user_id,
                turn_id=result.turn_id,
                conversation_id=result.conversation_id,
                answer=result.answer,
            )
            if kept:
                yield Notice("mistake", kept)
        yield Finished(result)

    # -- the two ways of answering --------------------------------------------------------------
    async def _unreachable(
        self, exc: ProviderError, question: str, mode: str, level: str, result: TurnResult
    ) -> AsyncIterator[TutorEvent]:
        """The model's service could not be reached and wrote nothing: the local solver answers
        what it can, saying why; anything else fails with the connection error itself."""
        try:
            async for event in self._offline(
                question, mode, level, result, notice=say("tutor.unreachable_notice")
            ):
                yield event
        except NotConfigured:
            raise exc from None
        result.model = OFFLINE_MODEL

    async def _offline(
        self, question: str, mode: str, level: str, result: TurnResult, notice: str | None = None
    ) -> AsyncIterator[TutorEvent]:
        notice = notice or say("tutor.offline_notice" if self.runs_service else "tutor.offline_notice_shared")
        if mode == PRACTICE:
            exercises = await asyncio.to_thread(_local_practice, question)
            if exercises:
                result.problem_kind = exercises[0].solution.kind
                result.answer = practice.render(exercises)
                yield Notice("offline", notice)
                yield Delta(result.answer)
                return
        if mode == CHECK:
            review = await asyncio.to_thread(checkwork.review, question)
            if review is not None:
                result.problem_kind, result.mistake_kind = review.problem_kind, review.mistake
                result.answer = maths.format_review(review.lines, review.bad_index)
                entry = from_review(question, review, result.answer, correct_step=level != "hint")
                self._note_mistake(result, entry)
                yield Notice("offline", notice)
                yield Delta(result.answer)
                return
        solution = await maths.solve(question)
        if solution is None:
            raise NotConfigured(maths.offline_refusal(question, runs_service=self.runs_service))
        result.problem_kind = solution.kind
        yield Notice("offline", notice)
        if level != "full":  # the ceiling holds offline too: the solver's steps, cut short
            result.answer = maths.format_hint(solution, level)
            yield Delta(result.answer)
            return
        result.answer = maths.format_solution(solution)
        result.checks = [
            {
                "status": "agree",
                "label": say("tutor.label.agree"),
                "expected": list(solution.answer),
                "source": "solver",
                "understood": solution.understood,
            }
        ]
        figures.attach(result.checks, solution)
        yield Delta(result.answer)

    async def _online(
        self,
        model: ChatModel,
        question: str,
        mode: str,
        level: str,
        grade: str,
        result: TurnResult,
        first: bool,
        *,
        adult_limit: bool = False,
    ) -> AsyncIterator[TutorEvent]:
        # strict: a solver out of time raises (BudgetExceeded), so that hints know it did not look
        solving = asyncio.create_task(maths.solve(question, strict=True)) if mode != PRACTICE else None
        gave_up = False
        try:
            system = system_prompt(
                grade=grade,
                mode=mode,
                help_level=level,
                practice_count=PRACTICE_COUNT,
                adult_limit=adult_limit,
            )
            content = question
            tools = _tools() if model.supports_tools and mode in (EXPLAIN, CHECK) else None
            solution = None
            if mode == CHECK:
                review = await asyncio.to_thread(checkwork.review, question)
                if review is not None:
                    result.problem_kind, result.mistake_kind = review.problem_kind, review.mistake
                    content = f"{question}\n\n{review.note}"
                    # explained by the answer; the correct step only where the ceiling allows a step
                    entry = from_review(question, review, "", correct_step=level != "hint")
                    self._note_mistake(result, entry)
            elif solving is not None and (level != "full" or tools is None):
                # Hint-level replies are screened against the answer; tool-less models are given it.
                try:
                    solution = await solving
                except zmath.BudgetExceeded:  # a busy machine: a hint's maths cannot be checked
                    gave_up = True
                result.problem_kind = solution.kind if solution is not None else ""
                if solution is not None and tools is None and level == "full":
                    note = solver_note(
                        steps=solution.steps, answer_latex=solution.answer_latex, unit=solution.unit
                    )
                    content = f"{question}\n\n{note}"
            if first:  # a new conversation has no history to read
                messages = [Message.user(content)]
            else:
                messages = await self.store.call(
                    self._messages, result.conversation_id, result.turn_id, content, model.supports_tools
                )
            messages = model.fit_messages(messages, system=system, tools=tools)
            # A hint-level answer is screened a sentence at a time; a thinking model's reasoning
            # holds the whole solution, so it is only shown where the whole answer may be.
            show_reasoning = level == "full" and mode != PRACTICE
            if mode == PRACTICE:
                yield Notice("progress", say("tutor.practice_progress"))
            cut_cost = Usage()  # what the answers cut off cost
            asked = list(messages)  # converse adds each finished tool round trip to it
            done_calls: list[dict[str, Any]] = []
            for attempt in range(1 + CUT_RETRIES):
                # An answer asked again goes on from the tool rounds that were finished: only
                # the reply that was cut is asked for again.
                exchange = Exchange(tool_calls=list(done_calls))
                guard = (
                    AnswerGuard(solution, adult_limit=adult_limit, gave_up=gave_up)
                    if level != "full"
                    else None
                )
                sentences = Sentences() if guard else None
                rounds_done = sum(1 for m in asked[len(messages) :] if m.tool_calls)
                started = False  # has the reply being streamed begun?
                try:
                    async for event in converse(
                        model,
                        exchange,
                        messages=asked,
                        system=system,
                        tools=tools,
                        user_id=self.user_id,
                        max_rounds=self.settings.max_tool_rounds - rounds_done,
                    ):
                        started = not isinstance(event, ToolUsed)  # after the tools, a new reply
                        if isinstance(event, Delta):
                            if mode == PRACTICE:
                                continue  # shown once verified, below
                            for text in sentences.feed(event.text) if sentences else [event.text]:
                                # the guard asks the solver: off the loop every stream shares
                                shown = await asyncio.to_thread(guard.screen, text) if guard else text
                                result.answer += shown
                                yield Delta(shown)
                        elif isinstance(event, Reasoning):
                            if show_reasoning:
                                result.reasoning += event.text
                                yield event
                        elif self.verbose:
                            yield event
                        result.tool_calls = exchange.tool_calls
                    break
                except ProviderError as exc:
                    # Only a stream cut once it had begun (the provider says so, or text had come):
                    # a call refused from the start was already retried by the client, and a
                    # refused request would be refused again.
                    begun = started or exc.cut
                    if attempt == CUT_RETRIES or not begun or exc.kind != "service" or exc.rate_limited:
                        raise
                    cut_cost.add(exchange.usage)
                    done_calls = exchange.tool_calls
                yield Notice("retry", say("tutor.retry_notice"))
                if result.answer:
                    yield Revised("")  # the new answer replaces what was written of the cut one
                result.answer, result.reasoning = "", ""
            messages = asked
            if sentences and guard:
                rest = sentences.flush()
                shown = (await asyncio.to_thread(guard.screen, rest) if rest else "") + guard.closing()
                if shown:
                    result.answer += shown
                    yield Delta(shown)
            exchange.usage.add(cut_cost)
            result.usage = exchange.usage.to_dict()
            if exchange.refused:
                async for notice in self._refused(exchange, result):
                    yield notice
                return
            if guard and guard.withheld:
                yield Notice("withheld", guard.notice())
            after = (
                self._practice(question, exchange.text, result)
                if mode == PRACTICE
                else self._check(model, solving, messages, system, tools, result)
            )
            async for later in after:
                yield later
        finally:
            if solving is not None and not solving.done():
                solving.cancel()
            elif solving is not None and not solving.cancelled():
                solving.exception()  # a solver that gave up is no error when nothing awaited it

    # -- after the answer ---------------------------------------------------------------------
    async def _refused(self, exchange: Exchange, result: TurnResult) -> AsyncIterator[TutorEvent]:
        """The service's safety check ended the conversation: never silence. What it asked not
        to show is taken back; the history is no longer sent (the turns stay in the store)."""
        await self.store.call(
            self.store.clear_history, conversation_id=result.conversation_id, up_to_turn_id=result.turn_id
        )
        if exchange.hidden and result.answer:
            result.answer = ""
            yield Revised("")
        if result.answer.strip():
            yield Notice("history_cleared", say("tutor.history_cleared"))
        else:
            yield Notice("refused", say("tutor.refused"))

    async def _check(
        self,
        model: ChatModel,
        solving: asyncio.Task[zmath.Solution | None] | None,
        messages: list[Message],
        system: str,
        tools: list[ToolSpec] | None,
        result: TurnResult,
    ) -> AsyncIterator[TutorEvent]:
        if result.mode != EXPLAIN or solving is None:
            return
        try:
            solution = await solving
        except zmath.BudgetExceeded:  # out of time or memory: the answer stays unchecked
            return
        if solution is None:
            return
        result.problem_kind = solution.kind
        check = maths.verdict(solution, result.answer)
        result.checks.append(check | {"attempt": 1})
        # Only an outside signal (the solver) justifies asking again; asking the model to
        # "double-check itself" without one makes answers worse.
        for attempt in range(2, 2 + self.settings.resample_on_disagreement):
            # When the reply read the question otherwise, asking again cannot settle who misread it.
            if check["status"] != "disagree" or check.get("reading") == "different":
                break
            yield Notice("progress", say("tutor.resample_progress", attempt=attempt))
            retry = Exchange()
            async for _ in converse(
                model,
                retry,
                messages=messages,
                system=system,
                tools=tools,
                user_id=self.user_id,
                max_rounds=self.settings.max_tool_rounds,
            ):
                pass
            for key, value in retry.usage.to_dict().items():
                result.usage[key] = result.usage.get(key, 0) + value
            check = maths.verdict(solution, retry.text)
            result.checks.append(check | {"attempt": attempt})
            if check["status"] == "agree":
                result.answer = retry.text
                result.tool_calls += retry.tool_calls
                yield Revised(retry.text)
        figures.attach(result.checks, solution)
        said = maths.check_notice(check, solution, retried=len(result.checks) > 1)
        self._note_mistake(result, from_check(result.question, check, said))
        yield Notice("check", said, check["status"])

    async def _practice(self, question: str, proposed: str, result: TurnResult) -> AsyncIterator[TutorEvent]:
        exercises = await asyncio.to_thread(
            practice.verify, practice.parse_items(proposed), limit=PRACTICE_COUNT
        )
        if len(exercises) < PRACTICE_COUNT:
            local = await asyncio.to_thread(_local_practice, question)
            exercises += local[: PRACTICE_COUNT - len(exercises)]
        if not exercises:
            result.answer = proposed
            yield Delta(proposed)
            yield Notice("practice", say("tutor.practice_unchecked"))
            return
        result.problem_kind = exercises[0].solution.kind
        result.answer = practice.render(exercises)
        result.checks = [
            {
                "status": "agree",
                "label": say("tutor.label.agree"),
                "source": "solver",
                "count": len(exercises),
            }
        ]
        yield Delta(result.answer)

    def _note_mistake(self, result: TurnResult, entry: NewEntry | None) -> None:
        """Keep `entry` for the 错题本, recorded once the turn is stored (`ask`)."""
        if entry is not None and self.keep_mistakes:
            self._mistakes[result.turn_id] = entry

    # -- store plumbing -----------------------------------------------------------------------
    async def _drop_unstarted(self, starting: asyncio.Future[tuple[str, int, bool]]) -> None:
        """Stopped while the question was being stored: a write already in a thread finishes
        anyway. A turn it stored is closed at once, not left pending (holding the conversation)
        until the sweep, and without its hold on the quota: the asker never learned of it, and
        gives the question back itself (had the sweep given it back too, it would go back twice)."""
        await _to_the_end(starting)
        if starting.cancelled() or starting.exception() is not None:
            return  # nothing was stored
        _, turn_id, _ = starting.result()
        closing = asyncio.ensure_future(self.store.call(self.store.close_unstarted, turn_id=turn_id))
        await _to_the_end(closing)
        if not closing.cancelled() and closing.exception() is not None:
            log.warning("could not close a question stopped as it was stored: turn %s", turn_id)

    def _start(
        self,
        ref: str | None,
        question: str,
        model: str,
        grade: str,
        mode: str,
        quota_day: date | None,
        new_id: str | None,
    ) -> tuple[str, int, bool]:
        """Store the question (conversation id, turn id, whether the conversation is new). A new
        conversation and its first turn are one write: under a burst of questions every write
        waits its turn for SQLite's one writer."""
        if ref is None:
            turn = self.store.start_conversation(
                user_id=self.user_id,
                question=question,
                model=model,
                grade=grade,
                mode=mode,
                quota_day=quota_day,
                conversation_id=new_id,
            )
            return turn.conversation_id, turn.id, True
        found = self.store.find_conversation(ref=ref, user_id=self.user_id)
        if found is None:
            raise TutorInputError(say("tutor.no_conversation", ref=ref))
        turn = self.store.start_turn(
            conversation_id=found.id, question=question, mode=mode, model=model, quota_day=quota_day
        )
        return found.id, turn.id, False

    def _messages(self, conversation_id: str, turn_id: int, content: str, tools: bool) -> list[Message]:
        """The conversation so far in neutral messages. For a model that calls tools, each turn's
        tool calls go back with their results (calls stored before they had ids get stable ones
        made from the turn), so a follow-up sees what the solver found."""
        messages: list[Message] = []
        for turn in self.store.history(conversation_id=conversation_id, before_turn_id=turn_id):
            messages.append(Message.user(turn.question))
            stored = [c for c in turn.tool_calls if isinstance(c, dict)] if tools else []
            if stored:
                calls = [
                    ToolCall.from_dict(c, fallback_id=f"call_t{turn.id}_{i}") for i, c in enumerate(stored)
                ]
                messages.append(Message.assistant("", calls))
                messages += [
                    Message.tool(call, str(c.get("result") or ""))
                    for call, c in zip(calls, stored, strict=True)
                ]
            messages.append(Message.assistant(turn.answer))
        messages.append(Message.user(content))
        return messages

    async def _finish(self, result: TurnResult, saver: ProgressSaver) -> None:
        """Store the answer without blocking the event loop, which every other stream shares
        (in a thread if the database is busy), and see it through even if this task is
        cancelled again meanwhile: whoever stops an answer (POST …/stop, the server shutting
        down, Ctrl-C) waits for the task to end and counts on the answer being stored by then.
        The partial saves end first, so none can land after the answer."""
        saving = asyncio.ensure_future(self._save_after(saver, result))
        cancelled: asyncio.CancelledError | None = None
        while not saving.done():
            try:
                await asyncio.shield(saving)
            except asyncio.CancelledError as exc:
                cancelled = exc
        if cancelled is not None:
            raise cancelled
        saving.result()  # a store error is raised, as it would have been in-line

    async def _save_after(self, saver: ProgressSaver, result: TurnResult) -> None:
        await saver.stop()
        await self.store.call(self._save, result)

    def _save(self, result: TurnResult) -> None:
        self.store.finish_turn(
            turn_id=result.turn_id,
            update_=TurnUpdate(
                answer=result.answer,
                status=result.status,
                error=result.error,
                prompt_tokens=result.usage.get("prompt_tokens", 0),
                completion_tokens=result.usage.get("completion_tokens", 0),
                total_tokens=result.usage.get("total_tokens", 0),
                checks=result.checks,
                tool_calls=result.tool_calls,
                problem_kind=result.problem_kind,
                mistake_kind=result.mistake_kind,
                ceiling_reached=result.ceiling_reached,
            ),
        )


def _validate_question(question: str) -> str:
    if not isinstance(question, str) or not question.strip():
        raise TutorInputError(say("tutor.empty_question"))
    question = question.strip()
    try:
        check_text(question)  # as the web API does: the same on SQLite and PostgreSQL
    except ValueError as exc:
        raise TutorInputError(str(exc)) from None
    if len(question) > MAX_QUESTION_CHARS:
        raise TutorInputError(say("tutor.question_too_long", length=len(question), limit=MAX_QUESTION_CHARS))
    return question


def _tools() -> list[ToolSpec]:
    # Imported here for start-up speed: the tools build their schemas with pydantic (~100 ms).
    from zuoye.math.tools import TOOLS

    return [cast(ToolSpec, dict(spec)) for spec in TOOLS]


def _local_practice(question: str) -> list[practice.Exercise]:
    return practice.verify(practice.variants(question, count=PRACTICE_COUNT), limit=PRACTICE_COUNT)


async def _to_the_end(running: asyncio.Future[Any]) -> None:
    """Wait for `running` to finish, even if this task is cancelled again meanwhile (its caller
    re-raises the first cancellation once the work it started is settled)."""
    while not running.done():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait([running])
