"""The tables. Changing them means a new Alembic migration in `migrations/versions/` (append-only)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive-UTC: same on SQLite and PostgreSQL


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(200))
    model: Mapped[str] = mapped_column(String(64))
    grade: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    turns: Mapped[list[Turn]] = relationship(
        back_populates="conversation", order_by="Turn.id", cascade="all, delete-orphan", passive_deletes=True
    )


class Turn(Base):
    """One question and its answer. The question is written before the model is called."""

    __tablename__ = "turns"
    __table_args__ = (
        Index("ix_turns_conversation_id_id", "conversation_id", "id"),
        # One answer at a time per conversation, held by the database for every process: the
        # pending turn is the claim (migration 0003). It ends when the turn does — finished, or
        # closed as interrupted after its writer died — so there is no lock to leak. It is also
        # how the sweep finds pending turns whose writer died; their lease (`alive_until`) is not
        # indexed, so that saving an answer being written is a HOT update (migration 0016).
        Index(
            "uq_turns_one_pending",
            "conversation_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        # A deleted turn's id is never given to another (migration 0012): SQLite would reuse a
        # deleted newest turn's; PostgreSQL's sequence never goes back.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    # pending → complete | incomplete (cut off: Ctrl-C, network, error) | failed (no answer at all);
    # error "interrupted" when its writer stopped, or died and the sweep closed it (repo.py)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    mode: Mapped[str] = mapped_column(String(16))
    model: Mapped[str] = mapped_column(String(64))
    prompt_tokens: Mapped[int] = mapped_column(default=0)
    completion_tokens: Mapped[int] = mapped_column(default=0)
    total_tokens: Mapped[int] = mapped_column(default=0)
    # Answer checks ({"status": "agree"|"disagree"|"unknown", ...}) and tool calls, for display.
    checks: Mapped[list[Any]] = mapped_column(default=list)
    tool_calls: Mapped[list[Any]] = mapped_column(default=list)
    # Set when the API asked for the history to be cleared: the turn is kept but no longer sent.
    cleared: Mapped[bool] = mapped_column(default=False)
    # Set (with `cleared`) when its question was answered again (migration 0009): the conversation's
    # next turn is the newer answer to the same question, and the page shows them as versions 1/2.
    regenerated: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)
    # A pending turn's lease: its writer renews it with the partial saves of the answer; once it
    # has passed, the writer is taken for dead and the sweep closes the turn (repo.py,
    # close_abandoned_turns). NULL: not renewed yet, the lease runs from created_at.
    alive_until: Mapped[datetime | None] = mapped_column(default=None)
    # What a teacher or parent reads of the turn (migration 0008; NULL: answered before it, not
    # known): the solver's kind of problem ("" when it read none), the kind of the first wrong
    # line of a 批改 (zuoye.math.classify_mistake), whether an adult's help ceiling held it back.
    problem_kind: Mapped[str | None] = mapped_column(String(40), default=None)
    mistake_kind: Mapped[str | None] = mapped_column(String(24), default=None)
    ceiling_reached: Mapped[bool | None] = mapped_column(default=None)
    # The day of the daily quota this turn took its question from, until the question is given
    # back (migration 0013): an answer that failed before any text gives it back once, whether
    # its writer saw the failure or the sweep closed the turn after the writer died (repo.py).
    # NULL: no question was taken (single-user, CLI, worksheets) or it was given back.
    quota_day: Mapped[date | None] = mapped_column(default=None)

    conversation: Mapped[Conversation] = relationship(back_populates="turns")
