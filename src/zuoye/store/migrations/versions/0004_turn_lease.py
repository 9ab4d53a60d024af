"""A pending turn's lease: `turns.alive_until`, renewed by the process writing the answer.

A turn whose lease has passed was left by a process that died (kill -9, out of memory, a lost
machine); the sweep closes it as interrupted, keeping what was saved of the answer. Rows pending
before this migration have no lease (NULL): their lease is taken to run from `created_at`.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("turns", sa.Column("alive_until", sa.DateTime(), nullable=True))
    op.create_index(
        "ix_turns_pending_lease",
        "turns",
        ["alive_until"],
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("ix_turns_pending_lease", table_name="turns")
    # SQLite drops a column by copying the table: batch mode does that on both back ends.
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("alive_until")
