"""Worksheets from the page: a teacher uploads one, follows it, cancels it, downloads its report.

Who may: a teacher in multi-user mode, the local user in single-user mode. Each sees only their
own jobs (another's is "not found", as with conversations). The job runs on the job queue
(`zuoye.jobs`): Procrastinate workers on PostgreSQL, this server itself on SQLite.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from zuoye.batch.reports import ReportOptions
from zuoye.jobs import MAX_UPLOAD_BYTES, REPORT_FORMATS, UploadError, read_upload, report
from zuoye.messages import say
from zuoye.store.worksheets import JobView, Worksheets
from zuoye.text import check_text
from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._errors import ApiError, not_found
from zuoye.web._schemas import ID_PATTERN
from zuoye.web._state import AppState, Principal

router = APIRouter(prefix="/api/worksheets", tags=["worksheets"])
# The report's header as the teacher types it (the page's form has the same limits: worksheets.js).
TITLE_CHARS = 100
CLASS_CHARS = 50
JobId = Annotated[str, Path(pattern=ID_PATTERN, description="a worksheet job's id")]


class BadLineOut(BaseModel):
    line: int
    reason: str


class WorksheetOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    format: Literal["csv", "jsonl"]
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    total: int = Field(description="questions read from the file")
    answered: int
    failed: int
    bad_lines: list[BadLineOut] = Field(description="lines of the file that were skipped, and why")
    cancel_requested: bool
    runs: int = Field(description="how many times a worker started it (more than 1: resumed)")
    error: str | None
    title: str | None = Field(description="the report's title, as typed on upload (null: 作业解答)")
    class_name: str | None = Field(description="printed on the report's 班级 line, as typed on upload")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    runner: Literal["queue", "in-process"] = Field(
        description="queue: Procrastinate workers on PostgreSQL; in-process: this server (SQLite)"
    )


class WorksheetList(BaseModel):
    worksheets: list[WorksheetOut]


async def teacher(principal: PrincipalDep) -> Principal:
    if principal.role not in ("teacher", "local", "admin"):
        raise ApiError(403, "forbidden", say("web.teachers_only"))
    return principal


TeacherDep = Annotated[Principal, Depends(teacher)]


def _out(state: AppState, view: JobView) -> WorksheetOut:
    job = view.job
    return WorksheetOut.model_validate(
        {
            **{k: getattr(job, k) for k in WorksheetOut.model_fields if hasattr(job, k)},
            "answered": view.progress.answered,
            "failed": view.progress.failed,
            "runner": state.jobs.kind,
        }
    )


def _typed(value: str | None) -> str | None:
    """Typed by the teacher: control characters are refused as in every body's text (check_text);
    blank is none (an empty form field)."""
    if value is None:
        return None
    return check_text(value).strip() or None


async def _view(state: AppState, owner: Principal, job_id: str) -> JobView:
    view = await asyncio.to_thread(Worksheets(state.store).get, job_id=job_id, owner_id=owner.id)
    if view is None:
        raise not_found("worksheet")
    return view


@router.post(
    "",
    status_code=202,
    summary="Upload a worksheet (CSV or JSONL, as `zuoye batch` reads them, up to 2 MB) to be answered",
    responses={
        413: {"description": "the file is too large or has too many questions"},
        415: {"description": "not a .csv or .jsonl file"},
        422: {"description": "the file cannot be read (encoding, header, no questions)"},
    },
)
async def upload(
    file: Annotated[UploadFile, File(description="the worksheet: .csv (Excel) or .jsonl")],
    state: StateDep,
    owner: TeacherDep,
    model: Annotated[str | None, Form(max_length=64, description="model to answer with")] = None,
    # The report's header, as `zuoye batch --title/--class` and the report's download take them
    # (same names, limits and check); kept with the job, so every download carries them.
    title: Annotated[
        str | None, Form(max_length=TITLE_CHARS, description="the report's title"), AfterValidator(_typed)
    ] = None,
    class_name: Annotated[
        str | None,
        Form(alias="class", max_length=CLASS_CHARS, description="printed on the 班级 line"),
        AfterValidator(_typed),
    ] = None,
) -> WorksheetOut:
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    try:
        name, fmt, items, bad = read_upload(check_text(file.filename or "worksheet"), data)
    except UploadError as exc:
        raise ApiError(exc.status, exc.code, str(exc)) from None
    except ValueError as exc:  # control characters in the file's name
        raise ApiError(422, "worksheet", say("web.worksheet_name", reason=exc)) from None
    if model:
        state.model(model)  # a name no provider serves: ProviderError → 4xx/5xx before anything is stored
    worksheets = Worksheets(state.store)
    job = await asyncio.to_thread(
        worksheets.create,
        owner_id=owner.id,
        name=name,
        format=fmt,
        items=items,
        bad_lines=bad,
        model=model or None,
        title=title or None,
        class_name=class_name or None,
    )
    await state.jobs.submit(job.id)
    return _out(state, await _view(state, owner, job.id))


@router.get("", summary="Your worksheets, newest first, with their progress")
async def list_worksheets(
    state: StateDep, owner: TeacherDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> WorksheetList:
    views = await asyncio.to_thread(Worksheets(state.store).of_owner, owner_id=owner.id, limit=limit)
    return WorksheetList(worksheets=[_out(state, v) for v in views])


@router.get("/{job_id}", summary="One worksheet's progress")
async def get_worksheet(job_id: JobId, state: StateDep, owner: TeacherDep) -> WorksheetOut:
    return _out(state, await _view(state, owner, job_id))


@router.post("/{job_id}/cancel", status_code=202, summary="Stop a worksheet (what is answered is kept)")
async def cancel_worksheet(job_id: JobId, state: StateDep, owner: TeacherDep) -> WorksheetOut:
    view = await _view(state, owner, job_id)
    worksheets = Worksheets(state.store)
    await asyncio.to_thread(worksheets.request_cancel, job_id=job_id)
    if view.job.status in ("queued", "running"):
        await state.jobs.cancel(job_id, view.job.queue_job_id)
    return _out(state, await _view(state, owner, job_id))


@router.get(
    "/{job_id}/report",
    summary="The report: HTML, Markdown or CSV, as `zuoye batch` writes them (so far, while it runs)",
    response_class=Response,
)
async def worksheet_report(
    job_id: JobId,
    state: StateDep,
    owner: TeacherDep,
    format: Annotated[Literal["html", "md", "csv"], Query(description="html, md or csv")] = "html",
    version: Annotated[
        Literal["full", "student", "key"],
        Query(description="full: worked answers; student: questions and room to write; key: final answers"),
    ] = "full",
    # typed by the teacher: control characters are refused as in every body's text (check_text)
    title: Annotated[
        str | None, Query(max_length=TITLE_CHARS, description="the report's title"), AfterValidator(_typed)
    ] = None,
    class_name: Annotated[
        str | None,
        Query(alias="class", max_length=CLASS_CHARS, description="printed on the 班级 line"),
        AfterValidator(_typed),
    ] = None,
) -> Response:
    view = await _view(state, owner, job_id)
    items = await asyncio.to_thread(Worksheets(state.store).items, job_id=job_id)
    # Both are escaped where the report shows them (zuoye.batch._html).
    options = ReportOptions(
        version=version, title=title or view.job.title, class_name=class_name or view.job.class_name
    )
    text = await asyncio.to_thread(report, format, view, items, options)
    stem = view.job.name.rsplit(".", 1)[0] or "worksheet"
    suffix = {"full": "answers", "student": "student", "key": "key"}[version]
    filename = f"{stem}-{suffix}.{REPORT_FORMATS[format][2]}"
    headers: dict[str, Any] = {"Content-Disposition": _attachment(filename)}
    return Response(text.encode(), media_type=REPORT_FORMATS[format][1], headers=headers)


def _attachment(filename: str) -> str:
    """RFC 6266: an ASCII fallback name and the real (Chinese) one, percent-encoded."""
    fallback = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
