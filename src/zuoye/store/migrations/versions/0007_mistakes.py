"""The 错题本: `mistakes`, one row per mistake a student keeps (zuoye.store.mistakes).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mistakes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.String(32), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("wrong_line", sa.Text(), nullable=True),
        sa.Column("correct_step", sa.Text(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("practice", sa.JSON(), nullable=True),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("uq_mistakes_user_turn", "mistakes", ["user_id", "turn_id"], unique=True)
    op.create_index("ix_mistakes_user_due", "mistakes", ["user_id", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_mistakes_user_due", table_name="mistakes")
    op.drop_index("uq_mistakes_user_turn", table_name="mistakes")
    op.drop_table("mistakes")
