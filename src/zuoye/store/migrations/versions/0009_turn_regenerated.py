"""`turns.regenerated`: set, with `cleared`, on a turn whose question was answered again (the
regenerate button), so the answers to one question can be shown as versions of it (1/2) rather
than as the question asked twice. `cleared` alone cannot say so: a history cleared after the
service refused a question sets it too.

Turns from before this migration are false: an old regenerate still shows as two turns.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("turns", sa.Column("regenerated", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # SQLite drops a column by copying the table: batch mode does that on both back ends.
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("regenerated")
