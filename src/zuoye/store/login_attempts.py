"""Wrong passwords, counted in the database (table `login_attempts`) so that every server process
and machine sees the same counts, and a restart forgets none.

Three counts in a 15-minute window, each a row:

    account   wrong passwords for one login name, from any address: stops guessing one account
              from many addresses (limit `per_account`, 10 by default)
    address   wrong passwords from one client address, for any names: stops one address trying
              many accounts (limit `per_address`, higher: a school behind one NAT is one address,
              and one child's typos must not lock out the school)
    pair      wrong passwords for one name from one address, and whether that address logged in
              to that account lately ("known", for 30 days after a correct password)

An attempt is refused before its password is checked when its pair has had `per_account`
failures itself, or — unless the pair is known — when the account or the address is over its
limit. So someone guessing wrong elsewhere cannot lock a user out of the place they log in from;
a first login from a new place waits while the account is under attack, which is the price of
stopping a guesser who has many addresses.

The check and the count are one transaction (`reserve`): the attempt is counted as a failure
before the password is checked, so a hundred parallel guesses find the limit reached after the
first ten, instead of all being checked against a count that has not moved yet. A correct
password gives its reservation back (`succeeded`), as does an attempt that was never checked
(`release`). Atomic on both back ends: on SQLite the store's writes start with BEGIN IMMEDIATE,
one writer at a time; on PostgreSQL the rows are locked (SELECT … FOR UPDATE, in key order so two
attempts never wait for each other) after an INSERT … ON CONFLICT DO NOTHING has made sure they
exist. Rows whose window is over and whose pair is not known are deleted by `prune`.
"""

from __future__ import annotations

import hashlib
import ipaddress
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import bindparam, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from zuoye.store.account_tables import LoginAttemptRow
from zuoye.store.repo import Store
from zuoye.store.tables import utcnow

WINDOW = timedelta(minutes=15)
# How long an address that logged in to an account stays trusted for it despite others' guesses.
KNOWN_FOR = timedelta(days=30)
PER_ACCOUNT = 10
PER_ADDRESS = 100


@dataclass(frozen=True)
class Limits:
    per_account: int = PER_ACCOUNT
    per_address: int = PER_ADDRESS


@dataclass(frozen=True)
class Attempt:
    """A reserved attempt: counted as a failure until `succeeded` or `release` says otherwise."""

    account: str
    address: str
    pair: str


@dataclass(frozen=True)
class Refused:
    """No check: `reason` is over its limit for another `retry_after` seconds."""

    reason: Literal["account", "address"]
    retry_after: int


def name_key(name: str) -> str:
    """A login name as accounts compare it (zuoye.store.users): NFKC, trimmed, casefolded."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def address_key(address: str) -> str:
    """An IPv6 client counts by its /64: one household or phone gets a whole /64 and could walk
    through it to dodge a per-address limit. Anything else counts as written."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # an IPv4 client on a dual-stack socket
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def keys_for(name: str, address: str) -> Attempt:
    n, a = name_key(name), address_key(address)
    return Attempt(account=_key("account", n), address=_key("address", a), pair=_key("pair", n, a))


class LoginAttempts:
    def __init__(self, store: Store, limits: Limits | None = None) -> None:
        self.store = store
        self.limits = limits or Limits()
        dialect = postgresql if store.engine.dialect.name == "postgresql" else sqlite
        self._insert = dialect.insert(LoginAttemptRow)
        # Built once: every login attempt runs it, a burst of guesses a hundred times a second.
        t = LoginAttemptRow.__table__.c
        self._read = select(t.key, t.failures, t.window_started, t.known_until).where(
            t.key.in_(bindparam("keys", expanding=True))
        )

    def refusal(self, *, name: str, address: str, now: datetime | None = None) -> Refused | None:
        """Whether an attempt would be refused now, from a read that never waits for a writer: a
        burst of guesses is turned away without a write each. (`reserve` decides for certain.)"""
        now = now or utcnow()
        attempt = keys_for(name, address)
        keys = [attempt.account, attempt.address, attempt.pair]
        with self.store.reading() as s:
            found = s.execute(self._read, {"keys": keys}).all()
        rows = {
            key: (failures if started + WINDOW > now else 0, started, known)
            for key, failures, started, known in found
        }
        return self._verdict(attempt, rows, now)

    def reserve(self, *, name: str, address: str, now: datetime | None = None) -> Attempt | Refused:
        """Count an attempt of `name` from `address` before its password is checked, or refuse it."""
        now = now or utcnow()
        attempt = keys_for(name, address)
        with self.store.session() as s:
            rows = self._lock(s, attempt, now, create=True)
            refused = self._verdict(
                attempt, {k: (r.failures, r.window_started, r.known_until) for k, r in rows.items()}, now
            )
            if refused is not None:
                return refused
            for row in rows.values():
                row.failures += 1
                row.updated_at = now
        return attempt

    def _verdict(
        self, attempt: Attempt, rows: dict[str, tuple[int, datetime, datetime | None]], now: datetime
    ) -> Refused | None:
        """Refused, or None. `rows`: (failures in the window, window started, known until) by key."""
        empty = (0, now, None)
        account, address, pair = (
            rows.get(k, empty) for k in (attempt.account, attempt.address, attempt.pair)
        )
        over: list[tuple[Literal["account", "address"], datetime]] = []
        if pair[0] >= self.limits.per_account:
            over.append(("account", pair[1]))
        if not (pair[2] is not None and pair[2] > now):
            if account[0] >= self.limits.per_account:
                over.append(("account", account[1]))
            if address[0] >= self.limits.per_address:
                over.append(("address", address[1]))
        if not over:
            return None
        reason, started = max(over, key=lambda o: o[1])
        left = started + WINDOW - now
        return Refused(reason, max(1, int(left.total_seconds()) + 1))

    def succeeded(self, attempt: Attempt, *, now: datetime | None = None) -> None:
        """The password was right: the attempt was no failure, and its address is now known for
        this account; the pair's own failures are forgiven."""
        now = now or utcnow()
        with self.store.session() as s:
            rows = self._lock(s, attempt, now, create=True)
            for key in (attempt.account, attempt.address):
                rows[key].failures = max(0, rows[key].failures - 1)
            pair = rows[attempt.pair]
            pair.failures = 0
            pair.known_until = now + KNOWN_FOR
            for row in rows.values():
                row.updated_at = now

    def release(self, attempt: Attempt, *, now: datetime | None = None) -> None:
        """The password was never checked (the server was busy): give the reservation back."""
        now = now or utcnow()
        with self.store.session() as s:
            for row in self._lock(s, attempt, now, create=False).values():
                row.failures = max(0, row.failures - 1)

    def failures(self, *, name: str | None = None, address: str | None = None) -> int:
        """Failures counted now for a name (any address), an address (any name), or the two."""
        keys = keys_for(name or "", address or "")
        if name is not None and address is not None:
            key = keys.pair
        elif name is not None:
            key = keys.account
        else:
            key = keys.address
        with self.store.reading() as s:
            row = s.get(LoginAttemptRow, key)
            if row is None or row.window_started + WINDOW <= utcnow():
                return 0
            return row.failures

    def prune(self, *, now: datetime | None = None) -> int:
        """Delete the rows that no longer say anything: window over, and not a known pair."""
        now = now or utcnow()
        with self.store.session() as s:
            result = s.execute(
                delete(LoginAttemptRow).where(
                    LoginAttemptRow.updated_at < now - WINDOW,
                    or_(LoginAttemptRow.known_until.is_(None), LoginAttemptRow.known_until < now),
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def _lock(
        self, s: Session, attempt: Attempt, now: datetime, *, create: bool
    ) -> dict[str, LoginAttemptRow]:
        """The attempt's rows, locked for this transaction, windows that are over started afresh."""
        keys = sorted({attempt.account, attempt.address, attempt.pair})
        if create:
            s.execute(
                self._insert.values(
                    [{"key": k, "failures": 0, "window_started": now, "updated_at": now} for k in keys]
                ).on_conflict_do_nothing()
            )
        found = s.scalars(
            select(LoginAttemptRow)
            .where(LoginAttemptRow.key.in_(keys))
            .order_by(LoginAttemptRow.key)
            .with_for_update()
        )
        rows = {row.key: row for row in found}
        for row in rows.values():
            if row.window_started + WINDOW <= now:
                row.failures = 0
                row.window_started = now
        return rows
