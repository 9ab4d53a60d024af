"""`turns.quota_day`: the day of the daily quota a turn took its question from, until it is given
back (NULL: it took none — single-user, the CLI, a worksheet — or it was given back).

A question whose answer failed before any text is given back. The process answering did that
itself; a turn whose writer died was closed as failed by the sweep and kept its question. Now
both give back through the turn: whoever clears `quota_day` gives the question back, so it is
given back once, whichever of them (or of two sweeping processes) comes first. Turns from before
this migration are NULL: the sweep gives nothing back for them, as before.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("turns", sa.Column("quota_day", sa.Date(), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a column that nothing indexes in place: not a batch copy, whose
    # DROP of the old table would take the turns' photos with it (ON DELETE CASCADE, see 0012).
    op.drop_column("turns", "quota_day")
