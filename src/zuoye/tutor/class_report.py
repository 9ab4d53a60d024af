"""What a teacher or parent sees of the students linked to them, over the last days.

    linked students ─▶ turn facts (zuoye.store.class_report) ─┬─▶ questions per day
                       due 错题本 entries (zuoye.store.mistakes) ├─▶ topics (the solver's problem kinds)
                                                               ├─▶ kinds of first wrong line in 批改
                                                               └─▶ how often the help ceiling was reached

Only students linked to the reader are ever read: `ClassReader.report` asks the accounts who
they are and reads nothing else. Turns answered before these facts were stored count as
questions and are said to be "not recorded" — never guessed into a kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from zuoye.messages import has, say
from zuoye.store.class_report import TurnFact, turn_facts
from zuoye.store.mistakes import due_entries
from zuoye.store.quota import QUOTA_TZ
from zuoye.store.repo import Store
from zuoye.store.tables import utcnow
from zuoye.store.users import Accounts, User
from zuoye.tutor.book import source_name
from zuoye.tutor.modes import CHECK

MAX_DAYS = 90
# Due entries listed per student: the view is a glance, the student's own 错题本 has them all.
MAX_DUE = 20


def kind_name(kind: str) -> str:
    """A solver's kind of problem as a teacher names it (the catalogue's class.kind.*)."""
    if not kind:
        return say("class.kind_none")
    return say(f"class.kind.{kind}") if has(f"class.kind.{kind}") else kind


def mistake_name(kind: str) -> str:
    """A kind of first wrong line as a teacher names it (class.mistake.*)."""
    return say(f"class.mistake.{kind}") if has(f"class.mistake.{kind}") else kind


@dataclass(frozen=True)
class Count:
    kind: str  # "" : the solver read no problem
    name: str
    count: int


@dataclass(frozen=True)
class DueEntry:
    id: int
    problem: str
    source: str
    source_name: str
    due_at: datetime  # naive UTC
    wrong_line: str | None
    correct_step: str | None


@dataclass
class StudentReport:
    id: str
    name: str
    per_day: list[int]
    questions: int = 0
    not_recorded: int = 0  # questions asked before the facts were stored
    topics: list[Count] = field(default_factory=list)
    checked: int = 0  # 批改 turns whose working the computer went through
    mistakes: list[Count] = field(default_factory=list)
    ceiling_reached: int = 0
    ceiling_known: int = 0  # the turns for which it is known whether the ceiling was reached
    due: list[DueEntry] = field(default_factory=list)
    due_count: int = 0


@dataclass
class ClassReport:
    days: list[date]  # oldest first, the last is today (Beijing time, as the daily quota)
    students: list[StudentReport]
    topics: list[Count]
    mistakes: list[Count]


def beijing_day(stored: datetime) -> date:
    """The school day (Beijing time) of a stored naive-UTC time."""
    return stored.replace(tzinfo=UTC).astimezone(QUOTA_TZ).date()


def summarise(
    students: list[User],
    facts: Iterable[TurnFact],
    *,
    today: date,
    days: int,
    due: dict[str, list[DueEntry]] | None = None,
) -> ClassReport:
    """The report from the turns' facts: pure, so the counting is tested without a database."""
    window = [today - timedelta(days=days - 1 - i) for i in range(days)]
    index = {day: i for i, day in enumerate(window)}
    by_id = {s.id: StudentReport(id=s.id, name=s.name, per_day=[0] * days) for s in students}
    topics: dict[str, Counter[str]] = {s.id: Counter() for s in students}
    mistakes: dict[str, Counter[str]] = {s.id: Counter() for s in students}
    for fact in facts:
        report = by_id.get(fact.user_id)
        slot = index.get(beijing_day(fact.created_at))
        if report is None or slot is None:
            continue
        report.per_day[slot] += 1
        report.questions += 1
        if fact.problem_kind is None:
            report.not_recorded += 1
            continue
        topics[fact.user_id][fact.problem_kind] += 1
        if fact.mode == CHECK and fact.status == "complete":
            report.checked += 1
            if fact.mistake_kind:
                mistakes[fact.user_id][fact.mistake_kind] += 1
        if fact.ceiling_reached is not None:
            report.ceiling_known += 1
            report.ceiling_reached += int(fact.ceiling_reached)
    for sid, report in by_id.items():
        report.topics = _counts(topics[sid], kind_name)
        report.mistakes = _counts(mistakes[sid], mistake_name)
        report.due = (due or {}).get(sid, [])[:MAX_DUE]
        report.due_count = len((due or {}).get(sid, []))
    return ClassReport(
        days=window,
        students=list(by_id.values()),
        topics=_counts(sum(topics.values(), Counter()), kind_name),
        mistakes=_counts(sum(mistakes.values(), Counter()), mistake_name),
    )


def _counts(counter: Counter[str], name: Callable[[str], str]) -> list[Count]:
    # Most common first; ties by kind, so the order is the same on every load.
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Count(kind, name(kind), n) for kind, n in ordered]


class ClassReader:
    """The report for one reader (a teacher or parent): their linked students only."""

    def __init__(self, store: Store, accounts: Accounts) -> None:
        self.store = store
        self.accounts = accounts

    def report(self, *, guardian_id: str, days: int, now: datetime | None = None) -> ClassReport:
        """`now`: naive UTC (default: now), injectable for tests."""
        if not 1 <= days <= MAX_DAYS:
            raise ValueError(f"days is 1 to {MAX_DAYS}")
        now = now or utcnow()
        today = beijing_day(now)
        students = self.accounts.students_of(guardian_id=guardian_id)
        ids = [s.id for s in students]
        # From midnight Beijing time on the first day of the window.
        first = datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), QUOTA_TZ)
        since = first.astimezone(UTC).replace(tzinfo=None)
        facts = turn_facts(self.store, user_ids=ids, since=since)
        return summarise(students, facts, today=today, days=days, due=self._due(ids, now))

    def _due(self, user_ids: list[str], now: datetime) -> dict[str, list[DueEntry]]:
        with self.store.reading() as session:
            return {
                uid: [
                    DueEntry(
                        id=row.id,
                        problem=row.problem,
                        source=row.source,
                        source_name=source_name(row.source),
                        due_at=row.due_at,
                        wrong_line=row.wrong_line,
                        correct_step=row.correct_step,
                    )
                    for row in due_entries(session, uid, now)
                    if row.due_at is not None
                ]
                for uid in user_ids
            }
