"""Teachers and parents: their students, the students' conversations, the help ceiling."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Query

from zuoye.store.users import User
from zuoye.web._answering import questions_today
from zuoye.web._auth import GuardianDep, StateDep
from zuoye.web._errors import not_found
from zuoye.web._schemas import ID_PATTERN, ConversationList, StudentOut, StudentSettings
from zuoye.web._state import AppState, Principal
from zuoye.web._views import summary_out

router = APIRouter(prefix="/api/students", tags=["students"])
StudentId = Annotated[str, Path(pattern=ID_PATTERN, description="a student's user id")]


async def _student(state: AppState, guardian: Principal, student_id: str) -> User:
    if not await asyncio.to_thread(
        state.accounts.is_guardian_of, guardian_id=guardian.id, student_id=student_id
    ):
        raise not_found("student")
    student = await asyncio.to_thread(state.accounts.get_user, user_id=student_id)
    if student is None:
        raise not_found("student")
    return student


async def _out(state: AppState, student: User) -> StudentOut:
    used = await questions_today(state, student.id)
    return StudentOut(
        id=student.id,
        name=student.name,
        help_ceiling=student.help_ceiling or state.settings.help_ceiling,  # type: ignore[arg-type]
        help_ceiling_set=student.help_ceiling is not None,
        questions_today=used,
    )


@router.get("", summary="The students you look after")
async def list_students(state: StateDep, guardian: GuardianDep) -> list[StudentOut]:
    students = await asyncio.to_thread(state.accounts.students_of, guardian_id=guardian.id)
    return [await _out(state, s) for s in students]


@router.get(
    "/{student_id}/conversations",
    summary="A student's conversations (read them with GET /api/conversations/{id})",
)
async def student_conversations(
    student_id: StudentId,
    state: StateDep,
    guardian: GuardianDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ConversationList:
    student = await _student(state, guardian, student_id)
    rows = await asyncio.to_thread(
        state.store.list_conversations, user_id=student.id, limit=limit, offset=offset
    )
    return ConversationList(conversations=[summary_out(c, n) for c, n in rows], limit=limit, offset=offset)


@router.put("/{student_id}/settings", summary="Set a student's help ceiling (hint / step / full)")
async def set_student_settings(
    student_id: StudentId, body: StudentSettings, state: StateDep, guardian: GuardianDep
) -> StudentOut:
    student = await _student(state, guardian, student_id)
    updated = await asyncio.to_thread(
        state.accounts.update_user,
        user_id=student.id,
        help_ceiling=body.help_ceiling,
        clear_help_ceiling=body.help_ceiling is None,
    )
    return await _out(state, updated)
