"""What a teacher or parent reads about each question: `turns.problem_kind` (the solver's kind of
problem), `turns.mistake_kind` (how the first wrong line of a 批改 went wrong) and
`turns.ceiling_reached` (an adult's help ceiling held the answer below what was asked for),
stored as each turn is answered (zuoye.tutor.facts).

Turns answered before this migration have NULL in all three: not known, which the class view
says, rather than guessing them from old answers.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("turns", sa.Column("problem_kind", sa.String(40), nullable=True))
    op.add_column("turns", sa.Column("mistake_kind", sa.String(24), nullable=True))
    op.add_column("turns", sa.Column("ceiling_reached", sa.Boolean(), nullable=True))


def downgrade() -> None:
    # SQLite drops a column by copying the table: batch mode does that on both back ends.
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("ceiling_reached")
        batch.drop_column("mistake_kind")
        batch.drop_column("problem_kind")
