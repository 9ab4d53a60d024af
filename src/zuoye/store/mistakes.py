"""The 错题本 (a book of a student's own mistakes), table `mistakes` (migration 0007).

One row per mistake: where it came from (`source`: a 批改 whose working had a wrong line, an
answer the computer marked 不一致, or a turn the student saved), the turn and the texts it came
from — copied, so that deleting the conversation keeps the entry —, the problem to practise, the
review schedule's state (`stage`, `due_at`; None once mastered), the exercise set and not yet
answered (`practice`), and the retries (`history`). The schedule itself is the tutor's
(`zuoye.tutor.schedule`): the store keeps its state and answers "what is due".

`user_id` is whoever owns the conversations: the account's id in multi-user mode, the local
user's id (`zuoye.tutor.identity`) for the CLI and the single-user page. Every `Mistakes` method
is its own transaction; `due_entries` runs in the caller's session, for views that read several
students at once (the teacher's).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from zuoye.store.repo import Store
from zuoye.store.tables import Base, Conversation, Turn, utcnow

SOURCES = ("checkwork", "disagree", "saved")
# The largest id an entry can have (an INTEGER column: 32 bits on PostgreSQL). A larger number,
# typed at the CLI or sent to the API, names no entry: it is not found rather than overflowing
# the database driver (SQLite's raises for anything beyond 64 bits).
MAX_ENTRY_ID = 2**31 - 1


class MistakeRow(Base):
    __tablename__ = "mistakes"
    __table_args__ = (
        # One entry per turn and student: saving a turn that is already in goes to that entry.
        Index("uq_mistakes_user_turn", "user_id", "turn_id", unique=True),
        Index("ix_mistakes_user_due", "user_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))  # one of SOURCES
    # The turn it came from; no foreign key: the entry outlives a deleted conversation.
    turn_id: Mapped[int | None] = mapped_column(Integer, default=None)
    conversation_id: Mapped[str | None] = mapped_column(String(32), default=None)
    question: Mapped[str] = mapped_column(Text)  # what the student asked, as asked
    problem: Mapped[str] = mapped_column(Text)  # the problem to practise (no working, no pleas)
    # 批改: the first wrong line, the step the computer derives there instead, the explanation.
    # 不一致: the answer given and the computer's; saved: the answer.
    wrong_line: Mapped[str | None] = mapped_column(Text, default=None)
    correct_step: Mapped[str | None] = mapped_column(Text, default=None)
    explanation: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    stage: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime | None] = mapped_column(default=None)  # None: mastered
    practice: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    history: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def due_entries(session: Session, user_id: str, now: datetime) -> list[MistakeRow]:
    """The student's entries due for review at `now` (naive UTC, as stored), most overdue first.
    Runs in the caller's session (read-only is enough)."""
    query = (
        select(MistakeRow)
        .where(MistakeRow.user_id == user_id, MistakeRow.due_at.is_not(None), MistakeRow.due_at <= now)
        .order_by(MistakeRow.due_at, MistakeRow.id)
    )
    return list(session.scalars(query))


class Mistakes:
    """The repository of 错题本 entries; every method is its own transaction and is scoped to
    `user_id` (another student's entry is as absent as one that does not exist)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(
        self,
        *,
        user_id: str,
        source: str,
        question: str,
        problem: str,
        due_at: datetime,
        turn_id: int | None = None,
        conversation_id: str | None = None,
        wrong_line: str | None = None,
        correct_step: str | None = None,
        explanation: str = "",
        detail: dict[str, Any] | None = None,
        now: datetime | None = None,
    ) -> tuple[MistakeRow, bool]:
        """The new entry, or the one this turn already has; and whether it was made now."""
        if source not in SOURCES:
            raise ValueError(f"a mistake's source is one of {SOURCES}, not {source!r}")
        if turn_id is not None and conversation_id is not None:
            earlier = self._of_regenerated(user_id, conversation_id, question, turn_id)
            if earlier is not None:
                return earlier, False
        now = now or utcnow()
        values: dict[str, Any] = {
            "user_id": user_id,
            "source": source,
            "turn_id": turn_id,
            "conversation_id": conversation_id,
            "question": question,
            "problem": problem,
            "wrong_line": wrong_line,
            "correct_step": correct_step,
            "explanation": explanation,
            "detail": detail or {},
            "stage": 0,
            "due_at": due_at,
            "practice": None,
            "history": [],
            "created_at": now,
            "updated_at": now,
        }
        for _ in range(3):
            row = MistakeRow(**values)
            try:
                with self.store.session() as s:
                    s.add(row)
                return row, True
            except IntegrityError:  # this turn is in already (uq_mistakes_user_turn)
                if turn_id is None:
                    raise
            found = self.for_turn(user_id=user_id, turn_id=turn_id)
            if found is not None:
                return found, False
            # removed between the two statements (another tab): saved again
        raise LookupError("the entry for this turn was removed each time it was saved")  # 3 races in a row

    def _of_regenerated(
        self, user_id: str, conversation_id: str, question: str, turn_id: int
    ) -> MistakeRow | None:
        """The entry of another version of this answer (regenerate: the same question answered
        again in the conversation; versions of one answer, one mistake), kept on the newest
        version; None without one."""
        with self.store.session() as s:
            this = s.get(Turn, turn_id)
            if this is None or this.conversation_id != conversation_id:
                return None
            # an earlier version it replaced, or — this one replaced — a later one
            versions = Turn.regenerated.is_(True) & (Turn.id < turn_id)
            if this.regenerated:
                versions = versions | (Turn.id > turn_id)
            row = s.scalar(
                select(MistakeRow)
                .join(Turn, Turn.id == MistakeRow.turn_id)
                .where(
                    MistakeRow.user_id == user_id,
                    MistakeRow.conversation_id == conversation_id,
                    Turn.conversation_id == conversation_id,
                    Turn.question == this.question,
                    versions,
                )
                .order_by(Turn.id.desc())
                .limit(1)
            )
            if row is not None and row.turn_id is not None and row.turn_id < turn_id:
                row.turn_id = turn_id
            return row

    def owned_turn(self, *, user_id: str, turn_id: int) -> Turn | None:
        """The turn, if it is in one of this user's conversations."""
        with self.store.reading() as s:
            return s.scalar(
                select(Turn)
                .join(Conversation, Conversation.id == Turn.conversation_id)
                .where(Turn.id == turn_id, Conversation.user_id == user_id)
            )

    def for_turn(self, *, user_id: str, turn_id: int) -> MistakeRow | None:
        with self.store.reading() as s:
            return s.scalar(
                select(MistakeRow).where(MistakeRow.user_id == user_id, MistakeRow.turn_id == turn_id)
            )

    def get(self, *, user_id: str, entry_id: int) -> MistakeRow | None:
        if not _possible(entry_id):
            return None
        with self.store.reading() as s:
            row = s.get(MistakeRow, entry_id)
            return row if row is not None and row.user_id == user_id else None

    def entries(self, *, user_id: str, now: datetime, due_only: bool = False) -> list[MistakeRow]:
        """Due entries first (most overdue first), then those coming up (soonest first), then the
        mastered ones (newest first)."""
        with self.store.reading() as s:
            due = due_entries(s, user_id, now)
            if due_only:
                return due
            later = s.scalars(
                select(MistakeRow)
                .where(MistakeRow.user_id == user_id, MistakeRow.due_at > now)
                .order_by(MistakeRow.due_at, MistakeRow.id)
            ).all()
            mastered = s.scalars(
                select(MistakeRow)
                .where(MistakeRow.user_id == user_id, MistakeRow.due_at.is_(None))
                .order_by(MistakeRow.updated_at.desc(), MistakeRow.id.desc())
            ).all()
            return [*due, *later, *mastered]

    def set_practice(
        self, *, user_id: str, entry_id: int, practice: dict[str, Any], now: datetime | None = None
    ) -> bool:
        """Keep the exercise just set for the entry (replacing one not answered)."""
        if not _possible(entry_id):
            return False
        with self.store.session() as s:
            done = s.execute(
                update(MistakeRow)
                .where(MistakeRow.id == entry_id, MistakeRow.user_id == user_id)
                .values(practice=practice, updated_at=now or utcnow())
            )
            return bool(getattr(done, "rowcount", 0))

    def record_retry(
        self,
        *,
        user_id: str,
        entry_id: int,
        practice_id: str,
        attempt: dict[str, Any],
        stage: int,
        due_at: datetime | None,
        now: datetime | None = None,
    ) -> MistakeRow | None:
        """Record an answer to the exercise `practice_id` and the schedule it leads to; the
        exercise is then used up. None when that exercise is no longer the entry's (answered
        already, in another tab, or replaced): an answer counts once."""
        if not _possible(entry_id):
            return None
        with self.store.session() as s:
            # FOR UPDATE on PostgreSQL: two answers sent at once are taken one after the other.
            row = s.get(MistakeRow, entry_id, with_for_update=True)
            if row is None or row.user_id != user_id:
                return None
            if not row.practice or row.practice.get("id") != practice_id:
                return None
            row.history = [*row.history, attempt]  # a new list: JSON columns see only assignment
            row.practice = None
            row.stage = stage
            row.due_at = due_at
            row.updated_at = now or utcnow()
            return row

    def remove(self, *, user_id: str, entry_id: int) -> bool:
        if not _possible(entry_id):
            return False
        with self.store.session() as s:
            done = s.execute(
                delete(MistakeRow).where(MistakeRow.id == entry_id, MistakeRow.user_id == user_id)
            )
            return bool(getattr(done, "rowcount", 0))


def _possible(entry_id: int) -> bool:
    return 1 <= entry_id <= MAX_ENTRY_ID
