"""Migrations 0007-0010 (错题本, turn facts, regenerated, photos) on a database at 0006 with turns in
it, on SQLite and PostgreSQL: upgraded, the turns are as they were, with the new columns not yet
known; downgraded back to 0006, the turns are still there and still keep one answer at a time per
conversation (the partial unique index survives SQLite's table copies); and up again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from zuoye.store._db import MIGRATIONS, make_engine


@contextmanager
def _at(engine: Engine, revision: str, *, down: bool = False) -> Iterator[Connection]:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)
    with engine.begin() as conn:
        yield conn


def _turn(conn: Connection, turn_id: int, conversation: str, status: str) -> None:
    conn.execute(
        text(
            "INSERT INTO turns (id, conversation_id, question, answer, status, mode, model, prompt_tokens,"
            " completion_tokens, total_tokens, checks, tool_calls, cleared, created_at)"
            " VALUES (:id, :c, '解方程 2x+3=7', '答：x=2', :status, 'explain', 'ernie', 0, 0, 0, '[]', '[]',"
            " false, CURRENT_TIMESTAMP)"
        ),
        {"id": turn_id, "c": conversation, "status": status},
    )


def _pending_twice(conn: Connection) -> None:
    with pytest.raises(IntegrityError), conn.begin_nested():
        _turn(conn, 99, "c1", "pending")


def test_0007_to_0010_up_down_and_up_again_keep_the_turns(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with _at(engine, "0006") as conn:
            conn.execute(
                text(
                    "INSERT INTO conversations (id, user_id, title, model, grade, mode, created_at, updated_at)"
                    " VALUES ('c1', 'u1', '解方程', 'ernie', '初中', 'explain', CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP)"
                )
            )
            _turn(conn, 1, "c1", "complete")
            _turn(conn, 2, "c1", "pending")

        with _at(engine, "0010") as conn:
            rows = conn.execute(
                text("SELECT id, answer, problem_kind, regenerated FROM turns ORDER BY id")
            ).all()
            assert [tuple(r) for r in rows] == [(1, "答：x=2", None, False), (2, "答：x=2", None, False)]
            assert {"mistakes", "photos"} <= set(inspect(conn).get_table_names())
            conn.execute(
                text(
                    "INSERT INTO photos (id, user_id, turn_id, media_type, data, created_at)"
                    " VALUES ('p1', 'u1', 1, 'image/png', :data, CURRENT_TIMESTAMP)"
                ),
                {"data": b"\x89PNG"},
            )
            _pending_twice(conn)

        with _at(engine, "0006", down=True) as conn:
            tables = set(inspect(conn).get_table_names())
            assert "mistakes" not in tables and "photos" not in tables
            columns = {c["name"] for c in inspect(conn).get_columns("turns")}
            assert not columns & {"problem_kind", "mistake_kind", "ceiling_reached", "regenerated"}
            rows = conn.execute(text("SELECT id, status, answer FROM turns ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [(1, "complete", "答：x=2"), (2, "pending", "答：x=2")]
            # one answer at a time per conversation still; many finished turns are fine
            _pending_twice(conn)
            _turn(conn, 3, "c1", "complete")

        with _at(engine, "head") as conn:
            assert conn.execute(text("SELECT count(*) FROM turns")).scalar() == 3
    finally:
        engine.dispose()
