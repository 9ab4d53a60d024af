"""When a 错题本 entry comes back: a spaced schedule of 1, 3, 7 and 14 days.

    new ─▶ due today (stage 0)
    correct retry while due:  stage 0 ─1 day─▶ 1 ─3 days─▶ 2 ─7 days─▶ 3 ─14 days─▶ 4 ─▶ mastered
    wrong retry (any time):   back to stage 0, due tomorrow
    correct retry before it is due: kept in the history, the schedule stays

A correct answer before the entry is due does not move it on: spacing is what makes practice
stick, and five right answers in one evening would otherwise "master" it. Days are the school's
(China Standard Time, the quota's day): an entry due "in 3 days" is due from midnight that day,
whatever hour it was practised. Every function takes `now` (naive UTC, as the store keeps
times); callers pass their clock's reading, and tests a fixed one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from zuoye.messages import say
from zuoye.store.quota import QUOTA_TZ

INTERVALS_DAYS = (1, 3, 7, 14)
# A stage past the last interval: the entry is mastered (due_at None).
MASTERED = len(INTERVALS_DAYS) + 1

Clock = Callable[[], datetime]


def utc_clock() -> datetime:
    """The real clock, naive UTC like the store's times."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Step:
    stage: int
    due_at: datetime | None  # None: mastered
    moved: bool  # did this answer change the schedule?


def _school_day_start(now: datetime, days: int) -> datetime:
    """Midnight (UTC+8) `days` school days after `now`'s, as naive UTC."""
    local = now.replace(tzinfo=UTC).astimezone(QUOTA_TZ)
    midnight = datetime(local.year, local.month, local.day, tzinfo=QUOTA_TZ) + timedelta(days=days)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def first_due(now: datetime) -> datetime:
    """A new entry is due at once: practise it today."""
    return now


def is_due(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and due_at <= now


def after_retry(*, stage: int, due_at: datetime | None, correct: bool, now: datetime) -> Step:
    if not correct:
        return Step(0, _school_day_start(now, INTERVALS_DAYS[0]), True)
    if not is_due(due_at, now):
        return Step(stage, due_at, False)
    nxt = stage + 1
    if nxt >= MASTERED:
        return Step(MASTERED, None, True)
    return Step(nxt, _school_day_start(now, INTERVALS_DAYS[nxt - 1]), True)


def describe(*, stage: int, due_at: datetime | None, now: datetime) -> str:
    """When it comes back, as the student reads it: 今天复习 / 明天复习 / 3 天后复习（12月7日） / 已掌握."""
    if due_at is None:
        return say("mistakes.when.mastered")
    if due_at <= now:
        return say("mistakes.when.due")
    today = now.replace(tzinfo=UTC).astimezone(QUOTA_TZ).date()
    day = due_at.replace(tzinfo=UTC).astimezone(QUOTA_TZ).date()
    days = (day - today).days
    if days <= 0:
        return say("mistakes.when.today")
    if days == 1:
        return say("mistakes.when.tomorrow")
    return say("mistakes.when.later", days=days, month=day.month, day=day.day)
