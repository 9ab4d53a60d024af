"""Detach 错题本 entries whose conversation was deleted before deleting one detached them.

Since then `Store.delete_conversation` clears an entry's `conversation_id` and `turn_id` in the
same transaction. Entries of conversations deleted earlier still named them: the page linked them
to 没有这个对话, and SQLite gives a deleted newest turn's id to the next turn, whose 加入错题本
would then find the old entry as its own. Data only; nothing to undo (the links led nowhere).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE mistakes SET conversation_id = NULL, turn_id = NULL "
        "WHERE conversation_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM conversations WHERE conversations.id = mistakes.conversation_id)"
    )


def downgrade() -> None:
    pass
