"""Worksheet jobs: uploaded from the page, run by any worker, resumed after any of them dies.

runner = WorksheetRunner(settings, store)
jobs = open_jobs(runner)        # Procrastinate on PostgreSQL, in-process on SQLite
await jobs.start(); await jobs.submit(job_id)
"""

from zuoye.jobs._journal import DbJournal
from zuoye.jobs._queues import Jobs, LocalJobs, open_jobs
from zuoye.jobs._report import REPORT_FORMATS, report
from zuoye.jobs._run import WorksheetRunner
from zuoye.jobs._upload import MAX_UPLOAD_BYTES, UploadError, read_upload

__all__ = [
    "MAX_UPLOAD_BYTES",
    "REPORT_FORMATS",
    "DbJournal",
    "Jobs",
    "LocalJobs",
    "UploadError",
    "WorksheetRunner",
    "open_jobs",
    "read_upload",
    "report",
]
