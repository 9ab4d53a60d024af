"""Wrong passwords counted in the database (`login_attempts`), and API tokens that expire.

`login_attempts` holds the login throttle's counts (zuoye.store.login_attempts), shared by every
server process. API tokens made before tokens had a lifetime never expired (`expires_at` NULL):
they get the default lifetime (90 days) from the upgrade, so nothing stops working at once and
nothing lives forever.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# zuoye.settings.Settings.api_token_days's default; a migration keeps its own copy so that it
# never changes under a later edit.
_LEGACY_TOKEN_LIFETIME = timedelta(days=90)


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started", sa.DateTime(), nullable=False),
        sa.Column("known_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_login_attempts_updated_at", "login_attempts", ["updated_at"])
    op.get_bind().execute(
        sa.text("UPDATE auth_tokens SET expires_at = :until WHERE kind = 'api' AND expires_at IS NULL"),
        {"until": datetime.now(UTC).replace(tzinfo=None) + _LEGACY_TOKEN_LIFETIME},
    )


def downgrade() -> None:
    op.drop_index("ix_login_attempts_updated_at", table_name="login_attempts")
    op.drop_table("login_attempts")
