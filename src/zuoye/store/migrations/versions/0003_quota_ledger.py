"""The quota ledger, and one pending turn per conversation.

`quota_usage` counts the questions each user took per day, apart from the conversations (deleting
them used to give the day's questions back). It starts with today's questions as the turns
counted them, so upgrading does not reset anyone's day.

`uq_turns_one_pending` lets a conversation hold one pending turn: the database's claim that an
answer is being written there, for every process. Conversations left with several pending turns
by a crashed writer keep only the newest pending; the older ones are closed as interrupted.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The quota's day runs midnight to midnight in UTC+8 (zuoye.store.quota.QUOTA_TZ; a migration
# keeps its own copy so that it never changes under a later edit).
_UTC8 = timedelta(hours=8)


def upgrade() -> None:
    op.create_table(
        "quota_usage",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("used", sa.Integer(), nullable=False),
    )
    bind = op.get_bind()
    local_now = datetime.now(UTC).replace(tzinfo=None) + _UTC8
    today = local_now.date()
    since = datetime.combine(today, datetime.min.time()) - _UTC8  # midnight UTC+8, as naive UTC
    counts = bind.execute(
        sa.text(
            "SELECT c.user_id, COUNT(t.id) FROM turns t JOIN conversations c ON c.id = t.conversation_id "
            "WHERE t.created_at >= :since AND t.status <> 'failed' GROUP BY c.user_id"
        ),
        {"since": since},
    ).all()
    if counts:
        ledger = sa.table("quota_usage", sa.column("user_id"), sa.column("day", sa.Date()), sa.column("used"))
        op.bulk_insert(ledger, [{"user_id": u, "day": today, "used": int(n)} for u, n in counts])

    bind.execute(
        sa.text(
            "UPDATE turns SET status = CASE WHEN answer <> '' THEN 'incomplete' ELSE 'failed' END, "
            "error = 'interrupted', completed_at = :now "
            "WHERE status = 'pending' AND id NOT IN "
            "(SELECT MAX(id) FROM turns WHERE status = 'pending' GROUP BY conversation_id)"
        ),
        {"now": datetime.now(UTC).replace(tzinfo=None)},
    )
    op.create_index(
        "uq_turns_one_pending",
        "turns",
        ["conversation_id"],
        unique=True,
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("uq_turns_one_pending", table_name="turns")
    op.drop_table("quota_usage")
