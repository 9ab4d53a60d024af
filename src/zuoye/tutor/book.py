"""One student's 错题本: entries in, 再练一题, answers marked, the schedule moved — what the page,
the CLI and the tutor ask of it.

    tutor (批改 wrong line, 不一致) ─┐
    加入错题本 (a turn) ─────────────┴▶ record ─▶ store.mistakes ◀─ entries (due first) / remove
    再练一题 ─▶ retry.new_exercise (model proposes, solver verifies; else local variants) ─▶ store
    answer ─▶ retry.mark (the solver) ─▶ schedule.after_retry ─▶ store (history, stage, due)

The clock is injected (`clock`), so the schedule is tested without waiting days. Methods that
call the solver or the model are async or say so: the interfaces run the others in a thread.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from typing import Any

from zuoye.errors import ZuoyeError
from zuoye.messages import say
from zuoye.providers import ChatModel
from zuoye.store import Store
from zuoye.store.mistakes import MistakeRow, Mistakes
from zuoye.text import check_text
from zuoye.tutor import retry, schedule
from zuoye.tutor.mistakes import NewEntry, from_turn, with_correct_step
from zuoye.tutor.modes import EXPLAIN, allowed_help, parse_ceiling, parse_mode
from zuoye.tutor.schedule import Clock, utc_clock
from zuoye.tutor.sheet import SheetItem

log = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 500
# A practice sheet holds at most this many problems (about six A4 pages).
MAX_SHEET_ITEMS = 30
SHEET_CONCURRENCY = 4

# Chinese names of the sources (kept for readers written before the message catalogue; in the
# reader's language: source_name).
SOURCE_NAMES = {"checkwork": "批改发现的错误", "disagree": "验算不一致", "saved": "自己收藏"}


def source_name(source: str) -> str:
    """Where an entry came from, as the reader is told (批改发现的错误 …)."""
    names = {
        "checkwork": say("mistakes.source.checkwork"),
        "disagree": say("mistakes.source.disagree"),
        "saved": say("mistakes.source.saved"),
    }
    return names.get(source, source)


class MistakeError(ZuoyeError, ValueError):
    """A request about the 错题本 cannot be done; the message says what to do instead."""

    kind = "input"
    code = "mistakes"


class EntryNotFound(MistakeError):
    code = "not_found"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or say("mistakes.entry_not_found"))


@dataclass(frozen=True)
class Outcome:
    """What became of an answer to 再练一题."""

    status: str  # correct | wrong | unread
    message: str  # what the student is told, Chinese first
    expected_latex: str
    entry: MistakeRow | None  # the entry after the answer (None when unread: nothing changed)


class MistakeBook:
    def __init__(
        self,
        store: Store,
        *,
        user_id: str,
        model: ChatModel | None = None,
        grade: str = "初中",
        clock: Clock = utc_clock,
        allowance: retry.Allowance | None = None,
        help_ceiling: str | None = None,
    ) -> None:
        """`allowance`: whether the model may be asked for a problem once more (the web's daily
        question quota in multi-user mode); without one, a configured model always may.
        `help_ceiling`: the student's (an adult's limit, as the tutor is given it): a turn saved
        by hand shows no more than its answer could."""
        self.store = store
        self.rows = Mistakes(store)
        self.user_id = user_id
        self.model = model
        self.grade = grade
        self.clock = clock
        self.allowance = allowance
        self.help_ceiling = help_ceiling

    # -- in ---------------------------------------------------------------------------------------
    def record(
        self, entry: NewEntry, *, turn_id: int | None, conversation_id: str | None
    ) -> tuple[MistakeRow, bool]:
        """Keep an entry (the one the turn has if it has one); whether it is new. Calls the
        solver (the correct step): not on the event loop."""
        entry = with_correct_step(entry)
        now = self.clock()
        return self.rows.add(
            user_id=self.user_id,
            source=entry.source,
            question=entry.question,
            problem=entry.problem,
            due_at=schedule.first_due(now),
            turn_id=turn_id,
            conversation_id=conversation_id,
            wrong_line=entry.wrong_line,
            correct_step=entry.correct_step,
            explanation=entry.explanation,
            detail=entry.detail,
            now=now,
        )

    def save_turn(self, turn_id: int) -> tuple[MistakeRow, bool]:
        """加入错题本: the turn (one of this student's) as an entry. Calls the solver."""
        turn = self.rows.owned_turn(user_id=self.user_id, turn_id=turn_id)
        if turn is None:
            raise EntryNotFound(say("mistakes.turn_not_found"))
        if not turn.answer.strip():
            raise MistakeError(say("mistakes.turn_unanswered"))
        entry = from_turn(
            turn.question,
            turn.answer,
            turn.mode,
            list(turn.checks or []),
            correct_step=_help_level(turn.mode, self.help_ceiling) != "hint",
        )
        return self.record(entry, turn_id=turn.id, conversation_id=turn.conversation_id)

    # -- out --------------------------------------------------------------------------------------
    def entries(self, *, due_only: bool = False) -> list[MistakeRow]:
        return self.rows.entries(user_id=self.user_id, now=self.clock(), due_only=due_only)

    def get(self, entry_id: int) -> MistakeRow:
        row = self.rows.get(user_id=self.user_id, entry_id=entry_id)
        if row is None:
            raise EntryNotFound
        return row

    def remove(self, entry_id: int) -> None:
        if not self.rows.remove(user_id=self.user_id, entry_id=entry_id):
            raise EntryNotFound

    def when(self, row: MistakeRow) -> str:
        return schedule.describe(stage=row.stage, due_at=row.due_at, now=self.clock())

    def is_due(self, row: MistakeRow) -> bool:
        return schedule.is_due(row.due_at, self.clock())

    # -- 再练一题 ---------------------------------------------------------------------------------
    async def practise(self, entry_id: int) -> MistakeRow:
        """Set a new problem like the entry's (replacing one not answered); the entry with it."""
        row = await asyncio.to_thread(self.get, entry_id)
        seen = {str(a.get("question", "")) for a in row.history if isinstance(a, dict)}
        if row.practice:
            seen.add(str(row.practice.get("question", "")))
        exercise = await retry.new_exercise(
            row.problem,
            model=self.model,
            grade=self.grade,
            user_id=self.user_id,
            seen=seen,
            allowance=self.allowance,
            # the answer of a question is told only with no ceiling below full
            itself=_help_level(EXPLAIN, self.help_ceiling) == "full",
        )
        if exercise is None:
            raise MistakeError(say("mistakes.no_similar"))
        stored = retry.exercise_json(exercise)
        if not await asyncio.to_thread(
            self.rows.set_practice, user_id=self.user_id, entry_id=entry_id, practice=stored, now=self.clock()
        ):
            raise EntryNotFound
        return row.__class__(**{**_columns(row), "practice": stored})

    async def answer(self, entry_id: int, *, practice_id: str, answer: str) -> Outcome:
        """Mark the student's answer to the entry's exercise with the solver and move the
        schedule: correct while due moves it on, wrong brings it back to the start."""
        answer = _valid_answer(answer)
        row = await asyncio.to_thread(self.get, entry_id)
        if not row.practice or row.practice.get("id") != practice_id:
            raise MistakeError(say("mistakes.answered"))
        marking = await asyncio.to_thread(retry.mark, row.practice, answer)
        if marking.status == "unread":
            return Outcome("unread", say("mistakes.unread"), marking.expected_latex, None)
        now = self.clock()
        correct = marking.status == "correct"
        step = schedule.after_retry(stage=row.stage, due_at=row.due_at, correct=correct, now=now)
        attempt: dict[str, Any] = {
            "at": now.isoformat(timespec="seconds"),
            "question": row.practice.get("question", ""),
            "answer": answer,
            "correct": correct,
            "expected_latex": marking.expected_latex,
            "moved": step.moved,
        }
        after = await asyncio.to_thread(
            self.rows.record_retry,
            user_id=self.user_id,
            entry_id=entry_id,
            practice_id=practice_id,
            attempt=attempt,
            stage=step.stage,
            due_at=step.due_at,
            now=now,
        )
        if after is None:
            raise MistakeError(say("mistakes.answered"))
        when = schedule.describe(stage=step.stage, due_at=step.due_at, now=now)
        if not correct:
            message = say("mistakes.wrong", answer=marking.expected_latex, when=when)
        elif step.due_at is None:
            message = say("mistakes.mastered")
        elif step.moved:
            message = say("mistakes.moved", stage=step.stage, when=when)
        else:
            message = say("mistakes.early", when=when)
        return Outcome(marking.status, message, marking.expected_latex, after)

    async def sheet(self, *, due_only: bool = False) -> list[SheetItem]:
        """The problems of a practice sheet: one per entry still to master (due first), the
        exercise each has waiting or a new one — so an answer from the paper can be typed in
        later and counts. Entries no similar problem can be made for are left out."""
        rows = await asyncio.to_thread(self.entries, due_only=due_only)
        rows = [r for r in rows if r.due_at is not None][:MAX_SHEET_ITEMS]
        # New problems are set a few at a time: each may wait for the model, and the solver
        # works in a pool of its own.
        slots = asyncio.Semaphore(SHEET_CONCURRENCY)

        async def ready(row: MistakeRow) -> MistakeRow | None:
            if row.practice:
                return row
            async with slots:
                try:
                    return await self.practise(row.id)
                except MistakeError:
                    return None

        items: list[SheetItem] = []
        for row in await asyncio.gather(*(ready(r) for r in rows)):
            if row is None or not row.practice:
                continue
            solution = row.practice["solution"]
            items.append(
                SheetItem(
                    question=row.practice["question"],
                    answer_latex=solution.get("answer_latex", ""),
                    unit=solution.get("unit", ""),
                    source=source_name(row.source),
                    original=row.problem,
                    entry_id=row.id,
                    figure=solution.get("figure"),
                )
            )
        return items


async def keep(
    store: Store, entry: NewEntry, *, user_id: str, turn_id: int, conversation_id: str, answer: str
) -> str | None:
    """Put a turn's mistake (a 批改's wrong line, a 不一致) into the student's 错题本 once the turn
    is stored; the notice to show, or None when it was in already. Never costs the answer: a
    failure here is logged, not raised."""
    if not entry.explanation:
        entry = replace(entry, explanation=answer)
    book = MistakeBook(store, user_id=user_id)
    try:
        _, made = await asyncio.to_thread(
            book.record, entry, turn_id=turn_id, conversation_id=conversation_id
        )
    except Exception:
        log.exception("could not keep turn %s in the mistake book", turn_id)
        return None
    if not made:
        return None
    return say("mistakes.kept.checkwork") if entry.source == "checkwork" else say("mistakes.kept.disagree")


def _help_level(mode: str, ceiling: str | None) -> str:
    """The help an answer in `mode` could give under the student's `ceiling` (the tutor's rule);
    a mode or ceiling not known gives no more than a hint."""
    try:
        return allowed_help(parse_mode(mode), parse_ceiling(ceiling or "full"))
    except ValueError:
        return "hint"


def _valid_answer(answer: str) -> str:
    if not isinstance(answer, str) or not answer.strip():
        raise MistakeError(say("mistakes.answer_empty"))
    answer = answer.strip()
    if len(answer) > MAX_ANSWER_CHARS:
        raise MistakeError(say("mistakes.answer_too_long", length=len(answer)))
    try:
        return check_text(answer)
    except ValueError as exc:
        raise MistakeError(str(exc)) from None


def _columns(row: MistakeRow) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in MistakeRow.__table__.columns}
