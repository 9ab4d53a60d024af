"""`worksheet_items.conversation_id`: the new conversation a worksheet question is about to be stored
in, recorded before it is. A worker killed between storing the question and linking its turn left
a pending turn nothing named; the worker resuming the job now finds it by this conversation
(`zuoye.batch.runner._recover`) instead of by the question's words, which could also name a turn
the same teacher was having answered on the page.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("worksheet_items", sa.Column("conversation_id", sa.String(32), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a column that nothing indexes in place, as in 0013.
    op.drop_column("worksheet_items", "conversation_id")
