"""What a teacher or parent may read of their students' questions: one row of facts per turn,
never the question or the answer (those are read through the conversations, one at a time).

Scoped by the caller to the students linked to the reader (zuoye.store.users.Accounts.students_of);
this module only reads the turns of the user ids it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from zuoye.store.repo import Store
from zuoye.store.tables import Conversation, Turn


@dataclass(frozen=True)
class TurnFact:
    user_id: str
    turn_id: int
    created_at: datetime  # naive UTC, as stored
    mode: str
    status: str
    problem_kind: str | None  # None: answered before these were stored; "": the solver read no problem
    mistake_kind: str | None
    ceiling_reached: bool | None


def turn_facts(store: Store, *, user_ids: Sequence[str], since: datetime) -> list[TurnFact]:
    """The turns these users asked since `since` (naive UTC), oldest first. An answer replaced by
    regenerate is left out: its question is counted once, with the newer answer's facts."""
    if not user_ids:
        return []
    query = (
        select(
            Conversation.user_id,
            Turn.id,
            Turn.created_at,
            Turn.mode,
            Turn.status,
            Turn.problem_kind,
            Turn.mistake_kind,
            Turn.ceiling_reached,
        )
        .join(Conversation, Conversation.id == Turn.conversation_id)
        .where(
            Conversation.user_id.in_(list(user_ids)),
            Turn.created_at >= since,
            Turn.regenerated.is_(False),
        )
        .order_by(Turn.created_at, Turn.id)
    )
    with store.reading() as s:
        return [TurnFact(*row) for row in s.execute(query).all()]
