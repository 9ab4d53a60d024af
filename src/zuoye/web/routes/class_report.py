"""What a teacher or parent sees of their linked students: the report, and the same as a CSV."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, computed_field

from zuoye.messages import say
from zuoye.tutor.class_report import MAX_DAYS, ClassReader, ClassReport, Count
from zuoye.tutor.sheet import readable
from zuoye.web._auth import GuardianDep, StateDep
from zuoye.web._schemas import Segment
from zuoye.web._views import segments

router = APIRouter(prefix="/api/students", tags=["students"])
Days = Annotated[int, Query(ge=1, le=MAX_DAYS, description="how many days back, today included")]


class _FromReport(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CountOut(_FromReport):
    kind: str
    name: str
    count: int


class DueOut(_FromReport):
    id: int
    problem: str
    source: str
    source_name: str
    due_at: datetime
    wrong_line: str | None
    correct_step: str | None

    # As the 错题本 view shows them: the maths of the problem and the wrong line made readable
    # (x^2 → x²), the correct step drawn (LaTeX in $…$).
    @computed_field  # type: ignore[prop-decorator]
    @property
    def problem_text(self) -> str:
        return readable(self.problem)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def wrong_line_text(self) -> str | None:
        return readable(self.wrong_line) if self.wrong_line else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def correct_step_segments(self) -> list[Segment]:
        return segments(self.correct_step or "")


class StudentReportOut(_FromReport):
    id: str
    name: str
    per_day: list[int]
    questions: int
    not_recorded: int
    topics: list[CountOut]
    checked: int
    mistakes: list[CountOut]
    ceiling_reached: int
    ceiling_known: int
    due: list[DueOut]
    due_count: int


class ClassReportOut(_FromReport):
    days: list[date]
    students: list[StudentReportOut]
    topics: list[CountOut]
    mistakes: list[CountOut]


async def _report(state: StateDep, guardian: GuardianDep, days: int) -> ClassReport:
    reader = ClassReader(state.store, state.accounts)
    # In a thread: a class's weeks of turns are counted here, not on the loop every stream shares.
    return await asyncio.to_thread(reader.report, guardian_id=guardian.id, days=days)


@router.get("/report", summary="Your students' questions per day, topics, mistakes, help ceiling, due 错题本")
async def class_report(state: StateDep, guardian: GuardianDep, days: Days = 14) -> ClassReportOut:
    return ClassReportOut.model_validate(await _report(state, guardian, days))


@router.get(
    "/report.csv",
    summary="The same report as a CSV that Excel opens (UTF-8 with a BOM, Chinese headers)",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def class_report_csv(state: StateDep, guardian: GuardianDep, days: Days = 14) -> Response:
    report = await _report(state, guardian, days)
    name = f"zuoye-class-{report.days[-1].isoformat()}-{days}d.csv"
    return Response(
        report_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def report_csv(report: ClassReport) -> str:
    """One row per student. Excel opens a CSV in the ANSI code page unless it starts with a BOM:
    with it, the Chinese reads (as the worksheet reports' CSV)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            say("class.csv.student"),
            say("class.csv.questions"),
            *(say("class.csv.day", month=d.month, day=d.day) for d in report.days),
            say("class.csv.not_recorded"),
            say("class.csv.topics"),
            say("class.csv.checked"),
            say("class.csv.mistakes"),
            say("class.csv.ceiling_reached"),
            say("class.csv.ceiling_known"),
            say("class.csv.due_count"),
            say("class.csv.due"),
        ]
    )
    for s in report.students:
        writer.writerow(
            [
                _cell(s.name),
                s.questions,
                *s.per_day,
                s.not_recorded,
                _cell(_joined(s.topics)),
                s.checked,
                _cell(_joined(s.mistakes)),
                s.ceiling_reached,
                s.ceiling_known,
                s.due_count,
                _cell(say("class.csv.separator").join(e.problem for e in s.due)),
            ]
        )
    return "\ufeff" + out.getvalue()


def _joined(counts: list[Count]) -> str:
    return say("class.csv.separator").join(f"{c.name} {c.count}" for c in counts)


def _cell(text: str) -> str:
    # A cell starting with = + - @ is a formula to Excel: a student's name or problem is text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
