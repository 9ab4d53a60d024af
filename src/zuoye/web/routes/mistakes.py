"""The 错题本 over HTTP: each user's own entries (a teacher reads students' due ones elsewhere).

    GET    /api/mistakes[?due=true]        entries, due first
    POST   /api/mistakes {turn_id}         加入错题本 (201 new, 200 already in)
    DELETE /api/mistakes/{id}
    POST   /api/mistakes/{id}/practice     再练一题: a similar problem, its answer kept on the server
    POST   /api/mistakes/{id}/answer {practice_id, answer}   marked by the solver; the schedule moves
    GET    /api/mistakes/sheet[?due=true]  the A4 practice sheet (HTML; answers on pages of their own, last) and
                                           its style, /api/mistakes/sheet.css

The answer to an exercise never leaves the server before the student has answered it. In
multi-user mode, asking the model for a problem (再练一题, the sheet's new problems) is one of the
student's questions for the day; with none left the problem is a local variant, checked by the
solver all the same, and nothing more is said.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, Field

from zuoye.messages import say
from zuoye.providers import ProviderError
from zuoye.store.mistakes import MAX_ENTRY_ID, MistakeRow
from zuoye.store.quota import quota_day
from zuoye.tutor.book import MAX_ANSWER_CHARS, EntryNotFound, MistakeBook, source_name
from zuoye.tutor.sheet import SHEET_CSS, readable, render_sheet
from zuoye.web._answering import quota_limit
from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._errors import ApiError
from zuoye.web._schemas import Segment, _Strict
from zuoye.web._state import AppState, Principal
from zuoye.web._views import segments

router = APIRouter(prefix="/api/mistakes", tags=["mistakes"])
EntryId = Annotated[int, Path(ge=1, le=MAX_ENTRY_ID, description="a 错题本 entry's id")]


class ExerciseOut(BaseModel):
    id: str = Field(description="send it back with the answer")
    question: str
    question_text: str = Field(description="the question with its maths made readable (x², √2)")


class AttemptOut(BaseModel):
    at: str
    question: str
    answer: str
    correct: bool
    expected_latex: str
    moved: bool


class MistakeOut(BaseModel):
    id: int
    source: Literal["checkwork", "disagree", "saved"]
    source_name: str
    problem: str
    problem_text: str
    question: str
    wrong_line: str | None
    wrong_line_text: str | None = Field(description="the wrong line with its maths made readable")
    correct_step: str | None
    correct_step_segments: list[Segment]
    explanation_segments: list[Segment]
    stage: int
    due_at: datetime | None = Field(description="naive UTC; null once mastered")
    due: bool
    when: str = Field(description="when it comes back, in Chinese (明天复习, 已掌握 …)")
    conversation_id: str | None = Field(description="null once the conversation was deleted")
    turn_id: int | None
    conversation_deleted: bool = Field(
        description="the conversation it came from was deleted: the entry stays, with no link to it"
    )
    conversation_note: str | None = Field(description="原对话已删除 when it was, in the reader's language")
    exercise: ExerciseOut | None = Field(description="the 再练一题 set and not yet answered")
    history: list[AttemptOut]
    created_at: datetime


class MistakeList(BaseModel):
    entries: list[MistakeOut]
    due_count: int


class SaveTurn(_Strict):
    turn_id: int = Field(ge=1, le=2**63 - 1)


class SavedOut(BaseModel):
    entry: MistakeOut
    created: bool


class AnswerIn(_Strict):
    practice_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    answer: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)


class AnswerOut(BaseModel):
    status: Literal["correct", "wrong", "unread"]
    message: str
    message_segments: list[Segment]
    entry: MistakeOut | None = Field(description="the entry after the answer; null when it was not read")


@dataclass
class _Quota:
    """The model is asked for problems only with a question of the student's daily quota, taken
    as /api/ask takes one (one conditional upsert in the database), and given back when the model
    could not be reached."""

    state: AppState
    principal: Principal
    taken: list[date]

    async def take(self) -> bool:
        day, store = quota_day(), self.state.store
        limit = quota_limit(self.state, self.principal)
        if await store.call(self.state.quotas.take, user_id=self.principal.id, day=day, limit=limit) is None:
            return False
        self.taken.append(day)
        return True

    async def give_back(self) -> None:
        if self.taken:
            day = self.taken.pop()
            await self.state.store.call(self.state.quotas.give_back, user_id=self.principal.id, day=day)


def _book(state: AppState, principal: Principal, *, ask_model: bool = False) -> MistakeBook:
    model = None
    if ask_model:
        try:
            model = state.model(None)
        except ProviderError:  # the default model is unusable: local variants, still verified
            model = None
    return MistakeBook(
        state.store,
        user_id=principal.id,
        model=model,
        grade=state.settings.grade,
        # single-user mode has no quota and counts nothing (as /api/ask)
        allowance=_Quota(state, principal, []) if state.multi_user else None,
        help_ceiling=principal.help_ceiling or state.settings.help_ceiling,  # as /api/ask
    )


def _out(book: MistakeBook, row: MistakeRow) -> MistakeOut:
    practice: dict[str, Any] | None = row.practice
    return MistakeOut(
        id=row.id,
        source=row.source,  # type: ignore[arg-type]
        source_name=source_name(row.source),
        problem=row.problem,
        problem_text=readable(row.problem),
        question=row.question,
        wrong_line=row.wrong_line,
        wrong_line_text=readable(row.wrong_line) if row.wrong_line else None,
        correct_step=row.correct_step,
        correct_step_segments=segments(row.correct_step or ""),
        explanation_segments=segments(row.explanation),
        stage=row.stage,
        due_at=row.due_at,
        due=book.is_due(row),
        when=book.when(row),
        conversation_id=row.conversation_id,
        turn_id=row.turn_id,
        # Every entry comes from a turn of a conversation; deleting that conversation clears the
        # link (Store.delete_conversation, migration 0011), so no link means it is gone.
        conversation_deleted=row.conversation_id is None,
        conversation_note=say("mistakes.conversation_deleted") if row.conversation_id is None else None,
        exercise=(
            ExerciseOut(
                id=practice["id"], question=practice["question"], question_text=readable(practice["question"])
            )
            if practice
            else None
        ),
        history=[AttemptOut.model_validate(a) for a in row.history if isinstance(a, dict)],
        created_at=row.created_at,
    )


@router.get("", summary="Your 错题本, due entries first")
async def list_mistakes(
    state: StateDep, principal: PrincipalDep, due: Annotated[bool, Query()] = False
) -> MistakeList:
    book = _book(state, principal)
    rows = await asyncio.to_thread(book.entries, due_only=due)
    out = [_out(book, r) for r in rows]
    return MistakeList(entries=out, due_count=sum(1 for e in out if e.due))


@router.post("", summary="加入错题本: save one of your turns", status_code=201)
async def save_turn(body: SaveTurn, state: StateDep, principal: PrincipalDep, response: Response) -> SavedOut:
    book = _book(state, principal)
    with _found():
        row, created = await asyncio.to_thread(book.save_turn, body.turn_id)
    if not created:
        response.status_code = 200
    return SavedOut(entry=_out(book, row), created=created)


@router.get(
    "/sheet", summary="An A4 practice sheet (HTML), answers on its last page", response_class=HTMLResponse
)
async def sheet(
    state: StateDep, principal: PrincipalDep, due: Annotated[bool, Query()] = False
) -> HTMLResponse:
    book = _book(state, principal, ask_model=True)
    items = await book.sheet(due_only=due)
    page = render_sheet(items, now=book.clock(), stylesheet="/api/mistakes/sheet.css")
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.get("/sheet.css", summary="The practice sheet's style (A4 print)", include_in_schema=False)
async def sheet_css() -> PlainTextResponse:
    # Served, not inline: the app's CSP allows styles from this origin only.
    return PlainTextResponse(SHEET_CSS, media_type="text/css")


@router.delete("/{entry_id}", status_code=204, summary="Remove an entry")
async def remove(entry_id: EntryId, state: StateDep, principal: PrincipalDep) -> Response:
    with _found():
        await asyncio.to_thread(_book(state, principal).remove, entry_id)
    return Response(status_code=204)


@router.post("/{entry_id}/practice", summary="再练一题: set a similar problem, checked by the solver")
async def practise(entry_id: EntryId, state: StateDep, principal: PrincipalDep) -> MistakeOut:
    book = _book(state, principal, ask_model=True)
    with _found():
        return _out(book, await book.practise(entry_id))


@router.post("/{entry_id}/answer", summary="Answer the problem set; the solver marks it")
async def answer(entry_id: EntryId, body: AnswerIn, state: StateDep, principal: PrincipalDep) -> AnswerOut:
    book = _book(state, principal)
    with _found():
        outcome = await book.answer(entry_id, practice_id=body.practice_id, answer=body.answer)
    return AnswerOut(
        status=outcome.status,  # type: ignore[arg-type]
        message=outcome.message,
        message_segments=segments(outcome.message),
        entry=_out(book, outcome.entry) if outcome.entry is not None else None,
    )


@contextmanager
def _found() -> Iterator[None]:
    """An entry (or turn) that is not the user's is not found (404), as with conversations."""
    try:
        yield
    except EntryNotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from None
