"""One 错题本 entry per question answered again (regenerate), on SQLite and PostgreSQL: the entry of
the replaced answer moves to the newest version instead of a second entry being made."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update

from zuoye.store import Store
from zuoye.store.mistakes import Mistakes
from zuoye.store.regenerate import retire_turn
from zuoye.store.tables import Turn

NOW = datetime(2026, 12, 4, 12, 0)
Q = "解方程 2x+3=7"


def _add(book: Mistakes, turn: Turn, question: str = Q) -> tuple[int, bool]:
    row, made = book.add(
        user_id="kid", source="checkwork", question=question, problem=question, due_at=NOW,
        turn_id=turn.id, conversation_id=turn.conversation_id, now=NOW,
    )  # fmt: skip
    return row.id, made


def _answered_again(store: Store, turn: Turn, question: str = Q) -> Turn:
    with store.session() as s:
        s.execute(update(Turn).where(Turn.id == turn.id).values(status="complete"))
    retire_turn(store, turn_id=turn.id)
    return store.start_turn(conversation_id=turn.conversation_id, question=question, mode="批改", model="m")


def test_an_answer_given_again_moves_the_entry_to_it(store: Store) -> None:
    book = Mistakes(store)
    turn = store.start_conversation(user_id="kid", question=Q, model="m", grade="初中", mode="批改")
    first = turn
    entry, made = _add(book, turn)
    assert made
    for _ in range(2):  # versions 2 and 3
        turn = _answered_again(store, turn)
        assert _add(book, turn) == (entry, False)
        found = book.for_turn(user_id="kid", turn_id=turn.id)
        assert found is not None and found.id == entry
    # an earlier version saved again (the page's switcher shows it): the same entry, on the newest
    assert _add(book, first) == (entry, False)
    found = book.for_turn(user_id="kid", turn_id=turn.id)
    assert found is not None and found.id == entry
    # a different question after a regenerate is an entry of its own
    other = _answered_again(store, turn, question="解方程 5x=10")
    assert _add(book, other, question="解方程 5x=10")[1] is True


def test_an_entry_removed_while_its_turn_is_saved_again_is_made_anew(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 加入错题本 in one tab while the entry is removed in another: the insert finds the entry, the
    # read after it does not — the turn is saved again, not a 500
    book = Mistakes(store)
    turn = store.start_conversation(user_id="kid", question=Q, model="m", grade="初中", mode="批改")
    entry, _ = _add(book, turn)
    read = book.for_turn

    def removed_meanwhile(**kw: object) -> object:
        monkeypatch.setattr(book, "for_turn", read)
        book.remove(user_id="kid", entry_id=entry)
        return None

    monkeypatch.setattr(book, "for_turn", removed_meanwhile)
    again, made = _add(book, turn)
    found = book.for_turn(user_id="kid", turn_id=turn.id)
    assert made and found is not None and found.id == again
