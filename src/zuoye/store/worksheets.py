"""Worksheet jobs uploaded from the page (migration 0006): the job, its questions, and the
journal of its answers, all in the database so that any worker can take a job over.

A job's questions are rows of `worksheet_items`. Each row is also that question's journal: the
turn its answer is being written in (`turn_id`, set when the turn starts) and, once it is
finished, its record (`record`, the same dict `zuoye batch` writes to its journal file). A worker
killed mid-job leaves exactly what `zuoye.batch.runner._recover` needs: the next worker journals
the answers that were stored but not recorded, closes the turns left pending, and asks the rest.

Status: queued → running → done | failed | cancelled. A cancel asked for while the job runs sets
`cancel_requested`; the worker running it stops and marks it cancelled.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from zuoye.store.repo import Store
from zuoye.store.tables import Base, utcnow

JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = ("done", "failed", "cancelled")


class WorksheetJobRow(Base):
    __tablename__ = "worksheet_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(8))  # csv | jsonl: what was uploaded
    model: Mapped[str | None] = mapped_column(String(64), default=None)  # None: the server's default
    # Typed by the teacher on upload (0014): the report's header, unless its download names others.
    title: Mapped[str | None] = mapped_column(String(100), default=None)
    class_name: Mapped[str | None] = mapped_column(String(50), default=None)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    # Lines of the file that could not be read: [{"line": n, "reason": "..."}], shown to the teacher.
    bad_lines: Mapped[list[Any]] = mapped_column(default=list)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    # The job queue's id for it (Procrastinate's job id on PostgreSQL; None in-process).
    queue_job_id: Mapped[int | None] = mapped_column(Integer, default=None)
    runs: Mapped[int] = mapped_column(Integer, default=0)  # >1: resumed after a worker stopped
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class WorksheetItemRow(Base):
    __tablename__ = "worksheet_items"

    job_id: Mapped[str] = mapped_column(ForeignKey("worksheet_jobs.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)  # order in the file
    item_id: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    grade: Mapped[str | None] = mapped_column(String(16), default=None)
    mode: Mapped[str | None] = mapped_column(String(16), default=None)
    line: Mapped[int] = mapped_column(Integer, default=0)
    turn_id: Mapped[int | None] = mapped_column(Integer, default=None)  # the answer being written
    # the new conversation it is stored in, journaled before it is (migration 0015)
    conversation_id: Mapped[str | None] = mapped_column(String(32), default=None)
    status: Mapped[str | None] = mapped_column(String(16), default=None)  # answered | failed
    record: Mapped[dict[str, Any] | None] = mapped_column(default=None)


@dataclass(frozen=True)
class Progress:
    answered: int = 0
    failed: int = 0


@dataclass(frozen=True)
class JobView:
    job: WorksheetJobRow
    progress: Progress


class Worksheets:
    """The repository of worksheet jobs; every method is its own transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # jobs ------------------------------------------------------------------------------------
    def create(
        self,
        *,
        owner_id: str,
        name: str,
        format: str,
        items: Sequence[dict[str, Any]],
        bad_lines: Sequence[dict[str, Any]] = (),
        model: str | None = None,
        title: str | None = None,
        class_name: str | None = None,
    ) -> WorksheetJobRow:
        job = WorksheetJobRow(
            id=uuid.uuid4().hex,
            owner_id=owner_id,
            name=name[:200],
            format=format,
            model=model,
            title=title,
            class_name=class_name,
            status="queued",
            total=len(items),
            bad_lines=list(bad_lines),
            cancel_requested=False,
            runs=0,
            created_at=utcnow(),
        )
        with self.store.session() as s:
            s.add(job)
            s.flush()
            s.add_all(
                WorksheetItemRow(
                    job_id=job.id,
                    seq=n,
                    item_id=it["id"],
                    question=it["question"],
                    grade=it.get("grade"),
                    mode=it.get("mode"),
                    line=it.get("line", 0),
                )
                for n, it in enumerate(items)
            )
        return job

    def set_queue_job_id(self, *, job_id: str, queue_job_id: int) -> None:
        with self.store.session() as s:
            s.execute(
                update(WorksheetJobRow).where(WorksheetJobRow.id == job_id).values(queue_job_id=queue_job_id)
            )

    def get(self, *, job_id: str, owner_id: str | None = None) -> JobView | None:
        """The job and its progress, or None (also when it is someone else's)."""
        with self.store.reading() as s:
            query = select(WorksheetJobRow).where(WorksheetJobRow.id == job_id)
            if owner_id is not None:
                query = query.where(WorksheetJobRow.owner_id == owner_id)
            job = s.scalars(query).first()
            if job is None:
                return None
            return JobView(job, self._progress(s, [job.id]).get(job.id, Progress()))

    def of_owner(self, *, owner_id: str, limit: int = 50) -> list[JobView]:
        """The owner's jobs, newest first."""
        with self.store.reading() as s:
            jobs = s.scalars(
                select(WorksheetJobRow)
                .where(WorksheetJobRow.owner_id == owner_id)
                .order_by(WorksheetJobRow.created_at.desc(), WorksheetJobRow.id)
                .limit(limit)
            ).all()
            progress = self._progress(s, [j.id for j in jobs])
            return [JobView(j, progress.get(j.id, Progress())) for j in jobs]

    @staticmethod
    def _progress(s: Any, job_ids: list[str]) -> dict[str, Progress]:
        if not job_ids:
            return {}
        rows = s.execute(
            select(WorksheetItemRow.job_id, WorksheetItemRow.status, func.count())
            .where(WorksheetItemRow.job_id.in_(job_ids), WorksheetItemRow.status.is_not(None))
            .group_by(WorksheetItemRow.job_id, WorksheetItemRow.status)
        ).all()
        counts: dict[str, dict[str, int]] = {}
        for job_id, status, n in rows:
            counts.setdefault(job_id, {})[status] = int(n)
        return {k: Progress(v.get("answered", 0), v.get("failed", 0)) for k, v in counts.items()}

    def count_by_status(self) -> dict[str, int]:
        """How many worksheet jobs are in each state (every state named, 0 included)."""
        with self.store.reading() as s:
            rows = s.execute(select(WorksheetJobRow.status, func.count()).group_by(WorksheetJobRow.status))
            found = {status: int(n) for status, n in rows}
        return {status: found.get(status, 0) for status in JOB_STATUSES}

    def unfinished(self) -> list[str]:
        """Jobs queued or running, oldest first (an in-process runner takes them up at start)."""
        with self.store.reading() as s:
            return list(
                s.scalars(
                    select(WorksheetJobRow.id)
                    .where(WorksheetJobRow.status.in_(("queued", "running")))
                    .order_by(WorksheetJobRow.created_at)
                )
            )

    def start(self, *, job_id: str) -> bool:
        """Mark the job running for one more run; False when there is nothing to run (it is
        finished, cancelled, or a cancel was asked for before it started)."""
        with self.store.session() as s:
            job = s.get(WorksheetJobRow, job_id)
            if job is None or job.status in FINISHED:
                return False
            if job.cancel_requested:
                job.status, job.finished_at = "cancelled", utcnow()
                return False
            job.status = "running"
            job.runs += 1
            job.started_at = job.started_at or utcnow()
            return True

    def finish(self, *, job_id: str, status: str, error: str | None = None) -> None:
        if status not in FINISHED:
            raise ValueError(f"a finished job's status is one of {FINISHED}, not {status!r}")
        with self.store.session() as s:
            s.execute(
                update(WorksheetJobRow)
                .where(WorksheetJobRow.id == job_id, WorksheetJobRow.status.not_in(FINISHED))
                .values(status=status, error=error, finished_at=utcnow())
            )

    def request_cancel(self, *, job_id: str) -> None:
        """Ask for the job to stop: a queued job is cancelled at once, a running one by its
        worker (which looks for the request)."""
        with self.store.session() as s:
            job = s.get(WorksheetJobRow, job_id)
            if job is None or job.status in FINISHED:
                return
            job.cancel_requested = True
            if job.status == "queued":
                job.status, job.finished_at = "cancelled", utcnow()

    def cancel_requested(self, *, job_id: str) -> bool:
        with self.store.reading() as s:
            return bool(
                s.scalar(select(WorksheetJobRow.cancel_requested).where(WorksheetJobRow.id == job_id))
            )

    # items: the job's questions and their journal ------------------------------------------
    def items(self, *, job_id: str) -> list[WorksheetItemRow]:
        with self.store.reading() as s:
            return list(
                s.scalars(
                    select(WorksheetItemRow)
                    .where(WorksheetItemRow.job_id == job_id)
                    .order_by(WorksheetItemRow.seq)
                )
            )

    def record(self, *, job_id: str, item_id: str, record: dict[str, Any]) -> None:
        """A question's answer (or failure) is final: its record, and its turn link dropped."""
        with self.store.session() as s:
            s.execute(
                update(WorksheetItemRow)
                .where(WorksheetItemRow.job_id == job_id, WorksheetItemRow.item_id == item_id)
                .values(record=record, status=record["status"], turn_id=None, conversation_id=None)
            )

    def link(self, *, job_id: str, item_id: str, turn_id: int) -> None:
        """The question's answer is being written in this turn."""
        self._set_link(job_id, item_id, turn_id=turn_id)

    def link_conversation(self, *, job_id: str, item_id: str, conversation_id: str) -> None:
        """The question is about to be stored in this new conversation."""
        self._set_link(job_id, item_id, conversation_id=conversation_id)

    def _set_link(self, job_id: str, item_id: str, **values: Any) -> None:
        with self.store.session() as s:
            s.execute(
                update(WorksheetItemRow)
                .where(WorksheetItemRow.job_id == job_id, WorksheetItemRow.item_id == item_id)
                .values(**values)
            )

    def forget_links(self, *, job_id: str) -> None:
        linked = WorksheetItemRow.turn_id.is_not(None) | WorksheetItemRow.conversation_id.is_not(None)
        with self.store.session() as s:
            s.execute(
                update(WorksheetItemRow)
                .where(WorksheetItemRow.job_id == job_id, linked)
                .values(turn_id=None, conversation_id=None)
            )
