"""`worksheet_jobs.title` and `.class_name`: what the teacher typed on the page's upload form for the
report's header (标题, 班级), so every download of the job carries them and the job list shows the
title. NULL: none was typed (jobs from before this migration too): the report's defaults.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("worksheet_jobs", sa.Column("title", sa.String(100), nullable=True))
    op.add_column("worksheet_jobs", sa.Column("class_name", sa.String(50), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a column that nothing indexes in place, as in 0013.
    op.drop_column("worksheet_jobs", "class_name")
    op.drop_column("worksheet_jobs", "title")
