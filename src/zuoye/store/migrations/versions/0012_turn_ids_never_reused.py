"""Turn ids are never given out twice, on SQLite too.

SQLite gives a table without AUTOINCREMENT the largest rowid + 1: the id of a deleted newest
turn went to the next turn asked, and whatever was still keyed by it (its event log, a 错题本
entry) became the new turn's. AUTOINCREMENT keeps the largest id ever used
(sqlite_sequence) and counts on from it. SQLite cannot add it to a table, so the table is copied
(batch mode): every row, with its id (the copy starts the sequence at the largest), its indexes —
the partial ones with their WHERE — and its foreign key.

Photos link to turns with ON DELETE CASCADE, and the copy drops the old table: with foreign keys
on (the store turns them on, and SQLite cannot turn them off inside the migration's
transaction) the drop would delete the photos of every turn. Their links are set aside for the
copy and put back after it.

PostgreSQL: a turn's id comes from a sequence, which never goes back; nothing to do.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _copy_turns(autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _copy_turns(autoincrement=False)


def _copy_turns(*, autoincrement: bool) -> None:
    op.execute(
        "CREATE TEMPORARY TABLE zuoye_photo_turns AS SELECT id, turn_id FROM photos WHERE turn_id IS NOT NULL"
    )
    op.execute("UPDATE photos SET turn_id = NULL WHERE turn_id IS NOT NULL")
    with op.batch_alter_table(
        "turns", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass
    op.execute(
        "UPDATE photos SET turn_id = "
        "(SELECT turn_id FROM zuoye_photo_turns WHERE zuoye_photo_turns.id = photos.id) "
        "WHERE id IN (SELECT id FROM zuoye_photo_turns)"
    )
    op.execute("DROP TABLE zuoye_photo_turns")
