"""A job's report, built when it is downloaded from the journal in the database: the same
HTML, Markdown or CSV that `zuoye batch` writes (`zuoye.batch.reports`)."""

from __future__ import annotations

from typing import Any

from zuoye.batch.reports import ReportOptions, render
from zuoye.batch.runner import cost_of
from zuoye.store.worksheets import JobView, WorksheetItemRow

# ?format= → (zuoye.batch.reports format, media type, file extension)
REPORT_FORMATS: dict[str, tuple[str, str, str]] = {
    "html": ("html", "text/html; charset=utf-8", "html"),
    "md": ("markdown", "text/markdown; charset=utf-8", "md"),
    "csv": ("csv", "text/csv; charset=utf-8", "csv"),
}


def report(
    fmt: str, view: JobView, items: list[WorksheetItemRow], options: ReportOptions | None = None
) -> str:
    """The report of the questions answered so far (all of them once the job is done); `options`
    choose the version (full, student, key), the title and the class, as `zuoye batch` does."""
    records: list[dict[str, Any]] = [dict(it.record) for it in items if it.record is not None]
    answered = sum(1 for r in records if r.get("status") == "answered")
    job = view.job
    seconds = (
        (job.finished_at - job.started_at).total_seconds() if job.finished_at and job.started_at else 0.0
    )
    summary = {
        "total": job.total,
        "answered": answered,
        "failed": len(records) - answered,
        "tokens": sum(int((r.get("usage") or {}).get("total_tokens", 0)) for r in records),
        "cost_cny": sum(cost_of(str(r.get("model", "")), r.get("usage") or {}) for r in records),
        "seconds": seconds,
    }
    text = render(REPORT_FORMATS[fmt][0], records, summary, options)
    # Excel opens a CSV as the ANSI code page unless it starts with a BOM: with it, Chinese reads.
    return "\ufeff" + text if fmt == "csv" else text
