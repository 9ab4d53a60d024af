"""The 错题本's table on SQLite and PostgreSQL: scoped to its student, one entry per turn, due first,
an exercise answered once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from zuoye.store import Store
from zuoye.store._db import MIGRATIONS
from zuoye.store.mistakes import Mistakes, due_entries

NOW = datetime(2026, 12, 4, 12, 0)


@pytest.fixture
def book(store: Store) -> Mistakes:
    return Mistakes(store)


def _add(book: Mistakes, user: str, due: datetime | None, **kw: object) -> int:
    row, made = book.add(
        user_id=user, source="saved", question=f"q{due}", problem="解方程 2x+3=7", due_at=due or NOW, **kw
    )  # type: ignore[arg-type]
    assert made
    return row.id


def test_the_migration_makes_the_table(store: Store) -> None:
    assert "mistakes" in inspect(store.engine).get_table_names()
    indexes = {ix["name"] for ix in inspect(store.engine).get_indexes("mistakes")}
    assert {"uq_mistakes_user_turn", "ix_mistakes_user_due"} <= indexes


def test_due_entries_are_the_students_own_most_overdue_first(book: Mistakes, store: Store) -> None:
    late = _add(book, "s1", NOW - timedelta(days=3))
    later = _add(book, "s1", NOW - timedelta(hours=1))
    _add(book, "s1", NOW + timedelta(days=1))  # not yet
    _add(book, "s2", NOW - timedelta(days=5))  # someone else's
    with store.reading() as s:
        assert [r.id for r in due_entries(s, "s1", NOW)] == [late, later]
        assert [r.id for r in due_entries(s, "s2", NOW)] != []


def test_entries_list_due_then_coming_then_mastered(book: Mistakes) -> None:
    soon = _add(book, "s1", NOW + timedelta(days=1))
    due = _add(book, "s1", NOW - timedelta(days=1))
    mastered = _add(book, "s1", NOW)
    book.set_practice(user_id="s1", entry_id=mastered, practice={"id": "p1", "question": "x"})
    assert book.record_retry(
        user_id="s1", entry_id=mastered, practice_id="p1", attempt={"correct": True}, stage=5, due_at=None
    )
    assert [r.id for r in book.entries(user_id="s1", now=NOW)] == [due, soon, mastered]
    assert [r.id for r in book.entries(user_id="s1", now=NOW, due_only=True)] == [due]
    assert book.entries(user_id="s2", now=NOW) == []


def test_one_entry_per_turn_and_student(book: Mistakes) -> None:
    first, made = book.add(user_id="s1", source="checkwork", question="q", problem="p", due_at=NOW, turn_id=7)
    again, made_again = book.add(
        user_id="s1", source="saved", question="q", problem="p", due_at=NOW, turn_id=7
    )
    assert made and not made_again and again.id == first.id and again.source == "checkwork"
    other, made_other = book.add(
        user_id="s2", source="saved", question="q", problem="p", due_at=NOW, turn_id=7
    )
    assert made_other and other.id != first.id


def test_an_exercise_is_answered_once_and_only_by_its_student(book: Mistakes) -> None:
    entry = _add(book, "s1", NOW)
    assert not book.set_practice(user_id="s2", entry_id=entry, practice={"id": "p1"})
    assert book.set_practice(user_id="s1", entry_id=entry, practice={"id": "p1", "question": "解方程 x+1=3"})
    assert (
        book.record_retry(user_id="s2", entry_id=entry, practice_id="p1", attempt={}, stage=1, due_at=NOW)
        is None
    )
    assert (
        book.record_retry(user_id="s1", entry_id=entry, practice_id="old", attempt={}, stage=1, due_at=NOW)
        is None
    )
    row = book.record_retry(
        user_id="s1", entry_id=entry, practice_id="p1", attempt={"correct": True}, stage=1, due_at=NOW
    )
    assert row is not None and row.stage == 1 and row.practice is None and row.history == [{"correct": True}]
    assert (
        book.record_retry(user_id="s1", entry_id=entry, practice_id="p1", attempt={}, stage=2, due_at=NOW)
        is None
    )
    stored = book.get(user_id="s1", entry_id=entry)
    assert stored is not None and stored.stage == 1 and len(stored.history) == 1


def test_remove_is_scoped_to_the_student(book: Mistakes) -> None:
    entry = _add(book, "s1", NOW)
    assert not book.remove(user_id="s2", entry_id=entry)
    assert book.get(user_id="s2", entry_id=entry) is None
    assert book.remove(user_id="s1", entry_id=entry)
    assert book.get(user_id="s1", entry_id=entry) is None


def test_owned_turn_only_finds_the_students_turns(book: Mistakes, store: Store) -> None:
    turn = store.start_conversation(
        user_id="s1", question="解方程 2x+3=7", model="m", grade="初中", mode="讲解"
    )
    assert book.owned_turn(user_id="s1", turn_id=turn.id) is not None
    assert book.owned_turn(user_id="s2", turn_id=turn.id) is None


def test_entries_of_conversations_deleted_before_0011_are_detached(db_url: str) -> None:
    """A database where conversations were deleted while their entries kept naming them (before
    delete_conversation detached entries): the upgrade detaches those, and only those."""
    with Store(db_url) as s:
        gone = s.start_conversation(
            user_id="kid", question="解方程 2x+3=7", model="m", grade="初中", mode="讲解"
        )
        kept = s.start_conversation(
            user_id="kid", question="解方程 5x-1=14", model="m", grade="初中", mode="讲解"
        )
        book = Mistakes(s)
        ids = [_add(book, "kid", NOW, turn_id=t.id, conversation_id=t.conversation_id) for t in (gone, kept)]
        with s.session() as session:  # deleted as it was then
            session.execute(text("DELETE FROM turns WHERE conversation_id = :c"), {"c": gone.conversation_id})
            session.execute(text("DELETE FROM conversations WHERE id = :c"), {"c": gone.conversation_id})
        config = Config()  # and the database back at 0010 (the later migrations undone)
        config.set_main_option("script_location", str(MIGRATIONS))
        with s.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0010")
    with Store(db_url) as s:  # opening it upgrades it
        book = Mistakes(s)
        detached, linked = (book.get(user_id="kid", entry_id=i) for i in ids)
        assert detached is not None and (detached.conversation_id, detached.turn_id) == (None, None)
        assert detached.problem == "解方程 2x+3=7"  # the entry itself stays
        assert linked is not None and (linked.conversation_id, linked.turn_id) == (
            kept.conversation_id,
            kept.id,
        )
