"""The account tables of multi-user mode (migration 0002): users, their credentials, and who
looks after whom; and the quota ledger (migration 0003). Single-user mode never writes here."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from zuoye.store.tables import Base, utcnow

ROLES = ("student", "teacher", "parent", "admin")
# Roles that may be linked to students, see their conversations and set their help ceiling.
GUARDIAN_ROLES = ("teacher", "parent")
TOKEN_KINDS = ("session", "api")


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    # casefolded name: "Li" and "li" are the same account
    name_key: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    # None: the server's default (settings.help_ceiling / settings.daily_quota)
    help_ceiling: Mapped[str | None] = mapped_column(String(16), default=None)
    daily_quota: Mapped[int | None] = mapped_column(Integer, default=None)
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthTokenRow(Base):
    """A login session (cookie) or an API token. Only a SHA-256 of the secret is kept."""

    __tablename__ = "auth_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # public handle, for revoking
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)


class GuardianRow(Base):
    """A teacher or parent who looks after a student."""

    __tablename__ = "guardians"

    guardian_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuotaUsageRow(Base):
    """Questions a user took from their daily quota on one day (the quota's own day, UTC+8).

    A ledger apart from the conversations: deleting conversations or turns cannot give the day's
    questions back. The row is the unit of atomicity: taking a question is one conditional
    upsert of it (`zuoye.store.quota`). No foreign key: users are never deleted, and the ledger
    must outlive anything that is."""

    __tablename__ = "quota_usage"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    used: Mapped[int] = mapped_column(Integer, default=0)


class LoginAttemptRow(Base):
    """Wrong passwords counted against one throttle key in its current window (migration 0005,
    `zuoye.store.login_attempts`): an account, a client address, or the two together.

    In the database rather than in a process, so every server process and machine counts the same
    guesses and a restart forgets none. The key is a SHA-256 of what it counts: fixed length
    whatever was typed in the name box (people type their password there too)."""

    __tablename__ = "login_attempts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # failures in the window, plus attempts reserved and still being checked
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started: Mapped[datetime] = mapped_column(default=utcnow)
    # (account, address) keys only: this address logged in to this account lately, until then
    known_until: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
