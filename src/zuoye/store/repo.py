"""The repository: keyword-only operations, each in its own transaction.

`session()` is a transaction that may write, `reading()` one that only reads, and `await
store.call(store.method, ...)` runs an operation from an event loop without blocking it; how
each waits (or does not) is in `_transactions.py`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, bindparam, case, column, delete, func, insert, select, table, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from zuoye.errors import ZuoyeError
from zuoye.messages import say
from zuoye.store._db import StoreError, make_engine, migrate
from zuoye.store._transactions import Transactions
from zuoye.store.account_tables import QuotaUsageRow
from zuoye.store.tables import Conversation, Turn, utcnow

TURN_STATUSES = ("pending", "complete", "incomplete", "failed")
P = ParamSpec("P")
T = TypeVar("T")


class ConversationBusy(ZuoyeError):
    """An answer is still being written in the conversation (it has a pending turn): one at a
    time, whichever process writes it. The web app answers 409."""

    kind = "input"
    code = "busy"

    def __init__(self) -> None:
        super().__init__(say("conversation.busy"))


@dataclass
class TurnUpdate:
    """What becomes known about a turn when its call ends."""

    answer: str
    status: str
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    checks: list[Any] = field(default_factory=list)
    tool_calls: list[Any] = field(default_factory=list)
    model: str | None = None
    # What a teacher or parent reads (tables.Turn): None leaves the column NULL, not known.
    problem_kind: str | None = None
    mistake_kind: str | None = None
    ceiling_reached: bool | None = None


class Store:
    def __init__(self, url: str, *, migrate_schema: bool = True) -> None:
        self.engine = make_engine(url)
        try:
            if migrate_schema:
                migrate(self.engine)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            where = self.engine.url.render_as_string(hide_password=True)
            raise StoreError(
                say("store.cannot_open", where=where, reason=getattr(exc, "orig", exc))
            ) from None
        self._transactions = Transactions(self.engine)
        self._identity: str | None = None

    def close(self) -> None:
        self._transactions.close()
        self.engine.dispose()

    def identity(self) -> str:
        """A short name no other database shares — nor this one dropped and made again — so that
        what several deployments keep in one Redis (answers' events, stop signals) stays apart."""
        if self._identity is None:
            if self.engine.dialect.name == "postgresql":
                with self.engine.connect() as conn:
                    cluster = conn.execute(text("SELECT system_identifier FROM pg_control_system()")).scalar()
                    oid = conn.execute(
                        text("SELECT oid FROM pg_database WHERE datname = current_database()")
                    ).scalar()
                material = f"pg:{cluster}:{oid}"
            else:
                database = self.engine.url.database or ""
                try:
                    found = Path(database).expanduser().stat()
                    material = f"sqlite:{found.st_dev}:{found.st_ino}:{found.st_ctime_ns}"
                except OSError:  # in memory: nobody else's
                    material = uuid.uuid4().hex
            self._identity = hashlib.sha256(material.encode()).hexdigest()[:12]
        return self._identity

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction that may write."""
        with self._transactions.write() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction: it never waits for writers. Do not write in it."""
        with self._transactions.read() as session:
            yield session

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(*args, **kwargs)` from an event loop without blocking it: at once when the
        database is free, else in a thread. `fn` may be started twice, so it does at most one
        write, as its last step (a store method, or a function ending with one)."""
        return await self._transactions.call(fn, *args, **kwargs)

    # conversations -------------------------------------------------------------------------
    def create_conversation(
        self, *, user_id: str, title: str, model: str, grade: str, mode: str
    ) -> Conversation:
        conv = Conversation(
            id=uuid.uuid4().hex, user_id=user_id, title=_title(title), model=model, grade=grade, mode=mode
        )
        with self.session() as s:
            s.add(conv)
        return conv

    def find_conversation(self, *, ref: str, user_id: str | None = None) -> Conversation | None:
        """By full id or an unambiguous prefix of at least 4 characters (as `git` does)."""
        ref = ref.strip().lower()
        if len(ref) < 4 or not all(c in "0123456789abcdef" for c in ref):
            return None
        with self.reading() as s:
            query = select(Conversation).where(Conversation.id.startswith(ref, autoescape=True)).limit(2)
            if user_id is not None:
                query = query.where(Conversation.user_id == user_id)
            found = s.scalars(query).all()
            return found[0] if len(found) == 1 else None

    def list_conversations(
        self, *, user_id: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[tuple[Conversation, int]]:
        """Newest first, with the number of turns in each."""
        counts = select(Turn.conversation_id, func.count(Turn.id).label("n")).group_by(Turn.conversation_id)
        sub = counts.subquery()
        query = (
            select(Conversation, func.coalesce(sub.c.n, 0))
            .outerjoin(sub, sub.c.conversation_id == Conversation.id)
            .order_by(Conversation.updated_at.desc(), Conversation.id)
            .limit(limit)
            .offset(offset)
        )
        if user_id is not None:
            query = query.where(Conversation.user_id == user_id)
        with self.reading() as s:
            return [(c, int(n)) for c, n in s.execute(query).all()]

    def get_conversation(self, *, conversation_id: str, user_id: str | None = None) -> Conversation | None:
        """The conversation with its turns loaded, or None (also when it belongs to someone else)."""
        with self.reading() as s:
            query = (
                select(Conversation)
                .where(Conversation.id == conversation_id)
                .options(selectinload(Conversation.turns))
            )
            if user_id is not None:
                query = query.where(Conversation.user_id == user_id)
            return s.scalars(query).first()

    def delete_conversation(self, *, conversation_id: str, user_id: str | None = None) -> bool:
        with self.session() as s:
            query = select(Conversation.id).where(Conversation.id == conversation_id)
            if user_id is not None:
                query = query.where(Conversation.user_id == user_id)
            if s.scalar(query) is None:
                return False
            # The 错题本 keeps its entries (their texts are copies) but they no longer point at
            # the conversation: a link to it would open 没有这个对话, and SQLite may give a
            # deleted turn's id to the next turn, which must not find this entry as its own.
            s.execute(
                update(_MISTAKES)
                .where(_MISTAKES.c.conversation_id == conversation_id)
                .values(conversation_id=None, turn_id=None)
            )
            s.execute(delete(Turn).where(Turn.conversation_id == conversation_id))
            s.execute(delete(Conversation).where(Conversation.id == conversation_id))
            return True

    # The writes every question makes go through Core statements, not the ORM's unit of work,
    # which costs three times as much: under a burst of questions they are the server's work.
    def start_conversation(
        self,
        *,
        user_id: str,
        question: str,
        model: str,
        grade: str,
        mode: str,
        quota_day: date | None = None,
        conversation_id: str | None = None,
    ) -> Turn:
        """A new conversation (titled after the question) and its first, pending turn, in one write.
        `quota_day`: the day of the daily quota its question was taken from (see `give_back`).
        `conversation_id`: its id, chosen by a caller that records it before the question is stored
        (a worksheet's journal: see `pending_turns`); a fresh one by default."""
        now = utcnow()
        conv_id = conversation_id or uuid.uuid4().hex
        conv = {"id": conv_id, "user_id": user_id, "title": _title(question), "model": model, "grade": grade}
        with self._transactions.write_rows() as c:
            c.execute(_INSERT_CONVERSATION, conv | {"mode": mode, "created_at": now, "updated_at": now})
            return _insert_turn(
                c, conv_id, question=question, mode=mode, model=model, now=now, quota_day=quota_day
            )

    # turns ---------------------------------------------------------------------------------
    def start_turn(
        self, *, conversation_id: str, question: str, mode: str, model: str, quota_day: date | None = None
    ) -> Turn:
        """A pending turn: it is also the conversation's claim on answering (ConversationBusy
        while another turn there is pending; the claim ends when the turn is finished or closed).
        `quota_day`: the day of the daily quota its question was taken from (see `give_back`)."""
        now = utcnow()
        try:
            with self._transactions.write_rows() as c:
                turn = _insert_turn(
                    c,
                    conversation_id,
                    question=question,
                    mode=mode,
                    model=model,
                    now=now,
                    quota_day=quota_day,
                )
                c.execute(
                    update(Conversation).where(Conversation.id == conversation_id).values(updated_at=now)
                )
        except IntegrityError as exc:
            if "uq_turns_one_pending" in str(exc.orig) or "turns.conversation_id" in str(exc.orig):
                raise ConversationBusy from None
            raise
        return turn

    def pending_turns(
        self, *, user_id: str, conversation_ids: Sequence[str], turn_ids: Sequence[int] = ()
    ) -> list[int]:
        """The ids of this user's pending turns in these conversations or among these turns."""
        if not conversation_ids and not turn_ids:
            return []
        with self.reading() as s:
            return list(
                s.scalars(
                    select(Turn.id)
                    .join(Conversation, Conversation.id == Turn.conversation_id)
                    .where(
                        Conversation.user_id == user_id,
                        Turn.status == "pending",
                        Turn.conversation_id.in_(sorted(set(conversation_ids)))
                        | Turn.id.in_(sorted(set(turn_ids))),
                    )
                )
            )

    def pending_turn(self, *, conversation_id: str) -> int | None:
        """The id of the conversation's pending turn (an answer being written), if any."""
        with self.reading() as s:
            return s.scalar(
                select(Turn.id).where(Turn.conversation_id == conversation_id, Turn.status == "pending")
            )

    def finish_turn(self, *, turn_id: int, update_: TurnUpdate) -> None:
        if update_.status not in TURN_STATUSES[1:]:
            raise ValueError(
                f"a finished turn's status is one of {TURN_STATUSES[1:]}, not {update_.status!r}"
            )
        values: dict[str, Any] = {
            "answer": update_.answer,
            "status": update_.status,
            "error": update_.error,
            "prompt_tokens": update_.prompt_tokens,
            "completion_tokens": update_.completion_tokens,
            "total_tokens": update_.total_tokens,
            "checks": update_.checks,
            "tool_calls": update_.tool_calls,
            "completed_at": utcnow(),
            "problem_kind": update_.problem_kind,
            "mistake_kind": update_.mistake_kind,
            "ceiling_reached": update_.ceiling_reached,
        }
        if update_.model:
            values["model"] = update_.model
        with self._transactions.write_rows() as c:
            c.execute(update(Turn).where(Turn.id == turn_id).values(**values))

    # A turn being written: its partial answer and its lease. The process writing an answer
    # saves it as it streams and renews the turn's lease with each save; a turn whose lease
    # passed was left by a dead process (kill -9, out of memory, a lost machine) and is closed.
    def save_progress(self, *, turn_id: int, answer: str, alive_until: datetime) -> bool:
        """Save the answer so far and renew the lease, while the turn is pending (a closed
        turn is never reopened). False once it is not (closed by the sweep, or deleted)."""
        with self._transactions.write_rows() as c:
            done = c.execute(_SAVE_PROGRESS, {"turn": turn_id, "so_far": answer, "until": alive_until})
            return bool(done.rowcount)

    def save_progress_many(self, saves: Sequence[tuple[int, str, datetime]]) -> None:
        """`save_progress` for many turns in one transaction: a process writing hundreds of
        answers saves them together, not in a transaction each (see zuoye.tutor.progress)."""
        if saves:
            with self._transactions.write_rows() as c:
                # in turn order, as every writer locks rows, so that two processes never deadlock
                rows = [{"turn": t, "so_far": a, "until": u} for t, a, u in sorted(saves, key=lambda s: s[0])]
                c.execute(_SAVE_PROGRESS, rows)

    def close_abandoned_turns(self, *, lease: timedelta, now: datetime | None = None) -> list[int]:
        """Close the pending turns whose lease has passed (a turn never renewed: `lease` after it
        was created) as interrupted, keeping what was saved of the answer; their ids."""
        now = now or utcnow()
        abandoned = (Turn.status == "pending") & (
            (Turn.alive_until < now) | (Turn.alive_until.is_(None) & (Turn.created_at < now - lease))
        )
        with self.reading() as s:  # mostly there are none: then no writer's lock is taken
            if s.scalar(select(Turn.id).where(abandoned).limit(1)) is None:
                return []
        with self._transactions.write_rows() as c:
            ids = list(c.scalars(select(Turn.id).where(abandoned)))
            if ids:
                _interrupt(c, ids, now)
            return ids

    def give_back(self, *, turn_id: int) -> bool:
        """Give the turn's question back to its owner's daily quota if its answer failed before any
        text and it was not given back already (by its writer, or by the sweep that closed it
        after its writer died); whether it was given back now."""
        with self._transactions.write_rows() as c:
            return bool(_give_back(c, [turn_id]))

    def close_unstarted(self, *, turn_id: int) -> None:
        """Close a pending turn whose asker stopped while it was being stored, never told of it: as
        interrupted, without its hold on the quota (the asker gives its question back itself)."""
        with self._transactions.write_rows() as c:
            c.execute(
                update(Turn)
                .where(Turn.id == turn_id, Turn.status == "pending")
                .values(status="failed", error="interrupted", completed_at=utcnow(), quota_day=None)
            )

    def close_turns(self, *, turn_ids: Sequence[int]) -> None:
        """Close these turns as interrupted if they are still pending: their writer is known to
        be gone (`zuoye batch` resuming the journal of a run that was killed)."""
        if turn_ids:
            with self._transactions.write_rows() as c:
                _interrupt(c, list(turn_ids), utcnow())

    def get_turn(self, *, turn_id: int) -> Turn | None:
        with self.reading() as s:
            return s.get(Turn, turn_id)

    def history(self, *, conversation_id: str, before_turn_id: int | None = None) -> Sequence[Turn]:
        """The turns still sent to the model: not cleared, with an answer, oldest first."""
        query = (
            select(Turn)
            .where(Turn.conversation_id == conversation_id, Turn.cleared.is_(False), Turn.answer != "")
            .order_by(Turn.id)
        )
        if before_turn_id is not None:
            query = query.where(Turn.id < before_turn_id)
        with self.reading() as s:
            return s.scalars(query).all()

    def clear_history(self, *, conversation_id: str, up_to_turn_id: int) -> int:
        """Stop sending turns up to and including `up_to_turn_id` (the API's need_clear_history)."""
        with self.session() as s:
            result = s.execute(
                update(Turn)
                .where(Turn.conversation_id == conversation_id, Turn.id <= up_to_turn_id)
                .values(cleared=True)
            )
            return int(getattr(result, "rowcount", 0) or 0)


def _interrupt(c: Connection, turn_ids: list[int], now: datetime) -> None:
    """Close pending turns as interrupted, keeping what was saved of the answer; a turn closed
    without any text gives its question back, as its writer would have had it lived."""
    c.execute(
        update(Turn)
        .where(Turn.id.in_(turn_ids), Turn.status == "pending")
        .values(
            status=case((Turn.answer != "", "incomplete"), else_="failed"),
            error="interrupted",
            completed_at=now,
        )
    )
    _give_back(c, turn_ids)


def _give_back(c: Connection, turn_ids: list[int]) -> list[int]:
    """Give back the quota questions of those of these turns that failed before any text and
    still hold theirs (`quota_day`); the turns given back. Once each: a turn's question goes back
    only with the UPDATE that clears its `quota_day`, and a second giver (the writer and the
    sweep, two sweeping processes) finds it cleared — on PostgreSQL it waits for the first's
    row lock and then sees NULL; on SQLite writers take turns."""
    held = c.execute(
        select(Turn.id, Turn.quota_day, Conversation.user_id)
        .join(Conversation, Conversation.id == Turn.conversation_id)
        .where(
            Turn.id.in_(turn_ids),
            Turn.status == "failed",
            Turn.answer == "",
            Turn.quota_day.is_not(None),
        )
    ).all()
    given = []
    for turn_id, day, user_id in held:
        cleared = c.execute(
            update(Turn).where(Turn.id == turn_id, Turn.quota_day == day).values(quota_day=None)
        )
        if cleared.rowcount:
            c.execute(
                update(QuotaUsageRow)
                .where(QuotaUsageRow.user_id == user_id, QuotaUsageRow.day == day, QuotaUsageRow.used > 0)
                .values(used=QuotaUsageRow.used - 1)
            )
            given.append(turn_id)
    return given


def _title(question: str) -> str:
    line = " ".join(question.split())
    return line if len(line) <= 60 else line[:59] + "…"


_INSERT_CONVERSATION = insert(Conversation)
_INSERT_TURN = insert(Turn)


def _insert_turn(
    c: Connection,
    conversation_id: str,
    *,
    question: str,
    mode: str,
    model: str,
    now: datetime,
    quota_day: date | None = None,
) -> Turn:
    """Insert a pending turn; the Turn it is (detached, as every turn the store returns)."""
    row: dict[str, Any] = {
        "conversation_id": conversation_id,
        "question": question,
        "mode": mode,
        "model": model,
        "status": "pending",
        "answer": "",
        "checks": [],
        "tool_calls": [],
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "total_tokens": 0,
        "cleared": False,
        "regenerated": False,
        "created_at": now,
        "quota_day": quota_day,
    }
    key = c.execute(_INSERT_TURN, row).inserted_primary_key
    assert key is not None  # an INSERT of one row always has one
    return Turn(id=key[0], error=None, completed_at=None, **row)


# The 错题本's table (zuoye.store.mistakes, which builds on this module) as far as deleting a
# conversation touches it.
_MISTAKES = table("mistakes", column("conversation_id"), column("turn_id"))

_SAVE_PROGRESS = (
    update(Turn)
    .where(Turn.id == bindparam("turn"), Turn.status == "pending")
    .values(answer=bindparam("so_far"), alive_until=bindparam("until"))
)
