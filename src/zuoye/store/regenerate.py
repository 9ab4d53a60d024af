"""Regenerating an answer: the turn it replaces is kept (nothing is lost) but leaves the model's
context, the same way `clear_history` retires turns, so the new answer is not written with the
old one in view. It is marked `regenerated` too: the next turn answers its question anew, and the
page offers the answers as versions of one (1/2)."""

from __future__ import annotations

from sqlalchemy import update

from zuoye.store.repo import Store
from zuoye.store.tables import Turn


def retire_turn(store: Store, *, turn_id: int) -> None:
    with store.session() as s:
        s.execute(update(Turn).where(Turn.id == turn_id).values(cleared=True, regenerated=True))


def restore_turn(store: Store, *, turn_id: int) -> None:
    """Undo `retire_turn` (the new answer could not even start)."""
    with store.session() as s:
        s.execute(update(Turn).where(Turn.id == turn_id).values(cleared=False, regenerated=False))
