"""A turn's id is never given out twice (migration 0012), on SQLite and PostgreSQL: the newest
turn deleted, the next question gets a new id. A database at 0011 holding turns, a photo of one
and a 错题本 entry keeps all of it through the upgrade, with its indexes and foreign keys, and
refuses a second pending turn in a conversation as before."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError

from zuoye.store import Store
from zuoye.store._db import MIGRATIONS, make_engine


def _ask(store: Store, question: str) -> int:
    return store.start_conversation(
        user_id="u1", question=question, model="ernie", grade="初中", mode="explain"
    ).id


def test_the_newest_turn_deleted_the_next_question_gets_a_new_id(store: Store) -> None:
    first = _ask(store, "解方程 2x+3=7")
    newest = store.get_turn(turn_id=_ask(store, "解方程 x^2=4"))
    assert newest is not None
    assert store.delete_conversation(conversation_id=newest.conversation_id)

    again = _ask(store, "解方程 3x=9")

    assert again not in (first, newest.id) and again > newest.id


def _turn(conn: Connection, conversation: str, status: str) -> int:
    # No id given: the database's own (a PostgreSQL sequence must see every insert)
    return int(
        conn.execute(
            text(
                "INSERT INTO turns (conversation_id, question, answer, status, mode, model, prompt_tokens,"
                " completion_tokens, total_tokens, checks, tool_calls, cleared, regenerated, created_at)"
                " VALUES (:c, '解方程 2x+3=7', '答：x=2', :status, 'explain', 'ernie', 0, 0, 0, '[]', '[]',"
                " false, false, CURRENT_TIMESTAMP) RETURNING id"
            ),
            {"c": conversation, "status": status},
        ).scalar_one()
    )


def _schema(conn: Connection) -> dict[str, Any]:
    found = inspect(conn)
    indexes = {
        i["name"]: (
            tuple(i["column_names"]),
            bool(i["unique"]),
            str(i.get("dialect_options", {}).get(f"{conn.dialect.name}_where", "")).replace('"', ""),
        )
        for i in found.get_indexes("turns")
    }
    keys = {
        table: sorted(
            (tuple(k["constrained_columns"]), k["referred_table"], (k.get("options") or {}).get("ondelete"))
            for k in found.get_foreign_keys(table)
        )
        for table in ("turns", "photos")
    }
    columns = [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns("turns")]
    return {"indexes": indexes, "keys": keys, "columns": columns}


def _rows(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "turns": [tuple(r) for r in conn.execute(text("SELECT * FROM turns ORDER BY id"))],
        "photos": [tuple(r) for r in conn.execute(text("SELECT id, turn_id, data FROM photos ORDER BY id"))],
        "mistakes": [tuple(r) for r in conn.execute(text("SELECT id, turn_id FROM mistakes ORDER BY id"))],
    }


def test_0012_keeps_every_row_index_and_foreign_key(db_url: str) -> None:
    engine = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0011")
            for c in ("c1", "c2"):
                conn.execute(
                    text(
                        "INSERT INTO conversations (id, user_id, title, model, grade, mode, created_at,"
                        " updated_at) VALUES (:c, 'u1', '解方程', 'ernie', '初中', 'explain',"
                        " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"c": c},
                )
            done, pending = _turn(conn, "c1", "complete"), _turn(conn, "c1", "pending")
            newest = _turn(conn, "c2", "complete")
            conn.execute(
                text(
                    "INSERT INTO photos (id, user_id, turn_id, media_type, data, created_at)"
                    " VALUES ('p1', 'u1', :t, 'image/png', :data, CURRENT_TIMESTAMP)"
                ),
                {"t": done, "data": b"\x89PNG"},
            )
            conn.execute(
                text(
                    "INSERT INTO mistakes (user_id, source, turn_id, conversation_id, question, problem,"
                    " explanation, detail, stage, history, created_at, updated_at) VALUES ('u1', 'saved',"
                    " :t, 'c1', '解方程 2x+3=7', '2x+3=7', '', '{}', 0, '[]', CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP)"
                ),
                {"t": done},
            )
            before, schema = _rows(conn), _schema(conn)
        assert before["photos"] == [("p1", done, b"\x89PNG")]

        with engine.begin() as conn:  # foreign keys on, as the store's engine has them
            config.attributes["connection"] = conn
            command.upgrade(config, "0012")
        with engine.begin() as conn:
            assert _rows(conn) == before
            assert _schema(conn) == schema
            unique, where = schema["indexes"]["uq_turns_one_pending"][1:]
            assert unique and "'pending'" in where
            with pytest.raises(IntegrityError), conn.begin_nested():
                _turn(conn, "c1", "pending")  # still one answer at a time per conversation
        with Store(db_url) as store:
            # the newest turn deleted, its id is not given out again (SQLite had no memory of
            # ids deleted before the upgrade: the copy counts on from the largest it holds)
            assert store.delete_conversation(conversation_id="c2")
            assert _ask(store, "解方程 3x=9") > newest
            # and the photo still goes with its turn
            assert store.delete_conversation(conversation_id="c1")
            with store.engine.begin() as conn:
                assert conn.execute(text("SELECT count(*) FROM photos")).scalar() == 0
        assert pending < newest
    finally:
        engine.dispose()
