"""Worksheet jobs uploaded from the page: `worksheet_jobs` and their questions with the journal of
their answers, `worksheet_items` (zuoye.store.worksheets).

On PostgreSQL this also installs the job queue's own tables and functions (Procrastinate's
schema, read from the installed package: zuoye does not copy it), because the workers that run
these jobs take them from that queue. SQLite has no queue: `zuoye serve` runs its jobs itself.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "worksheet_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("model", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("bad_lines", sa.JSON(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("queue_job_id", sa.Integer(), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_worksheet_jobs_owner_id", "worksheet_jobs", ["owner_id"])
    op.create_table(
        "worksheet_items",
        sa.Column(
            "job_id",
            sa.String(32),
            sa.ForeignKey("worksheet_jobs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(16), nullable=True),
        sa.Column("mode", sa.String(16), nullable=True),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("record", sa.JSON(), nullable=True),
    )
    if op.get_bind().dialect.name == "postgresql":
        _install_queue()


def _install_queue() -> None:
    try:
        from procrastinate.schema import SchemaManager
    except ImportError:
        raise RuntimeError(
            "PostgreSQL needs the job queue package: pip install 'zuoye[postgres]' (procrastinate)"
        ) from None
    bind = op.get_bind()
    exists = bind.execute(sa.text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")).scalar()
    if not exists:
        # The schema's functions hold '%' (format strings): sent through the driver's cursor
        # without parameters, so that nothing reads them as placeholders. It is one script of
        # many statements, in the migration's transaction.
        cursor = bind.connection.cursor()
        try:
            cursor.execute(SchemaManager.get_schema())
        finally:
            cursor.close()


def downgrade() -> None:
    op.drop_table("worksheet_items")
    op.drop_index("ix_worksheet_jobs_owner_id", table_name="worksheet_jobs")
    op.drop_table("worksheet_jobs")
