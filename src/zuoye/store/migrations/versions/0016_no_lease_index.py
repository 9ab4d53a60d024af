"""Drop `ix_turns_pending_lease`. Every save of an answer being written (one a second per answer)
changes `alive_until`, and while that column was indexed PostgreSQL could not update the row in
place (a HOT update): each save wrote a new entry into every index of `turns`. Without it, 75–86%
of the saves are HOT and the write-ahead log of 300 answers is a fifth smaller (bench notes in
the commit). The sweep's search for abandoned turns does not need it: the pending turns are
already all in `uq_turns_one_pending` (partial, `status = 'pending'`), which both databases scan
for it (tests/store/test_leases.py checks the plans).

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_turns_pending_lease", table_name="turns")


def downgrade() -> None:
    op.create_index(
        "ix_turns_pending_lease",
        "turns",
        ["alive_until"],
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )
