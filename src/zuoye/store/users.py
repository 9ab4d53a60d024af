"""Accounts for multi-user mode: users, password login, sessions and API tokens, guardians (the
daily quota's ledger is `zuoye.store.quota`).

    users ─┬─ auth_tokens   a login session (cookie) or an API token; only SHA-256(secret) is kept
           └─ guardians     teacher/parent → student: may read the student's conversations and
                            set their help ceiling

A user's conversations are the `conversations` rows whose `user_id` is the user's id, so the
existing repository scopes them. Every method is its own transaction, like `Store`'s.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zuoye.errors import ZuoyeError
from zuoye.messages import say
from zuoye.store import _passwords
from zuoye.store._passwords import PasswordError
from zuoye.store.account_tables import (
    GUARDIAN_ROLES,
    ROLES,
    TOKEN_KINDS,
    AuthTokenRow,
    GuardianRow,
    UserRow,
)
from zuoye.store.repo import Store
from zuoye.store.tables import utcnow
from zuoye.vocabulary import CEILINGS

TOKEN_PREFIX = "zy_"  # noqa: S105 -- a marker, not a secret
SESSION_TTL = timedelta(days=30)
# An API token's lifetime when the caller names none (zuoye.settings.Settings.api_token_days is
# what the interfaces pass): no token lives for ever.
API_TOKEN_TTL = timedelta(days=90)
# Writing last_used_at on every request would turn each read into a write; once a minute is
# precise enough to show "last used" and to expire idle sessions.
_TOUCH_EVERY = timedelta(minutes=1)


class AccountError(ZuoyeError, ValueError):
    """A request about accounts cannot be done; the message says what to change."""

    kind = "input"
    code = "account"


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str
    help_ceiling: str | None
    daily_quota: int | None
    disabled: bool
    has_password: bool
    created_at: datetime

    @property
    def is_guardian(self) -> bool:
        return self.role in GUARDIAN_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a token: never the secret, which exists only when issued."""

    id: str
    kind: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


@dataclass(frozen=True)
class Revoked:
    """What a password change or an admin's revocation ended."""

    sessions: int
    api_tokens: int

    def __str__(self) -> str:
        return say("account.revoked", sessions=self.sessions, api_tokens=self.api_tokens)


def token_lifetime(days: int | None, *, default_days: int, max_days: int) -> timedelta:
    """The lifetime of a new API token: `days` if given (1 to `max_days`), else `default_days`."""
    if days is None:
        return timedelta(days=default_days)
    if not 1 <= days <= max_days:
        raise AccountError(say("account.token_days", max_days=max_days, days=days))
    return timedelta(days=days)


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        name=row.name,
        role=row.role,
        help_ceiling=row.help_ceiling,
        daily_quota=row.daily_quota,
        disabled=row.disabled,
        has_password=row.password_hash is not None,
        created_at=row.created_at,
    )


def _token(row: AuthTokenRow) -> TokenInfo:
    return TokenInfo(row.id, row.kind, row.label, row.created_at, row.last_used_at, row.expires_at)


def normalize_name(name: str) -> str:
    """NFKC (full-width letters become ASCII), trimmed; letters, digits, CJK and `._-@` only."""
    clean = unicodedata.normalize("NFKC", name).strip()
    if not 1 <= len(clean) <= 64:
        raise AccountError(say("account.name_length"))
    bad = sorted({c for c in clean if not (c.isalnum() or c in "._-@")})
    if bad:
        raise AccountError(say("account.name_characters", bad="".join(bad)))
    return clean


def hash_secret(secret: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough (no dictionary to attack), and a
    # database leak gives out nothing usable.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, store: Store) -> None:
        self.store = store

    # users ---------------------------------------------------------------------------------
    def create_user(
        self,
        *,
        name: str,
        role: str = "student",
        password: str | None = None,
        help_ceiling: str | None = None,
        daily_quota: int | None = None,
    ) -> User:
        name = normalize_name(name)
        _check_role(role)
        _check_ceiling(help_ceiling)
        _check_quota(daily_quota)
        hashed = _hash(password) if password is not None else None
        row = UserRow(
            id=uuid.uuid4().hex,
            name=name,
            name_key=name.casefold(),
            role=role,
            password_hash=hashed,
            help_ceiling=help_ceiling,
            daily_quota=daily_quota,
            disabled=False,
        )
        try:
            with self.store.session() as s:
                s.add(row)
        except IntegrityError:
            raise AccountError(say("account.name_taken", name=name)) from None
        return _user(row)

    def get_user(self, *, user_id: str) -> User | None:
        with self.store.reading() as s:
            row = s.get(UserRow, user_id)
            return _user(row) if row else None

    def find_user(self, *, name: str) -> User | None:
        key = unicodedata.normalize("NFKC", name).strip().casefold()
        with self.store.reading() as s:
            row = s.scalars(select(UserRow).where(UserRow.name_key == key)).first()
            return _user(row) if row else None

    def require_user(self, *, name: str) -> User:
        user = self.find_user(name=name)
        if user is None:
            raise AccountError(say("account.no_user_named", name=name))
        return user

    def list_users(self) -> list[User]:
        with self.store.reading() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.name_key))]

    def update_user(
        self,
        *,
        user_id: str,
        role: str | None = None,
        help_ceiling: str | None = None,
        clear_help_ceiling: bool = False,
        daily_quota: int | None = None,
        clear_daily_quota: bool = False,
        disabled: bool | None = None,
    ) -> User:
        values: dict[str, object] = {}
        if role is not None:
            _check_role(role)
            values["role"] = role
        if help_ceiling is not None or clear_help_ceiling:
            _check_ceiling(help_ceiling)
            values["help_ceiling"] = help_ceiling
        if daily_quota is not None or clear_daily_quota:
            _check_quota(daily_quota)
            values["daily_quota"] = daily_quota
        if disabled is not None:
            values["disabled"] = disabled
        with self.store.session() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                raise AccountError(say("account.no_such_user"))
            for key, value in values.items():
                setattr(row, key, value)
            if disabled:  # a disabled account is logged out everywhere
                s.execute(delete(AuthTokenRow).where(AuthTokenRow.user_id == user_id))
            return _user(row)

    def set_password(self, *, user_id: str, password: str) -> Revoked:
        """A new password ends every login session and revokes every API token of the user: a
        password is changed because someone else may know it, and whoever it was may have made
        a token with it."""
        hashed = _hash(password)
        with self.store.session() as s:
            found = s.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=hashed))
            if not getattr(found, "rowcount", 0):
                raise AccountError(say("account.no_such_user"))
            return _revoke_all(s, user_id)

    def revoke_all(self, *, user_id: str) -> Revoked:
        """Log the user out everywhere: every session and every API token."""
        with self.store.session() as s:
            if s.get(UserRow, user_id) is None:
                raise AccountError(say("account.no_such_user"))
            return _revoke_all(s, user_id)

    def authenticate(self, *, name: str, password: str) -> User | None:
        """The user, if the name and password match and the account is enabled."""
        key = unicodedata.normalize("NFKC", name).strip().casefold()
        with self.store.reading() as s:
            row = s.scalars(select(UserRow).where(UserRow.name_key == key)).first()
            stored = row.password_hash if row is not None else None
        if not _passwords.verify_password(password, stored) or row is None or row.disabled:
            return None
        if stored is not None and _passwords.needs_rehash(stored):
            # the same password at today's cost: nothing to revoke
            with self.store.session() as s:
                s.execute(update(UserRow).where(UserRow.id == row.id).values(password_hash=_hash(password)))
        return _user(row)

    # sessions and tokens -------------------------------------------------------------------
    def issue_token(
        self, *, user_id: str, kind: str = "api", label: str = "", ttl: timedelta | None = None
    ) -> tuple[str, TokenInfo]:
        """A new secret (shown once, never stored) and its public description."""
        if kind not in TOKEN_KINDS:
            raise AccountError(say("account.bad_token_kind", allowed=", ".join(TOKEN_KINDS)))
        if ttl is None:
            ttl = SESSION_TTL if kind == "session" else API_TOKEN_TTL
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = AuthTokenRow(
            id=uuid.uuid4().hex,
            user_id=user_id,
            kind=kind,
            token_hash=hash_secret(secret),
            label=label[:100],
            expires_at=utcnow() + ttl,
        )
        with self.store.session() as s:
            if s.get(UserRow, user_id) is None:
                raise AccountError(say("account.no_such_user"))
            s.add(row)
        return secret, _token(row)

    def user_for_token(self, *, secret: str, kind: str) -> User | None:
        """The enabled user a live token of this kind belongs to; None for anything else."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        now = utcnow()
        # Every authenticated request comes here: a read that never queues behind writers, and a
        # write only when the token's last use is stale.
        with self.store.reading() as s:
            found = s.execute(
                select(AuthTokenRow, UserRow)
                .join(UserRow, UserRow.id == AuthTokenRow.user_id)
                .where(AuthTokenRow.token_hash == hash_secret(secret), AuthTokenRow.kind == kind)
            ).first()
            if found is None:
                return None
            token, user = found
            if user.disabled or (token.expires_at is not None and token.expires_at <= now):
                return None
        if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
            with self.store.session() as s:
                s.execute(update(AuthTokenRow).where(AuthTokenRow.id == token.id).values(last_used_at=now))
        return _user(user)

    def revoke_secret(self, *, secret: str) -> bool:
        with self.store.session() as s:
            result = s.execute(delete(AuthTokenRow).where(AuthTokenRow.token_hash == hash_secret(secret)))
            return bool(getattr(result, "rowcount", 0))

    def revoke_token(self, *, token_id: str, user_id: str) -> bool:
        with self.store.session() as s:
            result = s.execute(
                delete(AuthTokenRow).where(AuthTokenRow.id == token_id, AuthTokenRow.user_id == user_id)
            )
            return bool(getattr(result, "rowcount", 0))

    def list_tokens(self, *, user_id: str, kind: str | None = None) -> list[TokenInfo]:
        query = select(AuthTokenRow).where(AuthTokenRow.user_id == user_id).order_by(AuthTokenRow.created_at)
        if kind is not None:
            query = query.where(AuthTokenRow.kind == kind)
        with self.store.reading() as s:
            return [_token(r) for r in s.scalars(query)]

    def purge_expired(self) -> int:
        with self.store.session() as s:
            result = s.execute(delete(AuthTokenRow).where(AuthTokenRow.expires_at <= utcnow()))
            return int(getattr(result, "rowcount", 0) or 0)

    # guardians -----------------------------------------------------------------------------
    def link(self, *, guardian_id: str, student_id: str) -> None:
        with self.store.session() as s:
            guardian, student = s.get(UserRow, guardian_id), s.get(UserRow, student_id)
            if guardian is None or student is None:
                raise AccountError(say("account.no_such_user"))
            if guardian.role not in GUARDIAN_ROLES:
                raise AccountError(say("account.guardian_role", name=guardian.name, role=guardian.role))
            if student.role != "student":
                raise AccountError(say("account.not_a_student", name=student.name, role=student.role))
            if s.get(GuardianRow, (guardian_id, student_id)) is None:
                s.add(GuardianRow(guardian_id=guardian_id, student_id=student_id))

    def unlink(self, *, guardian_id: str, student_id: str) -> bool:
        with self.store.session() as s:
            result = s.execute(
                delete(GuardianRow).where(
                    GuardianRow.guardian_id == guardian_id, GuardianRow.student_id == student_id
                )
            )
            return bool(getattr(result, "rowcount", 0))

    def students_of(self, *, guardian_id: str) -> list[User]:
        query = (
            select(UserRow)
            .join(GuardianRow, GuardianRow.student_id == UserRow.id)
            .where(GuardianRow.guardian_id == guardian_id)
            .order_by(UserRow.name_key)
        )
        with self.store.reading() as s:
            return [_user(r) for r in s.scalars(query)]

    def guardians_of(self, *, student_id: str) -> list[User]:
        query = (
            select(UserRow)
            .join(GuardianRow, GuardianRow.guardian_id == UserRow.id)
            .where(GuardianRow.student_id == student_id)
            .order_by(UserRow.name_key)
        )
        with self.store.reading() as s:
            return [_user(r) for r in s.scalars(query)]

    def is_guardian_of(self, *, guardian_id: str, student_id: str) -> bool:
        with self.store.reading() as s:
            return s.get(GuardianRow, (guardian_id, student_id)) is not None


def _revoke_all(s: Session, user_id: str) -> Revoked:
    kinds = list(s.scalars(select(AuthTokenRow.kind).where(AuthTokenRow.user_id == user_id)))
    s.execute(delete(AuthTokenRow).where(AuthTokenRow.user_id == user_id))
    return Revoked(sessions=kinds.count("session"), api_tokens=kinds.count("api"))


def check_password(password: str) -> None:
    """AccountError if `password` would be refused (too short, too long, only spaces): for asking
    again at once, before it is typed a second time."""
    try:
        _passwords.check_policy(password)
    except PasswordError as exc:
        raise AccountError(str(exc)) from None


def _hash(password: str) -> str:
    try:
        return _passwords.hash_password(password)
    except PasswordError as exc:
        raise AccountError(str(exc)) from None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(say("account.bad_role", role=role, allowed=", ".join(ROLES)))


def _check_ceiling(ceiling: str | None) -> None:
    if ceiling is not None and ceiling not in CEILINGS:
        raise AccountError(say("account.bad_ceiling", ceiling=ceiling, allowed=", ".join(CEILINGS)))


def _check_quota(quota: int | None) -> None:
    if quota is not None and not 0 <= quota <= 100_000:
        raise AccountError(say("account.bad_quota"))
