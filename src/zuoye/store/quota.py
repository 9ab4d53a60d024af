"""The daily question quota: a ledger of questions taken, per user and day (table `quota_usage`).

The check and the take are one statement, so the database decides who gets the last question,
whichever process (or machine) each asker reached:

    INSERT INTO quota_usage (user_id, day, used) VALUES (:user, :day, 1)
    ON CONFLICT (user_id, day) DO UPDATE SET used = quota_usage.used + 1
        WHERE quota_usage.used < :limit
    RETURNING used                      -- no row: the quota is used up

Why this and not a lock: PostgreSQL runs an `ON CONFLICT DO UPDATE` atomically under READ
COMMITTED (a concurrent taker waits for the row and re-checks the condition against the
committed count), so there is one round trip, no SELECT … FOR UPDATE to pair with a later write,
and no serialisation failure to retry. SQLite has one writer at a time (the store's writes start
with BEGIN IMMEDIATE), so the same statement is atomic there too. An in-process lock would only
hold within one process.

The ledger is apart from the conversations: deleting them gives nothing back. A question whose
answer failed outright (no text at all) is given back, as turns that failed never counted: through
its turn, which holds the day it was taken from (`Store.give_back`), once — by the server answering
it, or by the sweep that closed the turn after that server died.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from zuoye.store.account_tables import QuotaUsageRow
from zuoye.store.repo import Store

# Quotas reset at midnight China Standard Time (no daylight saving), when the school day does.
QUOTA_TZ = timezone(timedelta(hours=8), "CST")


def quota_day(now: datetime | None = None) -> date:
    """The quota's day at `now` (default: now): the date in QUOTA_TZ."""
    return (now or datetime.now(UTC)).astimezone(QUOTA_TZ).date()


class Quotas:
    def __init__(self, store: Store) -> None:
        self.store = store
        dialect = postgresql if store.engine.dialect.name == "postgresql" else sqlite
        self._insert = dialect.insert(QuotaUsageRow)

    def take(self, *, user_id: str, day: date, limit: int) -> int | None:
        """Take one question of `day` if fewer than `limit` were taken (0: no limit, the
        question is only counted). The questions taken so far including this one, or None when
        the quota is used up."""
        table = QuotaUsageRow.__table__
        statement = self._insert.values(user_id=user_id, day=day, used=1)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.user_id, table.c.day],
            set_={"used": table.c.used + 1},
            where=(table.c.used < limit) if limit > 0 else None,
        ).returning(table.c.used)
        with self.store.session() as s:
            used = s.execute(statement).scalar()
        return int(used) if used is not None else None

    def give_back(self, *, user_id: str, day: date) -> None:
        """Return one question of `day` (taken for an answer that never came)."""
        with self.store.session() as s:
            s.execute(
                update(QuotaUsageRow)
                .where(QuotaUsageRow.user_id == user_id, QuotaUsageRow.day == day, QuotaUsageRow.used > 0)
                .values(used=QuotaUsageRow.used - 1)
            )

    def used(self, *, user_id: str, day: date) -> int:
        """Questions taken on `day`."""
        with self.store.reading() as s:
            found = s.scalar(
                select(QuotaUsageRow.used).where(QuotaUsageRow.user_id == user_id, QuotaUsageRow.day == day)
            )
        return int(found or 0)
